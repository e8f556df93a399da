package kz.ofd.cabinet.spi;

/**
 * How many active KKMs a trade point has. A trade point with KKMs can be neither deleted nor moved (manual 001 §6).
 * The KKM lifecycle is not built yet, so the cabinet runs with {@link #none()}; the engine, which owns KKM state,
 * will implement this. Called on a worker thread.
 */
@FunctionalInterface
public interface TradePointKkms {

    /**
     * @param organizationId the owner
     * @param tradePointId   the trade point
     * @return active (registered, not deregistered) KKMs at that point
     */
    int activeKkms(long organizationId, long tradePointId);

    /**
     * @return the count while no KKM can be registered through the cabinet: always 0
     */
    static TradePointKkms none() {
        return (organizationId, tradePointId) -> 0;
    }
}
