package kz.ofd.cabinet.registry;

import com.google.protobuf.InvalidProtocolBufferException;
import kz.ofd.cabinet.registry.proto.KkmRecord;
import org.rocksdb.ColumnFamilyHandle;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * KKM records, keyed (organization, KKM) like trade points: every read by id names the organization, so a KKM of
 * another organization is simply not found. Three indexes point back to that key: by model and serial number (the
 * uniqueness check of a new application), by the application waiting for KGD (KGD's answer names only the
 * application), and by OFD id (the engine's name of the KKM). Writes are serialized on this object and write the
 * record with its index changes in one synced batch. Thread-safe.
 */
public final class Kkms {

    /** Statuses whose serial-number entry is released (the machine may be applied for again). */
    private static final Set<String> RELEASED = Set.of("DEREGISTERED", "REFUSED_BY_KGD");

    private final CabinetRegistry registry;

    Kkms(CabinetRegistry registry) {
        this.registry = registry;
    }

    /**
     * Stores a new KKM with its serial-number entry and, when it has one, its pending application entry.
     *
     * @param kkm a new record, without an id; its organization id says who owns it
     * @return the stored record with its id
     * @throws DuplicateException when a KKM of that model and serial number is already applied for or registered
     */
    public synchronized KkmRecord create(KkmRecord kkm) {
        byte[] serialKey = RegistryKeys.kkmSerial(kkm.getModelCode(), kkm.getSerialNumber());
        if (registry.get(registry.kkmBySerial, serialKey) != null) {
            throw new DuplicateException("serialNumber", "a KKM " + kkm.getModelCode() + " with serial number "
                + kkm.getSerialNumber() + " is already applied for or registered");
        }
        long id = registry.nextKkmId();
        KkmRecord stored = kkm.toBuilder().setId(id).build();
        byte[] key = RegistryKeys.kkm(stored.getOrganizationId(), id);
        registry.write((batch, r) -> {
            CabinetRegistry.put(batch, r.meta(), RegistryKeys.sequenceKey("kkm"), RegistryKeys.u64(id + 1));
            CabinetRegistry.put(batch, r.kkmsCf, key, stored.toByteArray());
            CabinetRegistry.put(batch, r.kkmBySerial, serialKey, key);
            if (!stored.getPendingApplicationId().isEmpty()) {
                CabinetRegistry.put(batch, r.kkmByApplication, RegistryKeys.ascii(stored.getPendingApplicationId()), key);
            }
        });
        return stored;
    }

    /**
     * @param modelCode    catalogue code
     * @param serialNumber factory number
     * @return whether a KKM of that model and serial number is applied for or registered (not deregistered or refused)
     */
    public boolean serialTaken(String modelCode, String serialNumber) {
        return registry.get(registry.kkmBySerial, RegistryKeys.kkmSerial(modelCode, serialNumber)) != null;
    }

    /**
     * @param organizationId the owner
     * @param kkmId          the KKM
     * @return the KKM, only if that organization owns it
     */
    public Optional<KkmRecord> get(long organizationId, long kkmId) {
        return registry.getRecord(registry.kkmsCf, RegistryKeys.kkm(organizationId, kkmId), KkmRecord::parseFrom);
    }

    /**
     * @param organizationId the owner
     * @return its KKMs in id order
     */
    public List<KkmRecord> list(long organizationId) {
        return registry.scan(registry.kkmsCf, RegistryKeys.u64(organizationId), KkmRecord::parseFrom);
    }

    /**
     * @param applicationId an application waiting for KGD
     * @return the KKM it is about
     */
    public Optional<KkmRecord> byApplication(String applicationId) {
        return byIndex(registry.kkmByApplication, RegistryKeys.ascii(applicationId));
    }

    /**
     * @param ofdId the engine's id of a registered KKM
     * @return the KKM
     */
    public Optional<KkmRecord> byOfdId(long ofdId) {
        return byIndex(registry.kkmByOfdId, RegistryKeys.u64(ofdId));
    }

    /**
     * @param ofdId an OFD id the engine might be asked to take
     * @return whether a KKM of the cabinet holds it already
     */
    public boolean ofdIdTaken(long ofdId) {
        return registry.get(registry.kkmByOfdId, RegistryKeys.u64(ofdId)) != null;
    }

    private Optional<KkmRecord> byIndex(ColumnFamilyHandle index, byte[] indexKey) {
        byte[] key = registry.get(index, indexKey);
        return key == null ? Optional.empty() : registry.getRecord(registry.kkmsCf, key, KkmRecord::parseFrom);
    }

    /**
     * Replaces a KKM's record and keeps the indexes in step with it: the pending-application entry follows
     * {@code pending_application_id}, the OFD-id entry follows {@code ofd_id}, and the serial-number entry is released
     * when the KKM is deregistered or refused.
     *
     * @param kkm the new record; its organization and id name the KKM
     * @return false when that organization has no such KKM
     */
    public synchronized boolean update(KkmRecord kkm) {
        Optional<KkmRecord> current = get(kkm.getOrganizationId(), kkm.getId());
        if (current.isEmpty()) {
            return false;
        }
        KkmRecord old = current.get();
        byte[] key = RegistryKeys.kkm(kkm.getOrganizationId(), kkm.getId());
        registry.write((batch, r) -> {
            CabinetRegistry.put(batch, r.kkmsCf, key, kkm.toByteArray());
            if (!old.getPendingApplicationId().equals(kkm.getPendingApplicationId())) {
                if (!old.getPendingApplicationId().isEmpty()) {
                    batch.delete(r.kkmByApplication, RegistryKeys.ascii(old.getPendingApplicationId()));
                }
                if (!kkm.getPendingApplicationId().isEmpty()) {
                    CabinetRegistry.put(batch, r.kkmByApplication, RegistryKeys.ascii(kkm.getPendingApplicationId()), key);
                }
            }
            if (old.getOfdId() != kkm.getOfdId()) {
                if (old.getOfdId() != 0) {
                    batch.delete(r.kkmByOfdId, RegistryKeys.u64(old.getOfdId()));
                }
                if (kkm.getOfdId() != 0) {
                    CabinetRegistry.put(batch, r.kkmByOfdId, RegistryKeys.u64(kkm.getOfdId()), key);
                }
            }
            byte[] serialKey = RegistryKeys.kkmSerial(kkm.getModelCode(), kkm.getSerialNumber());
            if (RELEASED.contains(kkm.getStatus()) && !RELEASED.contains(old.getStatus())
                && Arrays.equals(r.get(r.kkmBySerial, serialKey), key)) {
                batch.delete(r.kkmBySerial, serialKey);
            }
        });
        return true;
    }

    /**
     * @param organizationId the owner
     * @param tradePointId   a trade point
     * @return KKMs at that point that are applied for or registered (not deregistered, not refused)
     */
    public int activeAt(long organizationId, long tradePointId) {
        int n = 0;
        for (KkmRecord k : list(organizationId)) {
            if (!RELEASED.contains(k.getStatus())
                && (k.getTradePointId() == tradePointId || k.getPendingTradePointId() == tradePointId)) {
                n++;
            }
        }
        return n;
    }

    /** @return every KKM of every organization (the engine's start-up check; small registries) */
    public List<KkmRecord> all() {
        List<KkmRecord> out = new ArrayList<>();
        registry.forEach(registry.kkmsCf, (k, v) -> {
            try {
                out.add(KkmRecord.parseFrom(v));
            } catch (InvalidProtocolBufferException e) {
                throw new RegistryException("the KKM record of organization " + ByteBuffer.wrap(k).getLong(0)
                    + " does not parse", e);
            }
        });
        return out;
    }
}
