package kz.ofd.cabinet.access;

import kz.ofd.cabinet.registry.proto.AccessGrant;
import kz.ofd.cabinet.registry.proto.ModuleGrant;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The union of grants: levels, point scope per grant, modules without scope, the owner. */
class AccessTest {

    private static final Permission KKM_VIEW = new Permission(Module.KKMS, Level.VIEW);
    private static final Permission KKM_MANAGE = new Permission(Module.KKMS, Level.MANAGE);
    private static final Permission USERS_VIEW = new Permission(Module.USERS, Level.VIEW);

    private static AccessGrant grant(String module, String level, boolean all, Long... points) {
        return AccessGrant.newBuilder().addModules(ModuleGrant.newBuilder().setModule(module).setLevel(level))
            .setAllTradePoints(all).addAllTradePointIds(List.of(points)).build();
    }

    @Test
    void shouldLetManageIncludeViewButNotTheOtherWay() {
        Access manage = Access.of(List.of(grant("kkms", "manage", true)));
        assertTrue(manage.has(KKM_VIEW));
        assertTrue(manage.has(KKM_MANAGE));
        Access view = Access.of(List.of(grant("kkms", "view", true)));
        assertTrue(view.has(KKM_VIEW));
        assertFalse(view.has(KKM_MANAGE));
        assertFalse(view.has(USERS_VIEW));
    }

    @Test
    void shouldKeepEachGrantsPointsToItsOwnModules() {
        Access a = Access.of(List.of(grant("kkms", "view", false, 1L, 2L), grant("kkms", "manage", false, 2L),
            grant("reports", "manage", true)));
        assertEquals(Set.of(1L, 2L), a.points(KKM_VIEW));
        assertEquals(Set.of(2L), a.points(KKM_MANAGE));
        assertTrue(a.hasOnPoint(KKM_MANAGE, 2));
        assertFalse(a.hasOnPoint(KKM_MANAGE, 1), "the reports grant's all points do not extend kkms:manage");
        assertFalse(a.hasOnPoint(KKM_VIEW, 3));
        assertFalse(a.hasOnAllPoints(KKM_MANAGE));
        assertNull(a.points(new Permission(Module.REPORTS, Level.VIEW)), "all points");
    }

    @Test
    void shouldIgnorePointsForModulesWithoutScope() {
        Access a = Access.of(List.of(grant("users", "view", false)));
        assertTrue(a.has(USERS_VIEW));
        assertTrue(a.hasOnPoint(USERS_VIEW, 42));
        assertFalse(Access.of(List.of(grant("kkms", "view", false))).has(KKM_VIEW), "no points, no right");
    }

    @Test
    void shouldGiveTheOwnerEverythingAndIgnoreUnknownCodes() {
        assertTrue(Access.owner().hasOnAllPoints(KKM_MANAGE));
        assertNull(Access.owner().points(KKM_VIEW));
        assertFalse(Access.of(List.of(grant("kkms", "admin", true))).has(KKM_VIEW));
        assertFalse(Access.of(List.of()).has(KKM_VIEW));
    }
}
