package kz.ofd.cabinet.registry;

import kz.ofd.cabinet.registry.proto.GroupRecord;

import java.util.List;
import java.util.Optional;

/**
 * Groups of users, keyed (organization, group) like trade points: a group of another organization is simply not
 * found. Membership is kept on the user ({@code UserRecord.group_ids}). Thread-safe.
 */
public final class Groups {

    private final CabinetRegistry registry;

    Groups(CabinetRegistry registry) {
        this.registry = registry;
    }

    /**
     * @param group a new group without an id; its organization id says who owns it
     * @return the stored group with its id
     */
    public synchronized GroupRecord create(GroupRecord group) {
        long id = registry.nextGroupId();
        GroupRecord stored = group.toBuilder().setId(id).build();
        registry.write((batch, r) -> {
            CabinetRegistry.put(batch, r.meta(), RegistryKeys.sequenceKey("group"), RegistryKeys.u64(id + 1));
            CabinetRegistry.put(batch, r.groupsCf, RegistryKeys.pair(stored.getOrganizationId(), id), stored.toByteArray());
        });
        return stored;
    }

    /**
     * @param organizationId the owner
     * @param groupId        the group
     * @return the group, only if that organization owns it
     */
    public Optional<GroupRecord> get(long organizationId, long groupId) {
        return registry.getRecord(registry.groupsCf, RegistryKeys.pair(organizationId, groupId), GroupRecord::parseFrom);
    }

    /**
     * @param organizationId the owner
     * @return its groups in id order
     */
    public List<GroupRecord> list(long organizationId) {
        return registry.scan(registry.groupsCf, RegistryKeys.u64(organizationId), GroupRecord::parseFrom);
    }

    /**
     * @param group the new data; organization and id name it
     * @return false when that organization has no such group
     */
    public synchronized boolean update(GroupRecord group) {
        if (get(group.getOrganizationId(), group.getId()).isEmpty()) {
            return false;
        }
        registry.write((batch, r) -> CabinetRegistry.put(batch, r.groupsCf,
            RegistryKeys.pair(group.getOrganizationId(), group.getId()), group.toByteArray()));
        return true;
    }

    /**
     * @param organizationId the owner
     * @param groupId        the group
     * @return false when that organization has no such group
     */
    public synchronized boolean delete(long organizationId, long groupId) {
        if (get(organizationId, groupId).isEmpty()) {
            return false;
        }
        registry.write((batch, r) -> batch.delete(r.groupsCf, RegistryKeys.pair(organizationId, groupId)));
        return true;
    }
}
