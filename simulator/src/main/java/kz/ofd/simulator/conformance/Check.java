package kz.ofd.simulator.conformance;

/**
 * One assertion a scenario made: what it looked at, what the protocol requires, what the server answered.
 *
 * @param what     the step, e.g. "TICKET with a wrong token"
 * @param expected what the protocol requires
 * @param actual   what came
 * @param ok       whether they agree
 */
record Check(String what, String expected, String actual, boolean ok) {
}
