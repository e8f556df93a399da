package kz.ofd.cabinet.billing;

import java.util.Optional;
import java.util.function.Consumer;

/**
 * A card acquirer, modelled loosely on a real one: the cabinet starts a payment for an order and sends the user to
 * the provider's page ({@code redirectUrl}), where the card is typed (the cabinet never sees or stores card data);
 * the provider later reports the outcome to the listener (a real provider calls back over HTTPS with a signed
 * notification; an implementation verifies it and calls the listener). A provider may report the same outcome more
 * than once: the cabinet credits an order once. A notification can be lost (the cabinet was down, the network failed),
 * so the cabinet also asks for the outcome of a payment that stays undecided ({@link #status}), as real acquirers'
 * status queries allow.
 */
public interface PaymentProvider {

    /**
     * A payment to start.
     *
     * @param orderId     the cabinet's order id (unique; the outcome names it)
     * @param amountTiyn  amount, tiyn
     * @param description what the card holder sees
     */
    record Request(String orderId, long amountTiyn, String description) {
    }

    /**
     * A started payment.
     *
     * @param paymentId   the provider's id of it
     * @param redirectUrl the provider's page where the user pays
     */
    record Started(String paymentId, String redirectUrl) {
    }

    /**
     * The outcome of a payment.
     *
     * @param orderId       the cabinet's order id
     * @param paymentId     the provider's id
     * @param paid          whether the money was taken
     * @param failureReason why not, when not
     */
    record Result(String orderId, String paymentId, boolean paid, String failureReason) {
    }

    /**
     * @param request the payment
     * @return where the user goes to pay
     * @throws PaymentException when the provider cannot be reached
     */
    Started start(Request request);

    /** @param listener receives every outcome (on the provider's thread) */
    void onResult(Consumer<Result> listener);

    /** What a provider answers for a payment it has no record of (never started there, or forgotten). */
    String NO_RECORD = "the acquirer has no record of this payment";

    /**
     * Asks for the outcome of a started payment (the cabinet's reconciliation of top-ups whose outcome never came).
     * Called on a worker thread; may block for a network round trip.
     *
     * @param orderId   the cabinet's order id
     * @param paymentId the provider's id from {@link Started}, or empty when the cabinet never learned it (it stopped
     *                  between storing the top-up and the provider's answer)
     * @return empty while the payer has not finished; the outcome once decided; a not-paid result with the reason
     *         {@link #NO_RECORD} when the provider knows no such payment
     * @throws PaymentException when the provider cannot be asked now (asked again later)
     */
    Optional<Result> status(String orderId, String paymentId);

    /** @return a provider for a cabinet without one: every payment fails to start */
    static PaymentProvider unavailable() {
        return new PaymentProvider() {
            @Override
            public Started start(Request request) {
                throw new PaymentException("no payment provider is configured");
            }

            @Override
            public void onResult(Consumer<Result> listener) {
                // nothing ever reports
            }

            @Override
            public Optional<Result> status(String orderId, String paymentId) {
                // Nobody can say whether the money was taken (the acquirer that started it is not configured now):
                // the top-up stays pending and is asked again once one is.
                throw new PaymentException("no payment provider is configured: the outcome is unknown");
            }
        };
    }

    /** The provider did not take the payment. */
    final class PaymentException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        /** @param message what went wrong */
        public PaymentException(String message) {
            super(message);
        }
    }
}
