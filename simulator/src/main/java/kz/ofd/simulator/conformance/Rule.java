package kz.ofd.simulator.conformance;

/**
 * One rule the server claims, and the scenario that checks it.
 *
 * @param name        short name used by {@code --only} and in the report
 * @param claim       what the protocol requires, one line
 * @param kkms        how many KKMs the scenario uses
 * @param needsManage whether it needs the management API (block/unblock)
 * @param scenario    the steps
 */
record Rule(String name, String claim, int kkms, boolean needsManage, Scenario scenario) {

    /** The steps of a rule's scenario. */
    @FunctionalInterface
    interface Scenario {
        void run(Probe probe) throws Exception;
    }
}
