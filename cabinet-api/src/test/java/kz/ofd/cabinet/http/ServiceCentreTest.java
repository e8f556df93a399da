package kz.ofd.cabinet.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import kz.ofd.cabinet.registry.proto.KkmRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Service centres (ЦТО, manual 001 §17): a client asks a centre to service chosen KKMs, the centre sees the
 * request and accepts or declines it, then sees only the granted KKMs; the client edits the list and ends the
 * cooperation; nobody else sees or answers the grant.
 */
@Timeout(120)
class ServiceCentreTest {

    @TempDir
    Path dir;
    CabinetFixture cabinet;
    String client;
    String clientIin;
    long clientOrg;
    String centre;
    String centreIin;
    long centreOrg;
    long k1;
    long k2;
    long k3;

    @BeforeEach
    void start() throws Exception {
        cabinet = new CabinetFixture(dir);
        CabinetFixture.Answer c = cabinet.signUpOrganization();
        client = c.json().getString("token");
        clientIin = c.json().getJsonObject("user").getString("iin");
        clientOrg = c.json().getJsonObject("organization").getLong("id");
        CabinetFixture.Answer s = cabinet.signUpOrganization();
        centre = s.json().getString("token");
        centreIin = s.json().getJsonObject("user").getString("iin");
        centreOrg = s.json().getJsonObject("organization").getLong("id");
        long p1 = cabinet.post("/api/v1/trade-points", client, OrganizationAndTradePointTest.point("Первая")).json()
            .getLong("id");
        long p2 = cabinet.post("/api/v1/trade-points", client, OrganizationAndTradePointTest.point("Вторая")).json()
            .getLong("id");
        k1 = kkm(clientOrg, p1, "SN-0001");
        k2 = kkm(clientOrg, p1, "SN-0002");
        k3 = kkm(clientOrg, p2, "SN-0003");
        CabinetFixture.Answer profile = cabinet.call("PUT", "/api/v1/organization/service-centre", centre, new JsonObject()
            .put("serviceCentre", true).put("kkmModels", new JsonArray().add("Меркурий 185Ф")));
        assertEquals(200, profile.status(), profile.raw().body());
    }

    @AfterEach
    void stop() {
        cabinet.close();
    }

    private long kkm(long org, long point, String serial) {
        return cabinet.registry.kkms().create(KkmRecord.newBuilder().setOrganizationId(org).setTradePointId(point)
            .setName("Касса " + serial).setModelCode("MERCURY-185F").setSerialNumber(serial).setStatus("REGISTERED")
            .build()).getId();
    }

    private JsonObject request(long... kkms) {
        JsonArray ids = new JsonArray();
        for (long k : kkms) {
            ids.add(k);
        }
        return new JsonObject().put("serviceCentreId", centreOrg).put("kkmIds", ids)
            .put("modules", new JsonArray().add("token-generation")).put("agreementAccepted", true);
    }

    private static List<Long> ids(JsonArray kkms) {
        List<Long> out = new ArrayList<>();
        kkms.forEach(k -> out.add(((JsonObject) k).getLong("id")));
        return out;
    }

