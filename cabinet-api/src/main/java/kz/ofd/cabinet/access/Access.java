package kz.ofd.cabinet.access;

import kz.ofd.cabinet.registry.proto.AccessGrant;
import kz.ofd.cabinet.registry.proto.ModuleGrant;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What one user may do: the union of their own grant and their groups' grants, or everything for the organization's
 * owner. A permission on a point-scoped module holds for a trade point when some grant gives the module at that
 * level (or higher) and covers the point; grants are not mixed (one group's modules never borrow another group's
 * points). Immutable; built per request by {@link AccessResolver}.
 */
public final class Access {

    private static final Access OWNER = new Access(true, List.of());

    private final boolean owner;
    private final List<AccessGrant> grants;

    private Access(boolean owner, List<AccessGrant> grants) {
        this.owner = owner;
        this.grants = grants;
    }

    /** @return the owner's access: everything */
    public static Access owner() {
        return OWNER;
    }

    /**
     * @param grants the user's own grant and their groups' grants
     * @return the union of them
     */
    public static Access of(List<AccessGrant> grants) {
        return new Access(false, List.copyOf(grants));
    }

    /** @return whether this is the organization's owner */
    public boolean isOwner() {
        return owner;
    }

    /**
     * @param needed a module and level
     * @return whether some grant gives it (on at least one trade point, for point-scoped modules)
     */
    public boolean has(Permission needed) {
        if (owner) {
            return true;
        }
        for (AccessGrant g : grants) {
            if (gives(g, needed) && (!needed.module().pointScoped() || g.getAllTradePoints() || g.getTradePointIdsCount() > 0)) {
                return true;
            }
        }
        return false;
    }

    /**
     * @param needed a module and level
     * @return whether some grant gives it on every trade point (needed to create a point, which no list names yet)
     */
    public boolean hasOnAllPoints(Permission needed) {
        if (owner) {
            return true;
        }
        for (AccessGrant g : grants) {
            if (gives(g, needed) && g.getAllTradePoints()) {
                return true;
            }
        }
        return false;
    }

    /**
     * @param needed  a module and level
     * @param pointId a trade point of the organization
     * @return whether some grant gives the permission on that point (modules without point scope ignore the point)
     */
    public boolean hasOnPoint(Permission needed, long pointId) {
        if (owner) {
            return true;
        }
        for (AccessGrant g : grants) {
            if (gives(g, needed) && (!needed.module().pointScoped() || g.getAllTradePoints()
                || g.getTradePointIdsList().contains(pointId))) {
                return true;
            }
        }
        return false;
    }

    /**
     * @param needed a module and level
     * @return the points it is given on, or {@code null} for all points
     */
    public Set<Long> points(Permission needed) {
        if (owner) {
            return null;
        }
        Set<Long> out = new HashSet<>();
        for (AccessGrant g : grants) {
            if (gives(g, needed)) {
                if (g.getAllTradePoints() || !needed.module().pointScoped()) {
                    return null;
                }
                out.addAll(g.getTradePointIdsList());
            }
        }
        return out;
    }

    /**
     * Whether this user may hand a grant on (to a user or a group): every module and level in it must be one this
     * user has, on every trade point it names (on all points when it says all). The owner may give anything.
     *
     * @param grant a grant about to be given
     * @return whether it gives nothing beyond this user's own rights
     */
    public boolean covers(AccessGrant grant) {
        if (owner) {
            return true;
        }
        for (ModuleGrant m : grant.getModulesList()) {
            Optional<Module> module = Module.of(m.getModule());
            Optional<Level> level = Level.of(m.getLevel());
            if (module.isEmpty() || level.isEmpty()) {
                continue;
            }
            Permission p = new Permission(module.get(), level.get());
            boolean ok;
            if (!p.module().pointScoped()) {
                ok = has(p);
            } else if (grant.getAllTradePoints()) {
                ok = hasOnAllPoints(p);
            } else {
                ok = grant.getTradePointIdsList().stream().allMatch(point -> hasOnPoint(p, point));
            }
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static boolean gives(AccessGrant grant, Permission needed) {
        for (ModuleGrant m : grant.getModulesList()) {
            if (needed.module().code().equals(m.getModule())
                && Level.of(m.getLevel()).map(l -> l.covers(needed.level())).orElse(false)) {
                return true;
            }
        }
        return false;
    }
}
