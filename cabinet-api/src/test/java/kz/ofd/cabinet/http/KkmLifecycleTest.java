package kz.ofd.cabinet.http;

import io.vertx.core.json.JsonObject;
import kz.ofd.cabinet.signature.TestPki;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The KKM lifecycle over REST against an in-memory engine and KGD ({@link FakeKkmEngine}): registration signed with
 * the signing key, KGD's approval and refusal, the token and its re-issue, re-registration, deregistration only with
 * the shift closed, and every kind of bad application as field-level problems. The engine module runs the same flow
 * against the real ring and the KGD simulator.
 */
@Timeout(120)
class KkmLifecycleTest {

    @TempDir
    Path dir;
    CabinetFixture cabinet;
    String token;
    String iin;
    String bin;
    TestPki.Holder signer;
    long point;

    @BeforeEach
    void start() throws Exception {
        cabinet = new CabinetFixture(dir);
        CabinetFixture.Owner owner = cabinet.owner();
        token = owner.token();
        iin = owner.iin();
        bin = owner.bin();
        signer = owner.signer();
        point = owner.point();
        // The manual's example promo code (001 §3.2), issued by the operator for «3 месяца», wired.
        cabinet.server.billing().addPromoCode("2YRS3RLDKT1Y3BVYO1GOXGQ9Z", "MONTHS_3", 100_000, "test");
    }

    @AfterEach
    void stop() {
        cabinet.close();
    }

    private JsonObject application(String serial) {
        return new JsonObject().put("name", "Отдел хлебобулочных изделий").put("model", "WEBKASSA-1.0")
            .put("serialNumber", serial).put("year", 2025).put("tradePointId", point).put("tariff", "MONTHS_3")
            .put("promoCode", "2YRS3-RLDKT-1Y3BV-YO1GO-XGQ9Z").put("personalDataConsent", true);
    }

    /** @return the document the cabinet asks to sign for this request */
    private byte[] document(JsonObject request) throws Exception {
        CabinetFixture.Answer a = cabinet.post("/api/v1/kkms/application-document", token, request);
        assertEquals(200, a.status(), a.raw().body());
        return Base64.getDecoder().decode(a.json().getString("document"));
    }

    private CabinetFixture.Answer apply(JsonObject application, TestPki.Holder who) throws Exception {
        byte[] doc = document(application.copy().put("kind", "REGISTRATION"));
        return cabinet.post("/api/v1/kkms", token, application.copy().put("signature", TestPki.cms(who, doc)));
    }

    private long registered(String serial, String rnm) throws Exception {
        CabinetFixture.Answer sent = apply(application(serial), signer);
        assertEquals(202, sent.status(), sent.raw().body());
        cabinet.engine.decideLast(true, rnm, null, null);
        return sent.json().getLong("id");
    }

