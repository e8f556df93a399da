package kz.ofd.cabinet.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import kz.ofd.cabinet.TestIds;
import kz.ofd.cabinet.billing.Billing;
import kz.ofd.cabinet.registry.proto.LedgerEntryRecord;
import kz.ofd.cabinet.registry.proto.PromoCodeRecord;
import kz.ofd.cabinet.registry.proto.SubscriptionRecord;
import kz.ofd.cabinet.signature.TestPki;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The signed tariff application over REST (manual 001 §16.1 «Выбрать», «Изменить»), against the in-memory engine and
 * KGD and the fake payment provider: connecting a plan to a registered KKM without one (paid from the balance, or
 * blocked until a top-up pays it), a change of a paid plan that waits for the next renewal and is charged at the new
 * price then, a change of an unpaid or expired subscription that applies and is paid at once, promo codes only at the
 * first connection, every bad field, and the signed application among the documents.
 */
@Timeout(120)
class TariffApplicationTest {

    private static final long MONTH_WIRED = 250_000;
    private static final long THREE_MONTHS_WIRED = 712_500;
    private static final long THREE_MONTHS_WIRELESS = 855_000;
    /** A SIM serial number (ICCID) with a valid Luhn check digit. */
    private static final String ICCID = "8977000000000000001";

    @TempDir
    Path dir;
    CabinetFixture cabinet;
    String token;
    String iin;
    String bin;
    TestPki.Holder signer;
    long point;
    private int serial = 1;

    @BeforeEach
    void start() throws Exception {
        cabinet = new CabinetFixture(dir);
        CabinetFixture.Owner owner = cabinet.owner();
        token = owner.token();
        iin = owner.iin();
        bin = owner.bin();
        signer = owner.signer();
        point = owner.point();
    }

    @AfterEach
    void stop() {
        cabinet.close();
    }

    /** Applies to register a KKM (with a plan, or none) and has KGD approve; @return the KKM */
    private JsonObject registered(String tariff) throws Exception {
        JsonObject application = new JsonObject().put("name", "Касса " + serial).put("model", "WEBKASSA-1.0")
            .put("serialNumber", String.format("TA%06d", serial++)).put("year", 2025).put("tradePointId", point)
            .put("personalDataConsent", true);
        if (tariff != null) {
            application.put("tariff", tariff);
        }
        byte[] doc = Base64.getDecoder().decode(cabinet.post("/api/v1/kkms/application-document", token,
            application.copy().put("kind", "REGISTRATION")).json().getString("document"));
        CabinetFixture.Answer sent = cabinet.post("/api/v1/kkms", token, application.put("signature", TestPki.cms(signer, doc)));
        assertEquals(202, sent.status(), sent.raw().body());
        cabinet.engine.decideLast(true, "6203000" + String.format("%05d", serial), null, null);
        return cabinet.get("/api/v1/kkms/" + sent.json().getLong("id"), token).json();
    }

    private static JsonObject plan(String plan, String connection) {
        return new JsonObject().put("plan", plan).put("connection", connection);
    }

    private CabinetFixture.Answer document(long kkmId, JsonObject request) throws Exception {
        return cabinet.post("/api/v1/subscriptions/" + kkmId + "/application-document", token, request);
    }

    /** Signs the cabinet's document for the request with the owner's key; @return the answer to the signed application */
    private CabinetFixture.Answer apply(long kkmId, JsonObject request) throws Exception {
        CabinetFixture.Answer d = document(kkmId, request);
        assertEquals(200, d.status(), d.raw().body());
        byte[] doc = Base64.getDecoder().decode(d.json().getString("document"));
        return cabinet.post("/api/v1/subscriptions/" + kkmId, token, request.copy().put("signature", TestPki.cms(signer, doc)));
    }

    private JsonObject applied(long kkmId, JsonObject request) throws Exception {
        CabinetFixture.Answer a = apply(kkmId, request);
        assertEquals(201, a.status(), a.raw().body());
        return a.json();
    }

    private long balance() throws Exception {
        return cabinet.get("/api/v1/account", token).json().getLong("balanceTiyn");
    }

