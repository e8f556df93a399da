package kz.ofd.simulator;

import kz.ofd.simulator.kkm.VirtualKkm;
import kz.ofd.simulator.net.ClientTransport;
import kz.ofd.simulator.net.KkmDriver;
import kz.ofd.simulator.provision.KkmCredentials;
import kz.ofd.simulator.stats.ErrorKinds;
import kz.ofd.simulator.stats.RunStats;
import kz.ofd.simulator.stats.RunSummary;
import org.HdrHistogram.Histogram;

import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Runs all virtual KKMs for the configured duration (closed loop, or open loop at {@code --rate}), prints a progress
 * line every second (and writes an HdrHistogram interval log if asked), then waits (bounded) for requests still in
 * flight and returns the summary.
 */
public final class LoadRunner {

    /** Event-loop threads of the client. */
    public static final int IO_THREADS = 2;
    /** Longest wait for in-flight answers after the deadline. */
    public static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(10);

    private static final long TICK_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final int SIGNIFICANT_DIGITS = 3;
    private static final long SEED_MIX = 0x9E37_79B9_7F4A_7C15L;

    private final SimulatorOptions options;
    private final InetSocketAddress target;
    private final List<KkmCredentials> kkms;
    private final PrintStream out;

    /**
     * @param options command line
     * @param target  resolved server address
     * @param kkms    KKMs to run
     * @param out     where progress lines go
     */
    public LoadRunner(SimulatorOptions options, InetSocketAddress target, List<KkmCredentials> kkms, PrintStream out) {
        this.options = options;
        this.target = target;
        this.kkms = List.copyOf(kkms);
        this.out = out;
    }

    /**
     * @return the summary of the run
     */
    public RunSummary run() {
        try (IntervalLog log = IntervalLog.open(options.histogramLog())) {
            return run(log);
        }
    }

    private RunSummary run(IntervalLog log) {
        // Created after the log, so that the first interval starts after the log's base time.
        RunStats stats = new RunStats();
        Histogram latency = new Histogram(SIGNIFICANT_DIGITS);
        CountDownLatch done = new CountDownLatch(kkms.size());
        boolean keepalive = options.mode() == SimulatorOptions.Mode.KEEPALIVE;
        // Open loop: each KKM sends rate / N per second; KKM i's schedule starts i / N of a period after the start,
        // so the sends of all KKMs together are evenly spaced.
        long periodNanos = options.rate() > 0 ? Math.max(1, Math.round(kkms.size() * 1e9 / options.rate())) : 0;
        String transportName;
        long start;
        long end;
        try (ClientTransport transport = new ClientTransport(target, options.connectTimeout(), IO_THREADS)) {
            transportName = transport.transportName();
            List<KkmDriver> drivers = new ArrayList<>(kkms.size());
            for (KkmCredentials c : kkms) {
                // Each KKM's random depends only on the seed and its id, so a KKM sends the same documents
                // whatever the number of KKMs around it.
                SplittableRandom random = new SplittableRandom(options.seed() * SEED_MIX + c.id());
                VirtualKkm kkm = new VirtualKkm(c, options.version(), options.mix(), options.closeShiftEvery(), random,
                    options.checks());
                drivers.add(new KkmDriver(kkm, transport, keepalive, options.readTimeout(), stats, done, periodNanos));
            }
            out.printf(Locale.ROOT, "ofd simulate: %d KKMs, %s (%s), mix %s, checks %s, target %s:%d, for %s%n",
                kkms.size(), options.mode().cliName(), transportName, options.mix().cliName(),
                options.checks() ? "on" : "off", options.host(), options.port(), humanDuration(options.duration()));
            out.println(periodNanos > 0
                ? String.format(Locale.ROOT, "ofd simulate: open loop, %.1f req/s in total, one request every %.3f ms per KKM",
                    options.rate(), periodNanos / 1e6)
                : "ofd simulate: closed loop, each KKM sends its next request when the answer is in");
            start = System.nanoTime();
            long deadline = start + options.duration().toNanos();
            for (int i = 0; i < drivers.size(); i++) {
                drivers.get(i).start(deadline, start + periodNanos * i / drivers.size());
            }
            waitAndReport(start, deadline, done, stats, latency, log);
            end = System.nanoTime();
            for (KkmDriver d : drivers) {
                if (d.unfinished()) {
                    stats.error(ErrorKinds.UNFINISHED, "KKM " + d.kkm().id() + " reqnum " + d.kkm().requestNumber()
                        + ": no answer " + DRAIN_TIMEOUT.toSeconds() + " s after the end of the run");
                }
                d.abort();
            }
        }
        Histogram last = stats.takeLatency();
        latency.add(last);
        log.write(last);
        double seconds = (end - start) / 1e9;
        return RunSummary.of(options.mode().cliName(), options.mix().cliName(), options.checks(), options.rate(),
            transportName, options.host() + ":" + options.port(), options.version(), options.seed(), kkms.size(), seconds,
            stats, latency);
    }

    private void waitAndReport(long start, long deadline, CountDownLatch done, RunStats stats, Histogram latency,
                               IntervalLog log) {
        long drainEnd = deadline + DRAIN_TIMEOUT.toNanos();
        long nextTick = start + TICK_NANOS;
        long lastAnswers = 0;
        int tick = 0;
        while (true) {
            long wait = Math.min(nextTick, drainEnd) - System.nanoTime();
            boolean allDone;
            try {
                allDone = wait <= 0 ? done.getCount() == 0 : done.await(wait, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            Histogram interval = stats.takeLatency();
            latency.add(interval);
            log.write(interval);
            long now = System.nanoTime();
            if (allDone || now - drainEnd >= 0) {
                return;
            }
            if (now - nextTick >= 0) {
                tick++;
                long answers = stats.answers();
                String late = options.rate() > 0 ? ", late " + stats.lateRequests() : "";
                out.printf(Locale.ROOT, "[%4ds] requests %d, last second %d req/s, errors %d, p99 so far %.3f ms%s%s%n",
                    tick, answers, answers - lastAnswers, stats.errorsTotal(),
                    latency.getValueAtPercentile(99.0) / 1000.0, late, now - deadline >= 0 ? " (draining)" : "");
                out.flush();
                lastAnswers = answers;
                nextTick += TICK_NANOS;
            }
        }
    }

    private static String humanDuration(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
    }
}
