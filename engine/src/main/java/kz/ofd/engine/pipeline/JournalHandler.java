package kz.ofd.engine.pipeline;

import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.RingBuffer;
import kz.ofd.engine.journal.OutcomeCodec;
import kz.ofd.protocol.codec.KkmMessages;
import kz.ofd.protocol.codec.Violation;
import kz.ofd.protocol.proto.ResultTypeEnum;
import kz.ofd.storage.journal.JournalAppender;
import org.agrona.ExpandableArrayBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stage 2: appends every accepted Outcome (documents, operator commands, offline periods, answered X reports) to the
 * journal, then sends the batch's answers. In {@code sync} mode the
 * batch is forced to disk (group commit) first. Answers are sent only at the end of the batch, after every record of
 * the batch is appended (and forced), so no answer overtakes its journal record. A failed write turns the affected
 * answers into {@code SERVICE_TEMPORARILY_UNAVAILABLE} and stops all further acknowledgements.
 */
final class JournalHandler implements EventHandler<RingEvent> {

    private static final Logger LOG = LoggerFactory.getLogger(JournalHandler.class);

    private final JournalAppender journal;
    private final boolean sync;
    private final JournalHealth health;
    private final PipelineStats stats;
    private final ResponseHandler responder;
    private final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(4096);
    private RingBuffer<RingEvent> ring;
    private long batchStart = -1;
    private long batchStartNanos;
    private boolean batchHasRecords;
    private long lastAppended;

    JournalHandler(JournalAppender journal, boolean sync, JournalHealth health, PipelineStats stats) {
        this.lastAppended = journal.lastIndex();
        this.journal = journal;
        this.sync = sync;
        this.health = health;
        this.stats = stats;
        this.responder = new ResponseHandler(stats);
    }

    void ring(RingBuffer<RingEvent> ring) {
        this.ring = ring;
    }

    @Override
    public void onEvent(RingEvent event, long sequence, boolean endOfBatch) {
        if (batchStart < 0) {
            batchStart = sequence;
            batchStartNanos = System.nanoTime();
        }
        if (event.admin instanceof AdminCommand.Snapshot snapshot && event.adminResult == AdminResult.DONE) {
            // Every record before this event in the ring is appended by now (or the journal has failed).
            if (health.failed()) {
                event.adminResult = AdminResult.NOT_DURABLE;
            } else {
                snapshot.journalIndex().set(lastAppended);
            }
        }
        if (event.mustJournal()) {
            if (health.failed()) {
                notDurable(event);
            } else {
                append(event);
            }
        }
        if (endOfBatch) {
            if (sync && batchHasRecords && !health.failed()) {
                forceBatch(sequence);
            }
            if (batchHasRecords) {
                stats.journalWritten(System.nanoTime() - batchStartNanos);
            }
            for (long s = batchStart; s <= sequence; s++) {
                responder.send(ring.get(s));
            }
            stats.batch(sequence - batchStart + 1);
            batchStart = -1;
            batchHasRecords = false;
        }
    }

    private void append(RingEvent event) {
        try {
            int length;
            if (event.admin instanceof AdminCommand.Register r) {
                length = OutcomeCodec.encodeRegistration(buffer, event.receivedAtMillis, r.registration());
            } else if (event.admin instanceof AdminCommand.Block b) {
                length = OutcomeCodec.encodeBlock(buffer, event.receivedAtMillis, b.kkmId(), b.reason());
            } else if (event.admin instanceof AdminCommand.IssueToken t) {
                length = OutcomeCodec.encodeTokenIssued(buffer, event.receivedAtMillis, t.kkmId(), t.token());
            } else if (event.admin instanceof AdminCommand.UpdateRegistration u) {
                length = OutcomeCodec.encodeRegistrationUpdate(buffer, event.receivedAtMillis, u.kkmId(), u.details());
            } else if (event.admin instanceof AdminCommand.CabinetEvent c) {
                length = OutcomeCodec.encodeCabinetEvent(buffer, event.receivedAtMillis, c.kkmId(), c.event());
            } else if (event.answer.accepted()) {
                length = OutcomeCodec.encodeDocument(buffer, event.receivedAtMillis, event.header, event.commandNumber,
                    event.answer.newToken(), event.answer.fiscalSign(), event.answer.shiftNumber(), event.body,
                    event.answer.body(), event.answer.parentSign());
            } else {
                // Not a document: an offline period, an X report, or both (the X report last, so that the event's
                // journal index, which the indexer keys the report by, is the X report's).
                if (event.answer.offlinePeriodReported()) {
                    appended(event, OutcomeCodec.encodeOfflinePeriod(buffer, event.receivedAtMillis,
                        event.header.kkmId(), event.answer.offlineBeginMillis(), event.answer.offlineEndMillis()));
                }
                if (event.answer.xReport() != null) {
                    appended(event, OutcomeCodec.encodeXReport(buffer, event.receivedAtMillis, event.header.kkmId(),
                        event.header.requestNumber(), event.answer.shiftNumber(), event.answer.xReport()));
                }
                return;
            }
            appended(event, length);
        } catch (RuntimeException e) {
            LOG.error("event=journal_write_failed action=stop_acknowledging", e);
            health.fail(e);
            notDurable(event);
        }
    }

    private void appended(RingEvent event, int length) {
        event.journalIndex = journal.append(buffer, 0, length);
        lastAppended = event.journalIndex;
        batchHasRecords = true;
        stats.journaled();
    }

    private void forceBatch(long lastSequence) {
        try {
            journal.sync();
        } catch (RuntimeException e) {
            LOG.error("event=journal_sync_failed action=stop_acknowledging", e);
            health.fail(e);
            for (long s = batchStart; s <= lastSequence; s++) {
                RingEvent event = ring.get(s);
                if (event.journalIndex >= 0) {
                    event.journalIndex = -1;
                    notDurable(event);
                }
            }
        }
    }

    private static void notDurable(RingEvent event) {
        if (event.kind == RingEvent.Kind.ADMIN) {
            event.adminResult = AdminResult.NOT_DURABLE;
            return;
        }
        long token = event.header.token();
        event.answer.refuse(ResultTypeEnum.RESULT_TYPE_SERVICE_TEMPORARILY_UNAVAILABLE_VALUE,
            KkmMessages.errorBody(event.commandNumber, Violation.of(ResultTypeEnum.RESULT_TYPE_SERVICE_TEMPORARILY_UNAVAILABLE,
                "the OFD journal cannot be written; the document was not accepted, retry later")));
        event.answer.setHeaderToken(token);
    }
}
