package kz.ofd.benchmarks.crash;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;

/**
 * The OFD server as a separate JVM process on this JVM's class path (the engine's {@code Main server}), so it can be
 * killed with SIGKILL like a crashed production process. Its output is appended to a log file.
 */
final class ServerProcess {

    private static final long START_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(120);

    private final Process process;
    private final Path log;

    private ServerProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /**
     * Starts the server and waits until it listens.
     *
     * @param command the server's command line ({@link #command})
     * @param log     output file (appended)
     * @return the running server
     * @throws IOException when it cannot start or does not come up within two minutes
     */
    static ServerProcess start(List<String> command, Path log) throws IOException {
        long logStart = Files.exists(log) ? Files.size(log) : 0;
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        ServerProcess server = new ServerProcess(p, log);
        long deadline = System.nanoTime() + START_TIMEOUT_NANOS;
        while (!server.logSince(logStart).contains("ofd server listening")) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                p.destroyForcibly();
                throw new IOException("the server did not start (exit " + (p.isAlive() ? "none" : p.exitValue())
                    + "); its log:\n" + server.logSince(logStart));
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
        return server;
    }

    /**
     * The command line of {@code ofd server} on this JVM's class path with the project's JVM flags.
     *
     * @param data       data directory
     * @param kkmPort    KKM port
     * @param httpPort   management port
     * @param properties further {@code -D} options
     * @return the command
     * @throws IOException when the JVM flags resource cannot be read
     */
    static List<String> command(Path data, int kkmPort, int httpPort, List<String> properties) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmFlags());
        command.add("-Xmx1g");
        command.addAll(properties);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("kz.ofd.engine.launcher.Main");
        command.addAll(List.of("server", "--data", data.toString(), "--port", Integer.toString(kkmPort),
            "--http-port", Integer.toString(httpPort)));
        return command;
    }

    /**
     * @return the JVM flags the build wrote to {@code ofd-jvm.args} (the engine jar carries them)
     * @throws IOException when the resource is missing
     */
    static List<String> jvmFlags() throws IOException {
        try (InputStream in = ServerProcess.class.getResourceAsStream("/ofd-jvm.args")) {
            if (in == null) {
                throw new IOException("ofd-jvm.args is not on the class path: build the engine first");
            }
            List<String> flags = new ArrayList<>();
            for (String line : new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines()
                .collect(Collectors.toList())) {
                if (!line.startsWith("#") && !line.isBlank()) {
                    flags.addAll(List.of(line.trim().split("\\s+")));
                }
            }
            return flags;
        }
    }

    /** SIGKILL: no shutdown hook, no flush, no snapshot; what the page cache holds survives. */
    void kill9() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /**
     * SIGTERM: the graceful stop (drain, last snapshot, close).
     *
     * @return the exit code
     */
    int stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor();
            throw new IllegalStateException("the server did not stop within 60 s of SIGTERM");
        }
        return process.exitValue();
    }

    private String logSince(long offset) {
        try {
            byte[] bytes = Files.readAllBytes(log);
            return new String(bytes, (int) Math.min(offset, bytes.length), (int) Math.max(0, bytes.length - offset),
                StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
