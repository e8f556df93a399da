package kz.ofd.simulator.conformance;

import kz.ofd.simulator.provision.ProvisioningException;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs rules one after another, each with KKMs of its own, and collects their results.
 */
final class ConformanceRun {

    private final InetSocketAddress target;
    private final Duration timeout;
    private final KkmSource kkms;
    private final ManagementPort manage;

    ConformanceRun(InetSocketAddress target, Duration timeout, KkmSource kkms, ManagementPort manage) {
        this.target = target;
        this.timeout = timeout;
        this.kkms = kkms;
        this.manage = manage;
    }

    /** Every rule, in report order. */
    static List<Rule> catalogue() {
        List<Rule> all = new ArrayList<>();
        all.addAll(SessionRules.rules());
        all.addAll(FrameRules.rules());
        all.addAll(FiscalRules.rules());
        return List.copyOf(all);
    }

    List<RuleResult> run(List<Rule> rules) {
        List<RuleResult> results = new ArrayList<>(rules.size());
        for (Rule rule : rules) {
            results.add(run(rule));
        }
        return results;
    }

    RuleResult run(Rule rule) {
        if (rule.needsManage() && manage == null) {
            return new RuleResult(rule, RuleResult.Status.SKIP, "needs --manage", List.of());
        }
        if (rule.kkms() > kkms.remaining()) {
            return new RuleResult(rule, RuleResult.Status.SKIP, "needs " + rule.kkms() + " KKM(s), --kkm-file has "
                + kkms.remaining() + " left", List.of());
        }
        Probe probe = new Probe(target, timeout, kkms, manage);
        try {
            rule.scenario().run(probe);
            return new RuleResult(rule, RuleResult.Status.PASS, "", probe.checks());
        } catch (Mismatch e) {
            return new RuleResult(rule, RuleResult.Status.FAIL, e.getMessage(), probe.checks());
        } catch (Skip e) {
            return new RuleResult(rule, RuleResult.Status.SKIP, e.getMessage(), probe.checks());
        } catch (ProvisioningException e) {
            return new RuleResult(rule, RuleResult.Status.FAIL, "could not provision a KKM: " + e.getMessage(),
                probe.checks());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new RuleResult(rule, RuleResult.Status.FAIL, "interrupted", probe.checks());
        } catch (Exception e) {
            return new RuleResult(rule, RuleResult.Status.FAIL, "error: " + e, probe.checks());
        }
    }
}
