package kz.ofd.cabinet.http;

import io.vertx.core.json.JsonObject;
import kz.ofd.cabinet.TestIds;
import kz.ofd.cabinet.signature.TestPki;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(120)
class PasswordCodeAndSessionTest {

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

    private String pendingRegistration() throws Exception {
        TestPki.Holder who = cabinet.authCert(cabinet.rsaCa, TestPki.Alg.RSA, TestIds.iin(31), TestIds.bin(31));
        CabinetFixture.Answer step1 = cabinet.signUpStep1(who, true);
        assertEquals(201, step1.status(), step1.raw().body());
        return step1.json().getString("registrationId");
    }

    @ParameterizedTest
    @CsvSource({
        "Ab1-xyz, password-too-short",
        "secret-pass1, password-no-uppercase",
        "SECRET-PASS1, password-no-lowercase",
        "Secret-Passw, password-no-digit",
        "SecretPass12, password-no-special",
        "Secret#Pass1, password-no-special"
    })
    void shouldRefuseEachPasswordPolicyViolation(String password, String code) throws Exception {
        CabinetFixture.Answer a = cabinet.post("/api/v1/sign-up/complete", null,
            cabinet.completion(pendingRegistration()).put("password", password));
        assertEquals(400, a.status(), a.raw().body());
        assertEquals("invalid-request", a.type());
        assertEquals(List.of("password:" + code), a.errorCodes());
    }

    @Test
    void shouldReportEveryInvalidFieldOfTheCompletionAtOnce() throws Exception {
        CabinetFixture.Answer a = cabinet.post("/api/v1/sign-up/complete", null, new JsonObject()
            .put("registrationId", pendingRegistration()).put("password", "short").put("phone", "12345")
            .put("email", "nope").put("actualAddress", "x")
            .put("bank", new JsonObject().put("bik", "CASPKZKA").put("iik", "KZ86125KZT5004100101")));
        assertEquals(400, a.status());
        List<String> codes = a.errorCodes();
        assertTrue(codes.contains("password:password-too-short"), codes.toString());
        assertTrue(codes.contains("phone:phone-format"), codes.toString());
        assertTrue(codes.contains("email:email-format"), codes.toString());
        assertTrue(codes.contains("legalAddress:required"), codes.toString());
        assertTrue(codes.contains("bank.iik:iban-checksum"), codes.toString());
    }

    @Test
    void shouldSignUpEntrepreneurByCodeAndLogInByCode() throws Exception {
        String iin = TestIds.iin(32);
        CabinetFixture.Answer sent = cabinet.post("/api/v1/sign-up/code", null,
            new JsonObject().put("iin", iin).put("phone", "8 (701) 234-56-78"));
        assertEquals(202, sent.status(), sent.raw().body());
        assertEquals("+7 7** *** 56 78", sent.json().getString("sentTo"));
        String code = cabinet.codes.get("signup:+77012345678");
        assertNotNull(code);

        CabinetFixture.Answer wrong = cabinet.post("/api/v1/sign-up/code/verify", null,
            new JsonObject().put("iin", iin).put("code", code.equals("000000") ? "111111" : "000000"));
        assertEquals("code-wrong", wrong.type());
        CabinetFixture.Answer ok = cabinet.post("/api/v1/sign-up/code/verify", null,
            new JsonObject().put("iin", iin).put("code", code));
        assertEquals(201, ok.status(), ok.raw().body());
        assertEquals("+77012345678", ok.json().getString("phone"));
        CabinetFixture.Answer reuse = cabinet.post("/api/v1/sign-up/code/verify", null,
            new JsonObject().put("iin", iin).put("code", code));
        assertEquals("code-unknown", reuse.type(), "a code is single use");

        JsonObject completion = cabinet.completion(ok.json().getString("registrationId"));
        completion.remove("phone");
        completion.put("email", "ip@example.kz");
        CabinetFixture.Answer noName = cabinet.post("/api/v1/sign-up/complete", null, completion);
        assertEquals(List.of("name:required"), noName.errorCodes(), "sign-up by code has no certificate to read the name from");
        CabinetFixture.Answer done = cabinet.post("/api/v1/sign-up/complete", null, completion.put("name", "ИП Тестов"));
        assertEquals(201, done.status(), done.raw().body());
        assertEquals("INDIVIDUAL_ENTREPRENEUR", done.json().getJsonObject("organization").getString("kind"));

        assertEquals(202, cabinet.post("/api/v1/sessions/code/send", null, new JsonObject().put("login", iin)).status());
        String loginCode = cabinet.codes.get("login:+77012345678");
        CabinetFixture.Answer login = cabinet.post("/api/v1/sessions/code", null,
            new JsonObject().put("login", iin).put("code", loginCode));
        assertEquals(201, login.status(), login.raw().body());
        CabinetFixture.Answer unknown = cabinet.post("/api/v1/sessions/code/send", null,
            new JsonObject().put("login", TestIds.iin(33)));
        assertEquals(202, unknown.status(), "the same answer for an unknown login");
    }

