package kz.ofd.storage.index;

/**
 * What the index knows about one accepted fiscal document; the document itself lives in the journal at
 * {@code journalIndex}.
 *
 * @param fiscalSign       fiscal sign issued for the document (0 when the document has none, e.g. a money placement)
 * @param kkmId            KKM id
 * @param shiftNumber      shift the document belongs to
 * @param command          protocol command number of the document
 * @param journalIndex     where the document's Outcome is in the journal
 * @param receivedAtMillis server receive time, epoch milliseconds
 * @param offline          made while the register was offline (the cabinet's "A" mark)
 * @param operation        a ticket's operation number (BUY 0, BUY_RETURN 1, SELL 2, SELL_RETURN 3), {@link #NO_OPERATION}
 *                         for other documents
 * @param totalTiyn        a ticket's {@code amounts.total} in tiyn, 0 for other documents
 * @param parentSign       for a return of a ticket this OFD issued, that ticket's fiscal sign; otherwise 0
 */
public record DocumentEntry(long fiscalSign, long kkmId, long shiftNumber, int command, long journalIndex,
                            long receivedAtMillis, boolean offline, int operation, long totalTiyn, long parentSign) {

    /** {@link #operation} of a document that is not a ticket. */
    public static final int NO_OPERATION = -1;

    /**
     * A document that is not a ticket (no operation, total or parent).
     *
     * @param fiscalSign       0 unless the document has a sign
     * @param kkmId            KKM id
     * @param shiftNumber      shift
     * @param command          command number
     * @param journalIndex     journal position
     * @param receivedAtMillis server receive time
     * @param offline          offline flag
     * @return the entry
     */
    public static DocumentEntry document(long fiscalSign, long kkmId, long shiftNumber, int command, long journalIndex,
                                         long receivedAtMillis, boolean offline) {
        return new DocumentEntry(fiscalSign, kkmId, shiftNumber, command, journalIndex, receivedAtMillis, offline,
            NO_OPERATION, 0, 0);
    }
}