    @Test
    void shouldGoFromRequestToAcceptanceToEditToTermination() throws Exception {
        String model = java.net.URLEncoder.encode("Меркурий 185Ф", java.nio.charset.StandardCharsets.UTF_8);
        JsonArray found = cabinet.get("/api/v1/service-centres?model=" + model, client).json().getJsonArray("serviceCentres");
        assertEquals(1, found.size(), found.encode());
        assertEquals(centreOrg, found.getJsonObject(0).getLong("id"));
        assertEquals(0, cabinet.get("/api/v1/service-centres?model=other", client).json()
            .getJsonArray("serviceCentres").size());

        CabinetFixture.Answer created = cabinet.post("/api/v1/service-centre-grants", client, request(k1, k2));
        assertEquals(201, created.status(), created.raw().body());
        long grant = created.json().getLong("id");
        assertEquals("PENDING", created.json().getString("status"));
        assertEquals("Ожидает ответа ЦТО с 02.03.2026", created.json().getString("statusText"));
        assertEquals(409, cabinet.post("/api/v1/service-centre-grants", client, request(k3)).status(),
            "one open grant per centre");

        JsonObject seen = cabinet.get("/api/v1/service-centre/requests", centre).json().getJsonArray("requests")
            .getJsonObject(0);
        assertEquals(grant, seen.getLong("id"));
        assertEquals("PENDING", seen.getString("status"));
        assertEquals(clientOrg, seen.getJsonObject("client").getLong("id"));
        CabinetFixture.Answer early = cabinet.get("/api/v1/service-centre/requests/" + grant + "/kkms", centre);
        assertEquals(409, early.status(), "no KKMs before acceptance");
        assertEquals("grant-not-active", early.type());

        CabinetFixture.Answer accepted = cabinet.post("/api/v1/service-centre/requests/" + grant + "/acceptance", centre, null);
        assertEquals(200, accepted.status(), accepted.raw().body());
        assertEquals("ACTIVE", accepted.json().getString("status"));
        assertEquals("ACTIVE", cabinet.get("/api/v1/service-centre-grants/" + grant, client).json().getString("status"));
        assertEquals(409, cabinet.post("/api/v1/service-centre/requests/" + grant + "/decline", centre, null).status(),
            "an answered request cannot be answered again");
        JsonObject visible = cabinet.get("/api/v1/service-centre/requests/" + grant + "/kkms", centre).json();
        assertEquals(List.of(k1, k2), ids(visible.getJsonArray("kkms")));
        assertEquals("SN-0001", visible.getJsonArray("kkms").getJsonObject(0).getString("serialNumber"));

        CabinetFixture.Answer edited = cabinet.call("PUT", "/api/v1/service-centre-grants/" + grant + "/kkms", client,
            new JsonObject().put("kkmIds", new JsonArray().add(k3)).put("agreementAccepted", true));
        assertEquals(200, edited.status(), edited.raw().body());
        assertEquals(List.of(k3), ids(cabinet.get("/api/v1/service-centre/requests/" + grant + "/kkms", centre).json()
            .getJsonArray("kkms")), "the centre sees the new list only");

        cabinet.clock.advance(java.time.Duration.ofDays(3));
        client = cabinet.login(clientIin);
        centre = cabinet.login(centreIin);
        CabinetFixture.Answer ended = cabinet.post("/api/v1/service-centre-grants/" + grant + "/termination", client, null);
        assertEquals(200, ended.status(), ended.raw().body());
        assertEquals("TERMINATED", ended.json().getString("status"));
        assertEquals("Расторгнут с 05.03.2026", ended.json().getString("statusText"));
        assertEquals(409, cabinet.get("/api/v1/service-centre/requests/" + grant + "/kkms", centre).status(),
            "after «Прекратить показ данных» the centre sees no KKM");
        assertEquals("grant-closed", cabinet.call("PUT", "/api/v1/service-centre-grants/" + grant + "/kkms", client,
            new JsonObject().put("kkmIds", new JsonArray().add(k1)).put("agreementAccepted", true)).type());
        assertEquals(201, cabinet.post("/api/v1/service-centre-grants", client, request(k1)).status(),
            "a new request after the end");
        CabinetFixture.Answer unmark = cabinet.call("PUT", "/api/v1/organization/service-centre", centre,
            new JsonObject().put("serviceCentre", false));
        assertEquals(409, unmark.status(), "a centre with an open grant stays one: " + unmark.raw().body());
        assertEquals("service-centre-has-grants", unmark.type());
    }

    @Test
    void shouldLetTheCentreDecline() throws Exception {
        long grant = cabinet.post("/api/v1/service-centre-grants", client, request(k1)).json().getLong("id");
        CabinetFixture.Answer declined = cabinet.post("/api/v1/service-centre/requests/" + grant + "/decline", centre, null);
        assertEquals(200, declined.status(), declined.raw().body());
        assertEquals("DECLINED", cabinet.get("/api/v1/service-centre-grants/" + grant, client).json().getString("status"));
        assertEquals(409, cabinet.get("/api/v1/service-centre/requests/" + grant + "/kkms", centre).status());
        assertEquals(409, cabinet.post("/api/v1/service-centre/requests/" + grant + "/acceptance", centre, null).status());
        assertEquals(409, cabinet.post("/api/v1/service-centre-grants/" + grant + "/termination", client, null).status());
    }

