package kz.ofd.cabinet.billing;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A payment provider in memory, for tests and the demo stand: it remembers the payments started and reports an
 * outcome when told to ({@link #complete}), as a real provider's callback would, possibly more than once.
 */
public final class FakePaymentProvider implements PaymentProvider {

    private final Map<String, Request> started = new ConcurrentHashMap<>();
    private final Map<String, String> paymentIds = new ConcurrentHashMap<>();
    private final List<Consumer<Result>> listeners = new CopyOnWriteArrayList<>();
    private final AtomicLong ids = new AtomicLong();

    @Override
    public Started start(Request request) {
        String paymentId = "fake-" + ids.incrementAndGet();
        started.put(request.orderId(), request);
        paymentIds.put(request.orderId(), paymentId);
        return new Started(paymentId, "https://pay.example.invalid/checkout/" + paymentId);
    }

    @Override
    public void onResult(Consumer<Result> listener) {
        listeners.add(listener);
    }

    /** @return how many payments were started (a retried top-up must not start another) */
    public int startedCount() {
        return started.size();
    }

    /**
     * @param orderId an order
     * @return the amount its payment was started for, or -1
     */
    public long amountOf(String orderId) {
        Request r = started.get(orderId);
        return r == null ? -1 : r.amountTiyn();
    }

    /**
     * Reports an outcome, as the provider's callback.
     *
     * @param orderId the order
     * @param paid    whether the card was charged
     */
    public void complete(String orderId, boolean paid) {
        String paymentId = paymentIds.get(orderId);
        if (paymentId == null) {
            throw new IllegalArgumentException("no payment was started for " + orderId);
        }
        for (Consumer<Result> l : listeners) {
            l.accept(new Result(orderId, paymentId, paid, paid ? null : "card declined"));
        }
    }
}
