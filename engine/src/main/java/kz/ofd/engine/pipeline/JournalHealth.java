package kz.ofd.engine.pipeline;

/**
 * Set once the journal has failed to take a record. From then on nothing is acknowledged: the in-memory state
 * may be ahead of the journal, and only a restart (which rebuilds state from the journal) makes it exact again.
 * Written by the journaler, read by the business-logic thread.
 */
public final class JournalHealth {

    private volatile Throwable failure;
    private volatile Runnable onFailure = () -> { };

    void fail(Throwable cause) {
        if (failure == null) {
            failure = cause;
            onFailure.run();
        }
    }

    /**
     * @param action run once, on the journal thread, when the journal first fails (e.g. start a fail-fast exit);
     *               it must not block
     */
    public void onFailure(Runnable action) {
        this.onFailure = action;
    }

    /**
     * @return true after a journal write failed
     */
    public boolean failed() {
        return failure != null;
    }

    /**
     * @return the first failure, or {@code null}
     */
    public Throwable failure() {
        return failure;
    }
}
