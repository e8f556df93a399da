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
 */
public record DocumentEntry(long fiscalSign, long kkmId, long shiftNumber, int command, long journalIndex,
                            long receivedAtMillis, boolean offline) {
}
