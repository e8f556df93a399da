package kz.ofd.cabinet.spi;

/**
 * How many active KKMs a trade point has besides the cabinet's own KKM records (which the cabinet always counts
 * itself). A trade point with KKMs can be neither deleted nor moved (manual 001 §6). The engine's launcher passes
 * {@link #none()}: every KKM with a trade point is registered through the cabinet. Called on a worker thread.
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
     * @return no KKMs besides the cabinet's own: always 0
     */
    static TradePointKkms none() {
        return (organizationId, tradePointId) -> 0;
    }
}
