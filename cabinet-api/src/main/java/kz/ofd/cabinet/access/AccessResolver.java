package kz.ofd.cabinet.access;

import kz.ofd.cabinet.registry.CabinetRegistry;
import kz.ofd.cabinet.registry.proto.AccessGrant;
import kz.ofd.cabinet.registry.proto.UserRecord;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds a user's {@link Access} from the registry: the owner (role {@code ADMIN}, the user who signed the
 * organization up) has everything; anyone else has their own grant plus their groups' grants. Groups are read
 * from the user's own organization only. Thread-safe.
 */
public final class AccessResolver {

    /** The role of the user who signed the organization up (the owner). */
    public static final String OWNER_ROLE = "ADMIN";

    private final CabinetRegistry registry;

    /**
     * @param registry where users and groups are
     */
    public AccessResolver(CabinetRegistry registry) {
        this.registry = registry;
    }

    /**
     * @param user a user
     * @return what the user may do
     */
    public Access resolve(UserRecord user) {
        if (OWNER_ROLE.equals(user.getRole())) {
            return Access.owner();
        }
        List<AccessGrant> grants = new ArrayList<>();
        if (user.hasGrant()) {
            grants.add(user.getGrant());
        }
        for (long groupId : user.getGroupIdsList()) {
            registry.groups().get(user.getOrganizationId(), groupId).ifPresent(g -> grants.add(g.getGrant()));
        }
        return Access.of(grants);
    }
}
