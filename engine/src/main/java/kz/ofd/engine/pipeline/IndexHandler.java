package kz.ofd.engine.pipeline;

import com.lmax.disruptor.EventHandler;
import kz.ofd.storage.index.DocumentEntry;
import kz.ofd.storage.index.DocumentIndex;
import kz.ofd.protocol.codec.KkmMessages;
import kz.ofd.storage.index.ZReportEntry;
import kz.ofd.engine.report.ZReports;
import kz.ofd.protocol.proto.CommandTypeEnum;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * Stage 3b: indexes journaled documents, one RocksDB write batch per ring batch, with the checkpoint in the same
 * batch. It may lag the journal; on an index failure it stops and logs, and the next start catches up from the
 * checkpoint, so no journaled document is ever lost from the index.
 */
final class IndexHandler implements EventHandler<RingEvent> {

    private static final Logger LOG = LoggerFactory.getLogger(IndexHandler.class);

    private final DocumentIndex index;
    private final List<DocumentEntry> pending = new ArrayList<>();
    private final List<ZReportEntry> zReports = new ArrayList<>();
    private long lastJournalIndex = -1;
    private boolean failed;

    IndexHandler(DocumentIndex index) {
        this.index = index;
    }

    @Override
    public void onEvent(RingEvent event, long sequence, boolean endOfBatch) {
        if (event.journalIndex >= 0 && !failed) {
            lastJournalIndex = event.journalIndex;
            if (event.kind == RingEvent.Kind.KKM_REQUEST) {
                pending.add(new DocumentEntry(event.answer.fiscalSign(), event.header.kkmId(), event.answer.shiftNumber(),
                    event.commandNumber, event.journalIndex, event.receivedAtMillis, KkmMessages.isOffline(event.request)));
                if (event.commandNumber == CommandTypeEnum.COMMAND_CLOSE_SHIFT_VALUE) {
                    zReports.add(ZReports.entry(event.header.kkmId(), event.answer.shiftNumber(), event.body,
                        event.answer.body()));
                }
            }
        }
        if (endOfBatch && lastJournalIndex >= 0 && !failed) {
            try {
                index.write(pending, zReports, lastJournalIndex);
            } catch (RuntimeException e) {
                failed = true;
                LOG.error("event=index_write_failed action=stop_indexing recovery=restart_rebuilds_from_checkpoint", e);
            }
            pending.clear();
            zReports.clear();
            lastJournalIndex = -1;
        }
    }
}
