package kz.ofd.simulator.conformance;

import java.util.List;

/**
 * How one rule fared.
 *
 * @param rule   the rule
 * @param status pass, fail or skipped
 * @param reason why it failed or was skipped (empty when it passed)
 * @param checks the checks made, in order; the last one failed when the scenario failed on a check
 */
record RuleResult(Rule rule, Status status, String reason, List<Check> checks) {

    /** Outcome of a rule. */
    enum Status { PASS, FAIL, SKIP }
}
