package kz.ofd.cabinet.billing;

import kz.ofd.cabinet.registry.BillingStore;
import kz.ofd.cabinet.registry.CabinetRegistry;
import kz.ofd.cabinet.registry.proto.KkmRecord;
import kz.ofd.cabinet.registry.proto.LedgerEntryRecord;
import kz.ofd.cabinet.registry.proto.PromoCodeRecord;
import kz.ofd.cabinet.registry.proto.SignedApplicationRecord;
import kz.ofd.cabinet.registry.proto.SubscriptionRecord;
import kz.ofd.cabinet.registry.proto.TopUpRecord;
import kz.ofd.cabinet.spi.KkmEngine;
import kz.ofd.cabinet.validate.FieldError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Tariffs and the account (manual 001 §11, §16): subscriptions per KKM paid from the organization's balance,
 * renewal at the end of each period by {@link #tick}, the engine block when a period is not paid and its lifting
 * once a top-up pays it, card top-ups through a {@link PaymentProvider} (with the reconciliation of those whose outcome
 * never came, {@link #reconcileTopUps}, also run by {@link #tick}), promo codes, and the statement.
 *
 * <pre>
 *  KGD registers ─► balance covers the (discounted) first period? ── yes ─► ACTIVE ──period ends, auto-renewal on,
 *  the KKM              │ no                                                 ▲   │    balance covers it: renewed
 *                       ▼                                                    │   │ otherwise
 *                AWAITING_PAYMENT (blocked) ──── a top-up pays it ───────────┤   ▼
 *                                                                            └── EXPIRED (blocked)
 *  KGD deregisters the KKM ─► STOPPED (from any status)
 * </pre>
 *
 * A top-up pays an expired period only when auto-renewal is on (an owner who turned it off chose to stop; turning it
 * on again tries at once); the new period starts when it is paid, not back-dated. Every money movement is one
 * {@link BillingStore#post} under a reference that makes it idempotent ({@code activation:<kkm>},
 * {@code renewal:<kkm>:<period end ms>}, {@code resume:<kkm>:<ms>}, {@code top-up:<id>}). Mutations are serialized on
 * this object. Thread-safe.
 */
public final class Billing {

    private static final Logger LOG = LoggerFactory.getLogger(Billing.class);
    /** Dates in reasons and statements are Almaty days. */
    public static final ZoneId ZONE = ZoneId.of("Asia/Almaty");
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("dd.MM.yyyy");
    /** What the register shows while the first period is unpaid. */
    public static final String UNPAID_REASON = "Подписка не оплачена: пополните лицевой счёт";
    /** What the register shows once a period ended unpaid. */
    public static final String EXPIRED_REASON = "Подписка истекла: пополните лицевой счёт";
    private static final Set<String> BILLING_REASONS = Set.of(UNPAID_REASON, EXPIRED_REASON);
    /** Subscription statuses. */
    public static final String AWAITING_PAYMENT = "AWAITING_PAYMENT";
    /** Paid for the current period. */
    public static final String ACTIVE = "ACTIVE";
    /** Not renewed: blocked. */
    public static final String EXPIRED = "EXPIRED";
    /** The KKM was deregistered. */
    public static final String STOPPED = "STOPPED";
    /** Smallest and largest top-up, tiyn (100 ₸ .. 10 000 000 ₸). */
    public static final long MIN_TOP_UP = 10_000;
    /** Largest top-up, tiyn. */
    public static final long MAX_TOP_UP = 1_000_000_000;
    private static final String PROMO_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

    /** What a top-up that was never decided at the provider fails with after {@link Reconciliation#limit}. */
    public static final String NOT_COMPLETED_REASON = "Платёж не завершён: время на оплату истекло";

    private final BillingStore store;
    private final KkmEngine engine;
    private final PaymentProvider payments;
    private final Clock clock;
    private final SecureRandom random;
    private final Reconciliation reconciliation;
    /** One reconciliation at a time: a tick that comes while one runs waits for it (then finds little to do). */
    private final ReentrantLock reconciling = new ReentrantLock();

    /**
     * A billing with the default {@link Reconciliation#DEFAULT} of card top-ups.
     *
     * @param registry the registry
     * @param engine   the engine that blocks and unblocks registers
     * @param payments the card acquirer (its outcomes are listened to from now on)
     * @param clock    time
     * @param random   promo codes
     */
    public Billing(CabinetRegistry registry, KkmEngine engine, PaymentProvider payments, Clock clock, SecureRandom random) {
        this(registry, engine, payments, clock, random, Reconciliation.DEFAULT);
    }

    /**
     * @param registry       the registry
     * @param engine         the engine that blocks and unblocks registers
     * @param payments       the card acquirer (its outcomes are listened to from now on)
     * @param clock          time
     * @param random         promo codes
     * @param reconciliation when {@link #tick} asks the provider about top-ups whose outcome did not come
     */
    public Billing(CabinetRegistry registry, KkmEngine engine, PaymentProvider payments, Clock clock, SecureRandom random,
                   Reconciliation reconciliation) {
        this.store = registry.billing();
        this.engine = engine;
        this.payments = payments;
        this.clock = clock;
        this.random = random;
        this.reconciliation = reconciliation;
        payments.onResult(this::paymentResult);
    }

    /**
     * How pending card top-ups are reconciled with the provider when its outcome never arrives (a lost callback, the
     * cabinet down when it came, a provider that forgot the payment).
     *
     * @param grace   how long after the start a top-up is left to its callback before the provider is asked, and
     *                how long an undecided answer waits before the next question
     * @param limit   how long after the start an undecided payment fails with {@link #NOT_COMPLETED_REASON}
     *                (the provider's payment page has expired by then)
     * @param perTick at most this many status queries per {@link #tick}; the rest wait for the next ones
     */
    public record Reconciliation(Duration grace, Duration limit, int perTick) {

        /** 15 minutes' grace, failed after 24 hours, 100 queries a tick. */
        public static final Reconciliation DEFAULT = new Reconciliation(Duration.ofMinutes(15), Duration.ofHours(24), 100);

        /** Checks the values. */
        public Reconciliation {
            if (grace.isNegative() || grace.isZero() || limit.compareTo(grace) < 0 || perTick < 1) {
                throw new IllegalArgumentException("a reconciliation needs 0 < grace <= limit and perTick >= 1");
            }
        }
    }

    /** @return the store (for reads) */
    public BillingStore store() {
        return store;
    }

    // ---- promo codes ----

    /**
     * The three errors of manual 001 §3.2 (plus one for a used code: first connection only).
     *
     * @param code a normalized promo code (25 of [0-9A-Z])
     * @param plan the plan chosen
     * @return the field error, or empty when the code applies
     */
    public Optional<FieldError> checkPromoCode(String code, Plans.Plan plan) {
        Optional<PromoCodeRecord> p = store.promoCode(code);
        if (p.isEmpty()) {
            return Optional.of(new FieldError("promoCode", "promo-code-unknown", "Введённый промокод не существует."));
        }
        if (p.get().getBlocked()) {
            return Optional.of(new FieldError("promoCode", "promo-code-blocked",
                "Введённый промокод заблокирован, обратитесь в службу поддержки."));
        }
        if (!p.get().getPlan().equals(plan.code())) {
            return Optional.of(new FieldError("promoCode", "promo-code-other-tariff",
                "Введённый промокод не соответствует выбранному тарифу."));
        }
        if (p.get().getUsedByKkmId() != 0) {
            return Optional.of(new FieldError("promoCode", "promo-code-used",
                "Введённый промокод уже использован: он действует только при первичном подключении."));
        }
        return Optional.empty();
    }

    /**
     * Issues a promo code (the operator's side; no organization route reaches it).
     *
     * @param planCode     the plan it is bound to
     * @param discountTiyn the fixed discount on the first period, tiyn
     * @param operator     who issues it
     * @return the new code
     */
    public PromoCodeRecord issuePromoCode(String planCode, long discountTiyn, String operator) {
        Plans.Plan plan = Plans.find(planCode).orElseThrow(() -> new IllegalArgumentException("no plan " + planCode));
        if (discountTiyn <= 0 || discountTiyn > plan.priceTiyn()) {
            throw new IllegalArgumentException("the discount must be 1.." + plan.priceTiyn() + " tiyn");
        }
        StringBuilder b = new StringBuilder(25);
        for (int i = 0; i < 25; i++) {
            b.append(PROMO_ALPHABET.charAt(random.nextInt(PROMO_ALPHABET.length())));
        }
        PromoCodeRecord p = PromoCodeRecord.newBuilder().setCode(b.toString()).setPlan(plan.code())
            .setDiscountTiyn(discountTiyn).setCreatedAtMs(clock.millis()).setCreatedBy(operator).build();
        store.createPromoCode(p);
        LOG.info("event=promo_code_issued plan={} discount_tiyn={} operator={}", plan.code(), discountTiyn, operator);
        return p;
    }

    /**
     * Adds a promo code the operator already has (e.g. printed on a card) under its own text.
     *
     * @param code         25 of [0-9A-Z]
     * @param planCode     the plan it is bound to
     * @param discountTiyn the fixed discount on the first period, tiyn
     * @param operator     who adds it
     * @return the stored code
     */
    public PromoCodeRecord addPromoCode(String code, String planCode, long discountTiyn, String operator) {
        Plans.Plan plan = Plans.find(planCode).orElseThrow(() -> new IllegalArgumentException("no plan " + planCode));
        if (!code.matches("[0-9A-Z]{25}") || discountTiyn <= 0 || discountTiyn > plan.priceTiyn()) {
            throw new IllegalArgumentException("a promo code is 25 of [0-9A-Z] with a discount of 1.." + plan.priceTiyn());
        }
        PromoCodeRecord p = PromoCodeRecord.newBuilder().setCode(code).setPlan(plan.code()).setDiscountTiyn(discountTiyn)
            .setCreatedAtMs(clock.millis()).setCreatedBy(operator).build();
        store.createPromoCode(p);
        return p;
    }

    /**
     * @param code    a promo code
     * @param blocked block or unblock it (operator)
     */
    public void setPromoCodeBlocked(String code, boolean blocked) {
        PromoCodeRecord p = store.promoCode(code).orElseThrow(() -> new IllegalArgumentException("no promo code"));
        store.putPromoCode(p.toBuilder().setBlocked(blocked).build());
    }

    // ---- subscriptions ----

    /**
     * KGD registered a KKM (the lifecycle's hook): a KKM whose application named a plan gets its subscription, paid
     * from the balance at once when it covers the first period (less the promo code's discount); otherwise it waits
     * for payment and the register is blocked until a top-up pays it.
     *
     * @param kkm the KKM as just stored, REGISTERED with its OFD id
     */
    public synchronized void kkmRegistered(KkmRecord kkm) {
        Optional<Plans.Plan> plan = Plans.find(kkm.getTariff());
        if (plan.isEmpty() || store.subscription(kkm.getOrganizationId(), kkm.getId()).isPresent()) {
            return;
        }
        long now = clock.millis();
        SubscriptionRecord s = SubscriptionRecord.newBuilder().setOrganizationId(kkm.getOrganizationId())
            .setKkmId(kkm.getId()).setPlan(plan.get().code()).setStatus(AWAITING_PAYMENT).setAutoRenewal(true)
            .setOfdId(kkm.getOfdId()).setPromoCode(kkm.getPromoCode()).setCreatedAtMs(now).setUpdatedAtMs(now).build();
        store.putSubscription(s);
        if (!activate(s, now)) {
            block(s, UNPAID_REASON);
        }
    }

    /**
     * KGD deregistered a KKM: its subscription stops (manual 001 §5.2); the unused part is not refunded.
     *
     * @param kkm the KKM
     */
    public synchronized void kkmDeregistered(KkmRecord kkm) {
        store.subscription(kkm.getOrganizationId(), kkm.getId()).ifPresent(s -> store.putSubscription(
            s.toBuilder().setStatus(STOPPED).setAutoRenewal(false).setBlockedInEngine(false)
                .setUpdatedAtMs(clock.millis()).build()));
    }

    /** Pays the first period; @return whether it was paid (and the subscription is ACTIVE) */
    private boolean activate(SubscriptionRecord s, long now) {
        Plans.Plan plan = Plans.find(s.getPlan()).orElseThrow();
        long price = plan.priceTiyn();
        Optional<PromoCodeRecord> promo = s.getPromoCode().isEmpty() ? Optional.empty()
            : store.promoCode(s.getPromoCode()).filter(p -> !p.getBlocked() && p.getPlan().equals(plan.code())
                && (p.getUsedByKkmId() == 0 || p.getUsedByKkmId() == s.getKkmId()));
        if (!s.getPromoCode().isEmpty() && promo.isEmpty()) {
            LOG.warn("event=promo_code_not_applied organization={} kkm={}: used, blocked or changed since the application",
                s.getOrganizationId(), s.getKkmId());
        }
        long discount = promo.map(PromoCodeRecord::getDiscountTiyn).orElse(0L);
        long amount = Math.max(0, price - discount);
        long to = plus(now, plan.months());
        SubscriptionRecord active = s.toBuilder().setStatus(ACTIVE).setActivatedAtMs(now).setPeriodFromMs(now)
            .setPeriodToMs(to).setPromoCode(promo.map(PromoCodeRecord::getCode).orElse("")).setUpdatedAtMs(now).build();
        String reference = s.getActivationReference().isEmpty() ? "activation:" + s.getKkmId() : s.getActivationReference();
        LedgerEntryRecord draft = charge(s, plan, amount, reference, now, to,
            reason(plan, s, now, to) + (discount > 0 ? ", промокод −" + Money.format(discount) : ""))
            .setPromoCode(active.getPromoCode()).build();
        try {
            store.post(draft, (w, e) -> {
                w.subscription(active);
                promo.ifPresent(p -> w.promoCode(p.toBuilder().setUsedByOrganizationId(s.getOrganizationId())
                    .setUsedByKkmId(s.getKkmId()).setUsedAtMs(now).build()));
            });
        } catch (BillingStore.InsufficientFundsException e) {
            LOG.debug("event=subscription_unpaid organization={} kkm={} plan={} amount_tiyn={} balance_tiyn={}",
                s.getOrganizationId(), s.getKkmId(), plan.code(), amount, e.balance());
            return false;
        }
        LOG.info("event=subscription_activated organization={} kkm={} plan={} amount_tiyn={}", s.getOrganizationId(),
            s.getKkmId(), plan.code(), amount);
        unblockIfBilling(active);
        return true;
    }

    /**
     * The renewal scheduler's step (a periodic timer calls it; tests call it with the moved clock): renews every
     * subscription whose period has ended from the balance, expires and blocks what is not renewed, pays waiting
     * subscriptions the balance covers by now, and retries blocks and unblocks the engine did not take. Before that it
     * reconciles card top-ups that are still pending ({@link #reconcileTopUps}).
     *
     * @param now the time
     * @return how many subscriptions were renewed and how many expired, and what the reconciliation did
     */
    public Tick tick(Instant now) {
        Reconciled topUps = reconcileTopUps(now);
        Tick subscriptions = renewals(now);
        return new Tick(subscriptions.renewed(), subscriptions.expired(), topUps);
    }

    /**
     * Asks the provider about pending top-ups older than the grace period whose status query is due (the pending
     * index, soonest first, at most {@link Reconciliation#perTick}): a decided outcome goes through the same path as
     * a callback ({@link #paymentResult}: credited once, a later callback is a repeat); an undecided one is asked
     * again a grace period later, and fails with {@link #NOT_COMPLETED_REASON} once {@link Reconciliation#limit} has
     * passed since the start. A provider that cannot be asked (an exception) leaves the top-up pending — nothing is
     * known about the money — and it is asked again later; the other top-ups of the tick go on. The provider is asked
     * without holding this object's lock. A second call waits while one runs.
     *
     * @param now the time
     * @return what was done
     */
    public Reconciled reconcileTopUps(Instant now) {
        reconciling.lock();
        try {
            long ms = now.toEpochMilli();
            long grace = reconciliation.grace().toMillis();
            long limit = reconciliation.limit().toMillis();
            int asked = 0;
            int paid = 0;
            int failed = 0;
            int undecided = 0;
            int errors = 0;
            for (TopUpRecord t : store.dueTopUps(ms, reconciliation.perTick())) {
                String order = BillingStore.orderId(t);
                if (ms < t.getCreatedAtMs() + grace) {
                    reschedule(t, t.getCreatedAtMs() + grace);   // indexed before its grace was known (an old record)
                    continue;
                }
                asked++;
                Optional<PaymentProvider.Result> r;
                try {
                    r = payments.status(order, t.getProviderPaymentId());
                } catch (RuntimeException e) {
                    errors++;
                    LOG.warn("event=top_up_status_failed order={} cause=\"{}\" (asked again later)", order, e.toString());
                    reschedule(t, ms + grace);
                    continue;
                }
                if (r.isPresent()) {
                    PaymentProvider.Result result = r.get();
                    paymentResult(new PaymentProvider.Result(order, result.paymentId() == null || result.paymentId().isEmpty()
                        ? t.getProviderPaymentId() : result.paymentId(), result.paid(), result.paid() ? null
                        : result.failureReason() == null ? "declined" : result.failureReason()));
                    String status = store.topUp(t.getOrganizationId(), t.getId()).map(TopUpRecord::getStatus).orElse("");
                    paid += "PAID".equals(status) ? 1 : 0;
                    failed += "FAILED".equals(status) ? 1 : 0;
                } else if (ms >= t.getCreatedAtMs() + limit) {
                    failed += expire(t, ms) ? 1 : 0;
                } else {
                    undecided++;
                    reschedule(t, Math.min(ms + grace, t.getCreatedAtMs() + limit));
                }
            }
            Reconciled done = new Reconciled(asked, paid, failed, undecided, errors);
            if (asked > 0) {
                LOG.info("event=top_ups_reconciled asked={} paid={} failed={} undecided={} errors={}", asked, paid, failed,
                    undecided, errors);
            }
            return done;
        } finally {
            reconciling.unlock();
        }
    }

    /** Moves a still-pending top-up's next status query. */
    private synchronized void reschedule(TopUpRecord seen, long atMs) {
        store.topUp(seen.getOrganizationId(), seen.getId()).filter(t -> "PENDING".equals(t.getStatus()))
            .ifPresent(t -> store.updateTopUp(t.toBuilder().setReconcileAtMs(atMs).build()));
    }

    /** Fails a top-up the payer never finished; @return whether it was still pending */
    private synchronized boolean expire(TopUpRecord seen, long ms) {
        Optional<TopUpRecord> t = store.topUp(seen.getOrganizationId(), seen.getId())
            .filter(p -> "PENDING".equals(p.getStatus()));
        t.ifPresent(p -> store.updateTopUp(p.toBuilder().setStatus("FAILED").setFailureReason(NOT_COMPLETED_REASON)
            .setDecidedAtMs(ms).build()));
        if (t.isPresent()) {
            LOG.info("event=top_up_failed organization={} top_up={} reason=not_completed", seen.getOrganizationId(),
                seen.getId());
        }
        return t.isPresent();
    }

    /**
     * What one reconciliation of pending top-ups did.
     *
     * @param asked     status queries made
     * @param paid      top-ups credited by them
     * @param failed    top-ups failed (declined, unknown to the provider, or not completed within the limit)
     * @param undecided still undecided, asked again later
     * @param errors    queries the provider did not answer
     */
    public record Reconciled(int asked, int paid, int failed, int undecided, int errors) {
        /** Nothing done. */
        public static final Reconciled NONE = new Reconciled(0, 0, 0, 0, 0);
    }

    private synchronized Tick renewals(Instant now) {
        long ms = now.toEpochMilli();
        int renewed = 0;
        int expired = 0;
        for (SubscriptionRecord s : store.allSubscriptions()) {
            switch (s.getStatus()) {
                case ACTIVE -> {
                    if (s.getPeriodToMs() > ms) {
                        if (s.getBlockedInEngine()) {
                            unblockIfBilling(s);   // an unblock the engine did not take when the period was paid
                        }
                        continue;
                    }
                    if (s.getAutoRenewal() && renew(s, s.getPeriodToMs(), "renewal:" + s.getKkmId() + ":" + s.getPeriodToMs())) {
                        renewed++;
                    } else {
                        SubscriptionRecord e = s.toBuilder().setStatus(EXPIRED).setUpdatedAtMs(ms).build();
                        store.putSubscription(e);
                        block(e, EXPIRED_REASON);
                        expired++;
                    }
                }
                case AWAITING_PAYMENT, EXPIRED -> {
                    // Money may have come in without paying this (a failed step after a credit): try again first.
                    boolean paid = AWAITING_PAYMENT.equals(s.getStatus()) ? activate(s, ms)
                        : s.getAutoRenewal() && renew(s, ms, "resume:" + s.getKkmId() + ":" + s.getPeriodToMs());
                    if (paid) {
                        renewed++;
                    } else if (!s.getBlockedInEngine()) {
                        block(s, AWAITING_PAYMENT.equals(s.getStatus()) ? UNPAID_REASON : EXPIRED_REASON);
                    }
                }
                default -> { }
            }
        }
        if (renewed + expired > 0) {
            LOG.info("event=billing_tick renewed={} expired={}", renewed, expired);
        }
        return new Tick(renewed, expired);
    }

    /**
     * What one {@link #tick} did.
     *
     * @param renewed subscriptions renewed from the balance
     * @param expired subscriptions that expired (and were blocked)
     * @param topUps  the reconciliation of pending top-ups
     */
    public record Tick(int renewed, int expired, Reconciled topUps) {
        /**
         * A tick that reconciled no top-up.
         *
         * @param renewed subscriptions renewed
         * @param expired subscriptions expired
         */
        public Tick(int renewed, int expired) {
            this(renewed, expired, Reconciled.NONE);
        }
    }

    /** Charges the next period starting at {@code from}; @return whether the balance covered it */
    private boolean renew(SubscriptionRecord s, long from, String reference) {
        // A plan change signed during a paid period applies now, at the first period after it.
        boolean change = !s.getNextPlan().isEmpty();
        Plans.Plan plan = Plans.find(change ? s.getNextPlan() : s.getPlan()).orElseThrow();
        long now = clock.millis();
        long to = plus(from, plan.months());
        SubscriptionRecord.Builder b = s.toBuilder().setStatus(ACTIVE).setPeriodFromMs(from).setPeriodToMs(to)
            .setUpdatedAtMs(now);
        if (change) {
            b.setPlan(plan.code()).setSimNumber(s.getNextSimNumber()).clearNextPlan().clearNextSimNumber();
        }
        SubscriptionRecord next = b.build();
        try {
            store.post(charge(s, plan, plan.priceTiyn(), reference, from, to, reason(plan, s, from, to)).build(),
                (w, e) -> w.subscription(next));
        } catch (BillingStore.InsufficientFundsException e) {
            return false;
        }
        LOG.info("event=subscription_renewed organization={} kkm={} plan={} until={}", s.getOrganizationId(),
            s.getKkmId(), plan.code(), Instant.ofEpochMilli(to));
        unblockIfBilling(next);
        return true;
    }

    // ---- tariff applications (manual 001 §16.1 «Изменить», «Выбрать») ----

    /** What a tariff application does. */
    public enum TariffAction {
        /** The KKM has no subscription (or a stopped one): connect the plan, pay the first period now. */
        CONNECT,
        /** The KKM has a subscription: change its plan. */
        CHANGE
    }

    /**
     * A tariff application's request.
     *
     * @param plan      the plan (its connection type included)
     * @param simNumber the SIM card of a wireless connection, or {@code null}
     * @param promoCode a normalized promo code, or {@code null}
     */
    public record TariffRequest(Plans.Plan plan, String simNumber, String promoCode) {
    }

    /**
     * What a signed tariff application did.
     *
     * @param action       connect or change
     * @param outcome      {@code ACTIVE} (connected and paid), {@code AWAITING_PAYMENT} (connected, blocked until a
     *                     top-up pays it), {@code SCHEDULED} (the change applies at the next renewal), {@code CANCELLED}
     *                     (a scheduled change withdrawn), {@code SWITCHED} (an unpaid subscription switched and paid),
     *                     {@code SWITCHED_UNPAID} (switched, still waiting for money)
     * @param subscription the subscription as stored now
     * @param application  the stored signed application
     */
    public record TariffApplied(TariffAction action, String outcome, SubscriptionRecord subscription,
                                SignedApplicationRecord application) {
    }

    /**
     * @param organizationId the owner
     * @param kkmId          the KKM
     * @return whether an application for it now connects or changes a plan
     */
    public TariffAction tariffAction(long organizationId, long kkmId) {
        Optional<SubscriptionRecord> s = store.subscription(organizationId, kkmId);
        return s.isEmpty() || STOPPED.equals(s.get().getStatus()) ? TariffAction.CONNECT : TariffAction.CHANGE;
    }

    /**
     * The rules a tariff application must meet now: a promo code only at the KKM's first connection (and then the
     * manual's errors), and a change must change something.
     *
     * @param organizationId the owner
     * @param kkmId          the KKM
     * @param r              the request
     * @return the fields at fault (empty: acceptable)
     */
    public List<FieldError> checkTariff(long organizationId, long kkmId, TariffRequest r) {
        Optional<SubscriptionRecord> s = store.subscription(organizationId, kkmId);
        List<FieldError> errors = new ArrayList<>();
        if (tariffAction(organizationId, kkmId) == TariffAction.CONNECT) {
            if (r.promoCode() != null) {
                if (s.isPresent()) {
                    errors.add(new FieldError("promoCode", "promo-code-not-first-connection",
                        "Промокод действует только при первичном подключении тарифа к ККМ."));
                } else {
                    checkPromoCode(r.promoCode(), r.plan()).ifPresent(errors::add);
                }
            }
            return errors;
        }
        SubscriptionRecord current = s.orElseThrow();
        if (r.promoCode() != null) {
            errors.add(new FieldError("promoCode", "promo-code-on-change",
                "Промокод применяется только при первичном подключении, не при смене тарифа."));
        }
        boolean same = r.plan().code().equals(current.getPlan())
            && java.util.Objects.equals(nullToEmpty(r.simNumber()), current.getSimNumber());
        if (same && (current.getNextPlan().isEmpty() || !ACTIVE.equals(current.getStatus()))) {
            errors.add(new FieldError("plan", "plan-unchanged", "the KKM is already on " + r.plan().display()
                + (ACTIVE.equals(current.getStatus()) ? "" : "; top up the account to pay it")));
        }
        return errors;
    }

    /**
     * Applies a signed tariff application (manual 001 §16.1). Connect (no subscription, or a stopped one): the
     * subscription is created and its first period charged now — the same path as a registration's plan — or it waits
     * for payment with the register blocked. Change of an {@code ACTIVE} subscription: the paid period runs out on the
     * old plan and the next renewal charges the new one (signing the current plan again withdraws a scheduled change).
     * Change of an {@code AWAITING_PAYMENT} or {@code EXPIRED} subscription: it switches at once and is paid now when
     * the balance covers it (auto-renewal is turned on: the signed application asks for the service). The application
     * is stored with the subscription in one batch.
     *
     * @param kkm         the KKM (registered)
     * @param r           the request
     * @param basedOn     the subscription's {@code updated_at_ms} the signed document named (0: none)
     * @param application the signed application (id, kind, document, CMS, time, organization, KKM)
     * @return what was done
     * @throws kz.ofd.cabinet.kkm.KkmProblem 409 {@code subscription-changed} when the subscription changed since the
     *                                       document was made; 400 when a rule of {@link #checkTariff} fails now
     */
    public synchronized TariffApplied applyTariff(KkmRecord kkm, TariffRequest r, long basedOn,
                                                  SignedApplicationRecord application) {
        long org = kkm.getOrganizationId();
        Optional<SubscriptionRecord> s = store.subscription(org, kkm.getId());
        if (s.map(SubscriptionRecord::getUpdatedAtMs).orElse(0L) != basedOn) {
            throw new kz.ofd.cabinet.kkm.KkmProblem(409, "subscription-changed", "the subscription changed after the "
                + "application was made; make the application document again and sign it");
        }
        List<FieldError> errors = checkTariff(org, kkm.getId(), r);
        if (!errors.isEmpty()) {
            throw new kz.ofd.cabinet.kkm.KkmProblem(400, "invalid-request", errors.get(0).field() + ": "
                + errors.get(0).message(), errors);
        }
        long now = clock.millis();
        String sim = nullToEmpty(r.simNumber());
        if (tariffAction(org, kkm.getId()) == TariffAction.CONNECT) {
            SubscriptionRecord fresh = SubscriptionRecord.newBuilder().setOrganizationId(org).setKkmId(kkm.getId())
                .setPlan(r.plan().code()).setStatus(AWAITING_PAYMENT).setAutoRenewal(true).setOfdId(kkm.getOfdId())
                .setPromoCode(nullToEmpty(r.promoCode())).setSimNumber(sim).setCreatedAtMs(now).setUpdatedAtMs(now)
                .setActivationReference("activation:" + kkm.getId() + ":" + application.getId()).build();
            SignedApplicationRecord stored = store.putSubscription(fresh, application);
            boolean paid = activate(fresh, now);
            if (!paid) {
                block(fresh, UNPAID_REASON);
            }
            LOG.info("event=tariff_connected organization={} kkm={} plan={} paid={}", org, kkm.getId(), r.plan().code(),
                paid);
            return new TariffApplied(TariffAction.CONNECT, paid ? ACTIVE : AWAITING_PAYMENT,
                store.subscription(org, kkm.getId()).orElseThrow(), stored);
        }
        SubscriptionRecord current = s.orElseThrow();
        if (ACTIVE.equals(current.getStatus())) {
            boolean cancel = r.plan().code().equals(current.getPlan()) && sim.equals(current.getSimNumber());
            SubscriptionRecord.Builder b = current.toBuilder().setUpdatedAtMs(now);
            if (cancel) {
                b.clearNextPlan().clearNextSimNumber();
            } else {
                b.setNextPlan(r.plan().code()).setNextSimNumber(sim);
            }
            SignedApplicationRecord stored = store.putSubscription(b.build(), application);
            LOG.info("event=tariff_change organization={} kkm={} plan={} from={} outcome={}", org, kkm.getId(),
                r.plan().code(), Instant.ofEpochMilli(current.getPeriodToMs()), cancel ? "cancelled" : "scheduled");
            return new TariffApplied(TariffAction.CHANGE, cancel ? "CANCELLED" : "SCHEDULED",
                store.subscription(org, kkm.getId()).orElseThrow(), stored);
        }
        // AWAITING_PAYMENT or EXPIRED: nothing paid runs on the old plan, so the new one applies at once.
        SubscriptionRecord switched = current.toBuilder().setPlan(r.plan().code()).setSimNumber(sim).clearNextPlan()
            .clearNextSimNumber().setPromoCode("").setAutoRenewal(true).setUpdatedAtMs(now)
            .setActivationReference("activation:" + kkm.getId() + ":" + application.getId()).build();
        SignedApplicationRecord stored = store.putSubscription(switched, application);
        boolean paid = AWAITING_PAYMENT.equals(switched.getStatus()) ? activate(switched, now)
            : renew(switched, now, "switch:" + kkm.getId() + ":" + application.getId());
        if (!paid && !switched.getBlockedInEngine()) {
            block(switched, AWAITING_PAYMENT.equals(switched.getStatus()) ? UNPAID_REASON : EXPIRED_REASON);
        }
        LOG.info("event=tariff_switched organization={} kkm={} plan={} paid={}", org, kkm.getId(), r.plan().code(), paid);
        return new TariffApplied(TariffAction.CHANGE, paid ? "SWITCHED" : "SWITCHED_UNPAID",
            store.subscription(org, kkm.getId()).orElseThrow(), stored);
    }

    private static String nullToEmpty(String v) {
        return v == null ? "" : v;
    }

    /** After money came in: pays what waits for payment (first periods, and expired ones with auto-renewal on). */
    private void settle(long organizationId) {
        long now = clock.millis();
        for (SubscriptionRecord s : store.subscriptions(organizationId)) {
            if (AWAITING_PAYMENT.equals(s.getStatus())) {
                activate(s, now);
            } else if (EXPIRED.equals(s.getStatus()) && s.getAutoRenewal()) {
                renew(s, now, "resume:" + s.getKkmId() + ":" + s.getPeriodToMs());
            }
        }
    }

    /**
     * Turns auto-renewal of a KKM's subscription on or off (manual 001 §16.1, the «А» switch); turning it on for an
     * expired subscription tries to pay a new period at once.
     *
     * @param organizationId the owner
     * @param kkmId          the KKM
     * @param on             on or off
     * @return the subscription, or empty when the KKM has none
     */
    public synchronized Optional<SubscriptionRecord> setAutoRenewal(long organizationId, long kkmId, boolean on) {
        Optional<SubscriptionRecord> s = store.subscription(organizationId, kkmId);
        if (s.isEmpty() || STOPPED.equals(s.get().getStatus())) {
            return s;
        }
        store.putSubscription(s.get().toBuilder().setAutoRenewal(on).setUpdatedAtMs(clock.millis()).build());
        if (on) {
            settle(organizationId);
        }
        return store.subscription(organizationId, kkmId);
    }

    private void block(SubscriptionRecord s, String reason) {
        boolean done;
        try {
            engine.block(s.getOfdId(), reason);
            done = true;
            LOG.info("event=kkm_blocked_by_billing organization={} kkm={} ofdId={} status={}", s.getOrganizationId(),
                s.getKkmId(), s.getOfdId(), s.getStatus());
        } catch (KkmEngine.KkmEngineException e) {
            done = false;
            LOG.warn("event=kkm_billing_block_failed kkm={} ofdId={} cause=\"{}\" (retried by the next tick)",
                s.getKkmId(), s.getOfdId(), e.getMessage());
        }
        SubscriptionRecord latest = store.subscription(s.getOrganizationId(), s.getKkmId()).orElse(s);
        store.putSubscription(latest.toBuilder().setBlockedInEngine(done).build());
    }

    /** Lifts the engine's block, but only a billing block (never a deregistration's or an operator's). */
    private void unblockIfBilling(SubscriptionRecord s) {
        try {
            String reason = engine.state(s.getOfdId()).blockReason();
            if (reason != null && BILLING_REASONS.contains(reason)) {
                engine.unblock(s.getOfdId());
                LOG.info("event=kkm_unblocked_by_billing organization={} kkm={} ofdId={}", s.getOrganizationId(),
                    s.getKkmId(), s.getOfdId());
            }
            if (s.getBlockedInEngine()) {
                store.putSubscription(store.subscription(s.getOrganizationId(), s.getKkmId()).orElse(s).toBuilder()
                    .setBlockedInEngine(false).build());
            }
        } catch (KkmEngine.KkmEngineException e) {
            LOG.warn("event=kkm_billing_unblock_failed kkm={} ofdId={} cause=\"{}\"", s.getKkmId(), s.getOfdId(),
                e.getMessage());
        }
    }

    private LedgerEntryRecord.Builder charge(SubscriptionRecord s, Plans.Plan plan, long amount, String reference,
                                                    long from, long to, String reason) {
        return LedgerEntryRecord.newBuilder().setOrganizationId(s.getOrganizationId()).setKind(BillingStore.CHARGE)
            .setAmountTiyn(amount).setAtMs(clock.millis()).setActor("billing").setReason(reason).setReference(reference)
            .setKkmId(s.getKkmId()).setPlan(plan.code()).setPeriodFromMs(from).setPeriodToMs(to);
    }

    private static String reason(Plans.Plan plan, SubscriptionRecord s, long from, long to) {
        return "Подписка «" + plan.display() + "», ККМ " + s.getKkmId() + ", " + day(from) + "–" + day(to);
    }

    private static String day(long ms) {
        return DAY.format(Instant.ofEpochMilli(ms).atZone(ZONE));
    }

    private static long plus(long ms, int months) {
        return Instant.ofEpochMilli(ms).atZone(ZONE).plusMonths(months).toInstant().toEpochMilli();
    }

    // ---- top-ups ----

    /**
     * Starts a card top-up (manual 001 §11.3 «Пополнить» → «Перейти к оплате»): stores it pending under the client's
     * idempotency key and starts the provider's payment; a retry with the same key returns the same top-up and
     * starts nothing.
     *
     * @param organizationId the account
     * @param userId         who pays
     * @param amountTiyn     amount, {@link #MIN_TOP_UP}..{@link #MAX_TOP_UP}
     * @param key            the client's idempotency key
     * @return the top-up and whether this call created it
     * @throws PaymentProvider.PaymentException when the provider cannot start it (the top-up is stored FAILED)
     */
    public synchronized BillingStore.Created<TopUpRecord> startTopUp(long organizationId, long userId, long amountTiyn,
                                                                     String key) {
        BillingStore.Created<TopUpRecord> c = store.createTopUp(TopUpRecord.newBuilder().setOrganizationId(organizationId)
            .setUserId(userId).setAmountTiyn(amountTiyn).setIdempotencyKey(key).setStatus("PENDING")
            .setCreatedAtMs(clock.millis()).setReconcileAtMs(clock.millis() + reconciliation.grace().toMillis()).build());
        if (!c.created()) {
            return c;
        }
        TopUpRecord t = c.record();
        PaymentProvider.Started started;
        try {
            started = payments.start(new PaymentProvider.Request(BillingStore.orderId(t), amountTiyn,
                "Пополнение лицевого счёта " + organizationId));
        } catch (PaymentProvider.PaymentException e) {
            store.updateTopUp(t.toBuilder().setStatus("FAILED").setFailureReason(e.getMessage())
                .setDecidedAtMs(clock.millis()).build());
            throw e;
        }
        TopUpRecord withPayment = store.topUp(organizationId, t.getId()).orElse(t).toBuilder()
            .setProviderPaymentId(started.paymentId()).setRedirectUrl(started.redirectUrl()).build();
        if ("PENDING".equals(withPayment.getStatus())) {
            store.updateTopUp(withPayment);
        }
        LOG.info("event=top_up_started organization={} top_up={} amount_tiyn={}", organizationId, t.getId(), amountTiyn);
        return new BillingStore.Created<>(withPayment, true);
    }

    /**
     * The provider's outcome, from its callback or from {@link #reconcileTopUps}: a paid order is credited once (its
     * reference is the top-up), then waiting periods paid; an outcome for a decided top-up changes nothing.
     */
    synchronized void paymentResult(PaymentProvider.Result r) {
        Optional<TopUpRecord> found = store.topUpByOrder(r.orderId());
        if (found.isEmpty()) {
            LOG.warn("event=payment_unknown_order order={}", r.orderId());
            return;
        }
        TopUpRecord t = found.get();
        if (!"PENDING".equals(t.getStatus())) {
            LOG.info("event=payment_result_repeated order={} status={}", r.orderId(), t.getStatus());
            return;
        }
        long now = clock.millis();
        if (!r.paid()) {
            store.updateTopUp(t.toBuilder().setStatus("FAILED").setFailureReason(String.valueOf(r.failureReason()))
                .setDecidedAtMs(now).build());
            LOG.info("event=top_up_failed organization={} top_up={}", t.getOrganizationId(), t.getId());
            return;
        }
        store.post(LedgerEntryRecord.newBuilder().setOrganizationId(t.getOrganizationId()).setKind(BillingStore.TOP_UP)
            .setAmountTiyn(t.getAmountTiyn()).setAtMs(now).setActor("user:" + t.getUserId())
            .setReason("Пополнение банковской картой, платёж " + r.paymentId()).setReference("top-up:" + t.getId()).build(),
            (w, e) -> w.topUp(t.toBuilder().setStatus("PAID").setEntryId(e.getId()).setProviderPaymentId(r.paymentId())
                .setDecidedAtMs(now).build()));
        LOG.info("event=top_up_paid organization={} top_up={} amount_tiyn={}", t.getOrganizationId(), t.getId(),
            t.getAmountTiyn());
        settle(t.getOrganizationId());
    }

    /**
     * An operator's refund (a correction is a new entry, never an edited one).
     *
     * @param organizationId the account
     * @param amountTiyn     amount
     * @param reason         why
     * @param reference      the operator's reference (idempotency)
     * @param operator       who
     * @return the entry
     */
    public synchronized LedgerEntryRecord refund(long organizationId, long amountTiyn, String reason, String reference,
                                                 String operator) {
        LedgerEntryRecord e = store.post(LedgerEntryRecord.newBuilder().setOrganizationId(organizationId)
            .setKind(BillingStore.REFUND).setAmountTiyn(amountTiyn).setAtMs(clock.millis()).setActor("operator:" + operator)
            .setReason(reason).setReference("refund:" + reference).build(), null).entry();
        settle(organizationId);
        return e;
    }

    // ---- statements ----

    /**
     * The turnover statement (оборотно-сальдовая ведомость, manual 001 §11.1) for Almaty days {@code from..to}
     * inclusive.
     *
     * @param organizationId the account
     * @param from           first day
     * @param to             last day
     * @return opening balance, money in, money out, closing balance and the entries
     */
    public Statement statement(long organizationId, LocalDate from, LocalDate to) {
        long start = from.atStartOfDay(ZONE).toInstant().toEpochMilli();
        long end = to.plusDays(1).atStartOfDay(ZONE).toInstant().toEpochMilli();
        long opening = 0;
        long in = 0;
        long out = 0;
        List<LedgerEntryRecord> inPeriod = new ArrayList<>();
        for (LedgerEntryRecord e : store.entries(organizationId)) {
            if (e.getAtMs() < start) {
                opening = e.getBalanceAfterTiyn();
            } else if (e.getAtMs() < end) {
                inPeriod.add(e);
                if (BillingStore.CHARGE.equals(e.getKind())) {
                    out += e.getAmountTiyn();
                } else {
                    in += e.getAmountTiyn();
                }
            }
        }
        return new Statement(from, to, opening, in, out, opening + in - out, inPeriod);
    }

    /**
     * A turnover statement.
     *
     * @param from         first day
     * @param to           last day
     * @param openingTiyn  balance at the start of the first day
     * @param creditsTiyn  money in (top-ups, refunds)
     * @param debitsTiyn   money out (charges)
     * @param closingTiyn  balance at the end of the last day
     * @param entries      the entries of the period
     */
    public record Statement(LocalDate from, LocalDate to, long openingTiyn, long creditsTiyn, long debitsTiyn,
                            long closingTiyn, List<LedgerEntryRecord> entries) {
    }
}
