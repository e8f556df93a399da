package kz.ofd.simulator.conformance;

/**
 * A scenario cannot run against this target (no management API, too few KKMs in the file).
 */
final class Skip extends Exception {

    private static final long serialVersionUID = 1L;

    Skip(String reason) {
        super(reason);
    }
}
