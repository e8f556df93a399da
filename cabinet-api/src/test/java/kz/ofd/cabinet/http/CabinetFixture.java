package kz.ofd.cabinet.http;

import io.vertx.core.json.JsonObject;
import kz.ofd.cabinet.CabinetSettings;
import kz.ofd.cabinet.MutableClock;
import kz.ofd.cabinet.TestIds;
import kz.ofd.cabinet.auth.CodeSender;
import kz.ofd.cabinet.auth.LogCodeSender;
import kz.ofd.cabinet.auth.PasswordHasher;
import kz.ofd.cabinet.registry.CabinetRegistry;
import kz.ofd.cabinet.signature.ChallengeSignatureVerifier;
import kz.ofd.cabinet.signature.TestPki;
import kz.ofd.cabinet.signature.TrustMaterial;
import kz.ofd.cabinet.spi.PhoneOwnership;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A cabinet on an ephemeral loopback port with a registry in a temp dir, a test PKI (an RSA and a GOST CA with
 * CRLs; an untrusted CA), a movable clock, a capturing code sender and a settable KKM count, plus a small HTTP
 * client DSL.
 */
final class CabinetFixture implements AutoCloseable {

    static final String PASSWORD = "Secret-Pass1";
    static final Instant START = Instant.parse("2026-03-02T06:00:00Z");

    final MutableClock clock = new MutableClock(START);
    final TestPki.Holder rsaCa = TestPki.ca(TestPki.Alg.RSA, "TEST NCA RSA", START);
    final TestPki.Holder gostCa = TestPki.ca(TestPki.Alg.GOST, "TEST NCA GOST", START);
    final TestPki.Holder strangerCa = TestPki.ca(TestPki.Alg.RSA, "TEST NCA RSA", START);
    final TestPki.Holder revoked;
    final Map<String, String> codes = new ConcurrentHashMap<>();
    final List<String> sentTo = new ArrayList<>();
    final AtomicInteger kkms = new AtomicInteger();
    final FakeKkmEngine engine = new FakeKkmEngine();
    final SyntheticDocuments documents = new SyntheticDocuments();
    final kz.ofd.cabinet.billing.FakePaymentProvider payments = new kz.ofd.cabinet.billing.FakePaymentProvider(this::base);
    final CabinetRegistry registry;
    final CabinetServer server;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final String base;
    private int nextSeed = 1;

    /** An HTTP answer. */
    record Answer(int status, JsonObject json, HttpResponse<String> raw) {
        String type() {
            return json.getString("type", "").replace(Problem.TYPE_BASE, "");
        }

        List<String> errorCodes() {
            List<String> out = new ArrayList<>();
            json.getJsonArray("errors", new io.vertx.core.json.JsonArray())
                .forEach(e -> out.add(((JsonObject) e).getString("field") + ":" + ((JsonObject) e).getString("code")));
            return out;
        }
    }

    CabinetFixture(Path dir) throws Exception {
        revoked = TestPki.user(rsaCa, TestPki.Alg.RSA, TestPki.Usage.AUTH, TestIds.iin(9999), null,
            START.minus(Duration.ofDays(10)), START.plus(Duration.ofDays(300)));
        TrustMaterial trust = new TrustMaterial(List.of(rsaCa.certificate(), gostCa.certificate()),
            List.of(TestPki.crl(rsaCa, START, List.of(revoked.certificate())), TestPki.crl(gostCa, START, List.of())));
        registry = CabinetRegistry.open(dir, new SecureRandom());
        CodeSender logging = new LogCodeSender(true);
        CodeSender capture = (phone, code, purpose) -> {
            codes.put(purpose + ":" + phone, code);
            sentTo.add(phone);
            logging.send(phone, code, purpose);
        };
        CabinetSettings settings = CabinetSettings.defaults().withArgon2(new PasswordHasher.Params(256, 1, 1));
        server = new CabinetServer(new CabinetServer.Dependencies(registry, settings, clock,
            new ChallengeSignatureVerifier(trust, true), capture, PhoneOwnership.UNVERIFIED, (org, point) -> kkms.get(),
            engine, engine, documents), payments, CabinetServer.DEMO_SELLER);
        base = "http://127.0.0.1:" + server.start("127.0.0.1", 0);
    }

