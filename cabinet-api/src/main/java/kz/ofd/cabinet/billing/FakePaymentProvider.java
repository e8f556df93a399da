package kz.ofd.cabinet.billing;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A payment provider in memory, for tests and the demo stand: it remembers the payments started and reports an
 * outcome, as a real provider's callback would, possibly more than once — when a test tells it to ({@link #complete})
 * or when someone presses Pay or Decline on its checkout page ({@link #decide}, served by the cabinet's
 * {@code FakeAcquirerRoutes} at {@value #CHECKOUT_PATH}{@code <paymentId>}). It never asks for card data. It answers
 * {@link #status} from its memory: after a restart it knows no payment, so the cabinet's reconciliation fails the
 * top-ups that were still pending ({@link PaymentProvider#NO_RECORD}). {@link #decideWithoutCallback} stands for a
 * callback that was lost on the way.
 */
public final class FakePaymentProvider implements PaymentProvider {

    /** Where the checkout page of a payment is, below the cabinet's public base URL. */
    public static final String CHECKOUT_PATH = "/fake-acquirer/checkout/";

    /**
     * A payment as the fake acquirer knows it.
     *
     * @param paymentId the provider's id
     * @param request   what the cabinet asked for
     * @param outcome   empty while the payer has not decided; then paid ({@code true}) or declined
     */
    public record Payment(String paymentId, Request request, Optional<Boolean> outcome) {
    }

    private static final String DECLINED = "card declined";
    private final Map<String, Payment> byPaymentId = new ConcurrentHashMap<>();
    private final Map<String, String> paymentIds = new ConcurrentHashMap<>();
    private final List<Consumer<Result>> listeners = new CopyOnWriteArrayList<>();
    private final AtomicLong ids = new AtomicLong();
    private final SecureRandom random = new SecureRandom();
    private final Supplier<String> publicBase;

    /** A provider whose checkout pages are nowhere (tests that complete payments by {@link #complete}). */
    public FakePaymentProvider() {
        this(() -> "https://pay.example.invalid");
    }

    /**
     * @param publicBase the cabinet's public base URL (scheme, host, port; no trailing slash), asked for at every
     *                   payment; the checkout page is {@code <base>}{@value #CHECKOUT_PATH}{@code <paymentId>}.
     *                   {@code null} while it is not known yet (the payment is then refused)
     */
    public FakePaymentProvider(Supplier<String> publicBase) {
        this.publicBase = publicBase;
    }

    @Override
    public Started start(Request request) {
        String base = publicBase.get();
        if (base == null) {
            throw new PaymentException("the fake acquirer's page address is not known yet");
        }
        byte[] secret = new byte[12];
        random.nextBytes(secret);   // a checkout link is not guessable from another one, as with a real acquirer
        String paymentId = "fake-" + ids.incrementAndGet() + "-" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        byPaymentId.put(paymentId, new Payment(paymentId, request, Optional.empty()));
        paymentIds.put(request.orderId(), paymentId);
        return new Started(paymentId, base.replaceAll("/+$", "") + CHECKOUT_PATH + paymentId);
    }

    @Override
    public void onResult(Consumer<Result> listener) {
        listeners.add(listener);
    }

    /** @return how many payments were started (a retried top-up must not start another) */
    public int startedCount() {
        return byPaymentId.size();
    }

    /**
     * @param orderId an order
     * @return the amount its payment was started for, or -1
     */
    public long amountOf(String orderId) {
        String paymentId = paymentIds.get(orderId);
        return paymentId == null ? -1 : byPaymentId.get(paymentId).request().amountTiyn();
    }

    /**
     * @param paymentId the provider's id
     * @return the payment, or empty when this provider started none with that id
     */
    public Optional<Payment> payment(String paymentId) {
        return Optional.ofNullable(byPaymentId.get(paymentId));
    }

    /**
     * The payer's choice on the checkout page. The first choice is final: a second one (a repeated form post)
     * changes nothing and reports the first outcome again, as a real provider re-sends its callback.
     *
     * @param paymentId the provider's id
     * @param paid      Pay ({@code true}) or Decline
     * @return the payment with its (first) outcome, or empty when there is no such payment (nothing reported)
     */
    public Optional<Payment> decide(String paymentId, boolean paid) {
        Payment decided = byPaymentId.computeIfPresent(paymentId,
            (id, p) -> p.outcome().isPresent() ? p : new Payment(id, p.request(), Optional.of(paid)));
        if (decided == null) {
            return Optional.empty();
        }
        report(decided.request().orderId(), paymentId, decided.outcome().orElseThrow());
        return Optional.of(decided);
    }

    /**
     * The payer's choice, with the provider's callback lost on the way (the cabinet was down, the network failed): the
     * outcome is only learned through {@link #status}. The first choice is final, as in {@link #decide}.
     *
     * @param orderId the cabinet's order id
     * @param paid    Pay ({@code true}) or Decline
     * @return the payment with its (first) outcome
     * @throws IllegalArgumentException when no payment was started for the order
     */
    public Payment decideWithoutCallback(String orderId, boolean paid) {
        String paymentId = paymentIds.get(orderId);
        if (paymentId == null) {
            throw new IllegalArgumentException("no payment was started for " + orderId);
        }
        return byPaymentId.computeIfPresent(paymentId,
            (id, p) -> p.outcome().isPresent() ? p : new Payment(id, p.request(), Optional.of(paid)));
    }

    @Override
    public Optional<Result> status(String orderId, String paymentId) {
        String id = paymentIds.get(orderId);
        Payment p = id == null ? null : byPaymentId.get(id);
        if (p == null) {
            return Optional.of(new Result(orderId, paymentId, false, NO_RECORD));
        }
        return p.outcome().map(paid -> new Result(orderId, p.paymentId(), paid, paid ? null : DECLINED));
    }

    /**
     * Reports an outcome, as the provider's callback — whatever was reported before (tests of a misbehaving provider).
     *
     * @param orderId the order
     * @param paid    whether the card was charged
     */
    public void complete(String orderId, boolean paid) {
        String paymentId = paymentIds.get(orderId);
        if (paymentId == null) {
            throw new IllegalArgumentException("no payment was started for " + orderId);
        }
        byPaymentId.computeIfPresent(paymentId,
            (id, p) -> p.outcome().isPresent() ? p : new Payment(id, p.request(), Optional.of(paid)));
        report(orderId, paymentId, paid);
    }

    private void report(String orderId, String paymentId, boolean paid) {
        for (Consumer<Result> l : listeners) {
            l.accept(new Result(orderId, paymentId, paid, paid ? null : DECLINED));
        }
    }
}