    @Test
    void shouldRegisterIssueTokensAndDeregisterAfterTheShiftIsClosed() throws Exception {
        CabinetFixture.Answer sent = apply(application("ai01302200"), signer);
        assertEquals(202, sent.status(), sent.raw().body());
        assertEquals("AWAITING_REGISTRATION", sent.json().getString("status"));
        assertEquals("Ожидает регистрацию в КГД", sent.json().getString("statusText"));
        assertNull(sent.json().getValue("token"), "no token before KGD registers the KKM");
        assertEquals("2YRS3RLDKT1Y3BVYO1GOXGQ9Z", sent.json().getString("promoCode"));
        long id = sent.json().getLong("id");
        FakeKkmEngine.Submitted app = cabinet.engine.submitted.get(0);
        assertEquals("REGISTRATION", app.kind().name());
        JsonObject doc = new JsonObject(app.document());
        assertEquals(bin, doc.getString("idn"));
        assertEquals("ai01302200", doc.getString("serialNumber"));
        assertArrayEquals(document(application("ai01302200").put("kind", "REGISTRATION")),
            app.document().getBytes(StandardCharsets.UTF_8), "KGD gets exactly the document the owner signed");
        assertEquals(409, cabinet.delete("/api/v1/trade-points/" + point, token).status(),
            "a trade point with a KKM applied for cannot be deleted");

        cabinet.engine.decideLast(true, "620300000173", null, null);
        JsonObject kkm = cabinet.get("/api/v1/kkms/" + id, token).json();
        assertEquals("REGISTERED", kkm.getString("status"));
        assertEquals("Зарегистрирована", kkm.getString("statusText"));
        assertEquals("620300000173", kkm.getString("rnm"));
        long ofdId = kkm.getLong("ofdId");
        long first = kkm.getLong("token");
        assertEquals(first, cabinet.engine.kkms.get(ofdId).token, "the token shown is the one the engine holds");
        assertEquals("620300000173", cabinet.engine.kkms.get(ofdId).registration.rnm());
        assertEquals(false, kkm.getJsonObject("engine").getBoolean("shiftOpen"));

        CabinetFixture.Answer reissued = cabinet.post("/api/v1/kkms/" + id + "/token", token, null);
        assertEquals(200, reissued.status(), reissued.raw().body());
        assertNotEquals(first, reissued.json().getLong("token"));
        assertEquals(reissued.json().getLong("token"), cabinet.engine.kkms.get(ofdId).token);

        JsonObject leave = new JsonObject().put("kind", "DEREGISTRATION").put("kkmId", id).put("reason", "MODEL_REPLACED")
            .put("personalDataConsent", true);
        byte[] leaveDoc = document(leave);
        assertTrue(new String(leaveDoc, StandardCharsets.UTF_8).contains("Замена ККМ"));
        cabinet.engine.kkms.get(ofdId).shiftOpen = true;
        CabinetFixture.Answer refused = cabinet.post("/api/v1/kkms/" + id + "/deregistration", token,
            leave.copy().put("signature", TestPki.cms(signer, leaveDoc)));
        assertEquals(409, refused.status(), refused.raw().body());
        assertEquals("shift-open", refused.type());
        cabinet.engine.kkms.get(ofdId).shiftOpen = false;
        CabinetFixture.Answer leaving = cabinet.post("/api/v1/kkms/" + id + "/deregistration", token,
            leave.copy().put("signature", TestPki.cms(signer, leaveDoc)));
        assertEquals(202, leaving.status(), leaving.raw().body());
        assertEquals("Ожидает снятия с учета в КГД", leaving.json().getString("statusText"));
        assertEquals(409, cabinet.post("/api/v1/kkms/" + id + "/deregistration", token,
            leave.copy().put("signature", TestPki.cms(signer, leaveDoc))).status(), "one application at a time");
        cabinet.engine.decideLast(true, "620300000173", null, null);
        kkm = cabinet.get("/api/v1/kkms/" + id, token).json();
        assertEquals("DEREGISTERED", kkm.getString("status"));
        assertEquals("MODEL_REPLACED", kkm.getString("deregistrationReason"));
        assertNull(kkm.getValue("token"));
        assertTrue(cabinet.engine.kkms.get(ofdId).blockReason.contains("Замена ККМ"), "the engine refuses it from now on");
        assertEquals(409, cabinet.post("/api/v1/kkms/" + id + "/token", token, null).status());
        assertEquals(List.of("AWAITING_REGISTRATION", "REGISTERED", "REGISTERED", "AWAITING_DEREGISTRATION", "DEREGISTERED"),
            kkm.getJsonArray("history").stream().map(e -> ((JsonObject) e).getString("status")).toList());
        assertEquals(4, cabinet.engine.journal.stream().filter(l -> l.startsWith("event ")).count(),
            "every status change went to the engine's journal: " + cabinet.engine.journal);
        assertEquals(204, cabinet.delete("/api/v1/trade-points/" + point, token).status(),
            "a point whose only KKM is deregistered can be deleted");
        point = cabinet.post("/api/v1/trade-points", token, OrganizationAndTradePointTest.point("Новая")).json().getLong("id");
        assertEquals(202, apply(application("ai01302200"), signer).status(), "a deregistered machine may apply again");
    }

