package kz.ofd.cabinet.http;

import io.vertx.core.json.JsonObject;
import kz.ofd.cabinet.TestIds;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(120)
class OrganizationAndTradePointTest {

    @TempDir
    Path dir;
    CabinetFixture cabinet;
    String token;

    @BeforeEach
    void start() throws Exception {
        cabinet = new CabinetFixture(dir);
        token = cabinet.signUpOrganization().json().getString("token");
    }

    @AfterEach
    void stop() {
        cabinet.close();
    }

    static JsonObject organization(String iik) {
        return new JsonObject()
            .put("legalAddress", "г. Астана, ул. Алматы 1")
            .put("actualAddress", "г. Астана, ул. Кенесары 40, офис 12")
            .put("bank", new JsonObject().put("bik", "caspkzka").put("iik", iik))
            .put("head", new JsonObject().put("position", "Директор").put("name", "Тестов Тест").put("iin", TestIds.iin(41)))
            .put("contacts", new JsonObject().put("phone", "+7 708 150-28-10").put("email", "office@example.kz"))
            .put("vat", new JsonObject().put("payer", true).put("certificateSeries", "60001")
                .put("certificateNumber", "1234567"));
    }

    @Test
    void shouldEditOrganizationAndKeepCertificateFieldsReadOnly() throws Exception {
        CabinetFixture.Answer before = cabinet.get("/api/v1/organization", token);
        assertEquals(200, before.status());
        CabinetFixture.Answer put = cabinet.call("PUT", "/api/v1/organization", token,
            organization("kz86 125K ZT50 0410 0100").put("idn", TestIds.bin(99)).put("name", "Другое имя"));
        assertEquals(200, put.status(), put.raw().body());
        JsonObject org = cabinet.get("/api/v1/organization", token).json();
        assertEquals(before.json().getString("idn"), org.getString("idn"), "the BIN comes from the certificate only");
        assertEquals(before.json().getString("name"), org.getString("name"));
        assertEquals("KZ86125KZT5004100100", org.getJsonObject("bank").getString("iik"));
        assertEquals("CASPKZKA", org.getJsonObject("bank").getString("bik"));
        assertEquals("+77081502810", org.getJsonObject("contacts").getString("phone"));
        assertEquals("1234567", org.getJsonObject("vat").getString("certificateNumber"));
        assertEquals("Директор", org.getJsonObject("head").getString("position"));
    }

    @Test
    void shouldRefuseBadIbanWithFieldLevelProblem() throws Exception {
        CabinetFixture.Answer checksum = cabinet.call("PUT", "/api/v1/organization", token, organization("KZ86125KZT5004100101"));
        assertEquals(400, checksum.status());
        assertEquals("application/problem+json", checksum.raw().headers().firstValue("content-type").orElse(""));
        assertEquals(List.of("bank.iik:iban-checksum"), checksum.errorCodes());
        assertEquals("/api/v1/organization", checksum.json().getString("instance"));
        assertEquals(List.of("bank.iik:iban-length"),
            cabinet.call("PUT", "/api/v1/organization", token, organization("KZ86125KZT500410010")).errorCodes());
        assertEquals(List.of("bank.iik:iban-country"),
            cabinet.call("PUT", "/api/v1/organization", token, organization("DE89370400440532013000")).errorCodes());
    }

    @Test
    void shouldRefuseHeadIinChecksumPhoneAndVatWithoutCertificate() throws Exception {
        JsonObject body = organization("KZ86125KZT5004100100");
        body.getJsonObject("head").put("iin", TestIds.withWrongCheckDigit(TestIds.iin(42)));
        body.getJsonObject("contacts").put("phone", "+7 495 123 45 67");
        body.put("vat", new JsonObject().put("payer", true));
        CabinetFixture.Answer a = cabinet.call("PUT", "/api/v1/organization", token, body);
        assertEquals(List.of("head.iin:idn-checksum", "contacts.phone:phone-format", "vat.certificateSeries:required",
            "vat.certificateNumber:required"), a.errorCodes());
    }

