package kz.ofd.cabinet.http;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import kz.ofd.cabinet.registry.proto.OrganizationRecord;
import kz.ofd.cabinet.registry.proto.TradePointRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every route of the router (enumerated from it, not listed here), called by organization A's user against
 * organization B's data, must neither show nor change it.
 */
@Timeout(120)
class IsolationTest {

    @TempDir
    Path dir;
    CabinetFixture cabinet;
    /** B's KKM and the centre B granted it to, for request bodies that name them. */
    private static volatile long kkmB;
    private static volatile long centreC;

    @BeforeEach
    void start() throws Exception {
        cabinet = new CabinetFixture(dir);
    }

    @AfterEach
    void stop() {
        cabinet.close();
    }

    @Test
    void shouldNeverReachAnotherOrganizationsData() throws Exception {
        CabinetFixture.Answer a = cabinet.signUpOrganization();
        CabinetFixture.Answer b = cabinet.signUpOrganization();
        String tokenA = a.json().getString("token");
        String tokenB = b.json().getString("token");
        long orgB = b.json().getJsonObject("organization").getLong("id");
        String binB = b.json().getJsonObject("organization").getString("idn");
        long pointB = cabinet.post("/api/v1/trade-points", tokenB, OrganizationAndTradePointTest.point("Точка Б"))
            .json().getLong("id");
        long pointA = cabinet.post("/api/v1/trade-points", tokenA, OrganizationAndTradePointTest.point("Точка А"))
            .json().getLong("id");
        // B's users, groups, KKM and a grant to a third organization C (a service centre); A is a centre too
        long userB = cabinet.addUser(tokenB, 1, CabinetFixture.grant("kkms:view")).getLong("id");
        long groupB = cabinet.post("/api/v1/groups", tokenB, new JsonObject().put("name", "Группа Б")
            .put("userIds", new io.vertx.core.json.JsonArray().add(userB))).json().getLong("id");
        CabinetFixture.Answer c = cabinet.signUpOrganization();
        long orgC = c.json().getJsonObject("organization").getLong("id");
        cabinet.call("PUT", "/api/v1/organization/service-centre", c.json().getString("token"),
            new JsonObject().put("serviceCentre", true));
        cabinet.call("PUT", "/api/v1/organization/service-centre", tokenA, new JsonObject().put("serviceCentre", true));
        kkmB = registerKkm(b, pointB);
        centreC = orgC;
        String applicationB = cabinet.registry.kkms().get(orgB, kkmB).orElseThrow().getApplications(0).getId();
        long grantB = cabinet.post("/api/v1/service-centre-grants", tokenB, new JsonObject().put("serviceCentreId", orgC)
            .put("kkmIds", new io.vertx.core.json.JsonArray().add(kkmB)).put("agreementAccepted", true)).json().getLong("id");
        OrganizationRecord orgBefore = cabinet.registry.organizations().byId(orgB).orElseThrow();
        List<kz.ofd.cabinet.registry.proto.KkmRecord> kkmsBefore = cabinet.registry.kkms().list(orgB);
        List<TradePointRecord> pointsBefore = cabinet.registry.tradePoints().list(orgB);
        Object usersBefore = cabinet.registry.users().list(orgB);
        Object groupsBefore = cabinet.registry.groups().list(orgB);
        Object grantsBefore = cabinet.registry.serviceCentreGrants().listOfClient(orgB);

        int sessionRoutes = 0;
        int routesWithIds = 0;
        for (Route route : cabinet.server.router().getRoutes()) {
            if (route.getPath() == null || route.methods() == null) {
                continue;
            }
            for (HttpMethod method : route.methods()) {
                String path = route.getPath();
                if (cabinet.call(method.name(), path.replaceAll(":\\w+", "1"), null, body(path)).status() != 401) {
                    // public: sign-up, login, challenge, the OpenAPI document, the fake acquirer's page
                    assertTrue(PermissionMatrixTest.PUBLIC.contains(method.name() + " " + path), path + " needs no session");
                    continue;
                }
                sessionRoutes++;
                boolean namesData = path.contains(":");
                String target = path.replace(":pointId", String.valueOf(pointB)).replace(":userId", String.valueOf(userB))
                    .replace(":groupId", String.valueOf(groupB)).replace(":grantId", String.valueOf(grantB))
                    .replace(":kkmId", String.valueOf(kkmB)).replace(":fiscalSign", "1").replace(":shift", "1")
                    .replace(":documentId", applicationB);
                assertFalse(target.contains(":"), "every path parameter is given B's id: " + target);
                CabinetFixture.Answer answer = cabinet.call(method.name(), target, tokenA, body(path));
                String where = method + " " + target + " -> " + answer.status() + " " + answer.raw().body();
                if (namesData) {
                    routesWithIds++;
                    assertTrue(answer.status() == 403 || answer.status() == 404, where);
                } else {
                    assertFalse(answer.raw().body().contains(binB), where);
                    assertFalse(answer.raw().body().contains("Точка Б"), where);
                    assertFalse(answer.raw().body().contains("user1@example.kz"), where);
                    assertFalse(answer.raw().body().contains("Группа Б"), where);
                    assertFalse(answer.raw().body().contains(applicationB), where);
                }
                if (cabinet.get("/api/v1/me", tokenA).status() == 401) {
                    tokenA = cabinet.post("/api/v1/sessions/password", null, new JsonObject()
                        .put("login", a.json().getJsonObject("user").getString("iin"))
                        .put("password", CabinetFixture.PASSWORD)).json().getString("token");
                }
            }
        }
        assertEquals(cabinet.server.routePermissions().size(), sessionRoutes, "the router's session routes were all tried");
        assertTrue(routesWithIds >= 22, "routes with ids were tried: " + routesWithIds);
        assertEquals(kkmsBefore, cabinet.registry.kkms().list(orgB), "B's KKMs are unchanged");
        assertEquals(orgBefore, cabinet.registry.organizations().byId(orgB).orElseThrow(), "B's organization is unchanged");
        assertEquals(pointsBefore, cabinet.registry.tradePoints().list(orgB), "B's trade points are unchanged");
        assertEquals(usersBefore, cabinet.registry.users().list(orgB), "B's users are unchanged");
        assertEquals(groupsBefore, cabinet.registry.groups().list(orgB), "B's groups are unchanged");
        assertEquals(grantsBefore, cabinet.registry.serviceCentreGrants().listOfClient(orgB), "B's grants are unchanged");
        assertEquals(200, cabinet.get("/api/v1/me", tokenB).status(), "B's session is untouched");
        assertEquals(200, cabinet.get("/api/v1/trade-points/" + pointA, tokenA).status(), "A still sees its own point");
    }

