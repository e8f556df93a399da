package kz.ofd.cabinet.http;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import kz.ofd.cabinet.access.Level;
import kz.ofd.cabinet.access.Permission;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Generated from the router: every session route is registered with the permission it needs, a user without it is
 * refused with 403 {@code forbidden} naming it, the view level does not open manage routes, and a user with exactly
 * that permission is not refused.
 */
@Timeout(300)
class PermissionMatrixTest {

    /**
     * The routes that need no session, and only these: the OpenAPI document, the challenge, sign-up and login, and the
     * fake acquirer's checkout page and form (the card provider's site on a stand with the fake acquirer, outside
     * {@code /api/v1}).
     */
    static final Set<String> PUBLIC = Set.of("GET /openapi.json", "GET /api/v1/auth/challenge",
        "POST /api/v1/sign-up/signature", "POST /api/v1/sign-up/code", "POST /api/v1/sign-up/code/verify",
        "POST /api/v1/sign-up/complete", "POST /api/v1/sessions/password", "POST /api/v1/sessions/signature",
        "POST /api/v1/sessions/code/send", "POST /api/v1/sessions/code",
        "GET /fake-acquirer/checkout/:paymentId", "POST /fake-acquirer/checkout/:paymentId");

    @TempDir
    Path dir;
    CabinetFixture cabinet;

    @BeforeEach
    void start() throws Exception {
        cabinet = new CabinetFixture(dir);
    }

    @AfterEach
    void stop() {
        cabinet.close();
    }

    @Test
    void shouldCheckEveryRouteAgainstItsPermission() throws Exception {
        String owner = cabinet.signUpOrganization().json().getString("token");
        long point = cabinet.post("/api/v1/trade-points", owner, OrganizationAndTradePointTest.point("Точка")).json()
            .getLong("id");
        long probeId = cabinet.addUser(owner, 1, null).getLong("id");
        long victim = cabinet.addUser(owner, 2, null).getLong("id");
        long group = cabinet.post("/api/v1/groups", owner, new JsonObject().put("name", "Г")).json().getLong("id");
        Map<String, Optional<Permission>> permissions = cabinet.server.routePermissions();
        String probe = cabinet.login("user1@example.kz");

        int checked = 0;
        int withPermission = 0;
        Set<String> publicRoutes = new TreeSet<>();
        for (Route route : cabinet.server.router().getRoutes()) {
            if (route.getPath() == null || route.methods() == null) {
                continue;
            }
            for (HttpMethod method : route.methods()) {
                String key = method.name() + " " + route.getPath();
                String path = route.getPath().replace(":pointId", String.valueOf(point))
                    .replace(":userId", String.valueOf(victim)).replace(":groupId", String.valueOf(group))
                    .replaceAll(":\\w+", "1");
                JsonObject body = IsolationTest.body(route.getPath());
                if (cabinet.call(method.name(), path, null, body).status() != 401) {
                    assertTrue(!permissions.containsKey(key), key + " is public but registered as a session route");
                    publicRoutes.add(key);
                    continue;
                }
                assertTrue(permissions.containsKey(key), key + " needs a session but was not registered with a permission");
                checked++;
                Optional<Permission> needed = permissions.get(key);
                if (needed.isEmpty()) {
                    setGrant(owner, probeId, new JsonObject());
                    probe = fresh(probe);
                    CabinetFixture.Answer any = cabinet.call(method.name(), path, probe, body);
                    assertNotEquals(403, any.status(), key + " is open to any session: " + any.raw().body());
                    continue;
                }
                withPermission++;
                Permission p = needed.get();
                setGrant(owner, probeId, new JsonObject());
                probe = fresh(probe);
                CabinetFixture.Answer without = cabinet.call(method.name(), path, probe, body);
                assertEquals(403, without.status(), key + " without " + p + ": " + without.raw().body());
                assertEquals("forbidden", without.type(), key);
                assertEquals(p.toString(), without.json().getString("permission"), key);
                if (p.level() == Level.MANAGE) {
                    setGrant(owner, probeId, CabinetFixture.grant(p.module().code() + ":view"));
                    CabinetFixture.Answer viewOnly = cabinet.call(method.name(), path, probe, body);
                    assertEquals(403, viewOnly.status(), key + " with view only: " + viewOnly.raw().body());
                }
                setGrant(owner, probeId, CabinetFixture.grant(p.toString()));
                CabinetFixture.Answer with = cabinet.call(method.name(), path, probe, body);
                assertNotEquals(403, with.status(), key + " with " + p + ": " + with.raw().body());
                assertNotEquals(401, with.status(), key + " with " + p + ": " + with.raw().body());
            }
        }
        assertEquals(permissions.size(), checked, "every registered route was found in the router");
        assertEquals(new TreeSet<>(PUBLIC), publicRoutes, "exactly these routes answer without a session");
        assertTrue(withPermission >= 30, "routes with a permission were tried: " + withPermission);
    }

    /** Gives the probe exactly this grant (through the owner). */
    private void setGrant(String owner, long probeId, JsonObject grant) throws Exception {
        JsonObject body = CabinetFixture.newUser(1, grant);
        body.remove("password");
        body.remove("passwordRepeat");
        CabinetFixture.Answer a = cabinet.call("PUT", "/api/v1/users/" + probeId, owner, body);
        assertEquals(200, a.status(), a.raw().body());
    }

    /** @return the probe's session, logged in again if the last route ended it (logout) */
    private String fresh(String probe) throws Exception {
        return cabinet.get("/api/v1/me", probe).status() == 401 ? cabinet.login("user1@example.kz") : probe;
    }
}
