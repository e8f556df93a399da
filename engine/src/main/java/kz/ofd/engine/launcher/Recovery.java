package kz.ofd.engine.launcher;

import com.google.protobuf.InvalidProtocolBufferException;
import kz.ofd.engine.journal.Outcome;
import kz.ofd.engine.journal.OutcomeCodec;
import kz.ofd.engine.logic.BusinessLogic;
import kz.ofd.engine.logic.StateSnapshot;
import kz.ofd.engine.pipeline.IndexEntries;
import kz.ofd.protocol.proto.Request;
import kz.ofd.storage.index.DocumentEntry;
import kz.ofd.storage.index.DocumentIndex;
import kz.ofd.storage.index.ReportEntry;
import kz.ofd.storage.index.ZReportEntry;
import kz.ofd.engine.report.ZReports;
import kz.ofd.protocol.proto.CommandTypeEnum;
import kz.ofd.storage.journal.Journal;
import kz.ofd.storage.snapshot.SnapshotStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Rebuilds state at start: restores the newest usable snapshot, replays the journal after it into the business
 * logic (the journal is the source of truth), and feeds the documents after the index's checkpoint to the index.
 * With {@code data/index} deleted, the checkpoint is empty and the index is rebuilt in full; with no usable
 * snapshot, the whole journal is replayed. Runs on the starting thread before the ring exists.
 */
final class Recovery {

    private static final Logger LOG = LoggerFactory.getLogger(Recovery.class);
    private static final int INDEX_BATCH = 10_000;

    private Recovery() {
    }

    /**
     * What recovery did.
     *
     * @param records          journal records read
     * @param indexed          documents added to the index
     * @param checkpointFound  index checkpoint found at start ({@link DocumentIndex#NO_CHECKPOINT} if none)
     * @param millis           time taken
     * @param snapshotIndex    journal index of the snapshot the state started from, {@link Journal#NO_INDEX} if none
     * @param snapshotsSkipped snapshots found but not usable (corrupt, unreadable, or ahead of the journal)
     */
    record Report(long records, long indexed, long checkpointFound, long millis, long snapshotIndex, int snapshotsSkipped) {
    }

    /**
     * What recovery produced: the logic with the recovered state, and the report.
     *
     * @param logic  the recovered logic
     * @param report what was done
     */
    record Result(BusinessLogic logic, Report report) {
    }

    /**
     * Full replay into the given logic, no snapshot.
     */
    static Report run(Journal journal, DocumentIndex index, BusinessLogic logic) {
        return run(journal, index, () -> logic, null).report();
    }

