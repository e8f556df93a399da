package kz.ofd.simulator.provision;

/**
 * The management API refused to create a KKM, answered something unexpected, or could not be reached.
 */
public final class ProvisioningException extends Exception {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what went wrong
     */
    public ProvisioningException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong
     * @param cause   the underlying failure
     */
    public ProvisioningException(String message, Throwable cause) {
        super(message, cause);
    }
}
