package kz.ofd.cabinet.http;

import io.vertx.core.json.JsonObject;
import kz.ofd.cabinet.TestIds;
import kz.ofd.cabinet.signature.TestPki;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static kz.ofd.cabinet.http.CabinetFixture.START;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

@Timeout(120)
class SignatureSignUpTest {

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
    void shouldSignUpLegalEntityWithRsaAuthKeyAndAttachedCms() throws Exception {
        String iin = TestIds.iin(11);
        String bin = TestIds.bin(11);
        TestPki.Holder who = cabinet.authCert(cabinet.rsaCa, TestPki.Alg.RSA, iin, bin);
        CabinetFixture.Answer step1 = cabinet.signUpStep1(who, true);
        assertEquals(201, step1.status(), step1.raw().body());
        assertEquals("LEGAL_ENTITY", step1.json().getString("kind"));
        assertEquals(bin, step1.json().getString("idn"));
        assertEquals(iin, step1.json().getString("iin"));
        assertEquals("ТОО \"Тестовая организация\"", step1.json().getString("organizationName"));
        assertEquals("test" + iin + "@example.kz", step1.json().getString("email"));

        CabinetFixture.Answer done = cabinet.post("/api/v1/sign-up/complete", null,
            cabinet.completion(step1.json().getString("registrationId")));
        assertEquals(201, done.status(), done.raw().body());
        String token = done.json().getString("token");
        assertEquals(43, token.length(), "256 random bits, base64url");
        CabinetFixture.Answer me = cabinet.get("/api/v1/me", token);
        assertEquals(200, me.status());
        assertEquals(bin, me.json().getJsonObject("organization").getString("idn"));
        assertEquals(iin, me.json().getJsonObject("user").getString("iin"));

        CabinetFixture.Answer again = cabinet.signUpStep1(who, true);
        assertEquals(409, again.status());
        assertEquals("already-signed-up", again.type());

        CabinetFixture.Answer byPassword = cabinet.post("/api/v1/sessions/password", null,
            new JsonObject().put("login", iin).put("password", CabinetFixture.PASSWORD));
        assertEquals(201, byPassword.status(), byPassword.raw().body());
        CabinetFixture.Answer byEmail = cabinet.post("/api/v1/sessions/password", null,
            new JsonObject().put("login", "TEST" + iin + "@EXAMPLE.KZ").put("password", CabinetFixture.PASSWORD));
        assertEquals(201, byEmail.status(), "the e-mail is a login too, in any case");
    }

    @Test
    void shouldSignUpEntrepreneurWithGostKeyAndDetachedCmsThenLogInBySignature() throws Exception {
        String iin = TestIds.iin(12);
        TestPki.Holder who = cabinet.authCert(cabinet.gostCa, TestPki.Alg.GOST, iin, null);
        CabinetFixture.Answer step1 = cabinet.signUpStep1(who, false);
        assertEquals(201, step1.status(), step1.raw().body());
        assertEquals("INDIVIDUAL_ENTREPRENEUR", step1.json().getString("kind"));
        assertEquals(iin, step1.json().getString("idn"));
        CabinetFixture.Answer done = cabinet.post("/api/v1/sign-up/complete", null,
            cabinet.completion(step1.json().getString("registrationId")));
        assertEquals(201, done.status(), done.raw().body());

        Map.Entry<String, byte[]> c = cabinet.challenge();
        CabinetFixture.Answer login = cabinet.post("/api/v1/sessions/signature", null, new JsonObject()
            .put("challengeId", c.getKey()).put("signature", TestPki.cms(who, c.getValue())));
        assertEquals(201, login.status(), login.raw().body());
        assertNotNull(login.json().getString("token"));
    }

    private CabinetFixture.Answer signUpWith(TestPki.Holder who, java.security.KeyPair signingKey) throws Exception {
        Map.Entry<String, byte[]> c = cabinet.challenge();
        return cabinet.post("/api/v1/sign-up/signature", null, new JsonObject().put("challengeId", c.getKey())
            .put("signature", TestPki.cms(who, signingKey, c.getValue(), true)));
    }

    private void assertRefused(CabinetFixture.Answer a, String type) {
        assertEquals(400, a.status(), a.raw().body());
        assertEquals(type, a.type(), a.raw().body());
        assertEquals("application/problem+json", a.raw().headers().firstValue("content-type").orElse(""));
    }

    @Test
    void shouldRefuseForgedSignature() throws Exception {
        TestPki.Holder who = cabinet.authCert(cabinet.rsaCa, TestPki.Alg.RSA, TestIds.iin(13), null);
        assertRefused(signUpWith(who, TestPki.otherKey(who)), "signature-invalid");
        TestPki.Holder gost = cabinet.authCert(cabinet.gostCa, TestPki.Alg.GOST, TestIds.iin(14), null);
        assertRefused(signUpWith(gost, TestPki.otherKey(gost)), "signature-invalid");
    }

