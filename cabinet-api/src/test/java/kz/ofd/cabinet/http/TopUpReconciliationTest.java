package kz.ofd.cabinet.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import kz.ofd.cabinet.MutableClock;
import kz.ofd.cabinet.billing.Billing;
import kz.ofd.cabinet.billing.FakePaymentProvider;
import kz.ofd.cabinet.billing.PaymentProvider;
import kz.ofd.cabinet.registry.BillingStore;
import kz.ofd.cabinet.registry.CabinetRegistry;
import kz.ofd.cabinet.registry.proto.TopUpRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Card top-ups whose outcome never arrived are reconciled by the billing tick: after the grace period the provider is
 * asked and a decided outcome is applied as its callback would be (credited once; a late callback is a repeat), an
 * undecided payment is asked again until the limit and then fails, a provider that forgot the payment (the fake one
 * after a restart) fails it with its reason, a provider error leaves the rest of the tick alone, and one tick asks at
 * most its bound. Over HTTP the owner sees the status in {@code GET /account/top-ups}.
 */
@Timeout(120)
class TopUpReconciliationTest {

    private static final long ORG = 7;

    @TempDir
    Path dir;

    // ---- over HTTP, the server's own billing ----

    /** An owner of the cabinet fixture, logged in again after each move of the clock (sessions end). */
    private static final class Owner {
        final CabinetFixture cabinet;
        final String iin;
        String token;

        Owner(CabinetFixture cabinet) throws Exception {
            this.cabinet = cabinet;
            CabinetFixture.Owner o = cabinet.owner();
            this.iin = o.iin();
            this.token = o.token();
        }

        void advance(Duration by) throws Exception {
            cabinet.clock.advance(by);
            token = cabinet.login(iin);
        }

        Billing.Tick tick() {
            return cabinet.server.billing().tick(cabinet.clock.instant());
        }

        /** Starts a top-up; @return its order id at the provider */
        String startTopUp(long amount, String key) throws Exception {
            CabinetFixture.Answer a = cabinet.post("/api/v1/account/top-ups", token,
                new JsonObject().put("amountTiyn", amount).put("idempotencyKey", key));
            assertEquals(201, a.status(), a.raw().body());
            assertEquals("PENDING", a.json().getString("status"));
            long org = cabinet.get("/api/v1/me", token).json().getJsonObject("organization").getLong("id");
            return "ofd-" + org + "-" + a.json().getLong("id");
        }

        JsonObject onlyTopUp() throws Exception {
            JsonArray all = cabinet.get("/api/v1/account/top-ups", token).json().getJsonArray("topUps");
            assertEquals(1, all.size(), all.encode());
            return all.getJsonObject(0);
        }

        long balance() throws Exception {
            return cabinet.get("/api/v1/account", token).json().getLong("balanceTiyn");
        }

        long topUpEntries() throws Exception {
            return cabinet.get("/api/v1/account/statement?from=2026-03-01&to=2026-03-31", token).json()
                .getJsonArray("entries").stream().map(JsonObject.class::cast)
                .filter(e -> BillingStore.TOP_UP.equals(e.getString("kind"))).count();
        }
    }

    @Test
    void shouldCreditAPaymentWhoseCallbackWasLostOnceAfterTheGracePeriod() throws Exception {
        try (CabinetFixture cabinet = new CabinetFixture(dir)) {
            Owner owner = new Owner(cabinet);
            String order = owner.startTopUp(400_000, "lost-callback-1");
            cabinet.payments.decideWithoutCallback(order, true);
            owner.advance(Duration.ofMinutes(5));
            owner.tick();
            assertEquals("PENDING", owner.onlyTopUp().getString("status"), "within the grace period the callback may come");
            assertEquals(0, owner.balance());

            owner.advance(Duration.ofMinutes(11));
            owner.tick();
            JsonObject t = owner.onlyTopUp();
            assertEquals("PAID", t.getString("status"), t.encode());
            assertEquals(400_000, owner.balance());
            owner.tick();
            cabinet.payments.complete(order, true);   // the lost callback turns up after all
            assertEquals("PAID", owner.onlyTopUp().getString("status"));
            assertEquals(400_000, owner.balance(), "credited once: the late callback is a repeat");
            assertEquals(1, owner.topUpEntries());
            assertEquals(List.of(), cabinet.registry.billing().dueTopUps(Long.MAX_VALUE, 100), "nothing pending is left");
        }
    }

    @Test
    void shouldFailADeclinedPaymentWhoseCallbackWasLost() throws Exception {
        try (CabinetFixture cabinet = new CabinetFixture(dir)) {
            Owner owner = new Owner(cabinet);
            String order = owner.startTopUp(300_000, "lost-decline-1");
            cabinet.payments.decideWithoutCallback(order, false);
            owner.advance(Duration.ofMinutes(16));
            owner.tick();
            JsonObject t = owner.onlyTopUp();
            assertEquals("FAILED", t.getString("status"), t.encode());
            assertEquals("card declined", t.getString("failureReason"));
            cabinet.payments.complete(order, true);   // a misbehaving provider's late, contradicting callback
            assertEquals("FAILED", owner.onlyTopUp().getString("status"));
            assertEquals(0, owner.balance());
            assertEquals(0, owner.topUpEntries());
        }
    }

