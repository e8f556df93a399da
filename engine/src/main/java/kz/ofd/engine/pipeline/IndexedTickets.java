package kz.ofd.engine.pipeline;

import kz.ofd.engine.logic.IssuedTicket;
import kz.ofd.engine.logic.TicketArchive;
import kz.ofd.protocol.proto.CommandTypeEnum;
import kz.ofd.storage.index.DocumentEntry;
import kz.ofd.storage.index.DocumentIndex;
import kz.ofd.storage.index.ReturnEntry;
import org.agrona.collections.LongLongConsumer;

import java.util.Optional;

/**
 * The document index seen as the archive of issued tickets: what the ticket ledger reads for tickets and returns it
 * no longer holds itself. Point reads, safe from the business-logic thread while the indexer writes.
 */
public final class IndexedTickets implements TicketArchive {

    private final DocumentIndex index;

    /**
     * @param index the document index
     */
    public IndexedTickets(DocumentIndex index) {
        this.index = index;
    }

    @Override
    public IssuedTicket find(long fiscalSign) {
        Optional<DocumentEntry> entry = index.findBySign(fiscalSign);
        if (entry.isEmpty() || entry.get().command() != CommandTypeEnum.COMMAND_TICKET_VALUE) {
            return null;
        }
        DocumentEntry e = entry.get();
        return new IssuedTicket(e.kkmId(), e.operation(), e.totalTiyn());
    }

    @Override
    public void forEachReturn(long parentSign, LongLongConsumer returnSignAndTotal) {
        for (ReturnEntry r : index.findReturns(parentSign)) {
            returnSignAndTotal.accept(r.returnSign(), r.totalTiyn());
        }
    }
}
