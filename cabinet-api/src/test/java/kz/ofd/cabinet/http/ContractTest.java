package kz.ofd.cabinet.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import kz.ofd.cabinet.TestIds;
import kz.ofd.cabinet.signature.TestPki;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * «Подписание договора» (manual 000) over REST: the accession application prefilled with the organization's
 * requisites, the offer's text, KKM registration refused until the contract is signed, every refused signature, the
 * contract's number and date, a second signature refused, and the signed application among the documents.
 */
@Timeout(120)
class ContractTest {

    @TempDir
    Path dir;
    CabinetFixture cabinet;
    String token;
    String iin;
    String bin;
    TestPki.Holder signer;

    @BeforeEach
    void start() throws Exception {
        cabinet = new CabinetFixture(dir);
        CabinetFixture.Answer session = cabinet.signUpOrganization();
        token = session.json().getString("token");
        iin = session.json().getJsonObject("user").getString("iin");
        bin = session.json().getJsonObject("organization").getString("idn");
        signer = cabinet.signCert(cabinet.rsaCa, TestPki.Alg.RSA, iin, bin);
    }

    @AfterEach
    void stop() {
        cabinet.close();
    }

    private JsonObject registration(long point) {
        return new JsonObject().put("name", "Касса").put("model", "WEBKASSA-1.0").put("serialNumber", "CT000001")
            .put("year", 2025).put("tradePointId", point).put("personalDataConsent", true);
    }