    /** @return the cabinet's base URL (its fake acquirer's pages are there), {@code null} before it listens */
    String base() {
        return base;
    }

    Answer call(String method, String path, String token, JsonObject body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body.encode()));
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        JsonObject json = r.body() == null || r.body().isBlank() || !r.body().trim().startsWith("{") ? new JsonObject()
            : new JsonObject(r.body());
        return new Answer(r.statusCode(), json, r);
    }

    Answer get(String path, String token) throws Exception {
        return call("GET", path, token, null);
    }

    Answer delete(String path, String token) throws Exception {
        return call("DELETE", path, token, null);
    }

    Answer post(String path, String token, JsonObject body) throws Exception {
        return call("POST", path, token, body);
    }

    /** @return a challenge's id and the bytes to sign */
    Map.Entry<String, byte[]> challenge() throws Exception {
        Answer a = get("/api/v1/auth/challenge", null);
        if (a.status() != 200) {
            throw new AssertionError("challenge: " + a.raw().body());
        }
        return Map.entry(a.json().getString("challengeId"), Base64.getDecoder().decode(a.json().getString("payload")));
    }

    /** @return a signing-key (nonRepudiation) certificate */
    TestPki.Holder signCert(TestPki.Holder ca, TestPki.Alg alg, String iin, String bin) {
        return TestPki.user(ca, alg, TestPki.Usage.SIGN, iin, bin, START.minus(Duration.ofDays(10)),
            START.plus(Duration.ofDays(300)));
    }

    TestPki.Holder authCert(TestPki.Holder ca, TestPki.Alg alg, String iin, String bin) {
        return TestPki.user(ca, alg, TestPki.Usage.AUTH, iin, bin, START.minus(Duration.ofDays(10)),
            START.plus(Duration.ofDays(300)));
    }

    /** Step 1 by signature. */
    Answer signUpStep1(TestPki.Holder who, boolean attached) throws Exception {
        Map.Entry<String, byte[]> c = challenge();
        return post("/api/v1/sign-up/signature", null, new JsonObject().put("challengeId", c.getKey())
            .put("signature", TestPki.cms(who, who.keys(), c.getValue(), attached)));
    }

    JsonObject completion(String registrationId) {
        return new JsonObject().put("registrationId", registrationId).put("password", PASSWORD)
            .put("phone", "+7 708 150-28-10").put("legalAddress", "г. Астана, р-н Есильский, ул. Алматы 1")
            .put("actualSameAsLegal", true);
    }

    /** A complete sign-up of a new legal entity; @return the session answer. */
    Answer signUpOrganization() throws Exception {
        int seed = nextSeed++;
        TestPki.Holder who = authCert(rsaCa, TestPki.Alg.RSA, TestIds.iin(seed), TestIds.bin(seed));
        Answer step1 = signUpStep1(who, true);
        if (step1.status() != 201) {
            throw new AssertionError("sign-up step 1: " + step1.raw().body());
        }
        Answer done = post("/api/v1/sign-up/complete", null, completion(step1.json().getString("registrationId")));
        if (done.status() != 201) {
            throw new AssertionError("sign-up completion: " + done.raw().body());
        }
        return done;
    }

    /**
     * Signs the organization's contract (manual 000 «Подписание договора»: KKM registration needs it) with the
     * accession application the cabinet gives.
     *
     * @param token  a session of the organization
     * @param signer a signing-key certificate of its owner
     * @return the contract as {@code GET /contract} shows it now
     */
    JsonObject signContract(String token, TestPki.Holder signer) throws Exception {
        Answer state = get("/api/v1/contract", token);
        if (state.status() != 200) {
            throw new AssertionError("contract: " + state.raw().body());
        }
        byte[] doc = Base64.getDecoder().decode(state.json().getJsonObject("application").getString("document"));
        Answer signed = post("/api/v1/contract", token, new JsonObject().put("signature", TestPki.cms(signer, doc)));
        if (signed.status() != 201) {
            throw new AssertionError("contract signature: " + signed.raw().body());
        }
        return signed.json();
    }

    /**
     * Signs the contract of the organization a session answer names, with an RSA signing key of its user (the owner).
     *
     * @param session the sign-up's session answer
     * @return the contract
     */
    JsonObject signContract(Answer session) throws Exception {
        JsonObject org = session.json().getJsonObject("organization");
        String bin = "LEGAL_ENTITY".equals(org.getString("kind")) ? org.getString("idn") : null;
        return signContract(session.json().getString("token"),
            signCert(rsaCa, TestPki.Alg.RSA, session.json().getJsonObject("user").getString("iin"), bin));
    }

    /**
     * A signed-up legal entity with its contract signed and one trade point: where a KKM or tariff test starts.
     *
     * @param token  the owner's session
     * @param iin    the owner's IIN
     * @param bin    the organization's BIN
     * @param signer the owner's RSA signing-key certificate
     * @param point  the trade point «Касса 1»
     */
    record Owner(String token, String iin, String bin, TestPki.Holder signer, long point) {
    }

    /** @return a new organization's owner, contract signed, with a trade point */
    Owner owner() throws Exception {
        Answer session = signUpOrganization();
        String token = session.json().getString("token");
        String iin = session.json().getJsonObject("user").getString("iin");
        String bin = session.json().getJsonObject("organization").getString("idn");
        TestPki.Holder signer = signCert(rsaCa, TestPki.Alg.RSA, iin, bin);
        signContract(token, signer);
        long point = post("/api/v1/trade-points", token, OrganizationAndTradePointTest.point("Касса 1")).json().getLong("id");
        return new Owner(token, iin, bin, signer, point);
    }

    /** @return a grant of the given {@code module:level} pairs on all trade points */
    static JsonObject grant(String... permissions) {
        io.vertx.core.json.JsonArray modules = new io.vertx.core.json.JsonArray();
        for (String p : permissions) {
            String[] ml = p.split(":");
            modules.add(new JsonObject().put("module", ml[0]).put("level", ml[1]));
        }
        return new JsonObject().put("modules", modules).put("allTradePoints", true);
    }

    /** The body of a new user number {@code n} (IIN and e-mail derived from it). */
    static JsonObject newUser(int n, JsonObject grant) {
        return new JsonObject().put("fullName", "Сотрудник " + n).put("iin", TestIds.iin(500 + n))
            .put("email", "user" + n + "@example.kz").put("phone", "+7 701 555 00 " + String.format("%02d", n % 100))
            .put("position", "Кассир").put("password", PASSWORD).put("passwordRepeat", PASSWORD)
            .put("grant", grant == null ? new JsonObject() : grant);
    }

    /** Adds a user through the API; @return the created user's JSON. */
    JsonObject addUser(String ownerToken, int n, JsonObject grant) throws Exception {
        Answer a = post("/api/v1/users", ownerToken, newUser(n, grant));
        if (a.status() != 201) {
            throw new AssertionError("add user: " + a.raw().body());
        }
        return a.json();
    }

    /** @return a session token of a login (IIN or e-mail) with the fixture password */
    String login(String login) throws Exception {
        Answer a = post("/api/v1/sessions/password", null, new JsonObject().put("login", login).put("password", PASSWORD));
        if (a.status() != 201) {
            throw new AssertionError("login " + login + ": " + a.raw().body());
        }
        return a.json().getString("token");
    }

    @Override
    public void close() {
        server.close();
        registry.close();
    }
}
