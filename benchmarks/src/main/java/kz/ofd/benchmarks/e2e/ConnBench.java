package kz.ofd.benchmarks.e2e;

import kz.ofd.simulator.JsonText;
import kz.ofd.simulator.provision.KkmCredentials;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ofd conn-bench}: many open keep-alive connections against one OFD server (child JVM, fresh data directory,
 * 1 GiB heap). Provisions the KKMs in parallel, then
 * <ol>
 *   <li>measures the server's heap after a full GC ({@code jcmd GC.run}, {@code GC.heap_info}) and RSS with the
 *       KKMs registered and no connection;</li>
 *   <li>opens one idle TCP connection per KKM from this process, waits until the server counts them all open
 *       ({@code ofd_connections_open}), and measures heap after GC and RSS again (the cost of a connection);</li>
 *   <li>closes them and runs the simulator in keep-alive mode with every KKM (one connection each, open loop at
 *       {@code --rate} requests/s in all, or closed loop): throughput over the measured window, latency, errors, server
 *       CPU, connections open and RSS in the middle and at the end of the window;</li>
 *   <li>measures heap after GC once the simulator has gone, and writes the server's class histogram
 *       ({@code jcmd GC.class_histogram}) to the work directory.</li>
 * </ol>
 */
public final class ConnBench {

    /** The usage text. */
    public static final String USAGE = """
        Usage: ofd conn-bench [--kkms 10000] [--seconds 30] [--warmup 10] [--durability async|sync] [--rate 1000]
                              [--json FILE] [--work DIR]

        Provisions --kkms KKMs on a fresh OFD server, measures its heap after GC and RSS with no connection and
        with one idle connection per KKM, then drives every KKM over its own keep-alive connection with the
        simulator, open loop at --rate requests/s in all (default 1000; --rate 0: closed loop, every KKM sends
        its next request as soon as the answer is in), and reports throughput, latency, errors, server CPU,
        connections open and memory.
        """;

    private static final Pattern HEAP_USED = Pattern.compile("garbage-first heap\\s+total \\d+K, used (\\d+)K");
    private static final int PROVISION_IN_FLIGHT = 32;
    private static final int DEFAULT_RATE = 1000;
    private static final long FIRST_ID = 10_000_000L;
    private static final long WAIT_NANOS = TimeUnit.SECONDS.toNanos(120);

    private ConnBench() {
    }

    /**
     * Options.
     *
     * @param kkms       KKMs and connections
     * @param seconds    measured seconds
     * @param warmup     seconds before the window
     * @param durability async or sync
     * @param rate       total requests/s for the simulator's {@code --rate}, 0 = closed loop
     * @param json       JSON output or {@code null}
     * @param work       working directory or {@code null}
     */
    public record Options(int kkms, int seconds, int warmup, String durability, int rate, Path json, Path work) {
    }

    /**
     * @param args command line
     */
    public static void main(String[] args) {
        Options o;
        try {
            o = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("ofd conn-bench: " + e.getMessage());
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
            Map<String, Object> r = run(o, System.out);
            System.exit(((Number) r.get("errors")).longValue() == 0 ? 0 : 1);
        } catch (IOException e) {
            System.err.println("ofd conn-bench: " + e.getMessage());
            System.exit(1);
        }
    }

