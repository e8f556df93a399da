package kz.ofd.cabinet.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Trade-point scope: lists show only the user's points, a point outside the scope is "not found" (404, the same
 * answer as a point of another organization), a visible point the user may not change is 403, a new point needs
 * the module on all points, and groups add up without mixing one group's modules with another's points.
 */
@Timeout(120)
class TradePointScopeTest {

    @TempDir
    Path dir;
    CabinetFixture cabinet;
    String owner;
    long p1;
    long p2;

    @BeforeEach
    void start() throws Exception {
        cabinet = new CabinetFixture(dir);
        owner = cabinet.signUpOrganization().json().getString("token");
        p1 = cabinet.post("/api/v1/trade-points", owner, OrganizationAndTradePointTest.point("Первая")).json().getLong("id");
        p2 = cabinet.post("/api/v1/trade-points", owner, OrganizationAndTradePointTest.point("Вторая")).json().getLong("id");
    }

    @AfterEach
    void stop() {
        cabinet.close();
    }

    private static JsonObject on(JsonObject grant, long... points) {
        JsonArray ids = new JsonArray();
        for (long p : points) {
            ids.add(p);
        }
        return grant.put("allTradePoints", false).put("tradePointIds", ids);
    }

    @Test
    void shouldLimitAUserToTheirTradePoints() throws Exception {
        cabinet.addUser(owner, 1, on(CabinetFixture.grant("kkms:manage"), p1));
        String user = cabinet.login("user1@example.kz");
        JsonArray seen = cabinet.get("/api/v1/trade-points", user).json().getJsonArray("tradePoints");
        assertEquals(1, seen.size(), seen.encode());
        assertEquals(p1, seen.getJsonObject(0).getLong("id"));
        assertEquals(200, cabinet.get("/api/v1/trade-points/" + p1, user).status());
        assertEquals(200, cabinet.call("PUT", "/api/v1/trade-points/" + p1, user,
            OrganizationAndTradePointTest.point("Первая, новое имя")).status());
        for (String method : new String[] {"GET", "PUT", "DELETE"}) {
            CabinetFixture.Answer a = cabinet.call(method, "/api/v1/trade-points/" + p2, user,
                OrganizationAndTradePointTest.point("Чужая"));
            assertEquals(404, a.status(), method + " " + a.raw().body());
            assertEquals("trade-point-not-found", a.type());
        }
        JsonObject access = cabinet.get("/api/v1/me", user).json().getJsonObject("access");
        assertEquals(false, access.getBoolean("owner"));
        assertEquals(new JsonArray().add(new JsonObject().put("module", "kkms").put("level", "view")
            .put("allTradePoints", false).put("tradePointIds", new JsonArray().add(p1))).add(new JsonObject()
            .put("module", "kkms").put("level", "manage").put("allTradePoints", false)
            .put("tradePointIds", new JsonArray().add(p1))), access.getJsonArray("permissions"), "/me shows the rights");
        assertEquals(true, cabinet.get("/api/v1/me", owner).json().getJsonObject("access").getBoolean("owner"));
        CabinetFixture.Answer create = cabinet.post("/api/v1/trade-points", user, OrganizationAndTradePointTest.point("Новая"));
        assertEquals(403, create.status(), "a new point needs kkms:manage on all points: " + create.raw().body());
        assertEquals("kkms:manage", create.json().getString("permission"));
        assertEquals("Вторая", cabinet.get("/api/v1/trade-points/" + p2, owner).json().getString("name"), "p2 untouched");
        assertEquals(2, cabinet.get("/api/v1/trade-points", owner).json().getJsonArray("tradePoints").size());
    }