    @Test
    void shouldCancelCodeAfterTooManyWrongGuessesAndExpireIt() throws Exception {
        String iin = TestIds.iin(34);
        cabinet.post("/api/v1/sign-up/code", null, new JsonObject().put("iin", iin).put("phone", "+77012345679"));
        String code = cabinet.codes.get("signup:+77012345679");
        String wrong = code.equals("000000") ? "111111" : "000000";
        for (int i = 0; i < 4; i++) {
            assertEquals("code-wrong", cabinet.post("/api/v1/sign-up/code/verify", null,
                new JsonObject().put("iin", iin).put("code", wrong)).type());
        }
        assertEquals("code-exhausted", cabinet.post("/api/v1/sign-up/code/verify", null,
            new JsonObject().put("iin", iin).put("code", wrong)).type());
        assertEquals("code-unknown", cabinet.post("/api/v1/sign-up/code/verify", null,
            new JsonObject().put("iin", iin).put("code", code)).type());

        cabinet.post("/api/v1/sign-up/code", null, new JsonObject().put("iin", iin).put("phone", "+77012345679"));
        String second = cabinet.codes.get("signup:+77012345679");
        cabinet.clock.advance(Duration.ofMinutes(6));
        assertEquals("code-expired", cabinet.post("/api/v1/sign-up/code/verify", null,
            new JsonObject().put("iin", iin).put("code", second)).type());
    }

    @Test
    void shouldRefuseIinAndBinWithBadCheckDigit() throws Exception {
        CabinetFixture.Answer badIin = cabinet.post("/api/v1/sign-up/code", null,
            new JsonObject().put("iin", TestIds.withWrongCheckDigit(TestIds.iin(35))).put("phone", "+77012345670"));
        assertEquals(List.of("iin:idn-checksum"), badIin.errorCodes());
        CabinetFixture.Answer bin = cabinet.post("/api/v1/sign-up/code", null,
            new JsonObject().put("iin", TestIds.bin(35)).put("phone", "+77012345670"));
        assertEquals(List.of("iin:not-an-iin"), bin.errorCodes());
        CabinetFixture.Answer shortIin = cabinet.post("/api/v1/sign-up/code", null,
            new JsonObject().put("iin", "12345").put("phone", "+77012345670"));
        assertEquals(List.of("iin:idn-format"), shortIin.errorCodes());
        assertTrue(cabinet.sentTo.isEmpty(), "no code is sent for an invalid request");
    }

    @Test
    void shouldLockLoginAfterFiveFailuresForFifteenMinutes() throws Exception {
        String iin = cabinet.signUpOrganization().json().getJsonObject("user").getString("iin");
        JsonObject wrong = new JsonObject().put("login", iin).put("password", "Wrong-Pass1");
        for (int i = 0; i < 5; i++) {
            CabinetFixture.Answer a = cabinet.post("/api/v1/sessions/password", null, wrong);
            assertEquals(401, a.status());
            assertEquals("login-failed", a.type());
        }
        JsonObject right = new JsonObject().put("login", iin).put("password", CabinetFixture.PASSWORD);
        CabinetFixture.Answer locked = cabinet.post("/api/v1/sessions/password", null, right);
        assertEquals(429, locked.status(), "even the right password is refused while locked");
        assertEquals("locked", locked.type());
        assertEquals("900", locked.raw().headers().firstValue("retry-after").orElse(""));
        cabinet.clock.advance(Duration.ofMinutes(15));
        assertEquals(201, cabinet.post("/api/v1/sessions/password", null, right).status());
    }

