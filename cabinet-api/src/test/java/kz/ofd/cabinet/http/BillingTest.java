package kz.ofd.cabinet.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import kz.ofd.cabinet.billing.Billing;
import kz.ofd.cabinet.billing.Money;
import kz.ofd.cabinet.registry.proto.PromoCodeRecord;
import kz.ofd.cabinet.signature.TestPki;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tariffs and the account over REST, against the in-memory engine and KGD and the fake payment provider: the plan
 * catalogue, promo codes at registration (the manual's three errors and first connection only), activation when KGD
 * registers the KKM (paid at once, or blocked until a top-up pays it), renewal at the end of a period by the
 * scheduler's tick, expiry that blocks the register and a top-up that unblocks it, the auto-renewal switch, top-up
 * idempotency, the statement's sums and the invoice PDF.
 */
@Timeout(120)
class BillingTest {

    private static final long MONTH_WIRED = 250_000;
    private static final long THREE_MONTHS_WIRED = 712_500;

    @TempDir
    Path dir;
    CabinetFixture cabinet;
    String token;
    String iin;
    TestPki.Holder signer;
    long point;
    private int serial = 1;

    @BeforeEach
    void start() throws Exception {
        cabinet = new CabinetFixture(dir);
        CabinetFixture.Owner owner = cabinet.owner();
        token = owner.token();
        iin = owner.iin();
        signer = owner.signer();
        point = owner.point();
    }

    @AfterEach
    void stop() {
        cabinet.close();
    }

    private JsonObject application(String tariff, String promo) {
        JsonObject a = new JsonObject().put("name", "Касса " + serial).put("model", "WEBKASSA-1.0")
            .put("serialNumber", String.format("BL%06d", serial++)).put("year", 2025).put("tradePointId", point)
            .put("tariff", tariff).put("personalDataConsent", true);
        return promo == null ? a : a.put("promoCode", promo);
    }

    /** @return the application's answer, or the document's when the fields are refused before anything is signed */
    private CabinetFixture.Answer apply(JsonObject application) throws Exception {
        CabinetFixture.Answer document = cabinet.post("/api/v1/kkms/application-document", token,
            application.copy().put("kind", "REGISTRATION"));
        if (document.status() != 200) {
            return document;
        }
        byte[] doc = Base64.getDecoder().decode(document.json().getString("document"));
        return cabinet.post("/api/v1/kkms", token, application.copy().put("signature", TestPki.cms(signer, doc)));
    }

    /** Applies, has KGD approve; @return the KKM (id, ofdId) */
    private JsonObject registered(String tariff, String promo) throws Exception {
        CabinetFixture.Answer sent = apply(application(tariff, promo));
        assertEquals(202, sent.status(), sent.raw().body());
        cabinet.engine.decideLast(true, "6203000" + String.format("%05d", serial), null, null);
        JsonObject kkm = cabinet.get("/api/v1/kkms/" + sent.json().getLong("id"), token).json();
        assertEquals("REGISTERED", kkm.getString("status"));
        return kkm;
    }

    /** Moves the clock (sessions end after 12 hours, so the owner logs in again). */
    private void advance(Duration by) throws Exception {
        cabinet.clock.advance(by);
        token = cabinet.login(iin);
    }

    private long balance() throws Exception {
        return cabinet.get("/api/v1/account", token).json().getLong("balanceTiyn");
    }

    private JsonObject subscription(long kkmId) throws Exception {
        for (Object o : cabinet.get("/api/v1/subscriptions", token).json().getJsonArray("subscriptions")) {
            if (((JsonObject) o).getLong("kkmId") == kkmId) {
                return (JsonObject) o;
            }
        }
        throw new AssertionError("no subscription for KKM " + kkmId);
    }

    private String blockReason(JsonObject kkm) {
        return cabinet.engine.kkms.get(kkm.getLong("ofdId")).blockReason;
    }

    /** Tops up through the fake provider's page; @return the top-up */
    private JsonObject topUp(long amount, String key) throws Exception {
        CabinetFixture.Answer a = cabinet.post("/api/v1/account/top-ups", token,
            new JsonObject().put("amountTiyn", amount).put("idempotencyKey", key));
        assertEquals(201, a.status(), a.raw().body());
        cabinet.payments.complete("ofd-" + organization() + "-" + a.json().getLong("id"), true);
        return a.json();
    }

    private long organization() throws Exception {
        return cabinet.get("/api/v1/me", token).json().getJsonObject("organization").getLong("id");
    }

    @Test
    void shouldListThePlansInTiyn() throws Exception {
        CabinetFixture.Answer a = cabinet.get("/api/v1/tariffs", token);
        assertEquals(200, a.status(), a.raw().body());
        JsonArray plans = a.json().getJsonArray("plans");
        assertEquals(8, plans.size(), "1, 3, 6, 12 months, wired and wireless");
        JsonObject three = plans.stream().map(JsonObject.class::cast).filter(p -> p.getString("code").equals("MONTHS_3_WIRED"))
            .findFirst().orElseThrow();
        assertEquals(THREE_MONTHS_WIRED, three.getLong("priceTiyn"));
        assertEquals(3, three.getInteger("months"));
        assertEquals("WIRED", three.getString("connection"));
        assertEquals("7 125,00 ₸", three.getString("priceText"));
        assertTrue(a.raw().body().contains("\"priceTiyn\":712500"), "an integer, never a decimal: " + a.raw().body());
        assertEquals("MONTHS_3_WIRED", cabinet.get("/api/v1/kkm-models", token).json().getJsonArray("tariffs").stream()
            .filter("MONTHS_3_WIRED"::equals).findFirst().orElseThrow());
    }

    @Test
    void shouldRefusePromoCodesWithTheManualsErrors() throws Exception {
        Billing billing = cabinet.server.billing();
        PromoCodeRecord wired3 = billing.issuePromoCode("MONTHS_3_WIRED", 100_000, "operator");
        PromoCodeRecord blocked = billing.issuePromoCode("MONTHS_3_WIRED", 100_000, "operator");
        billing.setPromoCodeBlocked(blocked.getCode(), true);
        assertTrue(wired3.getCode().matches("[0-9A-Z]{25}"), wired3.getCode());

        CabinetFixture.Answer unknown = apply(application("MONTHS_3_WIRED", "AAAAABBBBBCCCCCDDDDDEEEEE"));
        assertEquals(400, unknown.status(), unknown.raw().body());
        assertEquals(List.of("promoCode:promo-code-unknown"), unknown.errorCodes());
        assertTrue(unknown.raw().body().contains("Введённый промокод не существует."), unknown.raw().body());
        CabinetFixture.Answer isBlocked = apply(application("MONTHS_3_WIRED", blocked.getCode()));
        assertEquals(List.of("promoCode:promo-code-blocked"), isBlocked.errorCodes());
        assertTrue(isBlocked.raw().body().contains("заблокирован, обратитесь в службу поддержки"), isBlocked.raw().body());
        CabinetFixture.Answer otherPlan = apply(application("MONTHS_3_WIRELESS", wired3.getCode()));
        assertEquals(List.of("promoCode:promo-code-other-tariff"), otherPlan.errorCodes());
        CabinetFixture.Answer otherMonths = apply(application("MONTHS_6_WIRED", wired3.getCode()));
        assertEquals(List.of("promoCode:promo-code-other-tariff"), otherMonths.errorCodes());
        assertTrue(otherMonths.raw().body().contains("не соответствует выбранному тарифу"), otherMonths.raw().body());

        topUp(1_000_000, "first-top-up");
        JsonObject kkm = registered("MONTHS_3_WIRED", wired3.getCode());
        assertEquals(1_000_000 - (THREE_MONTHS_WIRED - 100_000), balance(), "the first period less the discount");
        JsonObject s = subscription(kkm.getLong("id"));
        assertEquals("ACTIVE", s.getString("status"));
        assertEquals(wired3.getCode(), s.getString("promoCode"));
        assertNull(blockReason(kkm), "paid: the register works");

        CabinetFixture.Answer again = apply(application("MONTHS_3_WIRED", wired3.getCode()));
        assertEquals(List.of("promoCode:promo-code-used"), again.errorCodes(), "first connection only");
    }

    @Test
    void shouldBlockAnUnpaidRegistrationAndUnblockItWhenATopUpPaysIt() throws Exception {
        JsonObject kkm = registered("MONTHS_1_WIRED", null);
        long id = kkm.getLong("id");
        assertEquals("AWAITING_PAYMENT", subscription(id).getString("status"));
        assertEquals(Billing.UNPAID_REASON, blockReason(kkm), "registered, but blocked until paid");
        assertTrue(cabinet.engine.journal.contains("billing-block " + kkm.getLong("ofdId")), cabinet.engine.journal.toString());
        assertEquals(Billing.UNPAID_REASON, cabinet.get("/api/v1/kkms/" + id, token).json().getJsonObject("engine")
            .getString("blockReason"));

        CabinetFixture.Answer started = cabinet.post("/api/v1/account/top-ups", token,
            new JsonObject().put("amountTiyn", 400_000).put("idempotencyKey", "top-up-0001"));
        assertEquals(201, started.status(), started.raw().body());
        assertEquals("PENDING", started.json().getString("status"));
        assertNotNull(started.json().getString("redirectUrl"), "the user goes to the provider's page");
        CabinetFixture.Answer retried = cabinet.post("/api/v1/account/top-ups", token,
            new JsonObject().put("amountTiyn", 400_000).put("idempotencyKey", "top-up-0001"));
        assertEquals(200, retried.status(), retried.raw().body());
        assertEquals(started.json().getLong("id"), retried.json().getLong("id"));
        assertEquals(1, cabinet.payments.startedCount(), "a retried request starts no second payment");
        CabinetFixture.Answer reused = cabinet.post("/api/v1/account/top-ups", token,
            new JsonObject().put("amountTiyn", 900_000).put("idempotencyKey", "top-up-0001"));
        assertEquals(409, reused.status(), reused.raw().body());
        assertEquals("idempotency-key-reused", reused.type());
        assertEquals(0, balance(), "nothing is credited before the provider confirms");
        assertEquals(Billing.UNPAID_REASON, blockReason(kkm));

        String order = "ofd-" + organization() + "-" + started.json().getLong("id");
        cabinet.payments.complete(order, true);
        cabinet.payments.complete(order, true);
        assertEquals(400_000 - MONTH_WIRED, balance(), "credited once although the provider called back twice");
        assertEquals("ACTIVE", subscription(id).getString("status"));
        assertNull(blockReason(kkm), "the top-up paid the first period: unblocked");
        assertTrue(cabinet.engine.journal.contains("unblock " + kkm.getLong("ofdId")));
        assertEquals("PAID", cabinet.get("/api/v1/account/top-ups", token).json().getJsonArray("topUps").getJsonObject(0)
            .getString("status"));

        CabinetFixture.Answer bad = cabinet.post("/api/v1/account/top-ups", token,
            new JsonObject().put("amountTiyn", 12.5).put("idempotencyKey", "x"));
        assertEquals(400, bad.status());
        assertEquals(List.of("amountTiyn:type", "idempotencyKey:idempotency-key-format"), bad.errorCodes());
    }

    @Test
    void shouldCreditNothingForADeclinedCard() throws Exception {
        JsonObject kkm = registered("MONTHS_1_WIRED", null);
        CabinetFixture.Answer started = cabinet.post("/api/v1/account/top-ups", token,
            new JsonObject().put("amountTiyn", 400_000).put("idempotencyKey", "declined-0001"));
        assertEquals(201, started.status(), started.raw().body());
        String order = "ofd-" + organization() + "-" + started.json().getLong("id");
        cabinet.payments.complete(order, false);
        cabinet.payments.complete(order, true);
        JsonObject topUp = cabinet.get("/api/v1/account/top-ups", token).json().getJsonArray("topUps").getJsonObject(0);
        assertEquals("FAILED", topUp.getString("status"), "a declined payment stays declined");
        assertEquals("card declined", topUp.getString("failureReason"));
        assertEquals(0, balance());
        assertEquals(Billing.UNPAID_REASON, blockReason(kkm));
        assertEquals(0, cabinet.get("/api/v1/account/statement?from=2026-03-01&to=2026-03-31", token).json()
            .getJsonArray("entries").size(), "nothing was written to the ledger");
    }

    @Test
    void shouldRetryAnUnblockTheEngineMissedOnTheNextTick() throws Exception {
        JsonObject kkm = registered("MONTHS_1_WIRED", null);
        cabinet.engine.down = true;
        topUp(300_000, "engine-down-topup");
        cabinet.engine.down = false;
        assertEquals("ACTIVE", subscription(kkm.getLong("id")).getString("status"), "paid although the engine was down");
        assertEquals(Billing.UNPAID_REASON, blockReason(kkm), "the unblock did not reach the engine");
        cabinet.server.billing().tick(cabinet.clock.instant());
        assertNull(blockReason(kkm), "the next tick lifts it");
        assertEquals(300_000 - MONTH_WIRED, balance(), "and charges nothing more");
    }

    @Test
    void shouldRenewFromTheBalanceExpireWithoutItAndResumeAfterATopUp() throws Exception {
        topUp(600_000, "renewal-topup-1");
        JsonObject kkm = registered("MONTHS_1_WIRED", null);
        long id = kkm.getLong("id");
        assertEquals(600_000 - MONTH_WIRED, balance());
        assertEquals(0, cabinet.server.billing().tick(cabinet.clock.instant()).renewed(), "nothing ends yet");

        advance(Duration.ofDays(32));
        Billing.Tick t = cabinet.server.billing().tick(cabinet.clock.instant());
        assertEquals(1, t.renewed());
        assertEquals(600_000 - 2 * MONTH_WIRED, balance(), "the second month from the balance");
        assertEquals("ACTIVE", subscription(id).getString("status"));
        assertEquals(0, cabinet.server.billing().tick(cabinet.clock.instant()).renewed(), "a second tick charges nothing");
        assertEquals(600_000 - 2 * MONTH_WIRED, balance());

        advance(Duration.ofDays(31));
        t = cabinet.server.billing().tick(cabinet.clock.instant());
        assertEquals(1, t.expired(), "100 000 tiyn do not cover a month");
        assertEquals(100_000, balance(), "never negative");
        assertEquals("EXPIRED", subscription(id).getString("status"));
        assertEquals(Billing.EXPIRED_REASON, blockReason(kkm), "the register gets BLOCKED with the reason");
        assertTrue(subscription(id).getString("statusText").startsWith("Истекла"));

        topUp(200_000, "renewal-topup-2");
        assertEquals(300_000 - MONTH_WIRED, balance(), "the top-up paid a new month at once");
        assertEquals("ACTIVE", subscription(id).getString("status"));
        assertNull(blockReason(kkm), "unblocked");

        CabinetFixture.Answer off = cabinet.call("PUT", "/api/v1/subscriptions/" + id + "/auto-renewal", token,
            new JsonObject().put("autoRenewal", false));
        assertEquals(200, off.status(), off.raw().body());
        assertEquals(false, off.json().getBoolean("autoRenewal"));
        topUp(1_000_000, "renewal-topup-3");
        advance(Duration.ofDays(32));
        assertEquals(1, cabinet.server.billing().tick(cabinet.clock.instant()).expired(), "auto-renewal off: not renewed");
        assertEquals(Billing.EXPIRED_REASON, blockReason(kkm));
        long before = balance();
        CabinetFixture.Answer on = cabinet.call("PUT", "/api/v1/subscriptions/" + id + "/auto-renewal", token,
            new JsonObject().put("autoRenewal", true));
        assertEquals("ACTIVE", on.json().getString("status"), "switching it on pays a new period at once");
        assertEquals(before - MONTH_WIRED, balance());
        assertNull(blockReason(kkm));
        assertEquals(404, cabinet.call("PUT", "/api/v1/subscriptions/999/auto-renewal", token,
            new JsonObject().put("autoRenewal", true)).status());
    }

    @Test
    void shouldStopTheSubscriptionWhenTheKkmIsDeregistered() throws Exception {
        topUp(300_000, "deregister-topup");
        JsonObject kkm = registered("MONTHS_1_WIRED", null);
        long id = kkm.getLong("id");
        JsonObject leave = new JsonObject().put("kind", "DEREGISTRATION").put("kkmId", id).put("reason", "MODEL_REPLACED")
            .put("personalDataConsent", true);
        byte[] doc = Base64.getDecoder().decode(cabinet.post("/api/v1/kkms/application-document", token, leave).json()
            .getString("document"));
        assertEquals(202, cabinet.post("/api/v1/kkms/" + id + "/deregistration", token,
            leave.copy().put("signature", TestPki.cms(signer, doc))).status());
        cabinet.engine.decideLast(true, null, null, null);
        assertEquals("STOPPED", subscription(id).getString("status"));
        advance(Duration.ofDays(40));
        assertEquals(new Billing.Tick(0, 0), cabinet.server.billing().tick(cabinet.clock.instant()));
        assertEquals(300_000 - MONTH_WIRED, balance(), "a stopped subscription is not charged");
    }

    @Test
    void shouldSumTheStatementAndWriteTheInvoicePdf() throws Exception {
        topUp(1_500_000, "statement-topup-1");
        registered("MONTHS_1_WIRED", null);
        registered("MONTHS_3_WIRED", null);
        cabinet.server.billing().refund(organization(), 5_000, "Исправление: тест", "case-1", "operator");
        advance(Duration.ofDays(32));
        cabinet.server.billing().tick(cabinet.clock.instant());

        CabinetFixture.Answer march = cabinet.get("/api/v1/account/statement?from=2026-03-01&to=2026-03-31", token);
        assertEquals(200, march.status(), march.raw().body());
        JsonObject m = march.json();
        assertEquals(0, m.getLong("openingBalanceTiyn"));
        assertEquals(1_505_000, m.getLong("creditsTiyn"));
        assertEquals(MONTH_WIRED + THREE_MONTHS_WIRED, m.getLong("debitsTiyn"));
        assertEquals(1_505_000 - MONTH_WIRED - THREE_MONTHS_WIRED, m.getLong("closingBalanceTiyn"));
        assertEquals(4, m.getJsonArray("entries").size());
        JsonObject charge = m.getJsonArray("entries").getJsonObject(1);
        assertEquals("CHARGE", charge.getString("kind"));
        assertEquals("billing", charge.getString("actor"), "every entry says who");
        assertTrue(charge.getString("reason").contains("1 месяц, проводное подключение"), charge.getString("reason"));
        assertNotNull(charge.getString("reference"));

        JsonObject april = cabinet.get("/api/v1/account/statement?from=2026-04-01&to=2026-04-30", token).json();
        assertEquals(m.getLong("closingBalanceTiyn"), april.getLong("openingBalanceTiyn"), "April opens where March closed");
        assertEquals(MONTH_WIRED, april.getLong("debitsTiyn"), "the renewal");
        assertEquals(balance(), april.getLong("closingBalanceTiyn"));
        CabinetFixture.Answer bad = cabinet.get("/api/v1/account/statement?from=2026-04-30&to=2026-04-01", token);
        assertEquals(List.of("to:period-range"), bad.errorCodes());

        JsonArray invoices = cabinet.get("/api/v1/account/invoices?from=2026-01&to=2026-04", token).json()
            .getJsonArray("invoices");
        assertEquals(2, invoices.size(), "March and April had charges: " + invoices.encode());
        JsonObject inMarch = invoices.getJsonObject(0);
        assertEquals(MONTH_WIRED + THREE_MONTHS_WIRED, inMarch.getLong("totalTiyn"));
        assertEquals(Money.vatIncluded(MONTH_WIRED + THREE_MONTHS_WIRED, 16), inMarch.getLong("vatTiyn"));
        HttpResponse<byte[]> pdf = cabinet.http.send(HttpRequest.newBuilder(URI.create(cabinet.base + inMarch.getString("pdf")))
            .header("authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, pdf.statusCode());
        assertEquals("application/pdf", pdf.headers().firstValue("content-type").orElse(""));
        try (PDDocument doc = Loader.loadPDF(pdf.body())) {
            String text = new PDFTextStripper().getText(doc);
            assertTrue(text.contains("СЧЁТ-ФАКТУРА"), text);
            assertTrue(text.contains("Итого: " + Money.format(MONTH_WIRED + THREE_MONTHS_WIRED)), text);
            assertTrue(text.contains("НДС 16%: " + Money.format(inMarch.getLong("vatTiyn"))), text);
            assertTrue(text.contains("3 месяца, проводное подключение"), text);
        }
        assertEquals(404, cabinet.get("/api/v1/account/invoice.pdf?month=2025-01", token).status());
    }
}
