package kz.ofd.simulator.stats;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of one run, written by the event-loop threads and read by the thread that prints progress and the
 * summary. Latency is recorded in microseconds with 3 significant digits.
 */
public final class RunStats {

    /** How many error descriptions are kept for the summary. */
    public static final int MAX_SAMPLES = 20;

    private static final int SIGNIFICANT_DIGITS = 3;

    private final Recorder latency = new Recorder(SIGNIFICANT_DIGITS);
    private final LongAdder answers = new LongAdder();
    private final LongAdder errorsTotal = new LongAdder();
    private final LongAdder unparsed = new LongAdder();
    private final LongAdder late = new LongAdder();
    private final LongAdder reconnects = new LongAdder();
    private final AtomicLong maxLagMicros = new AtomicLong();
    private final ConcurrentMap<String, LongAdder> errors = new ConcurrentHashMap<>();
    private final ConcurrentMap<Long, LongAdder> results = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, LongAdder> commands = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, LongAdder> accepted = new ConcurrentHashMap<>();
    private final LongSet fiscalSigns = new LongSet();
    private final List<String> samples = new ArrayList<>();

    /**
     * Counts one answer received (whatever it contains) with its round-trip time.
     *
     * @param command      the command that was answered, e.g. {@code TICKET}
     * @param latencyMicros microseconds from send to answer
     */
    public void answered(String command, long latencyMicros) {
        answers.increment();
        commands.computeIfAbsent(command, k -> new LongAdder()).increment();
        latency.recordValue(Math.max(0, latencyMicros));
    }

    /**
     * Counts a document the KKM booked as accepted (with checks off: every document answered).
     *
     * @param kind e.g. {@code SELL}, {@code SELL_RETURN_OFFLINE}, {@code WITHDRAWAL}, {@code CLOSE_SHIFT}
     */
    public void accepted(String kind) {
        accepted.computeIfAbsent(kind, k -> new LongAdder()).increment();
    }

    /**
     * @return documents booked as accepted, by kind, sorted by kind
     */
    public SortedMap<String, Long> acceptedByKind() {
        return snapshot(accepted);
    }

    /**
     * @param resultCode the {@code result_code} of a parsed answer
     */
    public void result(long resultCode) {
        results.computeIfAbsent(resultCode, k -> new LongAdder()).increment();
    }

    /**
     * Counts an open-loop request sent behind its schedule: at its intended time its KKM was still waiting for
     * the previous answer.
     *
     * @param lagMicros how long after its intended time it was sent
     */
    public void late(long lagMicros) {
        late.increment();
        maxLagMicros.accumulateAndGet(lagMicros, Math::max);
    }

    /**
     * @return requests sent behind schedule (open loop)
     */
    public long lateRequests() {
        return late.sum();
    }

    /**
     * @return the longest delay of a late request behind its intended time, microseconds
     */
    public long maxLagMicros() {
        return maxLagMicros.get();
    }

    /** Counts a kept-alive connection dropped on purpose before a request (the KKM reconnects). */
    public void reconnect() {
        reconnects.increment();
    }

    /**
     * @return connections dropped on purpose
     */
    public long reconnects() {
        return reconnects.sum();
    }

    /**
     * Counts an answer whose body did not parse as a {@code Response}, when answers are not checked
     * ({@code --checks off}); with checks on such an answer is an {@link ErrorKinds#UNPARSABLE} error instead.
     */
    public void unparsed() {
        unparsed.increment();
    }

    /**
     * @return answers counted by {@link #unparsed()}
     */
    public long unparsedAnswers() {
        return unparsed.sum();
    }

    /**
     * Counts an error; the run goes on.
     *
     * @param kind   one of {@link ErrorKinds}
     * @param detail what exactly happened, kept for the first {@value #MAX_SAMPLES} errors
     */
    public void error(String kind, String detail) {
        errorsTotal.increment();
        errors.computeIfAbsent(kind, k -> new LongAdder()).increment();
        synchronized (samples) {
            if (samples.size() < MAX_SAMPLES) {
                samples.add(kind + ": " + detail);
            }
        }
    }

    /**
     * @param sign a fiscal sign that parsed as an unsigned number
     * @return {@code true} if no answer in this run carried it before
     */
    public boolean newFiscalSign(long sign) {
        return fiscalSigns.add(sign);
    }

    /**
     * @return answers received so far
     */
    public long answers() {
        return answers.sum();
    }

    /**
     * @return errors counted so far
     */
    public long errorsTotal() {
        return errorsTotal.sum();
    }

    /**
     * @return distinct fiscal signs seen
     */
    public long fiscalSigns() {
        return fiscalSigns.size();
    }

    /**
     * Latencies recorded since the previous call. Only one thread may call this.
     *
     * @return the interval histogram (microseconds)
     */
    public Histogram takeLatency() {
        return latency.getIntervalHistogram();
    }

    /**
     * @return error counts by kind, sorted by kind
     */
    public SortedMap<String, Long> errorsByKind() {
        return snapshot(errors);
    }

    /**
     * @return answer counts by result code, sorted by code
     */
    public SortedMap<Long, Long> resultsByCode() {
        return snapshot(results);
    }

    /**
     * @return answer counts by command name, sorted by name
     */
    public SortedMap<String, Long> answersByCommand() {
        return snapshot(commands);
    }

    /**
     * @return the first errors' descriptions, in the order they happened
     */
    public List<String> errorSamples() {
        synchronized (samples) {
            return Collections.unmodifiableList(new ArrayList<>(samples));
        }
    }

    private static <K extends Comparable<K>> SortedMap<K, Long> snapshot(Map<K, LongAdder> counters) {
        SortedMap<K, Long> copy = new TreeMap<>();
        counters.forEach((k, v) -> copy.put(k, v.sum()));
        return copy;
    }
}
