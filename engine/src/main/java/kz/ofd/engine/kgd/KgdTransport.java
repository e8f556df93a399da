package kz.ofd.engine.kgd;

import java.util.List;

/**
 * How signed batches reach KGD. {@link HttpKgdTransport} speaks the project's HTTP design (docs/kgd.md); a real
 * transport replaces it once KGD publishes its interface.
 */
public interface KgdTransport {

    /**
     * What KGD said to one batch.
     *
     * @param acknowledged the idempotency keys KGD now holds (empty on failure)
     * @param failure      {@code null} on success, else a short cause for metrics ({@code http_503}, {@code io}, ...)
     * @param detail       what went wrong, for the log
     */
    record Outcome(List<String> acknowledged, String failure, String detail) {

        static Outcome ok(List<String> keys) {
            return new Outcome(keys, null, null);
        }

        static Outcome failed(String cause, String detail) {
            return new Outcome(List.of(), cause, detail);
        }
    }

    /**
     * Sends one batch; never throws for a transport problem (it is an outcome).
     *
     * @param body      the batch, UTF-8 JSON
     * @param signature detached CMS signature of {@code body}
     * @return the outcome
     */
    Outcome send(byte[] body, byte[] signature);
}
