package kz.ofd.benchmarks.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The CI-sized {@code ofd bench}: the echo ceiling and the OFD server (async) under 16 keep-alive KKMs, two
 * seconds each after one second of warm-up, both as real child processes. Asserts only that both ran and produced
 * sane, non-zero, error-free numbers; no performance figure is asserted.
 */
final class E2eBenchTest {

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void echoAndServerRunAndGiveSaneNumbers() throws Exception {
        Path json = dir.resolve("bench.json");
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        List<E2eBench.Result> results;
        try (PrintStream out = new PrintStream(text, true, StandardCharsets.UTF_8)) {
            results = E2eBench.run(new E2eBench.Options(2, 1, 1, List.of("echo/keepalive-16", "async/keepalive-16"),
                json, dir.resolve("work")), out);
        }
        String printed = text.toString(StandardCharsets.UTF_8);
        System.out.println(printed);
        assertEquals(List.of("echo/keepalive-16", "async/keepalive-16"),
            results.stream().map(E2eBench.Result::name).toList(), printed);
        for (E2eBench.Result r : results) {
            assertEquals(0, r.errors(), r.name() + " had errors:\n" + printed);
            assertEquals(0, r.summary().exitCode(), r.name() + ": simulator exit code\n" + printed);
            assertTrue(r.windowRequests() > 0, r.name() + ": no request in the window\n" + printed);
            assertTrue(r.windowSeconds() > 0.5 && r.windowSeconds() < 60, r.name() + ": window " + r.windowSeconds());
            assertTrue(r.throughput() > 0, printed);
            assertTrue(r.summary().requests() >= r.windowRequests(), printed);
            assertTrue(r.summary().p50Ms() > 0 && r.summary().p50Ms() <= r.summary().p99Ms()
                && r.summary().p99Ms() <= r.summary().p999Ms(), r.name() + ": latency percentiles\n" + printed);
            assertTrue(r.serverCpuNanos() > 0, r.name() + ": server CPU over the window\n" + printed);
        }
        E2eBench.Result echo = results.get(0);
        assertTrue(echo.serverAllocBytes() >= 0, "the echo server reports its allocation");
        assertTrue(printed.contains("| async/keepalive-16 |"), printed);
        String raw = Files.readString(json, StandardCharsets.UTF_8);
        assertTrue(raw.contains("\"case\": \"async/keepalive-16\"") && raw.contains("\"simulator\": {"), raw);
        assertNotNull(echo.serverLine());
        assertFalse(Files.exists(dir.resolve("work").resolve("data-async-keepalive-16-rep1")),
            "the server's data directory is deleted after its case");
    }
}
