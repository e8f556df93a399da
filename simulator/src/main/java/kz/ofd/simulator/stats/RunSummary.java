package kz.ofd.simulator.stats;

import kz.ofd.protocol.proto.ResultTypeEnum;
import kz.ofd.simulator.JsonText;
import org.HdrHistogram.Histogram;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;

/**
 * The outcome of a run, rendered as a text table and as JSON.
 *
 * @param mode            {@code keepalive} or {@code per-request}
 * @param mix             {@code full} or {@code tickets-only}
 * @param checks          whether answers were checked
 * @param rate            open loop: the target rate, requests per second; 0 for closed loop
 * @param transport       {@code epoll} or {@code nio}
 * @param target          {@code host:port}
 * @param version         header version sent
 * @param seed            random seed
 * @param kkms            number of KKMs
 * @param durationSeconds seconds from the first request to the end of the drain
 * @param requests        answers received
 * @param latencyMicros   p50, p90, p99, p99.9 and max, microseconds
 * @param byCommand       answers per command name
 * @param results         answers per result code
 * @param unparsed        answers whose body was not a {@code Response} (counted only with checks off)
 * @param errors          errors per kind
 * @param errorsTotal     all errors
 * @param errorSamples    descriptions of the first errors
 * @param fiscalSigns     distinct fiscal signs received
 * @param late            open loop: requests sent behind schedule
 * @param maxLagMicros    open loop: the longest delay of a request behind its intended time, microseconds
 * @param reconnects      kept-alive connections dropped on purpose
 * @param accepted        documents booked as accepted, by kind (operation or placement, {@code _OFFLINE} suffix)
 */
