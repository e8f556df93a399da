package kz.ofd.simulator.conformance;

/**
 * A check that did not hold; ends its scenario (later steps depend on the earlier ones).
 */
final class Mismatch extends Exception {

    private static final long serialVersionUID = 1L;

    Mismatch(Check check) {
        super(check.what() + ": expected " + check.expected() + ", got " + check.actual());
    }
}
