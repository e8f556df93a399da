package kz.ofd.benchmarks.e2e;

import kz.ofd.simulator.JsonText;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * {@code ofd bench}: the end-to-end benchmark. In one run, on this machine, with the same simulator
 * ({@code ofd simulate} as a child JVM) and the same frames, it measures a trivial Netty echo server (the ceiling,
 * {@link EchoServer}, simulator with {@code --checks off}) and the OFD server in {@code async} and {@code sync}
 * durability (a fresh server and data directory per case, simulator with {@code --checks on}), in keep-alive mode
 * with 16, 256 and 2 000 KKMs and connection-per-request with 16 and 256. Each case is one simulator run; the
 * measured window opens {@code --warmup} seconds after its first answer and lasts {@code --seconds}. Throughput,
 * server CPU and server allocation are taken over that window only (from the simulator's progress lines and the
 * server's counters read at those moments); latency percentiles and errors are the simulator's summary of its whole
 * run (ramp and warm-up included). Prints a table with each case's ratio to the
 * echo server of the same client mode and KKM count, and optionally writes every raw number as JSON.
 */
public final class E2eBench {

    /** The usage text. */
    public static final String USAGE = """
        Usage: ofd bench [--seconds 20] [--warmup 20] [--reps 1] [--cases LIST] [--json FILE] [--work DIR]

        Measures, in one run, the echo ceiling (a Netty server answering every frame with one fixed ticket
        answer), the OFD server with async durability and with sync durability, each under the simulator in
        keep-alive mode (16, 256, 2000 KKMs) and connection-per-request mode (16, 256 KKMs). Prints
        throughput, latency, errors, ratio to the echo ceiling of the same client mode, and server CPU and
        allocation per request.

          --seconds N     measured seconds per case (default 20)
          --warmup N      seconds from the first answer to the measured window (default 20: on 2 cores
                          the server's throughput climbs for ~20 s while the JIT compiles it)
          --reps N        repetitions of the whole matrix (default 1); the table shows medians
          --cases LIST    comma-separated subset: a case name (echo/keepalive-16), a target (echo, async,
                          sync), a client mode (keepalive-256, per-request-16), or TARGET/* and */CLIENT
          --json FILE     also write every raw number (and each simulator summary) to FILE
          --work DIR      where logs and data directories go (default: a new temporary directory)
        """;

    /** Targets, in the order each client mode runs them. */
    static final List<String> TARGETS = List.of("echo", "async", "sync");
    /** Client modes: simulator mode and KKM count. */
    static final List<Client> CLIENTS = List.of(new Client("keepalive", 16), new Client("keepalive", 256),
        new Client("keepalive", 2000), new Client("per-request", 16), new Client("per-request", 256));

    private static final long SIM_GRACE_SECONDS = 300;

    private E2eBench() {
    }

    /** A simulator client mode. */
    record Client(String mode, int kkms) {
        String name() {
            return mode + "-" + kkms;
        }
    }

    /** One case: a target under a client mode. */
    record Case(String target, Client client) {
        String name() {
            return target + "/" + client.name();
        }

        boolean echo() {
            return target.equals("echo");
        }
    }

    /**
     * Options of a run.
     *
     * @param seconds measured seconds per case
     * @param warmup  warm-up seconds per case
     * @param reps    repetitions
     * @param cases   selectors ({@code null} = all)
     * @param json    JSON output file or {@code null}
     * @param work    working directory or {@code null}
     */
    public record Options(int seconds, int warmup, int reps, List<String> cases, Path json, Path work) {
    }

    /**
     * One measured case.
     *
     * @param name             case name
     * @param target           echo, async or sync
     * @param mode             keepalive or per-request
     * @param kkms             KKMs
     * @param rep              repetition (1-based)
     * @param windowSeconds    length of the measured window
     * @param windowRequests   answers in the window
     * @param throughput       answers per second in the window
     * @param serverCpuNanos   server CPU time in the window (-1 unknown)
     * @param serverAllocBytes bytes the server allocated in the window (-1 unknown)
     * @param windowStart      the simulator's second at which the window opened
     * @param warmupSeconds    seconds from the first answer to the window (less than asked if the ramp was long)
     * @param latency          latency over the window ({@code null} if the simulator writes no interval log)
     * @param summary          the simulator's summary of the whole run
     * @param serverLine       the line the server printed when it listened
     */
    public record Result(String name, String target, String mode, int kkms, int rep, double windowSeconds,
                         long windowRequests, double throughput, long serverCpuNanos, long serverAllocBytes,
                         int windowStart, int warmupSeconds, WindowLatency latency, SimulatorRun.Summary summary,
                         String serverLine) {

        /**
         * @return server CPU microseconds per request, NaN if unknown
         */
        public double cpuMicrosPerRequest() {
            return serverCpuNanos < 0 || windowRequests == 0 ? Double.NaN : serverCpuNanos / 1e3 / windowRequests;
        }

        /**
         * @return server bytes allocated per request, NaN if unknown
         */
        public double allocBytesPerRequest() {
            return serverAllocBytes < 0 || windowRequests == 0 ? Double.NaN : (double) serverAllocBytes / windowRequests;
        }

        /**
         * @return median latency over the window (over the whole run if the window's is unknown), ms
         */
        public double p50Ms() {
            return latency != null ? latency.p50Ms() : summary.p50Ms();
        }

        /**
         * @return 99th percentile over the window (or the whole run), ms
         */
        public double p99Ms() {
            return latency != null ? latency.p99Ms() : summary.p99Ms();
        }

        /**
         * @return 99.9th percentile over the window (or the whole run), ms
         */
        public double p999Ms() {
            return latency != null ? latency.p999Ms() : summary.p999Ms();
        }

        /**
         * @return errors the simulator counted
         */
        public long errors() {
            return summary.errors();
        }
    }

    /**
     * @param args command line
     */
    public static void main(String[] args) {
        Options o;
        try {
            o = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("ofd bench: " + e.getMessage());
            System.err.print(USAGE);
            System.exit(2);
            return;
        }
        if (o == null) {
            System.out.print(USAGE);
            return;
        }
        SimulatorRun.stopChildrenOnExit();
        try {
            List<Result> results = run(o, System.out);
            boolean clean = results.stream().allMatch(r -> r.errors() == 0 && r.windowRequests() > 0);
            System.exit(clean ? 0 : 1);
        } catch (IOException e) {
            System.err.println("ofd bench: " + e.getMessage());
            System.exit(1);
        }
    }

    /**
     * @param args command line
     * @return the options, or {@code null} when only help was asked for
     * @throws IllegalArgumentException on a bad option
     */
    static Options parse(String[] args) {
        int seconds = 20;
        int warmup = 20;
        int reps = 1;
        List<String> cases = null;
        Path json = null;
        Path work = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--help") || a.equals("-h")) {
                return null;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("option " + a + " needs a value");
            }
            String v = args[++i];
            switch (a) {
                case "--seconds" -> seconds = positive(a, v);
                case "--warmup" -> warmup = positive(a, v);
                case "--reps" -> reps = positive(a, v);
                case "--cases" -> cases = List.of(v.split(","));
                case "--json" -> json = Path.of(v);
                case "--work" -> work = Path.of(v);
                default -> throw new IllegalArgumentException("unknown option " + a);
            }
        }
        Options o = new Options(seconds, warmup, reps, cases, json, work);
        if (selected(o).isEmpty()) {
            throw new IllegalArgumentException("--cases selects nothing; case names: " + allCases().stream()
                .map(Case::name).toList());
        }
        return o;
    }

    private static int positive(String name, String value) {
        try {
            int n = Integer.parseInt(value.trim());
            if (n < 0 || n > 100_000) {
                throw new IllegalArgumentException("bad " + name + " '" + value + "'");
            }
            if (n == 0 && !name.equals("--warmup")) {
                throw new IllegalArgumentException(name + " must be at least 1");
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad " + name + " '" + value + "': not a whole number", e);
        }
    }

    static List<Case> allCases() {
        List<Case> all = new ArrayList<>();
        for (Client c : CLIENTS) {
            for (String t : TARGETS) {
                all.add(new Case(t, c));
            }
        }
        return all;
    }

    static List<Case> selected(Options o) {
        if (o.cases() == null) {
            return allCases();
        }
        return allCases().stream().filter(c -> o.cases().stream().anyMatch(s -> matches(s.trim(), c))).toList();
    }

    private static boolean matches(String selector, Case c) {
        int slash = selector.indexOf('/');
        if (slash < 0) {
            return selector.equals(c.target()) || selector.equals(c.client().name());
        }
        String t = selector.substring(0, slash);
        String cl = selector.substring(slash + 1);
        return (t.equals("*") || t.equals(c.target())) && (cl.equals("*") || cl.equals(c.client().name()));
    }

    /**
     * Runs the selected cases and prints the table.
     *
     * @param o   options
     * @param out where progress and the table go
     * @return every measured case
     * @throws IOException when a server or the simulator cannot run
     */
    public static List<Result> run(Options o, PrintStream out) throws IOException {
        Path work = o.work() != null ? Files.createDirectories(o.work()) : Files.createTempDirectory("ofd-bench");
        Machine machine = Machine.describe();
        out.println("ofd bench: " + machine.text());
        out.printf(Locale.ROOT, "ofd bench: %d s warm-up + %d s measured per case, %d repetition(s), logs in %s%n",
            o.warmup(), o.seconds(), o.reps(), work);
        if (!SimulatorRun.checksOptionKnown()) {
            out.println("ofd bench: WARNING: this simulator has no --checks option; the echo cases will count errors");
        }
        List<Case> cases = selected(o);
        List<Result> results = new ArrayList<>();
        for (int rep = 1; rep <= o.reps(); rep++) {
            for (Case c : cases) {
                Result r = runCase(c, rep, o, work);
                results.add(r);
                out.printf(Locale.ROOT, "  %-26s rep %d: %9.0f req/s  p50 %8.3f  p99 %8.3f  p99.9 %8.3f ms  errors %d"
                        + "  cpu %s us/req  alloc %s B/req%n", r.name(), rep, r.throughput(), r.p50Ms(),
                    r.p99Ms(), r.p999Ms(), r.errors(), fmt(r.cpuMicrosPerRequest(), "%.1f"),
                    fmt(r.allocBytesPerRequest(), "%.0f"));
                out.flush();
            }
        }
        out.println();
        out.print(table(cases, results, o.reps()));
        if (o.json() != null) {
            Files.writeString(o.json(), json(machine, o, results), StandardCharsets.UTF_8);
            out.println("ofd bench: raw numbers in " + o.json());
        }
        return results;
    }

    private static Result runCase(Case c, int rep, Options o, Path work) throws IOException {
        String id = c.name().replace('/', '-') + "-rep" + rep;
        Path data = work.resolve("data-" + id);
        ServerChild server = c.echo() ? ServerChild.startEcho(work.resolve(id + "-server.log"))
            : ServerChild.startOfd(data, c.target(), work.resolve(id + "-server.log"));
        try (server) {
            Path json = work.resolve(id + "-sim.json");
            Path kkmFile = null;
            if (c.echo()) {
                kkmFile = work.resolve(id + "-kkms.txt");
                writeFakeKkms(kkmFile, c.client().kkms(), rep);
            }
            // The window opens --warmup seconds after the first answer (MeasuredWindow); the run leaves room for
            // the ramp to the first answers and closes the window before the simulator stops sending.
            int duration = MeasuredWindow.rampAllowance(c.client().kkms()) + o.warmup() + o.seconds() + 1;
            SimulatorRun sim = new SimulatorRun("127.0.0.1:" + server.kkmPort(),
                c.echo() ? null : server.manageUri().toString(), kkmFile, c.client().mode(), c.client().kkms(),
                duration, !c.echo(), 1000L * rep + c.client().kkms(), json, List.of());
            long[] counters = {-1, -1, -1, -1};
            MeasuredWindow w = new MeasuredWindow(o.warmup(), o.seconds(), duration, () -> {
                counters[0] = server.cpuNanos();
                counters[1] = server.allocatedBytes();
            }, () -> { }, () -> {
                counters[2] = server.cpuNanos();
                counters[3] = server.allocatedBytes();
            });
            sim.onEveryTick(w::tick);
            Path simLog = work.resolve(id + "-sim.log");
            SimulatorRun.Summary summary = sim.run(simLog, json, duration + SIM_GRACE_SECONDS);
            if (w.close() == null) {
                throw new IOException(c.name() + ": " + w.problem() + " (exit " + summary.exitCode() + "); see "
                    + simLog);
            }
            SimulatorRun.Tick a = w.open();
            SimulatorRun.Tick b = w.close();
            double window = (b.nanos() - a.nanos()) / 1e9;
            long requests = b.answers() - a.answers();
            long cpu = counters[0] < 0 || counters[2] < 0 ? -1 : counters[2] - counters[0];
            long alloc = counters[1] < 0 || counters[3] < 0 ? -1 : counters[3] - counters[1];
            return new Result(c.name(), c.target(), c.client().mode(), c.client().kkms(), rep, window, requests,
                requests / window, cpu, alloc, a.second(), w.warmupSeconds(), sim.windowLatency(a, b), summary,
                server.readyLine());
        } finally {
            deleteTree(data);
        }
    }

    /** KKMs for the echo server: it checks nothing, so any ids and tokens do. */
    private static void writeFakeKkms(Path file, int count, int rep) throws IOException {
        SplittableRandom random = new SplittableRandom(rep);
        StringBuilder sb = new StringBuilder("# fake KKMs for the echo server\n");
        for (int i = 0; i < count; i++) {
            sb.append(2_000_000L + i).append(' ').append(random.nextLong(1, 0xFFFF_FFFFL)).append('\n');
        }
        Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /**
     * The table: per case the median over repetitions (throughput with [min..max] when there are several).
     */
    static String table(List<Case> cases, List<Result> results, int reps) {
        StringBuilder sb = new StringBuilder();
        sb.append("| case | throughput req/s | ratio to echo | p50 ms | p99 ms | p99.9 ms | errors | srv CPU µs/req "
            + "| srv alloc B/req |\n|---|---|---|---|---|---|---|---|---|\n");
        for (Case c : cases) {
            List<Result> rs = results.stream().filter(r -> r.name().equals(c.name())).toList();
            if (rs.isEmpty()) {
                continue;
            }
            double tput = median(rs.stream().mapToDouble(Result::throughput).toArray());
            List<Result> echo = results.stream()
                .filter(r -> r.target().equals("echo") && r.mode().equals(c.client().mode())
                    && r.kkms() == c.client().kkms()).toList();
            double ceiling = median(echo.stream().mapToDouble(Result::throughput).toArray());
            String ratio = c.echo() ? "1" : echo.isEmpty() || !(ceiling > 0) ? "n/a" : fmt(tput / ceiling, "%.2f");
            String range = reps > 1 ? fmt(rs.stream().mapToDouble(Result::throughput).min().orElse(0), " [%.0f")
                + fmt(rs.stream().mapToDouble(Result::throughput).max().orElse(0), "..%.0f]") : "";
            sb.append("| ").append(c.name())
                .append(" | ").append(fmt(tput, "%.0f")).append(range)
                .append(" | ").append(ratio)
                .append(" | ").append(fmt(median(rs.stream().mapToDouble(Result::p50Ms).toArray()), "%.2f"))
                .append(" | ").append(fmt(median(rs.stream().mapToDouble(Result::p99Ms).toArray()), "%.2f"))
                .append(" | ").append(fmt(median(rs.stream().mapToDouble(Result::p999Ms).toArray()), "%.2f"))
                .append(" | ").append(rs.stream().mapToLong(Result::errors).sum())
                .append(" | ").append(fmt(median(rs.stream().mapToDouble(Result::cpuMicrosPerRequest).toArray()), "%.1f"))
                .append(" | ").append(fmt(median(rs.stream().mapToDouble(Result::allocBytesPerRequest).toArray()), "%.0f"))
                .append(" |\n");
        }
        return sb.toString();
    }

    static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        if (v.length == 0) {
            return Double.NaN;
        }
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    static String fmt(double value, String format) {
        return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, format, value);
    }

    private static String json(Machine machine, Options o, List<Result> results) {
        StringBuilder sb = new StringBuilder("{\n");
        sb.append("  \"machine\": ").append(machine.json()).append(",\n");
        sb.append("  \"options\": {\"seconds\": ").append(o.seconds()).append(", \"warmup\": ").append(o.warmup())
            .append(", \"reps\": ").append(o.reps()).append(", \"cases\": ")
            .append(o.cases() == null ? "null" : JsonText.quote(String.join(",", o.cases()))).append("},\n");
        sb.append("  \"runs\": [");
        for (int i = 0; i < results.size(); i++) {
            Result r = results.get(i);
            sb.append(i == 0 ? "\n" : ",\n").append("    {\"case\": ").append(JsonText.quote(r.name()))
                .append(", \"target\": ").append(JsonText.quote(r.target()))
                .append(", \"mode\": ").append(JsonText.quote(r.mode()))
                .append(", \"kkms\": ").append(r.kkms())
                .append(", \"rep\": ").append(r.rep())
                .append(", \"window_start_second\": ").append(r.windowStart())
                .append(", \"warmup_seconds\": ").append(r.warmupSeconds())
                .append(", \"window_seconds\": ").append(fmt(r.windowSeconds(), "%.3f"))
                .append(", \"window_requests\": ").append(r.windowRequests())
                .append(", \"throughput_rps\": ").append(fmt(r.throughput(), "%.1f"))
                .append(", \"server_cpu_ns\": ").append(r.serverCpuNanos())
                .append(", \"server_alloc_bytes\": ").append(r.serverAllocBytes())
                .append(", \"server_cpu_us_per_request\": ").append(jsonNumber(r.cpuMicrosPerRequest()))
                .append(", \"server_alloc_bytes_per_request\": ").append(jsonNumber(r.allocBytesPerRequest()))
                .append(", \"window_latency_ms\": ").append(r.latency() == null ? "null" : "{\"p50\": "
                    + jsonNumber(r.latency().p50Ms()) + ", \"p99\": " + jsonNumber(r.latency().p99Ms()) + ", \"p99_9\": "
                    + jsonNumber(r.latency().p999Ms()) + ", \"max\": " + jsonNumber(r.latency().maxMs()) + ", \"count\": "
                    + r.latency().count() + "}")
                .append(", \"server_line\": ").append(JsonText.quote(r.serverLine()))
                .append(",\n     \"simulator\": ").append(r.summary().json().strip().replace("\n", "\n     "))
                .append('}');
        }
        sb.append("\n  ]\n}\n");
        return sb.toString();
    }

    private static String jsonNumber(double v) {
        return Double.isNaN(v) ? "null" : String.format(Locale.ROOT, "%.3f", v);
    }

    /** What the machine is, for the report. */
    record Machine(String cpu, int cores, String date, String kernel, String java, String load) {

        static Machine describe() {
            String cpu = "unknown";
            String kernel = "unknown";
            String load = "unknown";
            try {
                cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse(cpu);
                kernel = Files.readString(Path.of("/proc/sys/kernel/osrelease")).trim();
                load = Files.readString(Path.of("/proc/loadavg")).trim();
            } catch (IOException e) {
                // not Linux: leave "unknown"
            }
            return new Machine(cpu, Runtime.getRuntime().availableProcessors(), Instant.now().toString(), kernel,
                System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"), load);
        }

        String text() {
            return cpu + ", " + cores + " cores, kernel " + kernel + ", " + java + ", " + date + ", loadavg " + load;
        }

        String json() {
            return "{\"cpu\": " + JsonText.quote(cpu) + ", \"cores\": " + cores + ", \"date\": " + JsonText.quote(date)
                + ", \"kernel\": " + JsonText.quote(kernel) + ", \"java\": " + JsonText.quote(java)
                + ", \"loadavg\": " + JsonText.quote(load) + "}";
        }
    }
}