public record RunSummary(String mode, String mix, boolean checks, double rate, String transport, String target, int version,
                         long seed, int kkms, double durationSeconds, long requests, long[] latencyMicros,
                         SortedMap<String, Long> byCommand,
                         SortedMap<Long, Long> results, long unparsed, SortedMap<String, Long> errors, long errorsTotal,
                         List<String> errorSamples, long fiscalSigns, long late, long maxLagMicros,
                         long reconnects, SortedMap<String, Long> accepted) {

    private static final double[] PERCENTILES = {50.0, 90.0, 99.0, 99.9};
    private static final String[] LATENCY_NAMES = {"p50", "p90", "p99", "p99_9", "max"};
    private static final String[] LATENCY_LABELS = {"p50", "p90", "p99", "p99.9", "max"};
    private static final double MICROS_PER_MILLI = 1000.0;

    /**
     * Collects the summary from the run's counters.
     *
     * @param mode            connection mode name
     * @param mix             mix name
     * @param checks          whether answers were checked
     * @param rate            open-loop rate, 0 for closed loop
     * @param transport       transport name
     * @param target          host:port
     * @param version         header version
     * @param seed            seed
     * @param kkms            number of KKMs
     * @param durationSeconds run time
     * @param stats           counters
     * @param latency         all latencies of the run (microseconds)
     * @return the summary
     */
    public static RunSummary of(String mode, String mix, boolean checks, double rate, String transport, String target,
                                int version, long seed,
                                int kkms, double durationSeconds, RunStats stats, Histogram latency) {
        long[] lat = new long[LATENCY_NAMES.length];
        if (latency.getTotalCount() > 0) {
            for (int i = 0; i < PERCENTILES.length; i++) {
                lat[i] = latency.getValueAtPercentile(PERCENTILES[i]);
            }
            lat[PERCENTILES.length] = latency.getMaxValue();
        }
        return new RunSummary(mode, mix, checks, rate, transport, target, version, seed, kkms, durationSeconds, stats.answers(),
            lat, stats.answersByCommand(), stats.resultsByCode(), stats.unparsedAnswers(), stats.errorsByKind(),
            stats.errorsTotal(), stats.errorSamples(), stats.fiscalSigns(), stats.lateRequests(), stats.maxLagMicros(),
            stats.reconnects(), stats.acceptedByKind());
    }

    /**
     * @return answers per second over the run
     */
    public double throughput() {
        return durationSeconds > 0 ? requests / durationSeconds : 0;
    }

    /**
     * @return 0 if no error was counted, 1 otherwise
     */
    public int exitCode() {
        return errorsTotal == 0 ? 0 : 1;
    }

    /**
     * @param code a result code
     * @return its name without the {@code RESULT_TYPE_} prefix, or {@code UNKNOWN}
     */
    public static String resultName(long code) {
        ResultTypeEnum e = code <= Integer.MAX_VALUE ? ResultTypeEnum.forNumber((int) code) : null;
        return e == null ? "UNKNOWN" : e.name().substring("RESULT_TYPE_".length());
    }

    /**
     * @return the human-readable summary, several lines ending in a newline
     */
    public String toText() {
        StringBuilder sb = new StringBuilder();
        sb.append("=== ofd simulate: summary ===\n");
        line(sb, "mode", mode + " (" + transport + "), mix " + mix + ", checks " + (checks ? "on" : "off"));
        line(sb, "target", target + ", protocol version " + version + ", seed " + seed);
        line(sb, "KKMs", Integer.toString(kkms));
        line(sb, "loop", rate > 0 ? fmt("open, target %.1f req/s; latency from intended send times", rate)
            : "closed, latency from actual send times");
        line(sb, "duration", fmt("%.3f s", durationSeconds));
        StringBuilder cmds = new StringBuilder();
        byCommand.forEach((k, v) -> cmds.append(cmds.length() == 0 ? "" : ", ").append(k).append(' ').append(v));
        line(sb, "requests", requests + (cmds.length() == 0 ? "" : " (" + cmds + ")"));
        StringBuilder docs = new StringBuilder();
        accepted.forEach((k, v) -> docs.append(docs.length() == 0 ? "" : ", ").append(k).append(' ').append(v));
        line(sb, "documents", docs.length() == 0 ? "none accepted" : docs + " accepted");
        line(sb, "throughput", fmt("%.1f req/s", throughput()));
        StringBuilder lat = new StringBuilder();
        for (int i = 0; i < LATENCY_LABELS.length; i++) {
            lat.append(i == 0 ? "" : "  ").append(LATENCY_LABELS[i]).append(' ').append(millis(latencyMicros[i]));
        }
        line(sb, "latency ms", lat.toString());
        if (rate > 0) {
            line(sb, "late", late + " requests sent behind schedule (previous answer not yet in), max "
                + millis(maxLagMicros) + " ms behind");
        }
        if (reconnects > 0) {
            line(sb, "reconnects", reconnects + " kept-alive connections dropped on purpose");
        }
        sb.append("answers by result code:\n");
        if (results.isEmpty() && unparsed == 0) {
            sb.append("  none\n");
        }
        results.forEach((code, n) -> sb.append("  ").append(code).append(' ').append(resultName(code)).append(": ")
            .append(n).append('\n'));
        if (unparsed > 0) {
            sb.append("  unparsed: ").append(unparsed).append('\n');
        }
        sb.append("errors by kind:\n");
        if (errors.isEmpty()) {
            sb.append("  none\n");
        }
        errors.forEach((kind, n) -> sb.append("  ").append(kind).append(": ").append(n).append('\n'));
        line(sb, "fiscal signs", fiscalSigns + " unique");
        if (!errorSamples.isEmpty()) {
            sb.append("first errors:\n");
            errorSamples.forEach(s -> sb.append("  ").append(s).append('\n'));
        }
        sb.append(errorsTotal == 0 ? "result: OK, no errors\n" : "result: FAILED, " + errorsTotal + " errors\n");
        return sb.toString();
    }

    /**
     * @return the summary as one JSON object: the same facts as {@link #toText()}, snake_case keys, latencies in
     *     milliseconds, results as {@code [{code, name, count}]}, errors as {@code {kind: count}}
     */
    public String toJson() {
        StringBuilder sb = new StringBuilder("{\n");
        field(sb, "mode", JsonText.quote(mode));
        field(sb, "mix", JsonText.quote(mix));
        field(sb, "checks", Boolean.toString(checks));
        field(sb, "loop", JsonText.quote(rate > 0 ? "open" : "closed"));
        field(sb, "rate_rps", fmt("%.1f", rate));
        field(sb, "transport", JsonText.quote(transport));
        field(sb, "target", JsonText.quote(target));
        field(sb, "protocol_version", Integer.toString(version));
        field(sb, "seed", Long.toString(seed));
        field(sb, "kkms", Integer.toString(kkms));
        field(sb, "duration_seconds", fmt("%.3f", durationSeconds));
        field(sb, "requests", Long.toString(requests));
        field(sb, "throughput_rps", fmt("%.1f", throughput()));
        StringBuilder lat = new StringBuilder("{");
        for (int i = 0; i < LATENCY_NAMES.length; i++) {
            lat.append(i == 0 ? "" : ", ").append(JsonText.quote(LATENCY_NAMES[i])).append(": ").append(millis(latencyMicros[i]));
        }
        field(sb, "latency_ms", lat.append('}').toString());
        field(sb, "requests_by_command", object(byCommand));
        field(sb, "documents_accepted", object(accepted));
        StringBuilder res = new StringBuilder("[");
        results.forEach((code, n) -> res.append(res.length() == 1 ? "" : ", ").append("{\"code\": ").append(code)
            .append(", \"name\": ").append(JsonText.quote(resultName(code))).append(", \"count\": ").append(n).append('}'));
        field(sb, "results", res.append(']').toString());
        field(sb, "unparsed_answers", Long.toString(unparsed));
        field(sb, "errors", object(errors));
        field(sb, "errors_total", Long.toString(errorsTotal));
        StringBuilder samples = new StringBuilder("[");
        errorSamples.forEach(s -> samples.append(samples.length() == 1 ? "" : ", ").append(JsonText.quote(s)));
        field(sb, "error_samples", samples.append(']').toString());
        field(sb, "fiscal_signs_unique", Long.toString(fiscalSigns));
        field(sb, "late_requests", Long.toString(late));
        field(sb, "max_schedule_lag_ms", millis(maxLagMicros));
        field(sb, "reconnects", Long.toString(reconnects));
        sb.append("  \"exit_code\": ").append(exitCode()).append("\n}\n");
        return sb.toString();
    }

    private static void line(StringBuilder sb, String name, String value) {
        sb.append(String.format(Locale.ROOT, "%-14s %s", name + ":", value)).append('\n');
    }

    private static void field(StringBuilder sb, String name, String jsonValue) {
        sb.append("  ").append(JsonText.quote(name)).append(": ").append(jsonValue).append(",\n");
    }

    private static String object(Map<String, Long> map) {
        StringBuilder sb = new StringBuilder("{");
        map.forEach((k, v) -> sb.append(sb.length() == 1 ? "" : ", ").append(JsonText.quote(k)).append(": ").append(v));
        return sb.append('}').toString();
    }

    private static String millis(long micros) {
        return fmt("%.3f", micros / MICROS_PER_MILLI);
    }

    private static String fmt(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
