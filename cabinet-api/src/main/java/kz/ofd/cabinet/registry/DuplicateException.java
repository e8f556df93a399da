package kz.ofd.cabinet.registry;

/**
 * A write would break a uniqueness rule of the registry (one organization per IIN/BIN, one user per login).
 */
public final class DuplicateException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The JSON field the duplicate is about. */
    private final String field;

    /**
     * @param field   what is duplicated, e.g. {@code idn} or {@code login}
     * @param message for a person
     */
    public DuplicateException(String field, String message) {
        super(message);
        this.field = field;
    }

    /** @return what is duplicated */
    public String field() {
        return field;
    }
}