    /** B registers a KKM (signed with B's signing key, approved by the fake KGD); @return its id */
    private long registerKkm(CabinetFixture.Answer session, long point) throws Exception {
        String token = session.json().getString("token");
        kz.ofd.cabinet.signature.TestPki.Holder signer = cabinet.signCert(cabinet.rsaCa, kz.ofd.cabinet.signature.TestPki.Alg.RSA,
            session.json().getJsonObject("user").getString("iin"), session.json().getJsonObject("organization").getString("idn"));
        cabinet.signContract(token, signer);
        JsonObject application = kkm(point);
        byte[] doc = java.util.Base64.getDecoder().decode(cabinet.post("/api/v1/kkms/application-document", token,
            application.copy().put("kind", "REGISTRATION")).json().getString("document"));
        CabinetFixture.Answer sent = cabinet.post("/api/v1/kkms", token, application.put("signature",
            kz.ofd.cabinet.signature.TestPki.cms(signer, doc)));
        assertEquals(202, sent.status(), sent.raw().body());
        cabinet.engine.decideLast(true, "620300000099", null, null);
        return sent.json().getLong("id");
    }

    private static JsonObject kkm(long point) {
        return new JsonObject().put("name", "Касса Б").put("model", "WEBKASSA-1.0").put("serialNumber", "B0000001")
            .put("year", 2024).put("tradePointId", point).put("personalDataConsent", true).put("reason", "OTHER");
    }

    /** A valid body for routes that take one, so a refusal cannot come from validation alone. */
    static JsonObject body(String path) {
        if (path.endsWith("/organization")) {
            return OrganizationAndTradePointTest.organization("KZ86125KZT5004100100");
        }
        if (path.endsWith("/organization/service-centre")) {
            return new JsonObject().put("serviceCentre", true);
        }
        if (path.contains("/users")) {
            return CabinetFixture.newUser(77, CabinetFixture.grant("kkms:manage"));
        }
        if (path.contains("/groups")) {
            return new JsonObject().put("name", "Взлом").put("grant", CabinetFixture.grant("users:manage"));
        }
        if (path.contains("/service-centre-grants")) {
            return new JsonObject().put("serviceCentreId", centreC).put("kkmIds", new io.vertx.core.json.JsonArray().add(kkmB))
                .put("agreementAccepted", true);
        }
        if (path.contains("/trade-points")) {
            return OrganizationAndTradePointTest.point("Взлом");
        }
        if (path.contains("/kkms")) {
            return kkm(1).put("kind", "DEREGISTRATION");
        }
        return new JsonObject();
    }

    @Test
    void shouldListOnlyOwnTradePoints() throws Exception {
        String tokenA = cabinet.signUpOrganization().json().getString("token");
        String tokenB = cabinet.signUpOrganization().json().getString("token");
        cabinet.post("/api/v1/trade-points", tokenB, OrganizationAndTradePointTest.point("Точка Б"));
        io.vertx.core.json.JsonArray seen = cabinet.get("/api/v1/trade-points", tokenA).json().getJsonArray("tradePoints");
        assertTrue(seen.isEmpty(), seen.encode());
    }
}
