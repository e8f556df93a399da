package kz.ofd.cabinet.registry;

import kz.ofd.cabinet.registry.proto.ServiceCentreGrantRecord;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A service centre's (ЦТО) access to a client's KKMs, keyed (client organization, grant), with an index by the
 * centre, so each side finds its own grants with one prefix scan and nothing else. Thread-safe.
 */
public final class ServiceCentreGrants {

    private final CabinetRegistry registry;

    ServiceCentreGrants(CabinetRegistry registry) {
        this.registry = registry;
    }

    /**
     * @param grant a new grant without an id
     * @return the stored grant with its id
     */
    public synchronized ServiceCentreGrantRecord create(ServiceCentreGrantRecord grant) {
        long id = registry.nextCentreGrantId();
        ServiceCentreGrantRecord stored = grant.toBuilder().setId(id).build();
        registry.write((batch, r) -> {
            CabinetRegistry.put(batch, r.meta(), RegistryKeys.sequenceKey("service_centre_grant"), RegistryKeys.u64(id + 1));
            CabinetRegistry.put(batch, r.centreGrantsCf, RegistryKeys.pair(stored.getClientOrganizationId(), id),
                stored.toByteArray());
            CabinetRegistry.put(batch, r.centreGrantsByCentre, RegistryKeys.pair(stored.getCentreOrganizationId(), id),
                RegistryKeys.u64(stored.getClientOrganizationId()));
        });
        return stored;
    }

    /**
     * @param clientOrganizationId the client that gave the access
     * @param grantId              the grant
     * @return the grant, only if that client gave it
     */
    public Optional<ServiceCentreGrantRecord> ofClient(long clientOrganizationId, long grantId) {
        return registry.getRecord(registry.centreGrantsCf, RegistryKeys.pair(clientOrganizationId, grantId),
            ServiceCentreGrantRecord::parseFrom);
    }

    /**
     * @param centreOrganizationId the service centre
     * @param grantId              the grant
     * @return the grant, only if it was given to that centre
     */
    public Optional<ServiceCentreGrantRecord> ofCentre(long centreOrganizationId, long grantId) {
        byte[] client = registry.get(registry.centreGrantsByCentre, RegistryKeys.pair(centreOrganizationId, grantId));
        return client == null ? Optional.empty() : ofClient(RegistryKeys.u64(client), grantId);
    }

    /**
     * @param clientOrganizationId the client
     * @return the grants it gave, in id order
     */
    public List<ServiceCentreGrantRecord> listOfClient(long clientOrganizationId) {
        return registry.scan(registry.centreGrantsCf, RegistryKeys.u64(clientOrganizationId),
            ServiceCentreGrantRecord::parseFrom);
    }

    /**
     * @param centreOrganizationId the service centre
     * @return the grants given to it, in id order
     */
    public List<ServiceCentreGrantRecord> listOfCentre(long centreOrganizationId) {
        List<ServiceCentreGrantRecord> out = new ArrayList<>();
        for (byte[] key : registry.keys(registry.centreGrantsByCentre, RegistryKeys.u64(centreOrganizationId))) {
            long grantId = java.nio.ByteBuffer.wrap(key).getLong(Long.BYTES);
            ofCentre(centreOrganizationId, grantId).ifPresent(out::add);
        }
        return out;
    }

    /**
     * @param grant the new state; client and id name it (the centre never changes)
     * @return false when that client has no such grant
     */
    public synchronized boolean update(ServiceCentreGrantRecord grant) {
        Optional<ServiceCentreGrantRecord> old = ofClient(grant.getClientOrganizationId(), grant.getId());
        if (old.isEmpty() || old.get().getCentreOrganizationId() != grant.getCentreOrganizationId()) {
            return false;
        }
        registry.write((batch, r) -> CabinetRegistry.put(batch, r.centreGrantsCf,
            RegistryKeys.pair(grant.getClientOrganizationId(), grant.getId()), grant.toByteArray()));
        return true;
    }
}
