package kz.ofd.simulator.conformance;

import kz.ofd.simulator.JsonText;

import java.io.PrintStream;
import java.util.List;

/**
 * The report of a run, as text for people and as JSON for tools.
 */
final class ConformanceReport {

    private final String target;
    private final List<RuleResult> results;

    ConformanceReport(String target, List<RuleResult> results) {
        this.target = target;
        this.results = List.copyOf(results);
    }

    long count(RuleResult.Status status) {
        return results.stream().filter(r -> r.status() == status).count();
    }

    boolean anyFailed() {
        return count(RuleResult.Status.FAIL) > 0;
    }

    void print(PrintStream out) {
        out.println("ofd conformance: " + results.size() + " rule(s) against " + target);
        for (RuleResult r : results) {
            out.println();
            out.println(r.status() + "  " + r.rule().name() + " — " + r.rule().claim());
            for (Check c : r.checks()) {
                out.println("      " + (c.ok() ? "ok  " : "FAIL") + "  " + c.what() + ": expected " + c.expected()
                    + ", got " + c.actual());
            }
            if (r.status() == RuleResult.Status.SKIP) {
                out.println("      skipped (" + r.reason() + ")");
            } else if (r.status() == RuleResult.Status.FAIL && (r.checks().isEmpty() || r.checks().get(r.checks().size()
                - 1).ok())) {
                out.println("      FAIL  " + r.reason());
            }
        }
        out.println();
        out.println("total: " + results.size() + " rule(s), " + count(RuleResult.Status.PASS) + " passed, "
            + count(RuleResult.Status.FAIL) + " failed, " + count(RuleResult.Status.SKIP) + " skipped");
        out.flush();
    }

    String json() {
        StringBuilder b = new StringBuilder(4096);
        b.append("{\"target\":").append(JsonText.quote(target))
            .append(",\"passed\":").append(count(RuleResult.Status.PASS))
            .append(",\"failed\":").append(count(RuleResult.Status.FAIL))
            .append(",\"skipped\":").append(count(RuleResult.Status.SKIP))
            .append(",\"rules\":[");
        for (int i = 0; i < results.size(); i++) {
            RuleResult r = results.get(i);
            b.append(i == 0 ? "" : ",").append("\n {\"name\":").append(JsonText.quote(r.rule().name()))
                .append(",\"status\":").append(JsonText.quote(r.status().name()))
                .append(",\"claim\":").append(JsonText.quote(r.rule().claim()))
                .append(",\"reason\":").append(JsonText.quote(r.reason()))
                .append(",\"checks\":[");
            for (int j = 0; j < r.checks().size(); j++) {
                Check c = r.checks().get(j);
                b.append(j == 0 ? "" : ",").append("{\"what\":").append(JsonText.quote(c.what()))
                    .append(",\"expected\":").append(JsonText.quote(c.expected()))
                    .append(",\"actual\":").append(JsonText.quote(c.actual()))
                    .append(",\"ok\":").append(c.ok()).append('}');
            }
            b.append("]}");
        }
        return b.append("\n]}\n").toString();
    }
}