    /**
     * Starts from the newest usable snapshot (a corrupt one, or one ahead of the journal, is skipped for the next
     * older; with none, from an empty state), replays the journal after it into the logic, and indexes everything
     * after the index's checkpoint, which may lie before the snapshot.
     *
     * @param journal   the journal
     * @param index     the index
     * @param freshLogic makes an empty logic (one per snapshot attempt, so a failed decode leaves nothing behind)
     * @param snapshots the snapshot store, or {@code null} for a full replay
     * @return the logic and the report
     */
    static Result run(Journal journal, DocumentIndex index, Supplier<BusinessLogic> freshLogic, SnapshotStore snapshots) {
        long start = System.nanoTime();
        long checkpoint = index.checkpoint();
        long lastIndex = journal.lastIndex();
        if (checkpoint != DocumentIndex.NO_CHECKPOINT && checkpoint > lastIndex) {
            throw new IllegalStateException("index checkpoint " + checkpoint + " is past the journal's last entry "
                + lastIndex + ": the index belongs to another journal; delete data/index to rebuild it");
        }
        int[] skipped = {0};
        BusinessLogic logic = null;
        long snapshotIndex = Journal.NO_INDEX;
        for (Path file : snapshots == null ? List.<Path>of() : snapshots.newestFirst()) {
            try {
                SnapshotStore.Snapshot snapshot = snapshots.read(file);
                if (snapshot.journalIndex() > lastIndex) {
                    throw new IllegalStateException("snapshot " + file + " covers journal index " + snapshot.journalIndex()
                        + " but the journal ends at " + lastIndex);
                }
                BusinessLogic candidate = freshLogic.get();
                StateSnapshot.read(snapshot.state(), candidate);
                logic = candidate;
                snapshotIndex = snapshot.journalIndex();
                break;
            } catch (IllegalStateException e) {
                skipped[0]++;
                LOG.warn("event=snapshot_skipped file={} reason=\"{}\" action=try_older", file, e.getMessage());
            }
        }
        BusinessLogic recovered = logic != null ? logic : freshLogic.get();
        long applyAfter = snapshotIndex;
        long readAfter = checkpoint == DocumentIndex.NO_CHECKPOINT ? Journal.NO_INDEX : Math.min(applyAfter, checkpoint);
        List<DocumentEntry> pending = new ArrayList<>();
        List<ZReportEntry> zReports = new ArrayList<>();
        List<ReportEntry> reports = new ArrayList<>();
        long[] indexed = {0};
        long[] lastSeen = {Journal.NO_INDEX};
        long records = journal.replay(readAfter, (journalIndex, buffer, offset, length) -> {
            Outcome outcome = OutcomeCodec.decode(buffer, offset, length);
            boolean apply = journalIndex > applyAfter;
            if (outcome instanceof Outcome.DocumentAccepted d) {
                Request request = parse(journalIndex, d.request());
                long parentSign = apply ? applyDocument(recovered, d, request) : Math.max(d.parentSign(), 0);
                if (journalIndex > checkpoint) {
                    pending.add(IndexEntries.of(journalIndex, d.header().kkmId(), request, d.fiscalSign(), d.shiftNumber(),
                        d.receivedAtMillis(), parentSign));
                    if (d.command() == CommandTypeEnum.COMMAND_CLOSE_SHIFT_VALUE) {
                        ZReportEntry z = ZReports.entry(d.header().kkmId(), d.shiftNumber(), d.request(), d.answer());
                        zReports.add(z);
                        reports.add(ReportEntry.z(z, journalIndex, d.receivedAtMillis()));
                    }
                }
            } else if (outcome instanceof Outcome.XReportIssued x) {
                // No state: the X report is only indexed (the counters it shows were rebuilt from the documents).
                if (journalIndex > checkpoint) {
                    reports.add(ReportEntry.x(x.kkmId(), x.shiftNumber(), journalIndex, x.receivedAtMillis(), x.report()));
                }
            } else if (apply) {
                applyOperatorRecord(recovered, journalIndex, outcome);
            }
            lastSeen[0] = journalIndex;
            if (pending.size() + reports.size() >= INDEX_BATCH) {
                index.write(pending, zReports, reports, journalIndex);
                indexed[0] += pending.size();
                pending.clear();
                zReports.clear();
                reports.clear();
            }
        });
        if (lastSeen[0] != Journal.NO_INDEX && lastSeen[0] > checkpoint) {
            index.write(pending, zReports, reports, lastSeen[0]);
            indexed[0] += pending.size();
        }
        Report report = new Report(records, indexed[0], checkpoint, (System.nanoTime() - start) / 1_000_000, snapshotIndex,
            skipped[0]);
        return new Result(recovered, report);
    }

    /**
     * Replays an accepted document into the logic.
     *
     * @return the parent sign to index: the journaled one, or for a format-1 record the one the logic decides again
     */
    static long applyDocument(BusinessLogic logic, Outcome.DocumentAccepted d, Request request) {
        long computed = logic.replayDocument(d.header(), request, d.fiscalSign(), d.newToken(), d.answer());
        return d.parentSign() == Outcome.UNKNOWN_PARENT ? computed : d.parentSign();
    }

    /**
     * Replays a registration, re-registration, block, token or offline period into the logic. Records that change no
     * state (cabinet events, X reports) are skipped.
     *
     * @throws IllegalStateException when the record cannot apply (a second registration, an unknown KKM)
     */
    static void applyOperatorRecord(BusinessLogic logic, long journalIndex, Outcome outcome) {
        if (outcome instanceof Outcome.KkmRegistered r) {
            if (!logic.register(r.registration())) {
                throw new IllegalStateException("journal entry " + journalIndex + " registers KKM "
                    + r.registration().id() + " a second time");
            }
        } else if (outcome instanceof Outcome.KkmBlocked b) {
            if (!logic.block(b.kkmId(), b.reason())) {
                throw new IllegalStateException("journal entry " + journalIndex + " blocks unknown KKM " + b.kkmId());
            }
        } else if (outcome instanceof Outcome.KkmTokenIssued t) {
            if (!logic.issueToken(t.kkmId(), t.token())) {
                throw new IllegalStateException("journal entry " + journalIndex + " issues a token to unknown KKM "
                    + t.kkmId());
            }
        } else if (outcome instanceof Outcome.KkmRegistrationUpdated u) {
            if (!logic.updateRegistration(u.kkmId(), u.details())) {
                throw new IllegalStateException("journal entry " + journalIndex + " re-registers unknown KKM " + u.kkmId());
            }
        } else if (outcome instanceof Outcome.OfflinePeriodReported p) {
            logic.replayOfflinePeriod(p.kkmId(), p.beginMillis(), p.endMillis());
        }
    }

    static Request parse(long journalIndex, byte[] body) {
        try {
            return Request.parser().parsePartialFrom(body);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("journal entry " + journalIndex + " holds a request that no longer parses", e);
        }
    }
}