    @Test
    void shouldReregisterAtAnotherPointAndKeepARefusalWithItsReason() throws Exception {
        long id = registered("100010", "620300000001");
        long other = cabinet.post("/api/v1/trade-points", token, OrganizationAndTradePointTest.point("Касса 2")).json()
            .getLong("id");
        JsonObject move = new JsonObject().put("kind", "REREGISTRATION").put("kkmId", id).put("tradePointId", other);
        CabinetFixture.Answer moving = cabinet.post("/api/v1/kkms/" + id + "/reregistration", token,
            move.copy().put("signature", TestPki.cms(signer, document(move))));
        assertEquals(202, moving.status(), moving.raw().body());
        assertEquals("Ожидает перерегистрацию", moving.json().getString("statusText"));
        cabinet.engine.decideLast(false, "620300000001", "WRONG_ADDRESS", "адрес не найден");
        JsonObject kkm = cabinet.get("/api/v1/kkms/" + id, token).json();
        assertEquals("REGISTERED", kkm.getString("status"), "a refused re-registration leaves the KKM registered");
        assertEquals("WRONG_ADDRESS", kkm.getJsonObject("lastRefusal").getString("code"));
        assertEquals(point, kkm.getLong("tradePointId"));
        FakeKkmEngine.Held held = cabinet.engine.kkms.get(kkm.getLong("ofdId"));
        assertNull(held.details, "a refused re-registration leaves the engine's data as registered");
        CabinetFixture.Answer stale = cabinet.post("/api/v1/kkms/" + id + "/reregistration", token,
            move.copy().put("signature", TestPki.cms(signer, moving.json().encode().getBytes(StandardCharsets.UTF_8))));
        assertEquals("signature-wrong-content", stale.type(), stale.raw().body());
        CabinetFixture.Answer again = cabinet.post("/api/v1/kkms/" + id + "/reregistration", token,
            move.copy().put("signature", TestPki.cms(signer, document(move))));
        assertEquals(202, again.status(), again.raw().body());
        cabinet.engine.down = true;
        cabinet.engine.decideLast(true, "620300000001", null, null);
        assertEquals("AWAITING_REREGISTRATION", cabinet.get("/api/v1/kkms/" + id, token).json().getString("status"),
            "an approval the engine cannot apply leaves the KKM awaiting");
        cabinet.engine.down = false;
        cabinet.engine.decideLast(true, "620300000001", null, null);
        assertEquals(other, cabinet.get("/api/v1/kkms/" + id, token).json().getLong("tradePointId"));
        assertNotNull(held.details, "the engine got the new data: " + cabinet.engine.journal);
        assertEquals("Касса 2", held.details.pointName());
        assertEquals(held.registration.serialNumber(), held.details.serialNumber());
        assertNotEquals(held.registration.pointName(), held.details.pointName());

        CabinetFixture.Answer sent = apply(application("200020"), signer);
        cabinet.engine.decideLast(false, null, "INVALID_DATA", "serial number unknown to the register");
        JsonObject refused = cabinet.get("/api/v1/kkms/" + sent.json().getLong("id"), token).json();
        assertEquals("REFUSED_BY_KGD", refused.getString("status"));
        assertEquals("serial number unknown to the register", refused.getJsonObject("lastRefusal").getString("reason"));
        assertEquals(202, apply(application("200020"), signer).status(), "a refused machine may apply again");
    }

