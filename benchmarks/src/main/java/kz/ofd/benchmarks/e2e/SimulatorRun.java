package kz.ofd.benchmarks.e2e;

import kz.ofd.simulator.SimulatorOptions;
import kz.ofd.simulator.UsageException;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One run of {@code ofd simulate} ({@code kz.ofd.simulator.SimulatorMain}) as a child JVM. Its once-a-second
 * progress lines are read as they come, and a hook can be attached to any of them, so the caller takes the server's
 * CPU and allocation counters at the very moments the simulator counts its answers: second 0 is the line printed
 * right before the first request, second N the N-th progress line. The JSON summary is read at the end.
 */
final class SimulatorRun {

    /** A moment of the run: the simulator's answer and error counts then, and when the line was read. */
    record Tick(int second, long answers, long errors, long nanos) {
    }

    /**
     * The simulator's summary of the whole run (warm-up included).
     *
     * @param exitCode      the simulator's exit code
     * @param requests      answers received
     * @param throughput    answers per second over the whole run
     * @param p50Ms         latency median, ms
     * @param p99Ms         99th percentile, ms
     * @param p999Ms        99.9th percentile, ms
     * @param maxMs         maximum, ms
     * @param errors        errors counted
     * @param json          the summary as written
     */
    record Summary(int exitCode, long requests, double throughput, double p50Ms, double p99Ms, double p999Ms,
                   double maxMs, long errors, String json) {
    }

    private static final Pattern PROGRESS =
        Pattern.compile("^\\[\\s*(\\d+)s] requests (\\d+), last second -?\\d+ req/s, errors (\\d+)");
    private static final String START_LINE = "ofd simulate: ";
    private static final List<String> SIM_HEAP = List.of("-Xms512m", "-Xmx2g");

    private final List<String> args;
    private final Path histogramLog;
    private final Map<Integer, Consumer<Tick>> hooks = new HashMap<>();
    private final Map<Integer, Tick> ticks = new HashMap<>();
    private Consumer<Tick> everyTick = t -> { };

    /**
     * @param target    {@code host:port}
     * @param manage    management URL to provision through, or {@code null}
     * @param kkmFile   file of existing KKMs, or {@code null}
     * @param mode      {@code keepalive} or {@code per-request}
     * @param kkms      number of KKMs
     * @param seconds   whole duration of the run
     * @param checks    whether answers are checked (passed only when this simulator knows {@code --checks})
     * @param seed      random seed
     * @param json      where the simulator writes its summary
     * @param extra     further options
     */
    SimulatorRun(String target, String manage, Path kkmFile, String mode, int kkms, int seconds, boolean checks,
                 long seed, Path json, List<String> extra) {
        List<String> a = new ArrayList<>(List.of("--target", target, "--mode", mode, "--kkms", Integer.toString(kkms),
            "--duration", seconds + "s", "--seed", Long.toString(seed), "--json", json.toString()));
        if (manage != null) {
            a.addAll(List.of("--manage", manage));
        } else {
            a.addAll(List.of("--kkm-file", kkmFile.toString()));
        }
        if (checksOptionKnown()) {
            a.addAll(List.of("--checks", checks ? "on" : "off"));
        }
        if (optionKnown("--histogram-log", "latency.hlog")) {
            histogramLog = Path.of(json + ".hlog");
            a.addAll(List.of("--histogram-log", histogramLog.toString()));
        } else {
            histogramLog = null;
        }
        a.addAll(extra);
        this.args = List.copyOf(a);
    }

    /**
     * Latency between two progress lines, from the simulator's interval log.
     *
     * @param open  the line that opened the window
     * @param close the line that closed it
     * @return the window's latency, or {@code null} when this simulator writes no interval log
     */
    WindowLatency windowLatency(Tick open, Tick close) {
        return WindowLatency.read(histogramLog, open.second(), close.second());
    }

    /**
     * @return whether the simulator on the class path has {@code --checks on|off}
     */
    static boolean checksOptionKnown() {
        return optionKnown("--checks", "off");
    }

