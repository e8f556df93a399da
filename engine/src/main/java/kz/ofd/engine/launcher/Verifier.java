package kz.ofd.engine.launcher;

import kz.ofd.engine.journal.Outcome;
import kz.ofd.engine.journal.OutcomeCodec;
import kz.ofd.engine.logic.BusinessLogic;
import kz.ofd.engine.logic.FiscalSigns;
import kz.ofd.engine.logic.KkmState;
import kz.ofd.engine.logic.LogicSettings;
import kz.ofd.engine.logic.StateSnapshot;
import kz.ofd.engine.pipeline.IndexEntries;
import kz.ofd.engine.report.ZReports;
import kz.ofd.protocol.proto.CommandTypeEnum;
import kz.ofd.protocol.proto.Request;
import kz.ofd.storage.index.DocumentEntry;
import kz.ofd.storage.index.DocumentIndex;
import kz.ofd.storage.index.IndexException;
import kz.ofd.storage.index.ReportEntry;
import kz.ofd.storage.journal.Journal;
import kz.ofd.storage.lock.DataDirectoryLock;
import kz.ofd.storage.snapshot.SnapshotStore;
import org.agrona.collections.Long2ObjectHashMap;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * {@code ofd verify}: checks a stopped server's data directory, journal against index and snapshots, without
 * changing anything. It replays the journal through the business logic and checks that
 * <ul>
 *   <li>every record decodes and applies (registrations once, blocks of known KKMs);</li>
 *   <li>fiscal signs are issued densely and in journal order from {@link FiscalSigns#FIRST}, so none is issued
 *       twice;</li>
 *   <li>per KKM, documents follow each other: each presents the token the previous one issued, in the shift the
 *       KKM is in;</li>
 *   <li>every journaled document is in the index exactly once, with the entry the indexer would write (by fiscal
 *       sign and by KKM and shift), and the index holds nothing else;</li>
 *   <li>every X report and every closed shift's Z is in the index's reports exactly once, as the indexer would write
 *       it, and the reports hold nothing else;</li>
 *   <li>every snapshot is intact and equals, byte for byte, the state the replay reaches at its journal index.</li>
 * </ul>
 * Not thread-safe; one run per call.
 */
final class Verifier {

    private static final int MAX_REPORTED = 20;

    private final Path dataDir;
    private final PrintStream out;
    private final List<String> problems = new ArrayList<>();
    private long problemCount;

    /**
     * What the check found.
     *
     * @param records   journal records read
     * @param documents documents among them
     * @param snapshots snapshots compared with the replay
     * @param problems  the first problems found (at most 20 listed)
     * @param total     number of problems
     */
    record Result(long records, long documents, int snapshots, List<String> problems, long total) {
        boolean ok() {
            return total == 0;
        }
    }

    private Verifier(Path dataDir, PrintStream out) {
        this.dataDir = dataDir;
        this.out = out;
    }

    /**
     * @param dataDir a data directory no server is using
     * @param out     progress lines
     * @return the result
     * @throws IllegalStateException when a server holds the directory
     */
    static Result run(Path dataDir, PrintStream out) {
        return new Verifier(dataDir, out).verify();
    }

    private void problem(String text) {
        problemCount++;
        if (problems.size() < MAX_REPORTED) {
            problems.add(text);
        }
    }

    private Result verify() {
        DataDirectoryLock lock = DataDirectoryLock.acquire(dataDir);   // no server may write while we read
        try (lock; Journal journal = Journal.open(dataDir.resolve("journal"))) {
            DocumentIndex index = null;
            try {
                index = DocumentIndex.openReadOnly(dataDir.resolve("index"));
            } catch (IndexException e) {
                problem("index: " + e.getMessage());
            }
            try {
                return check(journal, index);
            } finally {
                if (index != null) {
                    index.close();
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private Result check(Journal journal, DocumentIndex index) {
        long checkpoint = index == null ? DocumentIndex.NO_CHECKPOINT : index.checkpoint();
        long lastIndex = journal.lastIndex();
        Long2ObjectHashMap<SnapshotStore.Snapshot> snapshots = snapshots(lastIndex);
        BusinessLogic logic = new BusinessLogic(new LogicSettings("http://verify", "verify", LogicSettings.KAZAKHSTAN),
            previous -> previous);
        long[] counts = new long[5];   // records, documents, indexed documents, tickets indexed, reports indexed
        long[] nextSign = {FiscalSigns.FIRST};
        int[] compared = {0};
        journal.replay(Journal.NO_INDEX, (journalIndex, buffer, offset, length) -> {
            counts[0]++;
            Outcome outcome;
            try {
                outcome = OutcomeCodec.decode(buffer, offset, length);
            } catch (RuntimeException e) {
                problem("journal " + journalIndex + ": cannot be decoded: " + e.getMessage());
                return;
            }
            try {
                if (outcome instanceof Outcome.DocumentAccepted d) {
                    counts[1]++;
                    document(logic, journalIndex, d, nextSign, index, checkpoint, counts);
                } else if (outcome instanceof Outcome.XReportIssued x) {
                    if (logic.kkm(x.kkmId()) == null) {
                        problem("journal " + journalIndex + ": X report of KKM " + x.kkmId()
                            + ", which is not registered before it");
                    }
                    report(ReportEntry.x(x.kkmId(), x.shiftNumber(), journalIndex, x.receivedAtMillis(), x.report()),
                        index, checkpoint, counts);
                } else {
                    Recovery.applyOperatorRecord(logic, journalIndex, outcome);
                }
            } catch (RuntimeException e) {
                problem("journal " + journalIndex + ": cannot be replayed: " + e.getMessage());
            }
            SnapshotStore.Snapshot snapshot = snapshots.remove(journalIndex);
            if (snapshot != null) {
                compared[0]++;
                if (!Arrays.equals(snapshot.state(), StateSnapshot.write(logic))) {
                    problem("snapshot " + snapshot.file().getFileName() + " differs from the state the journal gives at "
                        + journalIndex);
                }
            }
        });
        for (SnapshotStore.Snapshot s : snapshots.values()) {
            problem("snapshot " + s.file().getFileName() + " names journal index " + s.journalIndex()
                + ", which is not a record of this journal");
        }
        if (index != null) {
            if (checkpoint != lastIndex) {
                problem("index: checkpoint " + checkpoint + " is not the journal's last record " + lastIndex
                    + " (documents after it are not indexed; a start catches up)");
            }
            long[] entries = index.countEntries();
            if (entries[0] != counts[2] || entries[1] != counts[3]) {
                problem("index: holds " + entries[0] + " documents and " + entries[1] + " signs, but the journal up to "
                    + "the checkpoint has " + counts[2] + " documents and " + counts[3] + " signed ones");
            }
            if (entries[2] != counts[4]) {
                problem("index: holds " + entries[2] + " reports, but the journal up to the checkpoint has " + counts[4]
                    + " X reports and closed shifts");
            }
        }
        out.printf("ofd verify: %d records, %d documents, %d KKMs, last fiscal sign %d, %d snapshots compared%n",
            counts[0], counts[1], logic.kkmCount(), logic.lastFiscalSign(), compared[0]);
        return new Result(counts[0], counts[1], compared[0], List.copyOf(problems), problemCount);
    }

    private void document(BusinessLogic logic, long journalIndex, Outcome.DocumentAccepted d, long[] nextSign,
                          DocumentIndex index, long checkpoint, long[] counts) {
        long kkmId = d.header().kkmId();
        KkmState kkm = logic.kkm(kkmId);
        if (kkm == null) {
            problem("journal " + journalIndex + ": document of KKM " + kkmId + ", which is not registered before it");
            return;
        }
        if (d.header().token() != kkm.token()) {
            problem("journal " + journalIndex + ": KKM " + kkmId + " presents token " + d.header().token()
                + " but its previous document issued " + kkm.token() + " (documents out of order or missing)");
        }
        if (d.shiftNumber() != kkm.shift().shiftNumber()) {
            problem("journal " + journalIndex + ": KKM " + kkmId + " document in shift " + d.shiftNumber()
                + " but the KKM is in shift " + kkm.shift().shiftNumber());
        }
        if (d.fiscalSign() != 0) {
            if (d.fiscalSign() != nextSign[0]) {
                problem("journal " + journalIndex + ": fiscal sign " + d.fiscalSign() + " where " + nextSign[0]
                    + " was next (signs are issued once each, in journal order)");
            }
            nextSign[0] = d.fiscalSign() + 1;
        }
        Request request = Recovery.parse(journalIndex, d.request());
        long parentSign = Recovery.applyDocument(logic, d, request);
        if (index == null || journalIndex > checkpoint) {
            return;
        }
        counts[2]++;
        DocumentEntry expected = IndexEntries.of(journalIndex, kkmId, request, d.fiscalSign(), d.shiftNumber(),
            d.receivedAtMillis(), parentSign);
        Optional<DocumentEntry> byShift = index.findByKkmShift(kkmId, d.shiftNumber(), journalIndex);
        if (!byShift.equals(Optional.of(expected))) {
            problem("index: journal " + journalIndex + " by KKM and shift is " + byShift.map(Object::toString)
                .orElse("missing") + ", expected " + expected);
        }
        if (d.command() == CommandTypeEnum.COMMAND_CLOSE_SHIFT_VALUE) {
            report(ReportEntry.z(ZReports.entry(kkmId, d.shiftNumber(), d.request(), d.answer()), journalIndex,
                d.receivedAtMillis()), index, checkpoint, counts);
        }
        if (d.fiscalSign() != 0) {
            counts[3]++;
            Optional<DocumentEntry> bySign = index.findBySign(d.fiscalSign());
            if (!bySign.equals(Optional.of(expected))) {
                problem("index: fiscal sign " + d.fiscalSign() + " is " + bySign.map(Object::toString).orElse("missing")
                    + ", expected " + expected);
            }
        }
    }

    private void report(ReportEntry expected, DocumentIndex index, long checkpoint, long[] counts) {
        if (index == null || expected.journalIndex() > checkpoint) {
            return;
        }
        counts[4]++;
        List<ReportEntry> found = index.scanReports(expected.kkmId(), expected.shiftNumber(), expected.journalIndex() - 1,
            expected.shiftNumber(), 1);
        if (!found.equals(List.of(expected))) {
            problem("index: the " + expected.kind() + " report at journal " + expected.journalIndex() + " is "
                + (found.isEmpty() || found.get(0).journalIndex() != expected.journalIndex() ? "missing" : found.get(0))
                + ", expected " + expected);
        }
    }

    private Long2ObjectHashMap<SnapshotStore.Snapshot> snapshots(long lastIndex) {
        Long2ObjectHashMap<SnapshotStore.Snapshot> valid = new Long2ObjectHashMap<>();
        Path dir = dataDir.resolve("snapshots");
        if (!java.nio.file.Files.isDirectory(dir)) {
            return valid;
        }
        SnapshotStore store = new SnapshotStore(dir, Integer.MAX_VALUE);
        for (Path file : store.newestFirst()) {
            try {
                SnapshotStore.Snapshot s = store.read(file);
                if (s.journalIndex() > lastIndex) {
                    problem("snapshot " + file.getFileName() + " is ahead of the journal (last record " + lastIndex
                        + "); recovery skips it");
                } else {
                    valid.put(s.journalIndex(), s);
                }
            } catch (IllegalStateException e) {
                problem("snapshot " + file.getFileName() + " is unusable (recovery skips it): " + e.getMessage());
            }
        }
        return valid;
    }
}