    @Test
    void shouldSendPendingApplicationsAgainAfterARestart() throws Exception {
        CabinetFixture.Answer sent = apply(application("500050"), signer);
        assertEquals(202, sent.status(), sent.raw().body());
        FakeKkmEngine.Submitted first = cabinet.engine.submitted.get(0);

        FakeKkmEngine restarted = new FakeKkmEngine();
        new kz.ofd.cabinet.kkm.KkmLifecycle(cabinet.registry, new kz.ofd.cabinet.signature.ChallengeSignatureVerifier(
            new kz.ofd.cabinet.signature.TrustMaterial(List.of(), List.of()), true), restarted, restarted, cabinet.clock,
            new java.security.SecureRandom());
        assertEquals(1, restarted.submitted.size(), "the gateway forgot it; the cabinet sends it again");
        FakeKkmEngine.Submitted again = restarted.submitted.get(0);
        assertEquals(first.id(), again.id(), "same application id: KGD deduplicates");
        assertEquals(first.document(), again.document());
        assertArrayEquals(first.signature(), again.signature());
        restarted.decideLast(true, "620300000050", null, null);
        long ofdId = restarted.kkms.keySet().iterator().next();
        kz.ofd.cabinet.registry.proto.KkmRecord kkm = cabinet.registry.kkms().byOfdId(ofdId).orElseThrow();
        assertEquals(sent.json().getLong("id"), kkm.getId());
        assertEquals("REGISTERED", kkm.getStatus());
        assertTrue(kkm.getPendingDocument().isEmpty(), "a decided application is not kept");
    }

    @Test
    void shouldRefuseBadApplicationsFieldByField() throws Exception {
        JsonObject bad = new JsonObject().put("name", "Касса").put("model", "NO-SUCH").put("serialNumber", "ab")
            .put("year", 1950).put("tradePointId", 9999).put("tariff", "FOREVER").put("promoCode", "SHORT");
        CabinetFixture.Answer a = cabinet.post("/api/v1/kkms", token, bad);
        assertEquals(400, a.status(), a.raw().body());
        assertEquals(List.of("model:unknown-model", "year:year-range", "tradePointId:trade-point-not-found",
            "tariff:unknown-tariff", "promoCode:promo-code-format", "personalDataConsent:consent-required"), a.errorCodes());
        CabinetFixture.Answer serial = cabinet.post("/api/v1/kkms/application-document", token,
            application("бад серийный").put("kind", "REGISTRATION"));
        assertEquals(List.of("serialNumber:serial-format"), serial.errorCodes());

        String b = cabinet.signUpOrganization().json().getString("token");
        long pointB = cabinet.post("/api/v1/trade-points", b, OrganizationAndTradePointTest.point("Чужая")).json()
            .getLong("id");
        CabinetFixture.Answer foreign = cabinet.post("/api/v1/kkms/application-document", token,
            application("300030").put("tradePointId", pointB).put("kind", "REGISTRATION"));
        assertEquals(List.of("tradePointId:trade-point-not-found"), foreign.errorCodes(), "another organization's point");

        CabinetFixture.Answer unsigned = cabinet.post("/api/v1/kkms", token, application("300030"));
        assertEquals(List.of("signature:required"), unsigned.errorCodes());
        byte[] doc = document(application("300030").put("kind", "REGISTRATION"));
        CabinetFixture.Answer forged = cabinet.post("/api/v1/kkms", token, application("300030")
            .put("signature", TestPki.cms(signer, TestPki.otherKey(signer), doc, false)));
        assertEquals("signature-invalid", forged.type(), forged.raw().body());
        CabinetFixture.Answer otherData = cabinet.post("/api/v1/kkms", token, application("300030").put("year", 2024)
            .put("signature", TestPki.cms(signer, doc)));
        assertEquals("signature-wrong-content", otherData.type(), "signed for 2025, sent with 2024");
        CabinetFixture.Answer authKey = cabinet.post("/api/v1/kkms", token, application("300030")
            .put("signature", TestPki.cms(cabinet.authCert(cabinet.rsaCa, TestPki.Alg.RSA, iin, bin), doc)));
        assertEquals("certificate-not-for-signing", authKey.type(), authKey.raw().body());
        CabinetFixture.Answer stranger = cabinet.post("/api/v1/kkms", token, application("300030")
            .put("signature", TestPki.cms(cabinet.signCert(cabinet.gostCa, TestPki.Alg.GOST, kz.ofd.cabinet.TestIds.iin(77),
                kz.ofd.cabinet.TestIds.bin(77)), doc)));
        assertEquals(403, stranger.status(), stranger.raw().body());
        assertEquals("signer-not-owner", stranger.type());
        assertTrue(cabinet.engine.submitted.isEmpty(), "nothing refused reached KGD");
        assertTrue(cabinet.get("/api/v1/kkms", token).json().getJsonArray("kkms").isEmpty(), "nothing refused was stored");

        CabinetFixture.Answer detached = cabinet.post("/api/v1/kkms", token, application("300030")
            .put("signature", TestPki.cms(signer, signer.keys(), doc, false)));
        assertEquals(202, detached.status(), "a detached CMS over the document is accepted: " + detached.raw().body());
        CabinetFixture.Answer duplicate = apply(application("300030"), signer);
        assertEquals(List.of("serialNumber:already-registered"), duplicate.errorCodes());
        assertEquals(1, cabinet.engine.submitted.size());

        cabinet.engine.down = true;
        CabinetFixture.Answer down = apply(application("400040"), signer);
        assertEquals(503, down.status(), down.raw().body());
        assertEquals(1, cabinet.get("/api/v1/kkms", token).json().getJsonArray("kkms").size(), "not journaled, not stored");
        assertEquals(404, cabinet.get("/api/v1/kkms/" + (detached.json().getLong("id")), b).status(),
            "another organization's KKM is not found");
    }