    /**
     * Asks the simulator's own parser (at run time: its usage text is a constant the compiler would copy into this
     * class, so it could describe an older simulator than the one on the class path).
     *
     * @param option an option
     * @param value  a valid value for it
     * @return whether the simulator on the class path accepts it
     */
    static boolean optionKnown(String option, String value) {
        try {
            SimulatorOptions.parse(new String[] {"--target", "127.0.0.1:1", "--kkm-file", "kkms.txt", option, value});
            return true;
        } catch (UsageException e) {
            return false;
        }
    }

    /**
     * Stops every child process of this JVM when it exits (a benchmark interrupted with ^C or SIGTERM leaves no
     * server or simulator behind).
     */
    static void stopChildrenOnExit() {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> ProcessHandle.current().descendants()
            .forEach(ProcessHandle::destroyForcibly), "stop-children"));
    }

    /**
     * Calls {@code hook} on the reading thread when the progress line of {@code second} arrives.
     *
     * @param second the second of the run (0 = the start)
     * @param hook   what to do
     */
    void at(int second, Consumer<Tick> hook) {
        hooks.put(second, hook);
    }

    /**
     * Calls {@code listener} on the reading thread for every progress line (and the start line, as second 0).
     *
     * @param listener what to do
     */
    void onEveryTick(Consumer<Tick> listener) {
        everyTick = listener;
    }

    /**
     * @param second a second of the run
     * @return the simulator's counts at that second, or {@code null} if the line never came
     */
    Tick tick(int second) {
        synchronized (ticks) {
            return ticks.get(second);
        }
    }

    /**
     * Runs the simulator to its end.
     *
     * @param log     where its output goes
     * @param json    the summary file given to the constructor
     * @param timeout longest run
     * @return its summary
     * @throws IOException when it cannot run, does not end in time, or writes no summary
     */
    Summary run(Path log, Path json, long timeout) throws IOException {
        List<String> command = ChildJvm.command(SIM_HEAP, List.of(), "kz.ofd.simulator.SimulatorMain", args);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        Thread watchdog = new Thread(() -> {
            try {
                if (!p.waitFor(timeout, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
            }
        }, "simulator-watchdog-" + p.pid());
        watchdog.setDaemon(true);
        watchdog.start();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
             Writer out = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
            out.write(String.join(" ", command) + "\n");
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                long now = System.nanoTime();
                out.write(line);
                out.write('\n');
                Tick tick = null;
                Matcher m = PROGRESS.matcher(line);
                if (m.find()) {
                    tick = new Tick(Integer.parseInt(m.group(1)), Long.parseLong(m.group(2)),
                        Long.parseLong(m.group(3)), now);
                } else if (line.startsWith(START_LINE) && line.contains(" KKMs, ") && tick(0) == null) {
                    tick = new Tick(0, 0, 0, now);
                }
                if (tick != null) {
                    synchronized (ticks) {
                        ticks.put(tick.second(), tick);
                    }
                    everyTick.accept(tick);
                    Consumer<Tick> hook = hooks.get(tick.second());
                    if (hook != null) {
                        hook.accept(tick);
                    }
                }
            }
            if (!p.waitFor(timeout, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("the simulator did not end within " + timeout + " s; see " + log);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IOException("interrupted", e);
        } finally {
            if (p.isAlive()) {
                p.destroyForcibly();
            }
        }
        if (!Files.exists(json)) {
            throw new IOException("the simulator wrote no summary (exit " + p.exitValue() + "); see " + log);
        }
        String text = Files.readString(json, StandardCharsets.UTF_8);
        return new Summary(p.exitValue(), (long) number(text, "requests"), number(text, "throughput_rps"),
            number(text, "p50"), number(text, "p99"), number(text, "p99_9"), number(text, "max"),
            (long) number(text, "errors_total"), text);
    }

    private static double number(String json, String field) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(field) + "\": (-?[0-9.]+)").matcher(json);
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }
}