    @Test
    void shouldOfferTheApplicationPrefilledWithTheRequisitesAndTheOffersText() throws Exception {
        assertEquals(200, cabinet.call("PUT", "/api/v1/organization", token,
            OrganizationAndTradePointTest.organization("KZ86125KZT5004100100")).status());
        CabinetFixture.Answer a = cabinet.get("/api/v1/contract", token);
        assertEquals(200, a.status(), a.raw().body());
        assertEquals("NOT_SIGNED", a.json().getString("status"));
        assertNull(a.json().getString("number"));
        JsonObject application = a.json().getJsonObject("application");
        assertEquals("CONTRACT_ACCESSION", application.getString("kind"));
        String text = new String(Base64.getDecoder().decode(application.getString("document")), StandardCharsets.UTF_8);
        assertEquals(application.getString("documentText"), text);
        JsonObject doc = new JsonObject(text);
        JsonObject org = doc.getJsonObject("organization");
        assertEquals(bin, org.getString("idn"));
        assertEquals("LEGAL_ENTITY", org.getString("kind"));
        assertEquals("KZ86125KZT5004100100", org.getJsonObject("bank").getString("iik"), "bank details when the record has them");
        assertEquals(cabinet.get("/api/v1/organization", token).json().getString("legalAddress"),
            org.getString("legalAddress"));
        assertTrue(doc.getString("statement").contains(bin), doc.getString("statement"));

        JsonObject offer = a.json().getJsonObject("offer");
        assertEquals(true, offer.getBoolean("sample"), "the offer is the project's sample");
        HttpResponse<byte[]> download = cabinet.http.send(HttpRequest.newBuilder(
                URI.create(cabinet.base + offer.getString("url"))).header("Authorization", "Bearer " + token).build(),
            HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, download.statusCode());
        assertTrue(download.headers().firstValue("content-type").orElse("").startsWith("text/plain"));
        assertTrue(download.headers().firstValue("content-disposition").orElse("").contains("attachment"));
        String offerText = new String(download.body(), StandardCharsets.UTF_8);
        assertTrue(offerText.contains("ОБРАЗЕЦ") && offerText.contains("не является действующей офертой"), offerText);
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(download.body()));
        assertEquals(sha, offer.getString("sha256"));
        assertEquals(sha, doc.getJsonObject("offer").getString("sha256"), "the application names the exact offer");
        assertEquals(401, cabinet.get("/api/v1/contract/offer", null).status());
    }

    @Test
    void shouldRefuseKkmRegistrationUntilTheContractIsSigned() throws Exception {
        long point = cabinet.post("/api/v1/trade-points", token, OrganizationAndTradePointTest.point("Точка")).json()
            .getLong("id");
        CabinetFixture.Answer document = cabinet.post("/api/v1/kkms/application-document", token,
            registration(point).put("kind", "REGISTRATION"));
        assertEquals(409, document.status(), document.raw().body());
        assertEquals("contract-not-signed", document.type());
        assertTrue(document.json().getString("detail").contains("POST /api/v1/contract"), document.json().getString("detail"));
        CabinetFixture.Answer apply = cabinet.post("/api/v1/kkms", token, registration(point).put("signature", "AAAA"));
        assertEquals(409, apply.status(), apply.raw().body());
        assertEquals("contract-not-signed", apply.type());
        assertTrue(cabinet.engine.submitted.isEmpty(), "nothing applied for");
        // reading stays open before the contract
        assertEquals(200, cabinet.get("/api/v1/organization", token).status());
        assertEquals(200, cabinet.get("/api/v1/tariffs", token).status());
        assertEquals(200, cabinet.get("/api/v1/kkms", token).status());

        // a KKM registered before contracts existed (a registry of an earlier version): no tariff application either
        long org = cabinet.get("/api/v1/me", token).json().getJsonObject("organization").getLong("id");
        long legacy = cabinet.registry.kkms().create(kz.ofd.cabinet.registry.proto.KkmRecord.newBuilder()
            .setOrganizationId(org).setName("Старая касса").setModelCode("WEBKASSA-1.0").setSerialNumber("CT000009")
            .setYear(2024).setTradePointId(point).setStatus("REGISTERED").setRnm("620300000009").setOfdId(9000).build())
            .getId();
        CabinetFixture.Answer tariff = cabinet.post("/api/v1/subscriptions/" + legacy + "/application-document", token,
            new JsonObject().put("plan", "MONTHS_1").put("connection", "WIRED"));
        assertEquals(409, tariff.status(), tariff.raw().body());
        assertEquals("contract-not-signed", tariff.type());

        cabinet.signContract(token, signer);
        assertEquals(200, cabinet.post("/api/v1/kkms/application-document", token,
            registration(point).put("kind", "REGISTRATION")).status(), "open once signed");
        assertEquals(200, cabinet.post("/api/v1/subscriptions/" + legacy + "/application-document", token,
            new JsonObject().put("plan", "MONTHS_1").put("connection", "WIRED")).status());
    }

    @Test
    void shouldRefuseEverySignatureButTheOwnersOverTheApplication() throws Exception {
        JsonObject state = cabinet.get("/api/v1/contract", token).json();
        byte[] doc = Base64.getDecoder().decode(state.getJsonObject("application").getString("document"));

        CabinetFixture.Answer unsigned = cabinet.post("/api/v1/contract", token, new JsonObject());
        assertEquals(400, unsigned.status(), unsigned.raw().body());
        assertEquals(List.of("signature:required"), unsigned.errorCodes());
        HttpResponse<String> junk = cabinet.http.send(HttpRequest.newBuilder(URI.create(cabinet.base + "/api/v1/contract"))
            .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{not json")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(400, junk.statusCode());
        assertTrue(junk.body().contains("malformed-json"), junk.body());
        assertEquals("signature-malformed", cabinet.post("/api/v1/contract", token,
            new JsonObject().put("signature", "bm90IGEgQ01T")).type());
        CabinetFixture.Answer other = cabinet.post("/api/v1/contract", token, new JsonObject()
            .put("signature", TestPki.cms(signer, "{\"kind\":\"CONTRACT_ACCESSION\"}".getBytes(StandardCharsets.UTF_8))));
        assertEquals(400, other.status());
        assertEquals("signature-wrong-content", other.type());
        TestPki.Holder stranger = cabinet.signCert(cabinet.rsaCa, TestPki.Alg.RSA, TestIds.iin(77), TestIds.bin(77));
        CabinetFixture.Answer notOwner = cabinet.post("/api/v1/contract", token,
            new JsonObject().put("signature", TestPki.cms(stranger, doc)));
        assertEquals(403, notOwner.status(), notOwner.raw().body());
        assertEquals("signer-not-owner", notOwner.type());
        CabinetFixture.Answer untrusted = cabinet.post("/api/v1/contract", token, new JsonObject().put("signature",
            TestPki.cms(cabinet.signCert(cabinet.strangerCa, TestPki.Alg.RSA, iin, bin), doc)));
        assertEquals(400, untrusted.status(), untrusted.raw().body());
        // the requisites changed after the document was taken: the old document no longer matches
        assertEquals(200, cabinet.call("PUT", "/api/v1/organization", token,
            OrganizationAndTradePointTest.organization("KZ86125KZT5004100100")).status());
        assertEquals("signature-wrong-content", cabinet.post("/api/v1/contract", token,
            new JsonObject().put("signature", TestPki.cms(signer, doc))).type());
        assertEquals("NOT_SIGNED", cabinet.get("/api/v1/contract", token).json().getString("status"), "nothing signed");
        assertTrue(cabinet.get("/api/v1/documents", token).json().getJsonArray("documents").isEmpty());

        // a GOST signing key of the same organization is accepted as well (manual 000: RSA or GOSTKNCA)
        TestPki.Holder gost = cabinet.signCert(cabinet.gostCa, TestPki.Alg.GOST, iin, bin);
        JsonObject fresh = cabinet.get("/api/v1/contract", token).json();
        byte[] current = Base64.getDecoder().decode(fresh.getJsonObject("application").getString("document"));
        CabinetFixture.Answer signed = cabinet.post("/api/v1/contract", token,
            new JsonObject().put("signature", TestPki.cms(gost, current)));
        assertEquals(201, signed.status(), signed.raw().body());
    }

    @Test
    void shouldNumberTheContractOnceAndKeepTheSignedApplication() throws Exception {
        JsonObject state = cabinet.get("/api/v1/contract", token).json();
        byte[] doc = Base64.getDecoder().decode(state.getJsonObject("application").getString("document"));
        String cms = TestPki.cms(signer, doc);
        CabinetFixture.Answer signed = cabinet.post("/api/v1/contract", token, new JsonObject().put("signature", cms));
        assertEquals(201, signed.status(), signed.raw().body());
        assertEquals("SIGNED", signed.json().getString("status"));
        assertEquals("OFD-000001", signed.json().getString("number"));
        assertEquals(CabinetFixture.START.toString(), signed.json().getString("signedAt"));
        assertEquals("Договор № OFD-000001 от 02.03.2026", signed.json().getString("statusText"));
        assertNull(signed.json().getJsonObject("application"), "nothing left to sign");
        assertEquals(signed.json(), cabinet.get("/api/v1/contract", token).json());

        CabinetFixture.Answer twice = cabinet.post("/api/v1/contract", token, new JsonObject().put("signature", cms));
        assertEquals(409, twice.status(), twice.raw().body());
        assertEquals("contract-already-signed", twice.type());

        JsonArray documents = cabinet.get("/api/v1/documents", token).json().getJsonArray("documents");
        assertEquals(1, documents.size(), documents.encode());
        JsonObject listed = documents.getJsonObject(0);
        assertEquals("CONTRACT_ACCESSION", listed.getString("kind"));
        assertEquals("OFD-000001", listed.getString("contractNumber"));
        assertEquals(signed.json().getString("documentId"), listed.getString("id"));
        assertNull(listed.getValue("kkmId"));
        CabinetFixture.Answer part = cabinet.get("/api/v1/documents/" + listed.getString("id") + "?part=document", token);
        assertArrayEquals(doc, part.raw().body().getBytes(StandardCharsets.UTF_8), "the exact bytes signed");
        JsonObject full = cabinet.get("/api/v1/documents/" + listed.getString("id"), token).json();
        assertArrayEquals(Base64.getMimeDecoder().decode(cms), Base64.getDecoder().decode(full.getString("signature")));

        CabinetFixture.Answer second = cabinet.signUpOrganization();
        assertEquals("OFD-000002", cabinet.signContract(second).getString("number"), "numbers are unique per operator");
        assertEquals(1, cabinet.get("/api/v1/documents", token).json().getJsonArray("documents").size(),
            "another organization's contract is not listed");
        assertEquals(404, cabinet.get("/api/v1/documents/" + cabinet.get("/api/v1/contract",
            second.json().getString("token")).json().getString("documentId"), token).status());
    }

    @Test
    void shouldLetOnlyOrganizationManagersSign() throws Exception {
        cabinet.addUser(token, 1, CabinetFixture.grant("organization:view"));
        String viewer = cabinet.login("user1@example.kz");
        assertEquals(200, cabinet.get("/api/v1/contract", viewer).status());
        CabinetFixture.Answer refused = cabinet.post("/api/v1/contract", viewer, new JsonObject().put("signature", "AAAA"));
        assertEquals(403, refused.status());
        assertEquals("forbidden", refused.type());
    }
}
