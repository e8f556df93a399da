package kz.ofd.engine.pipeline;

import kz.ofd.protocol.codec.KkmMessages;
import kz.ofd.protocol.codec.MoneyCodec;
import kz.ofd.protocol.proto.CommandTypeEnum;
import kz.ofd.protocol.proto.Request;
import kz.ofd.protocol.proto.TicketRequest;
import kz.ofd.storage.index.DocumentEntry;

/**
 * The index entry of an accepted document, built the same way live (the indexer) and at recovery. Stateless.
 */
public final class IndexEntries {

    private IndexEntries() {
    }

    /**
     * @param journalIndex     where the document is in the journal
     * @param kkmId            KKM id
     * @param request          the accepted request
     * @param fiscalSign       its fiscal sign (0 when none)
     * @param shiftNumber      the shift it belongs to
     * @param receivedAtMillis server receive time
     * @param parentSign       for a return of a ticket this OFD issued, that ticket's sign, else 0
     * @return the entry
     */
    public static DocumentEntry of(long journalIndex, long kkmId, Request request, long fiscalSign, long shiftNumber,
                                   long receivedAtMillis, long parentSign) {
        boolean offline = KkmMessages.isOffline(request);
        int command = request.getCommand().getNumber();
        if (command != CommandTypeEnum.COMMAND_TICKET_VALUE) {
            return DocumentEntry.document(fiscalSign, kkmId, shiftNumber, command, journalIndex, receivedAtMillis,
                offline);
        }
        TicketRequest t = request.getTicket();
        return new DocumentEntry(fiscalSign, kkmId, shiftNumber, command, journalIndex, receivedAtMillis, offline,
            t.getOperation().getNumber(), MoneyCodec.toTiyn(t.getAmounts().getTotal()), parentSign);
    }
}
