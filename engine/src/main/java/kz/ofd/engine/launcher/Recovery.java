package kz.ofd.engine.launcher;

import com.google.protobuf.InvalidProtocolBufferException;
import kz.ofd.engine.journal.Outcome;
import kz.ofd.engine.journal.OutcomeCodec;
import kz.ofd.engine.logic.BusinessLogic;
import kz.ofd.engine.pipeline.IndexEntries;
import kz.ofd.protocol.proto.Request;
import kz.ofd.storage.index.DocumentEntry;
import kz.ofd.storage.index.DocumentIndex;
import kz.ofd.storage.index.ZReportEntry;
import kz.ofd.engine.report.ZReports;
import kz.ofd.protocol.proto.CommandTypeEnum;
import kz.ofd.storage.journal.Journal;

import java.util.ArrayList;
import java.util.List;

/**
 * Rebuilds state at start: replays the whole journal into the business logic (it is the source of truth) and
 * feeds the documents after the index's checkpoint to the index. With {@code data/index} deleted, the checkpoint
 * is empty and the index is rebuilt in full. Runs on the starting thread before the ring exists.
 */
final class Recovery {

    private static final int INDEX_BATCH = 10_000;

    private Recovery() {
    }

    /**
     * What recovery did.
     *
     * @param records         journal records replayed
     * @param indexed         documents added to the index
     * @param checkpointFound index checkpoint found at start ({@link DocumentIndex#NO_CHECKPOINT} if none)
     * @param millis          time taken
     */
    record Report(long records, long indexed, long checkpointFound, long millis) {
    }

    static Report run(Journal journal, DocumentIndex index, BusinessLogic logic) {
        long start = System.nanoTime();
        long checkpoint = index.checkpoint();
        long lastIndex = journal.lastIndex();
        if (checkpoint != DocumentIndex.NO_CHECKPOINT && checkpoint > lastIndex) {
            throw new IllegalStateException("index checkpoint " + checkpoint + " is past the journal's last entry "
                + lastIndex + ": the index belongs to another journal; delete data/index to rebuild it");
        }
        List<DocumentEntry> pending = new ArrayList<>();
        List<ZReportEntry> zReports = new ArrayList<>();
        long[] indexed = {0};
        long[] lastSeen = {Journal.NO_INDEX};
        long records = journal.replay(Journal.NO_INDEX, (journalIndex, buffer, offset, length) -> {
            Outcome outcome = OutcomeCodec.decode(buffer, offset, length);
            if (outcome instanceof Outcome.KkmRegistered r) {
                if (!logic.register(r.registration())) {
                    throw new IllegalStateException("journal entry " + journalIndex + " registers KKM "
                        + r.registration().id() + " a second time");
                }
            } else if (outcome instanceof Outcome.KkmBlocked b) {
                if (!logic.block(b.kkmId(), b.reason())) {
                    throw new IllegalStateException("journal entry " + journalIndex + " blocks unknown KKM " + b.kkmId());
                }
            } else if (outcome instanceof Outcome.OfflinePeriodReported p) {
                logic.replayOfflinePeriod(p.kkmId(), p.beginMillis(), p.endMillis());
            } else if (outcome instanceof Outcome.DocumentAccepted d) {
                Request request = parse(journalIndex, d.request());
                long computed = logic.replayDocument(d.header(), request, d.fiscalSign(), d.newToken(), d.answer());
                long parentSign = d.parentSign() == Outcome.UNKNOWN_PARENT ? computed : d.parentSign();
                if (journalIndex > checkpoint) {
                    pending.add(IndexEntries.of(journalIndex, d.header().kkmId(), request, d.fiscalSign(), d.shiftNumber(),
                        d.receivedAtMillis(), parentSign));
                    if (d.command() == CommandTypeEnum.COMMAND_CLOSE_SHIFT_VALUE) {
                        zReports.add(ZReports.entry(d.header().kkmId(), d.shiftNumber(), d.request(), d.answer()));
                    }
                }
            }
            lastSeen[0] = journalIndex;
            if (pending.size() >= INDEX_BATCH) {
                index.write(pending, zReports, journalIndex);
                indexed[0] += pending.size();
                pending.clear();
                zReports.clear();
            }
        });
        if (lastSeen[0] != Journal.NO_INDEX && lastSeen[0] > checkpoint) {
            index.write(pending, zReports, lastSeen[0]);
            indexed[0] += pending.size();
        }
        return new Report(records, indexed[0], checkpoint, (System.nanoTime() - start) / 1_000_000);
    }

    private static Request parse(long journalIndex, byte[] body) {
        try {
            return Request.parser().parsePartialFrom(body);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("journal entry " + journalIndex + " holds a request that no longer parses", e);
        }
    }
}
