package kz.ofd.engine.pipeline;

import com.lmax.disruptor.EventHandler;
import kz.ofd.storage.index.DocumentEntry;
import kz.ofd.storage.index.IndexWriter;
import kz.ofd.storage.index.ReportEntry;
import kz.ofd.engine.logic.TicketLedger;
import kz.ofd.storage.index.ZReportEntry;
import kz.ofd.engine.report.ZReports;
import kz.ofd.protocol.proto.CommandTypeEnum;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * Stage 3b: indexes journaled documents and reports (X reports, and each closed shift's Z), one RocksDB write batch
 * per ring batch, with the checkpoint in the same batch. It may lag the journal; on an index failure it stops and logs,
 * and the next start catches up from the checkpoint, so no journaled document is ever lost from the index. After each
 * write it tells the ticket ledger which tickets the index now holds, so the ledger can drop them from memory.
 */
final class IndexHandler implements EventHandler<RingEvent> {

    private static final Logger LOG = LoggerFactory.getLogger(IndexHandler.class);

    private final IndexWriter index;
    private final TicketLedger ledger;
    private final List<DocumentEntry> pending = new ArrayList<>();
    private final List<ZReportEntry> zReports = new ArrayList<>();
    private final List<ReportEntry> reports = new ArrayList<>();
    private long lastJournalIndex = -1;
    private long lastFiscalSign;
    private boolean failed;
    private final IndexHealth health;

    IndexHandler(IndexWriter index, TicketLedger ledger, IndexHealth health) {
        this.health = health;
        this.index = index;
        this.ledger = ledger;
    }

    @Override
    public void onEvent(RingEvent event, long sequence, boolean endOfBatch) {
        if (event.journalIndex >= 0 && !failed) {
            lastJournalIndex = event.journalIndex;
            if (event.kind == RingEvent.Kind.KKM_REQUEST && event.answer.accepted()) {
                pending.add(IndexEntries.of(event.journalIndex, event.header.kkmId(), event.request,
                    event.answer.fiscalSign(), event.answer.shiftNumber(), event.receivedAtMillis, event.answer.parentSign()));
                lastFiscalSign = Math.max(lastFiscalSign, event.answer.fiscalSign());
                if (event.commandNumber == CommandTypeEnum.COMMAND_CLOSE_SHIFT_VALUE) {
                    ZReportEntry z = ZReports.entry(event.header.kkmId(), event.answer.shiftNumber(), event.body,
                        event.answer.body());
                    zReports.add(z);
                    reports.add(ReportEntry.z(z, event.journalIndex, event.receivedAtMillis));
                }
            } else if (event.kind == RingEvent.Kind.KKM_REQUEST && event.answer.xReport() != null) {
                reports.add(ReportEntry.x(event.header.kkmId(), event.answer.shiftNumber(), event.journalIndex,
                    event.receivedAtMillis, event.answer.xReport()));
            }
        }
        if (endOfBatch && lastJournalIndex >= 0 && !failed) {
            try {
                index.write(pending, zReports, reports, lastJournalIndex);
                ledger.indexedUpTo(lastFiscalSign);
            } catch (RuntimeException e) {
                failed = true;
                health.fail(e);
                LOG.error("event=index_write_failed action=stop_indexing recovery=restart_rebuilds_from_checkpoint", e);
            }
            pending.clear();
            zReports.clear();
            reports.clear();
            lastJournalIndex = -1;
        }
        event.releasePayload();   // the indexer is the ring's last stage
    }
}