    @Test
    void shouldLockSourceAddressThatTriesManyLogins() throws Exception {
        for (int i = 0; i < 50; i++) {
            assertEquals(401, cabinet.post("/api/v1/sessions/password", null,
                new JsonObject().put("login", "user" + i + "@example.kz").put("password", "Wrong-Pass1")).status());
        }
        CabinetFixture.Answer a = cabinet.post("/api/v1/sessions/password", null,
            new JsonObject().put("login", "another@example.kz").put("password", "Wrong-Pass1"));
        assertEquals(429, a.status(), "the address is locked after 50 failures over different logins");
    }

    @Test
    void shouldExpireIdleSessionsAndLogOut() throws Exception {
        String token = cabinet.signUpOrganization().json().getString("token");
        cabinet.clock.advance(Duration.ofMinutes(29));
        assertEquals(200, cabinet.get("/api/v1/me", token).status(), "used within the idle time: slides on");
        cabinet.clock.advance(Duration.ofMinutes(29));
        assertEquals(200, cabinet.get("/api/v1/me", token).status());
        cabinet.clock.advance(Duration.ofMinutes(31));
        CabinetFixture.Answer expired = cabinet.get("/api/v1/me", token);
        assertEquals(401, expired.status());
        assertEquals("unauthenticated", expired.type());
        assertEquals("Bearer", expired.raw().headers().firstValue("www-authenticate").orElse(""));

        String iin = cabinet.registry.users().byId(1).orElseThrow().getIin();
        String second = cabinet.post("/api/v1/sessions/password", null,
            new JsonObject().put("login", iin).put("password", CabinetFixture.PASSWORD)).json().getString("token");
        assertEquals(204, cabinet.call("DELETE", "/api/v1/sessions/current", second, null).status());
        assertEquals(401, cabinet.get("/api/v1/me", second).status(), "logged out");
    }

    @Test
    void shouldEndSessionsAtTheAbsoluteLimitEvenWhenActive() throws Exception {
        String token = cabinet.signUpOrganization().json().getString("token");
        for (int i = 0; i < 24; i++) {
            cabinet.clock.advance(Duration.ofMinutes(29));
            assertEquals(200, cabinet.get("/api/v1/me", token).status(), "step " + i);
        }
        cabinet.clock.advance(Duration.ofMinutes(29));
        assertEquals(401, cabinet.get("/api/v1/me", token).status(), "12 h after login");
    }

    @Test
    void shouldNeverLogPasswordsTokensOrCodes() throws Exception {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        List<String> secrets = new ArrayList<>();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            CabinetFixture.Answer signedUp = cabinet.signUpOrganization();
            secrets.add(CabinetFixture.PASSWORD);
            secrets.add(signedUp.json().getString("token"));
            String iin = signedUp.json().getJsonObject("user").getString("iin");
            cabinet.post("/api/v1/sessions/password", null, new JsonObject().put("login", iin).put("password", "Wrong-Pass9"));
            secrets.add("Wrong-Pass9");
            secrets.add(cabinet.post("/api/v1/sessions/password", null,
                new JsonObject().put("login", iin).put("password", CabinetFixture.PASSWORD)).json().getString("token"));
            cabinet.post("/api/v1/sessions/code/send", null, new JsonObject().put("login", iin));
            String code = cabinet.codes.get("login:+77081502810");
            secrets.add(code);
            secrets.add(cabinet.post("/api/v1/sessions/code", null,
                new JsonObject().put("login", iin).put("code", code)).json().getString("token"));
            String ip = TestIds.iin(36);
            cabinet.post("/api/v1/sign-up/code", null, new JsonObject().put("iin", ip).put("phone", "+77012345671"));
            secrets.add(cabinet.codes.get("signup:+77012345671"));
        } finally {
            System.setErr(original);
        }
        String log = captured.toString(StandardCharsets.UTF_8);
        assertTrue(log.contains("event=signed_up") && log.contains("event=code_sent") && log.contains("event=logged_in"),
            "the log was captured: " + log);
        for (String secret : secrets) {
            assertNotNull(secret);
            assertFalse(log.contains(secret), "a secret is in the log: " + log);
        }
    }
}
