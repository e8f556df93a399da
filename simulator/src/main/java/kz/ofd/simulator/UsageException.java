package kz.ofd.simulator;

/**
 * A command line or configuration problem; {@link SimulatorMain} reports it and exits with code 2.
 */
public final class UsageException extends Exception {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what is wrong, phrased for the person typing the command
     */
    public UsageException(String message) {
        super(message);
    }
}
