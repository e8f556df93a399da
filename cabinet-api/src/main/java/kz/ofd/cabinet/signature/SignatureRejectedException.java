package kz.ofd.cabinet.signature;

/**
 * A signed challenge was refused; {@link #reason()} says why.
 */
public final class SignatureRejectedException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Why. */
    private final SignatureRejection reason;

    /**
     * @param reason why
     * @param detail what exactly, for the problem's detail
     */
    public SignatureRejectedException(SignatureRejection reason, String detail) {
        super(detail);
        this.reason = reason;
    }

    /** @return why */
    public SignatureRejection reason() {
        return reason;
    }
}