    static Options parse(String[] args) {
        int kkms = 10_000;
        int seconds = 30;
        int warmup = 10;
        String durability = "async";
        int rate = DEFAULT_RATE;
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
                case "--kkms" -> kkms = number(a, v, 1, 60_000);
                case "--seconds" -> seconds = number(a, v, 1, 100_000);
                case "--warmup" -> warmup = number(a, v, 0, 100_000);
                case "--durability" -> durability = switch (v) {
                    case "async", "sync" -> v;
                    default -> throw new IllegalArgumentException("bad --durability '" + v + "': async or sync");
                };
                case "--rate" -> rate = number(a, v, 0, 10_000_000);
                case "--json" -> json = Path.of(v);
                case "--work" -> work = Path.of(v);
                default -> throw new IllegalArgumentException("unknown option " + a);
            }
        }
        return new Options(kkms, seconds, warmup, durability, rate, json, work);
    }

    private static int number(String name, String value, int min, int max) {
        try {
            int n = Integer.parseInt(value.trim());
            if (n < min || n > max) {
                throw new IllegalArgumentException("bad " + name + " '" + value + "': " + min + ".." + max);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad " + name + " '" + value + "': not a whole number", e);
        }
    }

    /**
     * Runs the benchmark.
     *
     * @param o   options
     * @param out report
     * @return every figure by name, in the order measured
     * @throws IOException when the server or the simulator cannot run
     */
    public static Map<String, Object> run(Options o, PrintStream out) throws IOException {
        Path work = o.work() != null ? Files.createDirectories(o.work()) : Files.createTempDirectory("ofd-conn-bench");
        Map<String, Object> r = new LinkedHashMap<>();
        E2eBench.Machine machine = E2eBench.Machine.describe();
        out.println("ofd conn-bench: " + machine.text());
        r.put("kkms", o.kkms());
        r.put("durability", o.durability());
        Path data = work.resolve("data");
        try (ServerChild server = ServerChild.startOfd(data, o.durability(), work.resolve("server.log"))) {
            out.println("ofd conn-bench: " + server.readyLine());
            long t0 = System.nanoTime();
            List<KkmCredentials> kkms = ParallelProvisioner.provision(server.manageUri(), o.kkms(), FIRST_ID,
                PROVISION_IN_FLIGHT, o.kkms());
            double provisionSeconds = (System.nanoTime() - t0) / 1e9;
            r.put("provision_seconds", provisionSeconds);
            out.printf(Locale.ROOT, "provisioned %d KKMs in %.1f s (%d in flight): %.0f/s%n", o.kkms(),
                provisionSeconds, PROVISION_IN_FLIGHT, o.kkms() / provisionSeconds);
            Path kkmFile = work.resolve("kkms.txt");
            ParallelProvisioner.writeKkmFile(kkmFile, kkms);

            memory(server, "no_connections", r, out);
            idleConnections(server, o.kkms(), r, out);
            r.put("time_wait_sockets_before_load", timeWait());

            List<String> extra = new ArrayList<>();
            if (o.rate() > 0) {
                if (!SimulatorRun.optionKnown("--rate", Integer.toString(o.rate()))) {
                    throw new IOException("this simulator has no --rate option");
                }
                extra.addAll(List.of("--rate", Integer.toString(o.rate())));
            }
            int duration = MeasuredWindow.rampAllowance(o.kkms()) + o.warmup() + o.seconds() + 1;
            Path json = work.resolve("sim.json");
            SimulatorRun sim = new SimulatorRun("127.0.0.1:" + server.kkmPort(), null, kkmFile, "keepalive", o.kkms(),
                duration, true, 7, json, extra);
            long[] cpu = {-1, -1};
            MeasuredWindow w = new MeasuredWindow(o.warmup(), o.seconds(), duration, () -> cpu[0] = server.cpuNanos(),
                () -> {
                    r.put("connections_open_mid_window", server.connectionsOpen());
                    r.put("rss_bytes_mid_window", ProcFs.rssBytes(server.pid()));
                }, () -> {
                    cpu[1] = server.cpuNanos();
                    r.put("connections_open_end_window", server.connectionsOpen());
                    r.put("rss_bytes_end_window", ProcFs.rssBytes(server.pid()));
                });
            sim.onEveryTick(w::tick);
            out.printf(Locale.ROOT, "simulator: %d KKMs keep-alive, window of %d s opening %d s after the first answer"
                    + " (run of %d s)%s%n", o.kkms(), o.seconds(), o.warmup(), duration,
                o.rate() > 0 ? ", " + o.rate() + " req/s in all" : ", closed loop");
            SimulatorRun.Summary s = sim.run(work.resolve("sim.log"), json, duration + 600L);
            SimulatorRun.Tick a = w.open();
            SimulatorRun.Tick b = w.close();
            if (b == null) {
                throw new IOException(w.problem() + " (exit " + s.exitCode() + "); see " + work.resolve("sim.log"));
            }
            r.put("window_start_second", a.second());
            r.put("warmup_seconds", w.warmupSeconds());
            long requests = b.answers() - a.answers();
            double window = (b.nanos() - a.nanos()) / 1e9;
            r.put("window_seconds", window);
            r.put("window_requests", requests);
            r.put("throughput_rps", requests / window);
            WindowLatency lat = sim.windowLatency(a, b);
            r.put("window_p50_ms", lat == null ? Double.NaN : lat.p50Ms());
            r.put("window_p99_ms", lat == null ? Double.NaN : lat.p99Ms());
            r.put("window_p99_9_ms", lat == null ? Double.NaN : lat.p999Ms());
            r.put("window_max_ms", lat == null ? Double.NaN : lat.maxMs());
            r.put("run_p50_ms", s.p50Ms());
            r.put("run_p99_ms", s.p99Ms());
            r.put("run_p99_9_ms", s.p999Ms());
            r.put("run_max_ms", s.maxMs());
            r.put("errors", s.errors());
            r.put("simulator_exit", s.exitCode());
            long used = cpu[0] < 0 || cpu[1] < 0 ? -1 : cpu[1] - cpu[0];
            r.put("server_cpu_cores", used < 0 ? Double.NaN : used / 1e9 / window);
            r.put("server_cpu_us_per_request", used < 0 || requests == 0 ? Double.NaN : used / 1e3 / requests);
            out.printf(Locale.ROOT, "load: %.0f req/s over %.1f s, window latency p50 %.2f p99 %.2f p99.9 %.2f max %.2f ms,"
                    + " errors %d, server CPU %.2f cores (%.1f us/req), connections open mid-window %s, RSS mid-window %s MiB%n",
                requests / window, window, (double) r.get("window_p50_ms"), (double) r.get("window_p99_ms"),
                (double) r.get("window_p99_9_ms"), (double) r.get("window_max_ms"), s.errors(),
                (double) r.get("server_cpu_cores"), (double) r.get("server_cpu_us_per_request"),
                r.get("connections_open_mid_window"), mib((Long) r.getOrDefault("rss_bytes_mid_window", -1L)));
            memory(server, "after_load", r, out);
            Path histogram = work.resolve("class-histogram-after-load.txt");
            Files.writeString(histogram, jcmd(server.pid(), "GC.class_histogram"), StandardCharsets.UTF_8);
            out.println("class histogram of the server's heap after the load: " + histogram);
            if (o.json() != null) {
                Files.writeString(o.json(), json(machine, r, s.json()), StandardCharsets.UTF_8);
                out.println("ofd conn-bench: raw numbers in " + o.json());
            }
        } finally {
            E2eBench.deleteTree(data);
        }
        return r;
    }

    private static void idleConnections(ServerChild server, int count, Map<String, Object> r, PrintStream out)
        throws IOException {
        List<SocketChannel> sockets = new ArrayList<>(count);
        InetSocketAddress address = new InetSocketAddress("127.0.0.1", server.kkmPort());
        long t0 = System.nanoTime();
        try {
            for (int i = 0; i < count; i++) {
                sockets.add(SocketChannel.open(address));
            }
            r.put("idle_connect_seconds", (System.nanoTime() - t0) / 1e9);
            long deadline = System.nanoTime() + WAIT_NANOS;
            long open = server.connectionsOpen();
            while (open < count && System.nanoTime() < deadline) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
                open = server.connectionsOpen();
            }
            r.put("idle_connections_open", open);
            out.printf(Locale.ROOT, "opened %d idle connections in %.1f s; the server counts %d open%n", count,
                (double) r.get("idle_connect_seconds"), open);
            memory(server, "idle_connections", r, out);
        } finally {
            for (SocketChannel s : sockets) {
                s.close();
            }
        }
        long deadline = System.nanoTime() + WAIT_NANOS;
        while (server.connectionsOpen() > 0 && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
        }
        long before = (Long) r.get("heap_after_gc_bytes_no_connections");
        long with = (Long) r.get("heap_after_gc_bytes_idle_connections");
        if (before > 0 && with > 0) {
            r.put("heap_bytes_per_idle_connection", (double) (with - before) / count);
            out.printf(Locale.ROOT, "heap per idle connection: %.0f B%n", (double) (with - before) / count);
        }
    }

    private static void memory(ServerChild server, String when, Map<String, Object> r, PrintStream out) {
        long heap = heapAfterGc(server.pid());
        long rss = ProcFs.rssBytes(server.pid());
        r.put("heap_after_gc_bytes_" + when, heap);
        r.put("rss_bytes_" + when, rss);
        out.printf(Locale.ROOT, "%-18s heap after GC %s MiB, RSS %s MiB%n", when.replace('_', ' ') + ":", mib(heap),
            mib(rss));
    }

    /**
     * Forces a full GC in the process and reads the heap in use after it.
     *
     * @param pid a HotSpot JVM's process id
     * @return bytes used after the GC, -1 if {@code jcmd} failed
     */
    static long heapAfterGc(long pid) {
        try {
            jcmd(pid, "GC.run");
            Matcher m = HEAP_USED.matcher(jcmd(pid, "GC.heap_info"));
            return m.find() ? Long.parseLong(m.group(1)) * 1024 : -1;
        } catch (IOException e) {
            return -1;
        }
    }

    private static String jcmd(long pid, String command) throws IOException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process p = new ProcessBuilder(Files.isExecutable(jcmd) ? jcmd.toString() : "jcmd", Long.toString(pid), command)
            .redirectErrorStream(true).start();
        try {
            String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException("jcmd " + command + " failed: " + text);
            }
            return text;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } finally {
            p.destroyForcibly();
        }
    }

    /**
     * @return sockets in TIME_WAIT on this machine (IPv4 and IPv6), -1 if unknown
     */
    static long timeWait() {
        long n = 0;
        for (String f : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            try {
                for (String line : Files.readAllLines(Path.of(f), StandardCharsets.US_ASCII)) {
                    String[] cols = line.trim().split("\\s+");
                    if (cols.length > 3 && cols[3].equals("06")) {
                        n++;
                    }
                }
            } catch (IOException e) {
                return -1;
            }
        }
        return n;
    }

    private static String mib(long bytes) {
        return bytes < 0 ? "n/a" : String.format(Locale.ROOT, "%.1f", bytes / 1048576.0);
    }

    private static String json(E2eBench.Machine machine, Map<String, Object> r, String simJson) {
        StringBuilder sb = new StringBuilder("{\n  \"machine\": ").append(machine.json()).append(",\n");
        r.forEach((k, v) -> sb.append("  ").append(JsonText.quote(k)).append(": ").append(value(v)).append(",\n"));
        sb.append("  \"simulator\": ").append(simJson.strip().replace("\n", "\n  ")).append("\n}\n");
        return sb.toString();
    }

    private static String value(Object v) {
        if (v instanceof Double d) {
            return d.isNaN() ? "null" : String.format(Locale.ROOT, "%.3f", d);
        }
        return v instanceof Number ? v.toString() : JsonText.quote(String.valueOf(v));
    }
}