    @Test
    void shouldRefuseSignatureOverOtherData() throws Exception {
        TestPki.Holder who = cabinet.authCert(cabinet.rsaCa, TestPki.Alg.RSA, TestIds.iin(15), null);
        Map.Entry<String, byte[]> c = cabinet.challenge();
        CabinetFixture.Answer a = cabinet.post("/api/v1/sign-up/signature", null, new JsonObject().put("challengeId", c.getKey())
            .put("signature", TestPki.cms(who, "something else".getBytes(java.nio.charset.StandardCharsets.US_ASCII))));
        assertRefused(a, "signature-wrong-content");
        CabinetFixture.Answer junk = cabinet.post("/api/v1/sign-up/signature", null, new JsonObject()
            .put("challengeId", cabinet.challenge().getKey()).put("signature", "bm90IGEgQ01T"));
        assertRefused(junk, "signature-malformed");
    }

    @Test
    void shouldRefuseExpiredCertificate() throws Exception {
        TestPki.Holder who = TestPki.user(cabinet.rsaCa, TestPki.Alg.RSA, TestPki.Usage.AUTH, TestIds.iin(16), null,
            START.minus(Duration.ofDays(400)), START.minus(Duration.ofDays(1)));
        assertRefused(signUpWith(who, who.keys()), "certificate-expired");
    }

    @Test
    void shouldRefuseRevokedCertificate() throws Exception {
        assertRefused(signUpWith(cabinet.revoked, cabinet.revoked.keys()), "certificate-revoked");
    }

    @Test
    void shouldRefuseSigningKeyInsteadOfAuthKey() throws Exception {
        TestPki.Holder who = TestPki.user(cabinet.rsaCa, TestPki.Alg.RSA, TestPki.Usage.SIGN, TestIds.iin(17), null,
            START.minus(Duration.ofDays(1)), START.plus(Duration.ofDays(300)));
        assertRefused(signUpWith(who, who.keys()), "certificate-not-for-authentication");
    }

    @Test
    void shouldRefuseCertificateOfUntrustedCaEvenWithTheSameName() throws Exception {
        TestPki.Holder who = cabinet.authCert(cabinet.strangerCa, TestPki.Alg.RSA, TestIds.iin(18), null);
        assertRefused(signUpWith(who, who.keys()), "certificate-untrusted");
    }

    @Test
    void shouldRefuseCertificateWithBadIinChecksum() throws Exception {
        TestPki.Holder who = cabinet.authCert(cabinet.rsaCa, TestPki.Alg.RSA, TestIds.withWrongCheckDigit(TestIds.iin(19)), null);
        assertRefused(signUpWith(who, who.keys()), "certificate-no-iin");
    }

    @Test
    void shouldRefuseReplayedAndExpiredChallenges() throws Exception {
        TestPki.Holder who = cabinet.authCert(cabinet.rsaCa, TestPki.Alg.RSA, TestIds.iin(20), null);
        Map.Entry<String, byte[]> c = cabinet.challenge();
        JsonObject answer = new JsonObject().put("challengeId", c.getKey()).put("signature", TestPki.cms(who, c.getValue()));
        assertEquals(201, cabinet.post("/api/v1/sign-up/signature", null, answer).status());
        assertRefused(cabinet.post("/api/v1/sign-up/signature", null, answer), "challenge-unknown");
        assertRefused(cabinet.post("/api/v1/sessions/signature", null, answer), "challenge-unknown");

        Map.Entry<String, byte[]> late = cabinet.challenge();
        cabinet.clock.advance(Duration.ofMinutes(6));
        assertRefused(cabinet.post("/api/v1/sign-up/signature", null, new JsonObject().put("challengeId", late.getKey())
            .put("signature", TestPki.cms(who, late.getValue()))), "challenge-expired");
    }

    @Test
    void shouldRefuseLoginBySignatureWithoutAccount() throws Exception {
        TestPki.Holder who = cabinet.authCert(cabinet.rsaCa, TestPki.Alg.RSA, TestIds.iin(21), null);
        Map.Entry<String, byte[]> c = cabinet.challenge();
        CabinetFixture.Answer a = cabinet.post("/api/v1/sessions/signature", null, new JsonObject()
            .put("challengeId", c.getKey()).put("signature", TestPki.cms(who, c.getValue())));
        assertEquals(401, a.status());
        assertEquals("no-account", a.type());
        TestPki.Holder expired = TestPki.user(cabinet.rsaCa, TestPki.Alg.RSA, TestPki.Usage.AUTH, TestIds.iin(22), null,
            START.minus(Duration.ofDays(400)), START.minus(Duration.ofDays(1)));
        Map.Entry<String, byte[]> c2 = cabinet.challenge();
        CabinetFixture.Answer b = cabinet.post("/api/v1/sessions/signature", null, new JsonObject()
            .put("challengeId", c2.getKey()).put("signature", TestPki.cms(expired, c2.getValue())));
        assertEquals(401, b.status());
        assertEquals("certificate-expired", b.type(), b.raw().body());
    }
}