    @Test
    void shouldAddGroupsUpWithoutMixingTheirScopes() throws Exception {
        long userId = cabinet.addUser(owner, 1, null).getLong("id");
        cabinet.post("/api/v1/groups", owner, new JsonObject().put("name", "Смотрят всё")
            .put("grant", CabinetFixture.grant("kkms:view", "reports:manage")).put("userIds", new JsonArray().add(userId)));
        cabinet.post("/api/v1/groups", owner, new JsonObject().put("name", "Управляют первой")
            .put("grant", on(CabinetFixture.grant("kkms:manage"), p1)).put("userIds", new JsonArray().add(userId)));
        String user = cabinet.login("user1@example.kz");
        assertEquals(2, cabinet.get("/api/v1/trade-points", user).json().getJsonArray("tradePoints").size());
        assertEquals(200, cabinet.get("/api/v1/trade-points/" + p2, user).status());
        assertEquals(200, cabinet.call("PUT", "/api/v1/trade-points/" + p1, user,
            OrganizationAndTradePointTest.point("Первая")).status());
        CabinetFixture.Answer a = cabinet.call("PUT", "/api/v1/trade-points/" + p2, user,
            OrganizationAndTradePointTest.point("Вторая"));
        assertEquals(403, a.status(), "p2 is visible but only p1 is managed: " + a.raw().body());
        assertEquals("forbidden", a.type());
        assertEquals("kkms:manage", a.json().getString("permission"));
        assertEquals(403, cabinet.call("DELETE", "/api/v1/trade-points/" + p2, user, null).status());
    }

    @Test
    void shouldShowNothingWhenTheScopeIsEmpty() throws Exception {
        cabinet.addUser(owner, 1, on(CabinetFixture.grant("kkms:view")));
        String user = cabinet.login("user1@example.kz");
        assertEquals(403, cabinet.get("/api/v1/trade-points", user).status(), "a module on no points is no right");
    }

    @Test
    void shouldApplyTheScopeToKkms() throws Exception {
        long org = cabinet.get("/api/v1/me", owner).json().getJsonObject("organization").getLong("id");
        long k1 = cabinet.registry.kkms().create(kz.ofd.cabinet.registry.proto.KkmRecord.newBuilder().setOrganizationId(org)
            .setTradePointId(p1).setModelCode("M").setSerialNumber("S-1").setStatus("REGISTERED").build()).getId();
        long k2 = cabinet.registry.kkms().create(kz.ofd.cabinet.registry.proto.KkmRecord.newBuilder().setOrganizationId(org)
            .setTradePointId(p2).setModelCode("M").setSerialNumber("S-2").setStatus("REGISTERED").build()).getId();
        long userId = cabinet.addUser(owner, 1, on(CabinetFixture.grant("kkms:view"), p1, p2)).getLong("id");
        cabinet.post("/api/v1/groups", owner, new JsonObject().put("name", "Первая точка")
            .put("grant", on(CabinetFixture.grant("kkms:manage"), p1)).put("userIds", new JsonArray().add(userId)));
        String user = cabinet.login("user1@example.kz");
        assertEquals(2, cabinet.get("/api/v1/kkms", user).json().getJsonArray("kkms").size());
        CabinetFixture.Answer token = cabinet.post("/api/v1/kkms/" + k2 + "/token", user, null);
        assertEquals(403, token.status(), "k2 is seen, not managed: " + token.raw().body());
        assertEquals("forbidden", token.type());
        CabinetFixture.Answer move = cabinet.post("/api/v1/kkms/" + k1 + "/reregistration", user, new JsonObject()
            .put("tradePointId", p2).put("personalDataConsent", true));
        assertEquals(400, move.status(), move.raw().body());
        assertTrue(move.errorCodes().contains("tradePointId:trade-point-not-found"), "p2 is not managed: " + move.errorCodes());

        cabinet.addUser(owner, 2, on(CabinetFixture.grant("kkms:view"), p1));
        String narrow = cabinet.login("user2@example.kz");
        JsonArray seen = cabinet.get("/api/v1/kkms", narrow).json().getJsonArray("kkms");
        assertEquals(1, seen.size(), seen.encode());
        assertEquals(k1, seen.getJsonObject(0).getLong("id"));
        assertEquals(200, cabinet.get("/api/v1/kkms/" + k1, narrow).status());
        CabinetFixture.Answer hidden = cabinet.get("/api/v1/kkms/" + k2, narrow);
        assertEquals(404, hidden.status(), "outside the scope is not found: " + hidden.raw().body());
        assertEquals("kkm-not-found", hidden.type());
    }
}