    @Test
    void shouldReportBadRequestsFieldByField() throws Exception {
        CabinetFixture.Answer bad = cabinet.post("/api/v1/service-centre-grants", client, new JsonObject()
            .put("serviceCentreId", clientOrg).put("kkmIds", new JsonArray().add(999_999).add("x"))
            .put("modules", new JsonArray().add("everything")));
        assertEquals(400, bad.status(), bad.raw().body());
        assertTrue(bad.errorCodes().containsAll(List.of("serviceCentreId:not-a-service-centre", "kkmIds:unknown-kkm",
            "kkmIds[1]:type", "modules:unknown-module", "agreementAccepted:agreement-required")), bad.errorCodes().toString());
        CabinetFixture.Answer empty = cabinet.post("/api/v1/service-centre-grants", client, new JsonObject()
            .put("kkmIds", new JsonArray()).put("agreementAccepted", true));
        assertTrue(empty.errorCodes().containsAll(List.of("serviceCentreId:required", "kkmIds:required")),
            empty.errorCodes().toString());
        CabinetFixture.Answer profile = cabinet.call("PUT", "/api/v1/organization/service-centre", client,
            new JsonObject().put("kkmModels", "x"));
        assertTrue(profile.errorCodes().containsAll(List.of("serviceCentre:required", "kkmModels:type")),
            profile.errorCodes().toString());
        String other = cabinet.signUpOrganization().json().getString("token");
        long otherKkm = kkm(cabinet.registry.users().byLogin(cabinet.get("/api/v1/me", other).json()
            .getJsonObject("user").getString("iin")).orElseThrow().getOrganizationId(), 1, "SN-9999");
        CabinetFixture.Answer foreign = cabinet.post("/api/v1/service-centre-grants", client, request(otherKkm));
        assertEquals(List.of("kkmIds:unknown-kkm"), foreign.errorCodes(), "another organization's KKM cannot be granted");
    }

    @Test
    void shouldKeepGrantsBetweenTheTwoSides() throws Exception {
        long grant = cabinet.post("/api/v1/service-centre-grants", client, request(k1)).json().getLong("id");
        String stranger = cabinet.signUpOrganization().json().getString("token");
        cabinet.call("PUT", "/api/v1/organization/service-centre", stranger, new JsonObject().put("serviceCentre", true));
        assertEquals(404, cabinet.post("/api/v1/service-centre/requests/" + grant + "/acceptance", stranger, null).status(),
            "another centre cannot answer");
        assertEquals(404, cabinet.get("/api/v1/service-centre/requests/" + grant, client).status(),
            "the client is not the centre");
        assertEquals(404, cabinet.post("/api/v1/service-centre-grants/" + grant + "/termination", centre, null).status(),
            "the centre cannot end the client's grant through the client's routes");
        assertEquals(0, cabinet.get("/api/v1/service-centre/requests", stranger).json().getJsonArray("requests").size());
        assertEquals(0, cabinet.get("/api/v1/service-centre-grants", centre).json().getJsonArray("grants").size());
        assertEquals("PENDING", cabinet.get("/api/v1/service-centre-grants/" + grant, client).json().getString("status"));
    }

    @Test
    void shouldLimitGrantableKkmsToTheUsersTradePoints() throws Exception {
        long p1 = cabinet.registry.kkms().get(clientOrg, k1).orElseThrow().getTradePointId();
        cabinet.addUser(client, 1, CabinetFixture.grant("service-centres:manage").put("modules", CabinetFixture
            .grant("service-centres:manage", "kkms:view").getJsonArray("modules")).put("allTradePoints", false)
            .put("tradePointIds", new JsonArray().add(p1)));
        String user = cabinet.login("user1@example.kz");
        CabinetFixture.Answer inside = cabinet.post("/api/v1/service-centre-grants", user, request(k1, k2));
        assertEquals(201, inside.status(), inside.raw().body());
        assertEquals(200, cabinet.post("/api/v1/service-centre-grants/" + inside.json().getLong("id") + "/termination",
            client, null).status());
        CabinetFixture.Answer outside = cabinet.post("/api/v1/service-centre-grants", user, request(k3));
        assertEquals(List.of("kkmIds:unknown-kkm"), outside.errorCodes(), "k3 is on a point the user does not see");
    }
}