    @Test
    void shouldKeepAnUndecidedPaymentPendingUntilTheLimitThenFailIt() throws Exception {
        try (CabinetFixture cabinet = new CabinetFixture(dir)) {
            Owner owner = new Owner(cabinet);
            String order = owner.startTopUp(250_000, "undecided-01");
            for (Duration step : List.of(Duration.ofHours(1), Duration.ofHours(11), Duration.ofHours(11))) {
                owner.advance(step);   // 1 h, 12 h, 23 h after the start
                owner.tick();
                JsonObject t = owner.onlyTopUp();
                assertEquals("PENDING", t.getString("status"), "the payer may still finish: " + t.encode());
                assertTrue(t.getString("redirectUrl").contains("/fake-acquirer/checkout/"), "the page is still offered");
            }
            owner.advance(Duration.ofHours(1).plusMinutes(1));   // 24 h 1 min after the start
            owner.tick();
            JsonObject t = owner.onlyTopUp();
            assertEquals("FAILED", t.getString("status"), t.encode());
            assertEquals(Billing.NOT_COMPLETED_REASON, t.getString("failureReason"));
            cabinet.payments.complete(order, true);   // a payment after the page expired is not credited
            assertEquals(0, owner.balance());
            assertEquals(List.of(), cabinet.registry.billing().dueTopUps(Long.MAX_VALUE, 100));
        }
    }

    // ---- the billing alone, with a registry that is reopened ----

    private final MutableClock clock = new MutableClock(CabinetFixture.START);

    private Billing billing(CabinetRegistry registry, PaymentProvider payments, Billing.Reconciliation r) {
        return new Billing(registry, new FakeKkmEngine(), payments, clock, new SecureRandom(), r);
    }

    private Billing billing(CabinetRegistry registry, PaymentProvider payments) {
        return billing(registry, payments, Billing.Reconciliation.DEFAULT);
    }

    private Billing.Reconciled reconcileAfter(Billing billing, Duration later) {
        clock.advance(later);
        return billing.tick(clock.instant()).topUps();
    }

    private static TopUpRecord start(Billing billing, long amount, String key) {
        return billing.startTopUp(ORG, 1, amount, key).record();
    }

    @Test
    void shouldFailWhatTheAcquirerForgotInARestartAndCreditNothing() {
        long id;
        try (CabinetRegistry registry = CabinetRegistry.open(dir, new SecureRandom())) {
            FakePaymentProvider before = new FakePaymentProvider();
            TopUpRecord t = start(billing(registry, before), 500_000, "restart-0001");
            before.decideWithoutCallback(BillingStore.orderId(t), true);   // paid while the cabinet was going down
            id = t.getId();
        }
        try (CabinetRegistry registry = CabinetRegistry.open(dir, new SecureRandom())) {
            Billing restarted = billing(registry, new FakePaymentProvider());
            assertEquals(Billing.Reconciled.NONE, restarted.tick(clock.instant()).topUps(), "not before the grace period");
            Billing.Reconciled r = reconcileAfter(restarted, Duration.ofMinutes(15));
            assertEquals(new Billing.Reconciled(1, 0, 1, 0, 0), r);
            TopUpRecord t = registry.billing().topUp(ORG, id).orElseThrow();
            assertEquals("FAILED", t.getStatus());
            assertEquals(PaymentProvider.NO_RECORD, t.getFailureReason());
            assertEquals(0, registry.billing().account(ORG).getBalanceTiyn());
            assertEquals(List.of(), registry.billing().entries(ORG), "nothing was credited");
            assertEquals(Billing.Reconciled.NONE, reconcileAfter(restarted, Duration.ofHours(1)), "asked once");
        }
    }

    @Test
    void shouldAskAnUndecidedPaymentAgainOnlyAGracePeriodLater() {
        try (CabinetRegistry registry = CabinetRegistry.open(dir, new SecureRandom())) {
            FakePaymentProvider payments = new FakePaymentProvider();
            Billing billing = billing(registry, payments);
            TopUpRecord t = start(billing, 200_000, "undecided-02");
            assertEquals(new Billing.Reconciled(1, 0, 0, 1, 0), reconcileAfter(billing, Duration.ofMinutes(16)));
            assertEquals(Billing.Reconciled.NONE, reconcileAfter(billing, Duration.ofMinutes(14)), "not asked every tick");
            payments.decideWithoutCallback(BillingStore.orderId(t), true);
            assertEquals(new Billing.Reconciled(1, 1, 0, 0, 0), reconcileAfter(billing, Duration.ofMinutes(1)));
            assertEquals(200_000, registry.billing().account(ORG).getBalanceTiyn());
            assertEquals(1, registry.billing().entries(ORG).size());
            payments.complete(BillingStore.orderId(t), true);
            assertEquals(200_000, registry.billing().account(ORG).getBalanceTiyn(), "the late callback credits nothing");
        }
    }

