package kz.ofd.storage.index;

/**
 * One accepted return of a ticket this OFD issued.
 *
 * @param returnSign fiscal sign of the return ticket
 * @param totalTiyn  the return's total in tiyn
 */
public record ReturnEntry(long returnSign, long totalTiyn) {
}
