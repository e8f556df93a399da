package kz.ofd.cabinet.registry;

import kz.ofd.cabinet.registry.proto.OrganizationRecord;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Organizations by id and by IIN/BIN. Created only together with their first user
 * ({@link CabinetRegistry#signUp}); the IIN/BIN never changes after sign-up. Thread-safe.
 */
public final class Organizations {

    private final CabinetRegistry registry;

    Organizations(CabinetRegistry registry) {
        this.registry = registry;
    }

    /**
     * @param id organization id
     * @return the organization
     */
    public Optional<OrganizationRecord> byId(long id) {
        return registry.getRecord(registry.organizationsCf, RegistryKeys.u64(id), OrganizationRecord::parseFrom);
    }

    /**
     * @param idn IIN or BIN
     * @return the organization signed up with it
     */
    public Optional<OrganizationRecord> byIdn(String idn) {
        byte[] id = registry.get(registry.organizationByIdn, idn.getBytes(StandardCharsets.US_ASCII));
        return id == null ? Optional.empty() : byId(RegistryKeys.u64(id));
    }

    /**
     * Replaces an organization's editable data. The id and IIN/BIN are taken from the stored record, whatever the
     * update says, so an edit can never move data to another organization.
     *
     * @param update the new data
     * @return the stored record, or empty when the organization does not exist
     */
    public synchronized Optional<OrganizationRecord> update(OrganizationRecord update) {
        Optional<OrganizationRecord> current = byId(update.getId());
        if (current.isEmpty()) {
            return Optional.empty();
        }
        OrganizationRecord stored = update.toBuilder()
            .setIdn(current.get().getIdn())
            .setKind(current.get().getKind())
            .setCreatedAtMs(current.get().getCreatedAtMs())
            .setSignedUpBy(current.get().getSignedUpBy())
            .setServiceCentre(current.get().getServiceCentre())
            .clearServiceCentreModels().addAllServiceCentreModels(current.get().getServiceCentreModelsList())
            .build();
        registry.write((batch, r) -> CabinetRegistry.put(batch, r.organizationsCf, RegistryKeys.u64(stored.getId()),
            stored.toByteArray()));
        return Optional.of(stored);
    }

    /**
     * Marks an organization as a service centre (ЦТО) or not, with the KKM models it services, and keeps the
     * directory of centres ({@code service_centres}) in step, in one write.
     *
     * @param organizationId the organization
     * @param centre         whether it is a service centre
     * @param models         KKM models it services
     * @return the stored record, or empty when the organization does not exist
     */
    public synchronized Optional<OrganizationRecord> setServiceCentre(long organizationId, boolean centre,
                                                                      java.util.List<String> models) {
        Optional<OrganizationRecord> current = byId(organizationId);
        if (current.isEmpty()) {
            return Optional.empty();
        }
        OrganizationRecord stored = current.get().toBuilder().setServiceCentre(centre).clearServiceCentreModels()
            .addAllServiceCentreModels(models).build();
        registry.write((batch, r) -> {
            CabinetRegistry.put(batch, r.organizationsCf, RegistryKeys.u64(organizationId), stored.toByteArray());
            if (centre) {
                CabinetRegistry.put(batch, r.serviceCentres, RegistryKeys.u64(organizationId), new byte[0]);
            } else {
                batch.delete(r.serviceCentres, RegistryKeys.u64(organizationId));
            }
        });
        return Optional.of(stored);
    }

    /**
     * @return every organization marked as a service centre, in id order
     */
    public java.util.List<OrganizationRecord> serviceCentres() {
        java.util.List<OrganizationRecord> out = new java.util.ArrayList<>();
        for (byte[] key : registry.keys(registry.serviceCentres, new byte[0])) {
            byId(RegistryKeys.u64(key)).ifPresent(out::add);
        }
        return out;
    }
}
