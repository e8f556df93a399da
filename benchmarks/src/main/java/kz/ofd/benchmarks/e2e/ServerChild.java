package kz.ofd.benchmarks.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A server under test as a child JVM: either the OFD server ({@code kz.ofd.engine.launcher.Main server} on a fresh
 * data directory, ports 0) or the {@link EchoServer}. It waits for the line that says the server listens and reads
 * the ports from it; it can tell the process's CPU time, its RSS, and the bytes its JVM allocated so far (the OFD
 * server's {@code ofd_jvm_allocated_bytes} gauge at {@code /metrics}; the echo server's answer to
 * {@value EchoServer#STATS_COMMAND} on its stdin). Output other than those answers goes to a log file.
 */
final class ServerChild implements AutoCloseable {

    /** Heap of every server under test. */
    static final List<String> SERVER_HEAP = List.of("-Xms1g", "-Xmx1g");

    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);
    private static final Pattern OFD_READY =
        Pattern.compile("ofd server listening: kkm port (\\d+), http port (\\d+)");
    private static final Pattern ECHO_READY = Pattern.compile(Pattern.quote(EchoServer.READY) + ": port (\\d+)");
    private static final Pattern ALLOCATED = Pattern.compile("(?m)^ofd_jvm_allocated_bytes(?:\\{[^}]*})? (\\S+)$");
    private static final Pattern CONNECTIONS_OPEN = Pattern.compile("(?m)^ofd_connections_open(?:\\{[^}]*})? (\\S+)$");

    private final Process process;
    private final boolean echo;
    private final int kkmPort;
    private final int httpPort;
    private final String readyLine;
    private final BlockingQueue<String> statsAnswers;
    private final Writer stdin;
    private final HttpClient http;

    private ServerChild(Process process, boolean echo, int kkmPort, int httpPort, String readyLine,
                        BlockingQueue<String> statsAnswers) {
        this.process = process;
        this.echo = echo;
        this.kkmPort = kkmPort;
        this.httpPort = httpPort;
        this.readyLine = readyLine;
        this.statsAnswers = statsAnswers;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        this.http = echo ? null : HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1).build();
    }

    /**
     * Starts the OFD server on a fresh data directory.
     *
     * @param data       data directory (created by the server)
     * @param durability {@code async} or {@code sync}
     * @param log        output file
     * @return the listening server
     * @throws IOException when it does not start
     */
    static ServerChild startOfd(Path data, String durability, Path log) throws IOException {
        List<String> command = ChildJvm.command(SERVER_HEAP, List.of("-Dofd.durability=" + durability),
            "kz.ofd.engine.launcher.Main",
            List.of("server", "--data", data.toString(), "--port", "0", "--http-port", "0"));
        return start(command, false, log);
    }

    /**
     * Starts the echo server.
     *
     * @param log output file
     * @return the listening server
     * @throws IOException when it does not start
     */
    static ServerChild startEcho(Path log) throws IOException {
        List<String> command = ChildJvm.command(SERVER_HEAP, List.of(), EchoServer.class.getName(), List.of());
        return start(command, true, log);
    }

    private static ServerChild start(List<String> command, boolean echo, Path log) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        BlockingQueue<String> ready = new LinkedBlockingQueue<>();
        BlockingQueue<String> stats = new LinkedBlockingQueue<>();
        Writer logWriter = Files.newBufferedWriter(log, StandardCharsets.UTF_8);
        Thread pump = new Thread(() -> pump(p, logWriter, ready, stats), "server-output-" + p.pid());
        pump.setDaemon(true);
        pump.start();
        try {
            String line = ready.poll(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (line == null || line.isEmpty()) {
                p.destroyForcibly();
                throw new IOException("the server did not start within " + START_TIMEOUT.toSeconds()
                    + " s; see " + log);
            }
            if (echo) {
                Matcher m = ECHO_READY.matcher(line);
                if (!m.find()) {
                    throw new IOException("unexpected ready line: " + line);
                }
                return new ServerChild(p, true, Integer.parseInt(m.group(1)), -1, line, stats);
            }
            Matcher m = OFD_READY.matcher(line);
            if (!m.find()) {
                throw new IOException("unexpected ready line: " + line);
            }
            return new ServerChild(p, false, Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), line, stats);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IOException("interrupted while starting the server", e);
        }
    }

    private static void pump(Process p, Writer log, BlockingQueue<String> ready, BlockingQueue<String> stats) {
        boolean announced = false;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
             log) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.startsWith(EchoServer.STATS_PREFIX)) {
                    stats.add(line.substring(EchoServer.STATS_PREFIX.length()).trim());
                    continue;
                }
                log.write(line);
                log.write('\n');
                if (!announced && (line.contains("ofd server listening") || line.contains(EchoServer.READY))) {
                    announced = true;
                    log.flush();
                    ready.add(line);
                }
            }
        } catch (IOException e) {
            // the process ended; whatever it printed is in the log
        } finally {
            if (!announced) {
                ready.add("");
            }
        }
    }

    /**
     * @return the port KKMs connect to
     */
    int kkmPort() {
        return kkmPort;
    }

    /**
     * @return the management base URL ({@code null} for the echo server)
     */
    URI manageUri() {
        return echo ? null : URI.create("http://127.0.0.1:" + httpPort);
    }

    /**
     * @return the line the server printed when it listened
     */
    String readyLine() {
        return readyLine;
    }

    /**
     * @return the process id
     */
    long pid() {
        return process.pid();
    }

    /**
     * @return user + system CPU time of the process so far, nanoseconds (-1 if unknown)
     */
    long cpuNanos() {
        return ProcFs.cpuNanos(process.pid());
    }

    /**
     * @return bytes the server's JVM allocated so far, or -1 when it does not say
     */
    long allocatedBytes() {
        if (!echo) {
            return scrape(ALLOCATED);
        }
        try {
            stdin.write(EchoServer.STATS_COMMAND + "\n");
            stdin.flush();
            String answer = statsAnswers.poll(5, TimeUnit.SECONDS);
            return answer == null ? -1 : Long.parseLong(answer);
        } catch (IOException | RuntimeException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /**
     * @return KKM connections open now as the OFD server counts them, or -1 (echo server, or not readable)
     */
    long connectionsOpen() {
        return echo ? -1 : scrape(CONNECTIONS_OPEN);
    }

    /** One value from the OFD server's /metrics, or -1 when it cannot be read. */
    private long scrape(Pattern metric) {
        try {
            Matcher m = metric.matcher(metrics());
            return m.find() ? (long) Double.parseDouble(m.group(1)) : -1;
        } catch (IOException | RuntimeException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private String metrics() throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(manageUri().resolve("/metrics")).timeout(Duration.ofSeconds(10))
            .GET().build();
        return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)).body();
    }

    /**
     * @return whether the process still runs
     */
    boolean alive() {
        return process.isAlive();
    }

    /** SIGTERM, then SIGKILL if it has not stopped within a minute. */
    @Override
    public void close() {
        try {
            stdin.close();
        } catch (IOException e) {
            // the echo server also stops on SIGTERM
        }
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
