package kz.ofd.engine.logic;

/**
 * What a return needs to know of the ticket it returns, when this OFD issued that ticket.
 *
 * @param kkmId     the KKM that issued it
 * @param operation its operation number (BUY 0, BUY_RETURN 1, SELL 2, SELL_RETURN 3)
 * @param totalTiyn its {@code amounts.total} in tiyn
 */
public record IssuedTicket(long kkmId, int operation, long totalTiyn) {
}