    private JsonObject subscriptions() throws Exception {
        return cabinet.get("/api/v1/subscriptions", token).json();
    }

    private JsonObject subscription(long kkmId) throws Exception {
        for (Object o : subscriptions().getJsonArray("subscriptions")) {
            if (((JsonObject) o).getLong("kkmId") == kkmId) {
                return (JsonObject) o;
            }
        }
        throw new AssertionError("no subscription for KKM " + kkmId);
    }

    private String blockReason(JsonObject kkm) {
        return cabinet.engine.kkms.get(kkm.getLong("ofdId")).blockReason;
    }

    private void topUp(long amount, String key) throws Exception {
        CabinetFixture.Answer a = cabinet.post("/api/v1/account/top-ups", token,
            new JsonObject().put("amountTiyn", amount).put("idempotencyKey", "top-up-" + key));
        assertEquals(201, a.status(), a.raw().body());
        long org = cabinet.get("/api/v1/me", token).json().getJsonObject("organization").getLong("id");
        cabinet.payments.complete("ofd-" + org + "-" + a.json().getLong("id"), true);
    }

    /** Moves the clock (sessions end after 12 hours, so the owner logs in again) and runs the renewal step. */
    private Billing.Tick advanceAndTick(Duration by) throws Exception {
        cabinet.clock.advance(by);
        token = cabinet.login(iin);
        return cabinet.server.billing().tick(cabinet.clock.instant());
    }

    private List<LedgerEntryRecord> charges() throws Exception {
        long org = cabinet.get("/api/v1/me", token).json().getJsonObject("organization").getLong("id");
        return cabinet.registry.billing().entries(org).stream().filter(e -> e.getKind().equals("CHARGE")).toList();
    }

    @Test
    void shouldConnectAPlanToARegisteredKkmAndChargeItFromTheBalance() throws Exception {
        topUp(1_000_000, "t1");
        JsonObject kkm = registered(null);
        long id = kkm.getLong("id");
        JsonArray without = subscriptions().getJsonArray("kkmsWithoutSubscription");
        assertEquals(1, without.size(), without.encode());
        assertEquals(id, without.getJsonObject(0).getLong("kkmId"), "«Выбрать» is offered for the KKM without a plan");

        CabinetFixture.Answer d = document(id, plan("MONTHS_3", "WIRED"));
        assertEquals("CONNECT", d.json().getString("action"));
        JsonObject doc = new JsonObject(d.json().getString("documentText"));
        assertEquals("TARIFF_APPLICATION", doc.getString("kind"));
        assertEquals("MONTHS_3_WIRED", doc.getString("plan"));
        assertEquals(bin, doc.getString("idn"));
        assertEquals(kkm.getString("rnm"), doc.getString("rnm"));
        assertEquals(THREE_MONTHS_WIRED, doc.getLong("priceTiyn"));
        assertTrue(doc.getString("consent").contains("активацию ККМ"), doc.getString("consent"));

        JsonObject done = applied(id, plan("MONTHS_3", "WIRED"));
        assertEquals("CONNECT", done.getString("action"));
        assertEquals("ACTIVE", done.getString("outcome"), done.encode());
        assertEquals(1_000_000 - THREE_MONTHS_WIRED, balance());
        JsonObject s = subscription(id);
        assertEquals("ACTIVE", s.getString("status"));
        assertEquals("MONTHS_3_WIRED", s.getString("plan"));
        assertEquals(Instant.parse("2026-06-02T06:00:00Z").toString(), s.getString("periodTo"));
        assertNull(blockReason(kkm));
        assertTrue(subscriptions().getJsonArray("kkmsWithoutSubscription").isEmpty());

        JsonArray documents = cabinet.get("/api/v1/documents", token).json().getJsonArray("documents");
        JsonObject listed = documents.stream().map(JsonObject.class::cast)
            .filter(j -> j.getString("kind").equals("TARIFF_APPLICATION")).findFirst().orElseThrow();
        assertEquals(done.getString("documentId"), listed.getString("id"));
        assertEquals(id, listed.getLong("kkmId"));
        assertEquals(kkm.getString("name"), listed.getString("kkmName"));
        CabinetFixture.Answer part = cabinet.get("/api/v1/documents/" + listed.getString("id") + "?part=document", token);
        assertArrayEquals(Base64.getDecoder().decode(d.json().getString("document")),
            part.raw().body().getBytes(StandardCharsets.UTF_8), "the exact bytes signed");

        CabinetFixture.Answer replay = cabinet.post("/api/v1/subscriptions/" + id, token, plan("MONTHS_3", "WIRED")
            .put("signature", TestPki.cms(signer, Base64.getDecoder().decode(d.json().getString("document")))));
        assertEquals(400, replay.status(), "the connect document cannot be replayed: " + replay.raw().body());
        assertEquals(1, charges().size(), "charged once");
    }

