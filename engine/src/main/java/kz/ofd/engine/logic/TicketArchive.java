package kz.ofd.engine.logic;

import org.agrona.collections.LongLongConsumer;

/**
 * The durable part of {@link TicketLedger}: tickets and returns that are already indexed. Implemented over the
 * RocksDB document index; it may lag the logic, which {@link TicketLedger} covers with its own recent window.
 */
public interface TicketArchive {

    /** An archive that holds nothing (a ledger over it keeps everything in its recent window). */
    TicketArchive EMPTY = new TicketArchive() {
        @Override
        public IssuedTicket find(long fiscalSign) {
            return null;
        }

        @Override
        public void forEachReturn(long parentSign, LongLongConsumer returnSignAndTotal) {
        }
    };

    /**
     * @param fiscalSign a fiscal sign
     * @return the indexed ticket with that sign, or {@code null}
     */
    IssuedTicket find(long fiscalSign);

    /**
     * Lists the indexed returns of a ticket.
     *
     * @param parentSign         the returned ticket's fiscal sign
     * @param returnSignAndTotal receives each return's fiscal sign and total in tiyn
     */
    void forEachReturn(long parentSign, LongLongConsumer returnSignAndTotal);
}
