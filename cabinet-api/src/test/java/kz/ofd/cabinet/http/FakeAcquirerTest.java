package kz.ofd.cabinet.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import kz.ofd.cabinet.billing.FakePaymentProvider;
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
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fake acquirer's checkout over HTTP, as a payer's browser uses it: the top-up's {@code redirectUrl} is the
 * cabinet's own page (no session, no card fields), Pay credits the account once however often the form is posted,
 * Decline credits nothing and stays declined, and unknown payments and bad outcomes are problem details.
 */
@Timeout(60)
class FakeAcquirerTest {

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

    private JsonObject topUp(long amount, String key) throws Exception {
        CabinetFixture.Answer a = cabinet.post("/api/v1/account/top-ups", token,
            new JsonObject().put("amountTiyn", amount).put("idempotencyKey", key));
        assertEquals(201, a.status(), a.raw().body());
        return a.json();
    }

    private HttpResponse<String> page(String url, String accept) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET();
        if (accept != null) {
            b.header("accept", accept);
        }
        return cabinet.http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Posts the checkout form as a browser does. */
    private HttpResponse<String> post(String url, String form, String accept) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
            .header("content-type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form));
        if (accept != null) {
            b.header("accept", accept);
        }
        return cabinet.http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private long balance() throws Exception {
        return cabinet.get("/api/v1/account", token).json().getLong("balanceTiyn");
    }

    private JsonArray topUpEntries() throws Exception {
        JsonArray all = cabinet.get("/api/v1/account/statement?from=2026-03-01&to=2026-03-31", token).json()
            .getJsonArray("entries");
        JsonArray topUps = new JsonArray();
        all.stream().map(JsonObject.class::cast).filter(e -> e.getString("kind").equals("TOP_UP")).forEach(topUps::add);
        return topUps;
    }

    @Test
    void shouldCreditAPaymentOnceHoweverOftenTheCheckoutIsPosted() throws Exception {
        JsonObject started = topUp(500_000, "checkout-0001");
        String url = started.getString("redirectUrl");
        assertTrue(url.matches(cabinet.base() + "/fake-acquirer/checkout/fake-\\d+-[A-Za-z0-9_-]{16}"), url);

        HttpResponse<String> checkout = page(url, null);
        assertEquals(200, checkout.statusCode(), checkout.body());
        assertEquals("text/html; charset=utf-8", checkout.headers().firstValue("content-type").orElseThrow());
        assertTrue(checkout.body().contains("Тестовый эквайер"), checkout.body());
        assertTrue(checkout.body().contains("5 000,00 ₸"), "the amount is shown: " + checkout.body());
        assertTrue(checkout.body().contains("value=\"paid\"") && checkout.body().contains("value=\"declined\""));
        assertFalse(checkout.body().contains("<input"), "no card fields at all");
        assertEquals(0, balance(), "nothing is credited before the payer decides");

        HttpResponse<String> paid = post(url, "outcome=paid", null);
        assertEquals(200, paid.statusCode(), paid.body());
        assertTrue(paid.body().contains("data-status=\"PAID\""), paid.body());
        assertEquals(500_000, balance());
        JsonObject again = new JsonObject(post(url, "outcome=paid", "application/json").body());
        assertEquals("PAID", again.getString("status"));
        assertTrue(again.getBoolean("repeated"));
        JsonObject otherMind = new JsonObject(post(url, "outcome=declined", "application/json").body());
        assertEquals("PAID", otherMind.getString("status"), "the first outcome is final");
        assertEquals(500_000, balance(), "credited once although the outcome was reported three times");
        assertEquals(1, topUpEntries().size(), topUpEntries().encode());
        assertEquals("PAID", cabinet.get("/api/v1/account/top-ups", token).json().getJsonArray("topUps").getJsonObject(0)
            .getString("status"));
        HttpResponse<String> after = page(url, "application/json");
        assertEquals("PAID", new JsonObject(after.body()).getString("status"));
        assertEquals(500_000, new JsonObject(after.body()).getLong("amountTiyn"));
    }

    @Test
    void shouldCreditNothingForADeclinedPaymentEvenWhenPayIsPostedAfterwards() throws Exception {
        String url = topUp(300_000, "checkout-0002").getString("redirectUrl");
        HttpResponse<String> declined = post(url, "outcome=declined", null);
        assertEquals(200, declined.statusCode(), declined.body());
        assertTrue(declined.body().contains("data-status=\"DECLINED\""), declined.body());
        assertEquals("DECLINED", new JsonObject(post(url, "outcome=paid", "application/json").body()).getString("status"));
        assertEquals(0, balance());
        assertEquals(0, topUpEntries().size());
        JsonObject t = cabinet.get("/api/v1/account/top-ups", token).json().getJsonArray("topUps").getJsonObject(0);
        assertEquals("FAILED", t.getString("status"));
        assertEquals("card declined", t.getString("failureReason"));
    }

    @Test
    void shouldAnswerProblemsForAnUnknownPaymentAndABadOutcome() throws Exception {
        String url = topUp(200_000, "checkout-0003").getString("redirectUrl");
        String guessed = url.substring(0, url.lastIndexOf('-') + 1) + "AAAAAAAAAAAAAAAA";   // the right number, no secret
        for (String unknown : List.of(cabinet.base() + FakePaymentProvider.CHECKOUT_PATH + "fake-999", guessed)) {
            for (HttpResponse<String> r : List.of(page(unknown, null), post(unknown, "outcome=paid", null))) {
                assertEquals(404, r.statusCode(), r.body());
                assertEquals("application/problem+json", r.headers().firstValue("content-type").orElseThrow());
                assertEquals(Problem.TYPE_BASE + "payment-not-found", new JsonObject(r.body()).getString("type"));
            }
        }
        HttpResponse<String> missing = post(url, "", null);
        assertEquals(400, missing.statusCode(), missing.body());
        assertEquals("required", new JsonObject(missing.body()).getJsonArray("errors").getJsonObject(0).getString("code"));
        HttpResponse<String> other = post(url, "outcome=maybe", null);
        assertEquals(400, other.statusCode(), other.body());
        JsonObject error = new JsonObject(other.body()).getJsonArray("errors").getJsonObject(0);
        assertEquals("outcome", error.getString("field"));
        assertEquals("outcome-value", error.getString("code"));
        assertEquals("AWAITING_PAYER", new JsonObject(page(url, "application/json").body()).getString("status"),
            "a refused post decides nothing");
        assertEquals(0, balance());
    }

    @Test
    void shouldRefuseABillingIntervalBelowTenMilliseconds() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new CabinetServer(
            new CabinetServer.Dependencies(cabinet.registry, kz.ofd.cabinet.CabinetSettings.defaults(), cabinet.clock,
                null, null, null, null), new FakePaymentProvider(), CabinetServer.DEMO_SELLER, Duration.ofMillis(5)));
        assertTrue(e.getMessage().contains("billing interval"), e.getMessage());
    }
}
