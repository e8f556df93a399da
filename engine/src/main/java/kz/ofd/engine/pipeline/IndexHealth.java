package kz.ofd.engine.pipeline;

/**
 * Set once an index write has failed. Indexing then stops (answers are unaffected: the journal is the truth) until
 * a restart catches the index up from its checkpoint; {@code /health} reports it. Written by the indexer.
 */
public final class IndexHealth {

    private volatile Throwable failure;

    void fail(Throwable cause) {
        if (failure == null) {
            failure = cause;
        }
    }

    /**
     * @return true after an index write failed
     */
    public boolean failed() {
        return failure != null;
    }
}