    static JsonObject point(String name) {
        return new JsonObject().put("name", name).put("region", "г. Астана").put("locality", "р-н Есильский, г. Астана")
            .put("street", "пр. Мангилик Ел").put("building", "55").put("premises", "13");
    }

    @Test
    void shouldCreateListEditAndDeleteTradePoints() throws Exception {
        CabinetFixture.Answer created = cabinet.post("/api/v1/trade-points", token, point("Магазин"));
        assertEquals(201, created.status(), created.raw().body());
        long id = created.json().getLong("id");
        assertEquals("/api/v1/trade-points/" + id, created.raw().headers().firstValue("location").orElse(""));
        cabinet.post("/api/v1/trade-points", token, point("Склад"));
        assertEquals(2, cabinet.get("/api/v1/trade-points", token).json().getJsonArray("tradePoints").size());

        CabinetFixture.Answer edited = cabinet.call("PUT", "/api/v1/trade-points/" + id, token,
            point("Магазин №1").put("building", "57").putNull("premises"));
        assertEquals(200, edited.status(), edited.raw().body());
        JsonObject read = cabinet.get("/api/v1/trade-points/" + id, token).json();
        assertEquals("Магазин №1", read.getString("name"));
        assertEquals("57", read.getString("building"));
        assertNull(read.getString("premises"));

        CabinetFixture.Answer invalid = cabinet.post("/api/v1/trade-points", token, new JsonObject().put("name", "x"));
        assertEquals(List.of("region:required", "locality:required", "street:required", "building:required"),
            invalid.errorCodes());

        assertEquals(204, cabinet.call("DELETE", "/api/v1/trade-points/" + id, token, null).status());
        assertEquals(404, cabinet.get("/api/v1/trade-points/" + id, token).status());
        assertEquals("trade-point-not-found", cabinet.call("DELETE", "/api/v1/trade-points/" + id, token, null).type());
        assertEquals(404, cabinet.get("/api/v1/trade-points/abc", token).status());
    }

    @Test
    void shouldRefuseDeletingOrMovingTradePointWithActiveKkms() throws Exception {
        long id = cabinet.post("/api/v1/trade-points", token, point("Магазин")).json().getLong("id");
        cabinet.kkms.set(1);
        CabinetFixture.Answer delete = cabinet.call("DELETE", "/api/v1/trade-points/" + id, token, null);
        assertEquals(409, delete.status());
        assertEquals("trade-point-has-kkms", delete.type());
        assertTrue(delete.json().getString("detail").contains("1 active KKM"), delete.raw().body());
        CabinetFixture.Answer move = cabinet.call("PUT", "/api/v1/trade-points/" + id, token,
            point("Магазин").put("building", "1"));
        assertEquals(409, move.status());
        assertEquals(200, cabinet.call("PUT", "/api/v1/trade-points/" + id, token, point("Переименован")).status(),
            "a rename does not move the KKMs");
        assertEquals(200, cabinet.get("/api/v1/trade-points/" + id, token).status(), "still there");
        cabinet.kkms.set(0);
        assertEquals(204, cabinet.call("DELETE", "/api/v1/trade-points/" + id, token, null).status());
    }

    @Test
    void shouldAnswerProblemsForUnknownRoutesAndMalformedBodies() throws Exception {
        CabinetFixture.Answer none = cabinet.get("/api/v1/nothing-here", token);
        assertEquals(404, none.status());
        assertEquals("not-found", none.type());
        java.net.http.HttpResponse<String> junk = cabinet.http.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(cabinet.base + "/api/v1/trade-points")).header("Authorization", "Bearer " + token)
            .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{not json")).build(),
            java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(400, junk.statusCode());
        assertTrue(junk.body().contains("malformed-json"), junk.body());
        assertEquals(401, cabinet.get("/api/v1/organization", null).status());
        assertEquals(401, cabinet.get("/api/v1/organization", "forged-token").status());
    }
}