    /** A provider whose status query fails for one order (a timeout at the acquirer). */
    private static final class Flaky implements PaymentProvider {
        final FakePaymentProvider inner = new FakePaymentProvider();
        volatile String failing;

        @Override
        public Started start(Request request) {
            return inner.start(request);
        }

        @Override
        public void onResult(Consumer<Result> listener) {
            inner.onResult(listener);
        }

        @Override
        public Optional<Result> status(String orderId, String paymentId) {
            if (orderId.equals(failing)) {
                throw new PaymentException("the acquirer timed out");
            }
            return inner.status(orderId, paymentId);
        }
    }

    @Test
    void shouldGoOnWithTheOtherTopUpsWhenTheProviderFailsForOne() {
        try (CabinetRegistry registry = CabinetRegistry.open(dir, new SecureRandom())) {
            Flaky payments = new Flaky();
            Billing billing = billing(registry, payments);
            TopUpRecord first = start(billing, 100_000, "flaky-00001");
            TopUpRecord second = start(billing, 150_000, "flaky-00002");
            payments.inner.decideWithoutCallback(BillingStore.orderId(first), true);
            payments.inner.decideWithoutCallback(BillingStore.orderId(second), true);
            payments.failing = BillingStore.orderId(first);
            assertEquals(new Billing.Reconciled(2, 1, 0, 0, 1), reconcileAfter(billing, Duration.ofMinutes(16)));
            assertEquals("PENDING", registry.billing().topUp(ORG, first.getId()).orElseThrow().getStatus(),
                "nothing is known about it: it stays pending");
            assertEquals(150_000, registry.billing().account(ORG).getBalanceTiyn());
            payments.failing = null;
            assertEquals(new Billing.Reconciled(1, 1, 0, 0, 0), reconcileAfter(billing, Duration.ofMinutes(15)));
            assertEquals(250_000, registry.billing().account(ORG).getBalanceTiyn());
        }
    }

    @Test
    void shouldAskAtMostTheBoundInOneTickOldestFirst() {
        try (CabinetRegistry registry = CabinetRegistry.open(dir, new SecureRandom())) {
            FakePaymentProvider payments = new FakePaymentProvider();
            Billing billing = billing(registry, payments,
                new Billing.Reconciliation(Duration.ofMinutes(1), Duration.ofHours(1), 2));
            for (int i = 0; i < 3; i++) {
                payments.decideWithoutCallback(BillingStore.orderId(start(billing, 100_000, "bounded-000" + i)), true);
                clock.advance(Duration.ofSeconds(1));
            }
            assertEquals(new Billing.Reconciled(2, 2, 0, 0, 0), reconcileAfter(billing, Duration.ofMinutes(2)));
            assertEquals(List.of("PAID", "PAID", "PENDING"), registry.billing().topUps(ORG).stream()
                .map(TopUpRecord::getStatus).toList(), "the oldest two first");
            assertEquals(new Billing.Reconciled(1, 1, 0, 0, 0), billing.tick(clock.instant()).topUps());
            assertEquals(300_000, registry.billing().account(ORG).getBalanceTiyn());
        }
    }

    @Test
    void shouldKeepEveryPendingTopUpPendingWithoutAProvider() {
        try (CabinetRegistry registry = CabinetRegistry.open(dir, new SecureRandom())) {
            FakePaymentProvider before = new FakePaymentProvider();
            long id = start(billing(registry, before), 100_000, "no-provider-1").getId();
            Billing without = billing(registry, PaymentProvider.unavailable());
            assertEquals(new Billing.Reconciled(1, 0, 0, 0, 1), reconcileAfter(without, Duration.ofMinutes(15)),
                "nobody can say whether the money was taken: asked, an error, nothing decided");
            TopUpRecord t = registry.billing().topUp(ORG, id).orElseThrow();
            assertEquals("PENDING", t.getStatus());
            assertEquals(0, registry.billing().account(ORG).getBalanceTiyn());
        }
    }

    @Test
    void shouldRefuseAReconciliationWithoutAGraceOrABound() {
        assertThrows(IllegalArgumentException.class, () -> new Billing.Reconciliation(Duration.ZERO, Duration.ofHours(1), 1));
        assertThrows(IllegalArgumentException.class,
            () -> new Billing.Reconciliation(Duration.ofHours(2), Duration.ofHours(1), 1));
        assertThrows(IllegalArgumentException.class,
            () -> new Billing.Reconciliation(Duration.ofMinutes(1), Duration.ofHours(1), 0));
    }
}
