package kz.ofd.storage.index;

/**
 * An index operation failed. The journal stays the source of truth: the index can be rebuilt from it.
 */
public final class IndexException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed
     * @param cause   the underlying error
     */
    public IndexException(String message, Throwable cause) {
        super(message, cause);
    }
}