    @Test
    void shouldApplyOneOfTwoApplicationsSignedOverTheSameState() throws Exception {
        topUp(2_000_000, "t1");
        JsonObject kkm = registered(null);
        long id = kkm.getLong("id");
        CabinetFixture.Answer d = document(id, plan("MONTHS_1", "WIRED"));
        JsonObject body = plan("MONTHS_1", "WIRED").put("signature",
            TestPki.cms(signer, Base64.getDecoder().decode(d.json().getString("document"))));
        List<java.util.concurrent.CompletableFuture<CabinetFixture.Answer>> both = new java.util.ArrayList<>();
        for (int i = 0; i < 2; i++) {
            both.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    return cabinet.post("/api/v1/subscriptions/" + id, token, body);
                } catch (Exception e) {
                    throw new java.util.concurrent.CompletionException(e);
                }
            }));
        }
        List<Integer> statuses = both.stream().map(f -> f.join().status()).sorted().toList();
        assertEquals(201, statuses.get(0), statuses.toString());
        assertTrue(statuses.get(1) == 400 || statuses.get(1) == 409, "the second is refused: " + statuses);
        assertEquals(1, charges().size(), "charged once");
        assertEquals(2_000_000 - MONTH_WIRED, balance());

        // the race the lock decides: an application made before the subscription changed
        kz.ofd.cabinet.registry.proto.KkmRecord record = cabinet.registry.kkms().get(
            cabinet.get("/api/v1/me", token).json().getJsonObject("organization").getLong("id"), id).orElseThrow();
        kz.ofd.cabinet.kkm.KkmProblem stale = org.junit.jupiter.api.Assertions.assertThrows(
            kz.ofd.cabinet.kkm.KkmProblem.class, () -> cabinet.server.billing().applyTariff(record,
                new Billing.TariffRequest(kz.ofd.cabinet.billing.Plans.find("MONTHS_3_WIRED").orElseThrow(), null, null), 0,
                kz.ofd.cabinet.registry.proto.SignedApplicationRecord.newBuilder().setId("stale")
                    .setOrganizationId(record.getOrganizationId()).build()));
        assertEquals(409, stale.status());
        assertEquals("subscription-changed", stale.code());
        assertEquals("MONTHS_1_WIRED", subscription(id).getString("plan"), "nothing changed");
    }

    @Test
    void shouldBlockAnUnpaidConnectionUntilATopUpPaysIt() throws Exception {
        JsonObject kkm = registered(null);
        long id = kkm.getLong("id");
        JsonObject done = applied(id, plan("MONTHS_1", "WIRELESS").put("simNumber", "+7 701 555-12-34"));
        assertEquals("AWAITING_PAYMENT", done.getString("outcome"));
        assertTrue(done.getString("outcomeText").contains("пополните лицевой счёт"), done.getString("outcomeText"));
        JsonObject s = subscription(id);
        assertEquals("AWAITING_PAYMENT", s.getString("status"));
        assertEquals("WIRELESS", s.getString("connection"));
        assertEquals("+77015551234", s.getString("simNumber"));
        assertEquals(Billing.UNPAID_REASON, blockReason(kkm), "the register waits for the money");
        assertEquals(0, balance());

        topUp(300_000, "t1");
        assertEquals("ACTIVE", subscription(id).getString("status"));
        assertNull(blockReason(kkm), "paid: unblocked");
        assertEquals(0, balance());
    }

    @Test
    void shouldChangeAPaidPlanFromTheNextRenewalAtTheNewPrice() throws Exception {
        topUp(2_000_000, "t1");
        JsonObject kkm = registered("MONTHS_1_WIRED");
        long id = kkm.getLong("id");
        assertEquals(2_000_000 - MONTH_WIRED, balance());

        assertEquals("CHANGE", document(id, plan("MONTHS_3", "WIRELESS").put("simNumber", ICCID)).json().getString("action"));
        JsonObject scheduled = applied(id, plan("MONTHS_3", "WIRELESS").put("simNumber", ICCID));
        assertEquals("SCHEDULED", scheduled.getString("outcome"), scheduled.encode());
        JsonObject s = subscription(id);
        assertEquals("MONTHS_1_WIRED", s.getString("plan"), "the paid month runs on the old plan");
        JsonObject pending = s.getJsonObject("pendingChange");
        assertEquals("MONTHS_3_WIRELESS", pending.getString("plan"));
        assertEquals(ICCID, pending.getString("simNumber"));
        assertEquals(s.getString("periodTo"), pending.getString("appliesFrom"));
        assertEquals(2_000_000 - MONTH_WIRED, balance(), "nothing charged for the change itself");

        assertEquals("CANCELLED", applied(id, plan("MONTHS_1", "WIRED")).getString("outcome"), "the current plan withdraws it");
        assertNull(subscription(id).getValue("pendingChange"));
        assertEquals(List.of("plan:plan-unchanged"), document(id, plan("MONTHS_1", "WIRED")).errorCodes());
        assertEquals("SCHEDULED", applied(id, plan("MONTHS_3_WIRELESS", "WIRELESS").put("simNumber", ICCID))
            .getString("outcome"));

        assertEquals(0, advanceAndTick(Duration.ofDays(20)).renewed(), "not before the paid period ends");
        assertEquals("MONTHS_1_WIRED", subscription(id).getString("plan"));
        assertEquals(1, advanceAndTick(Duration.ofDays(12)).renewed());
        s = subscription(id);
        assertEquals("MONTHS_3_WIRELESS", s.getString("plan"));
        assertEquals(ICCID, s.getString("simNumber"));
        assertNull(s.getValue("pendingChange"));
        assertEquals("2026-04-02T06:00:00Z", s.getString("periodFrom"), "the new plan starts where the paid month ended");
        assertEquals(2_000_000 - MONTH_WIRED - THREE_MONTHS_WIRELESS, balance(), "the renewal charged the new price");
        LedgerEntryRecord last = charges().get(charges().size() - 1);
        assertEquals("MONTHS_3_WIRELESS", last.getPlan());
        assertEquals(THREE_MONTHS_WIRELESS, last.getAmountTiyn());
        assertEquals(0, advanceAndTick(Duration.ofDays(1)).renewed(), "a second tick charges nothing");
    }

    @Test
    void shouldSwitchAnUnpaidOrExpiredSubscriptionAtOnce() throws Exception {
        // AWAITING_PAYMENT: the switch waits for money like the plan it replaces, on the new plan
        JsonObject unpaid = registered("MONTHS_12_WIRED");
        assertEquals("AWAITING_PAYMENT", subscription(unpaid.getLong("id")).getString("status"));
        JsonObject switched = applied(unpaid.getLong("id"), plan("MONTHS_1", "WIRED"));
        assertEquals("SWITCHED_UNPAID", switched.getString("outcome"));
        assertEquals("MONTHS_1_WIRED", subscription(unpaid.getLong("id")).getString("plan"));
        topUp(MONTH_WIRED, "t1");
        assertEquals("ACTIVE", subscription(unpaid.getLong("id")).getString("status"), "the top-up paid the new plan");
        assertEquals(0, balance());
        assertNull(blockReason(unpaid));

        // EXPIRED: a month not renewed for lack of money. The test CRL is current for a day only and the application
        // must be signed after the expiry, so the paid month is made to end now instead of moving the clock a month.
        long id = unpaid.getLong("id");
        long org = cabinet.get("/api/v1/me", token).json().getJsonObject("organization").getLong("id");
        SubscriptionRecord active = cabinet.registry.billing().subscription(org, id).orElseThrow();
        cabinet.registry.billing().putSubscription(active.toBuilder().setPeriodToMs(cabinet.clock.millis() + 60_000).build());
        assertEquals(1, advanceAndTick(Duration.ofMinutes(2)).expired());
        assertEquals("EXPIRED", subscription(id).getString("status"));
        assertEquals(Billing.EXPIRED_REASON, blockReason(unpaid));
        assertEquals(200, cabinet.call("PUT", "/api/v1/subscriptions/" + id + "/auto-renewal", token,
            new JsonObject().put("autoRenewal", false)).status());
        topUp(1_000_000, "t2");
        assertEquals("EXPIRED", subscription(id).getString("status"), "auto-renewal off: the top-up paid nothing");
        JsonObject paid = applied(id, plan("MONTHS_3", "WIRED"));
        assertEquals("SWITCHED", paid.getString("outcome"), paid.encode());
        JsonObject s = subscription(id);
        assertEquals("ACTIVE", s.getString("status"));
        assertEquals("MONTHS_3_WIRED", s.getString("plan"));
        assertEquals(true, s.getBoolean("autoRenewal"), "the signed application asks for the service again");
        assertEquals(cabinet.clock.instant().toString(), s.getString("periodFrom"), "paid from now, not back-dated");
        assertEquals(1_000_000 - THREE_MONTHS_WIRED, balance());
        assertNull(blockReason(unpaid), "paid: unblocked");
    }

    @Test
    void shouldTakePromoCodesOnlyAtTheFirstConnection() throws Exception {
        Billing billing = cabinet.server.billing();
        PromoCodeRecord promo = billing.issuePromoCode("MONTHS_3_WIRED", 100_000, "operator");
        PromoCodeRecord second = billing.issuePromoCode("MONTHS_3_WIRED", 100_000, "operator");
        topUp(2_000_000, "t1");
        JsonObject kkm = registered(null);
        long id = kkm.getLong("id");
        assertEquals(List.of("promoCode:promo-code-unknown"), document(id, plan("MONTHS_3", "WIRED")
            .put("promoCode", "AAAAABBBBBCCCCCDDDDDEEEEE")).errorCodes());
        assertEquals(List.of("promoCode:promo-code-other-tariff"), document(id, plan("MONTHS_6", "WIRED")
            .put("promoCode", promo.getCode())).errorCodes());
        JsonObject done = applied(id, plan("MONTHS_3", "WIRED").put("promoCode", promo.getCode().substring(0, 5) + "-"
            + promo.getCode().substring(5)));
        assertEquals("ACTIVE", done.getString("outcome"));
        assertEquals(2_000_000 - (THREE_MONTHS_WIRED - 100_000), balance(), "the first period less the discount");

        CabinetFixture.Answer onChange = document(id, plan("MONTHS_6", "WIRED").put("promoCode", second.getCode()));
        assertEquals(400, onChange.status());
        assertEquals(List.of("promoCode:promo-code-on-change"), onChange.errorCodes());
        assertTrue(onChange.raw().body().contains("только при первичном подключении"), onChange.raw().body());
        CabinetFixture.Answer signedAnyway = cabinet.post("/api/v1/subscriptions/" + id, token, plan("MONTHS_6", "WIRED")
            .put("promoCode", second.getCode()).put("signature", "AAAA"));
        assertEquals(List.of("promoCode:promo-code-on-change"), signedAnyway.errorCodes(), "refused before the signature");
        assertEquals(0, billing.store().promoCode(second.getCode()).orElseThrow().getUsedByKkmId(), "the code stays unused");
    }

    @Test
    void shouldRefuseBadApplicationsFieldByField() throws Exception {
        long id = registered(null).getLong("id");
        assertEquals(List.of("plan:required", "connection:required"), document(id, new JsonObject()).errorCodes());
        assertEquals(List.of("plan:unknown-tariff"), document(id, plan("MONTHS_5", "WIRED")).errorCodes());
        assertEquals(List.of("connection:unknown-connection"), document(id, plan("MONTHS_1", "CABLE")).errorCodes());
        assertEquals(List.of("connection:connection-mismatch"), document(id, plan("MONTHS_3_WIRELESS", "WIRED")).errorCodes());
        assertEquals(List.of("simNumber:required"), document(id, plan("MONTHS_1", "WIRELESS")).errorCodes());
        assertEquals(List.of("simNumber:sim-number-format"), document(id, plan("MONTHS_1", "WIRELESS")
            .put("simNumber", "12345")).errorCodes());
        assertEquals(List.of("simNumber:sim-number-format"), document(id, plan("MONTHS_1", "WIRELESS")
            .put("simNumber", "8977000000000000004")).errorCodes(), "an ICCID with a wrong check digit");
        assertEquals(List.of("simNumber:sim-not-applicable"), document(id, plan("MONTHS_1", "WIRED")
            .put("simNumber", ICCID)).errorCodes());
        assertEquals(List.of("promoCode:promo-code-format"), document(id, plan("MONTHS_1", "WIRED")
            .put("promoCode", "abc")).errorCodes());
        CabinetFixture.Answer unknown = document(999, plan("MONTHS_1", "WIRED"));
        assertEquals(404, unknown.status());
        assertEquals("kkm-not-found", unknown.type());

        JsonObject awaiting = new JsonObject().put("name", "Новая").put("model", "WEBKASSA-1.0").put("serialNumber", "TA999999")
            .put("year", 2025).put("tradePointId", point).put("personalDataConsent", true);
        byte[] regDoc = Base64.getDecoder().decode(cabinet.post("/api/v1/kkms/application-document", token,
            awaiting.copy().put("kind", "REGISTRATION")).json().getString("document"));
        long waiting = cabinet.post("/api/v1/kkms", token, awaiting.put("signature", TestPki.cms(signer, regDoc))).json()
            .getLong("id");
        CabinetFixture.Answer notRegistered = document(waiting, plan("MONTHS_1", "WIRED"));
        assertEquals(409, notRegistered.status(), notRegistered.raw().body());
        assertEquals("kkm-not-registered", notRegistered.type());

        byte[] doc = Base64.getDecoder().decode(document(id, plan("MONTHS_1", "WIRED")).json().getString("document"));
        String path = "/api/v1/subscriptions/" + id;
        assertEquals(List.of("signature:required"), cabinet.post(path, token, plan("MONTHS_1", "WIRED")).errorCodes());
        CabinetFixture.Answer stranger = cabinet.post(path, token, plan("MONTHS_1", "WIRED").put("signature", TestPki.cms(
            cabinet.signCert(cabinet.rsaCa, TestPki.Alg.RSA, TestIds.iin(88), TestIds.bin(88)), doc)));
        assertEquals(403, stranger.status());
        assertEquals("signer-not-owner", stranger.type());
        assertEquals("signature-wrong-content", cabinet.post(path, token, plan("MONTHS_3", "WIRED")
            .put("signature", TestPki.cms(signer, doc))).type(), "signed for another plan");
        assertTrue(cabinet.registry.billing().subscriptions(1).isEmpty() || subscriptions().getJsonArray("subscriptions")
            .isEmpty(), "nothing connected");

        // trade-point scope: a tariffs manager whose KKM grant covers another point does not find this KKM
        long other = cabinet.post("/api/v1/trade-points", token, OrganizationAndTradePointTest.point("Касса 2")).json()
            .getLong("id");
        JsonObject grant = new JsonObject().put("modules", new JsonArray()
                .add(new JsonObject().put("module", "tariffs").put("level", "manage"))
                .add(new JsonObject().put("module", "kkms").put("level", "view")))
            .put("allTradePoints", false).put("tradePointIds", new JsonArray().add(other));
        cabinet.addUser(token, 1, grant);
        CabinetFixture.Answer scoped = cabinet.post("/api/v1/subscriptions/" + id + "/application-document",
            cabinet.login("user1@example.kz"), plan("MONTHS_1", "WIRED"));
        assertEquals(404, scoped.status(), scoped.raw().body());
        assertEquals("kkm-not-found", scoped.type());
    }
}