    @Test
    void shouldKeepTheSignedApplicationsAsDownloadableDocuments() throws Exception {
        long id = registered("ai01302277", "620300000177");
        FakeKkmEngine.Submitted app = cabinet.engine.submitted.get(0);
        io.vertx.core.json.JsonArray documents = cabinet.get("/api/v1/documents", token).json().getJsonArray("documents");
        assertEquals(2, documents.size(), documents.encode());
        assertEquals("CONTRACT_ACCESSION", documents.getJsonObject(0).getString("kind"), "the contract comes first");
        JsonObject listed = documents.getJsonObject(1);
        assertEquals(app.id(), listed.getString("id"));
        assertEquals("REGISTRATION", listed.getString("kind"));
        assertEquals(id, listed.getLong("kkmId"));
        JsonObject one = cabinet.get("/api/v1/documents/" + app.id(), token).json();
        assertEquals(app.document(), one.getString("document"), "kept after KGD approved it");
        assertArrayEquals(app.signature(), Base64.getDecoder().decode(one.getString("signature")));
        java.net.http.HttpResponse<byte[]> cms = cabinet.http.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(cabinet.base + "/api/v1/documents/" + app.id() + "?part=signature"))
            .header("Authorization", "Bearer " + token).build(), java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        assertEquals("application/pkcs7-signature", cms.headers().firstValue("content-type").orElse(""));
        assertTrue(cms.headers().firstValue("content-disposition").orElse("").contains(".p7s"));
        assertArrayEquals(app.signature(), cms.body());
        CabinetFixture.Answer document = cabinet.get("/api/v1/documents/" + app.id() + "?part=document", token);
        assertEquals(app.document(), document.raw().body());
        assertEquals(List.of("part:type"), cabinet.get("/api/v1/documents/" + app.id() + "?part=x", token).errorCodes());
        assertEquals("document-not-found", cabinet.get("/api/v1/documents/nope", token).type());
        cabinet.addUser(token, 1, CabinetFixture.grant("kkms:view"));
        assertEquals(403, cabinet.get("/api/v1/documents", cabinet.login("user1@example.kz")).status());
    }
}
