package kz.ofd.cabinet.registry;

import kz.ofd.cabinet.registry.proto.TradePointRecord;

import java.util.List;
import java.util.Optional;

/**
 * Trade points, keyed (organization, point): every read names the organization, so a point of another
 * organization is simply not found. Thread-safe.
 */
public final class TradePoints {

    private final CabinetRegistry registry;

    TradePoints(CabinetRegistry registry) {
        this.registry = registry;
    }

    /**
     * @param point a new point, without an id; its organization id says who owns it
     * @return the stored point with its id
     */
    public synchronized TradePointRecord create(TradePointRecord point) {
        long id = registry.nextTradePointId();
        TradePointRecord stored = point.toBuilder().setId(id).build();
        registry.write((batch, r) -> {
            CabinetRegistry.put(batch, r.meta(), RegistryKeys.sequenceKey("trade_point"), RegistryKeys.u64(id + 1));
            CabinetRegistry.put(batch, r.tradePointsCf, RegistryKeys.tradePoint(stored.getOrganizationId(), id),
                stored.toByteArray());
        });
        return stored;
    }

    /**
     * @param organizationId the owner
     * @param pointId        the point
     * @return the point, only if that organization owns it
     */
    public Optional<TradePointRecord> get(long organizationId, long pointId) {
        return registry.getRecord(registry.tradePointsCf, RegistryKeys.tradePoint(organizationId, pointId),
            TradePointRecord::parseFrom);
    }

    /**
     * @param organizationId the owner
     * @return its points in id order
     */
    public List<TradePointRecord> list(long organizationId) {
        return registry.scan(registry.tradePointsCf, RegistryKeys.u64(organizationId), TradePointRecord::parseFrom);
    }

    /**
     * @param point the new data; its organization and id name the point
     * @return false when that organization has no such point
     */
    public synchronized boolean update(TradePointRecord point) {
        if (get(point.getOrganizationId(), point.getId()).isEmpty()) {
            return false;
        }
        registry.write((batch, r) -> CabinetRegistry.put(batch, r.tradePointsCf,
            RegistryKeys.tradePoint(point.getOrganizationId(), point.getId()), point.toByteArray()));
        return true;
    }

    /**
     * @param organizationId the owner
     * @param pointId        the point
     * @return false when that organization has no such point
     */
    public synchronized boolean delete(long organizationId, long pointId) {
        if (get(organizationId, pointId).isEmpty()) {
            return false;
        }
        registry.write((batch, r) -> batch.delete(r.tradePointsCf, RegistryKeys.tradePoint(organizationId, pointId)));
        return true;
    }
}
