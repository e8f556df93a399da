package kz.ofd.simulator;

import org.HdrHistogram.AbstractHistogram;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.HistogramLogReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Open loop against a server that stalls for a moment: the requests that fell due during the stall are late and
 * their latency counts from their intended send times, so the stall shows in the high percentiles; closed loop,
 * against the same stall, only ever has one request per KKM waiting, and its percentiles hide it.
 */
class OpenLoopTest {

    private static final long STALL_MILLIS = 600;

    @TempDir
    Path dir;

    private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();

    private String run(String... extra) throws IOException {
        try (FakeOfdServer server = FakeOfdServer.start(FakeOfdServer.Fault.NONE)) {
            server.register(7_000_001L, 11);
            server.register(7_000_002L, 12);
            Path kkms = Files.writeString(dir.resolve("kkms.txt"), "7000001 11\n7000002 12\n");
            server.stallAfter(TimeUnit.MILLISECONDS.toNanos(300), TimeUnit.MILLISECONDS.toNanos(STALL_MILLIS));
            String[] base = {"--target", "127.0.0.1:" + server.port(), "--kkm-file", kkms.toString(),
                "--mix", "tickets-only", "--duration", "2s", "--json", dir.resolve("s.json").toString()};
            String[] args = new String[base.length + extra.length];
            System.arraycopy(base, 0, args, 0, base.length);
            System.arraycopy(extra, 0, args, base.length, extra.length);
            PrintStream out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
            int code = SimulatorMain.run(args, out, out);
            assertEquals(0, code, outBytes.toString(StandardCharsets.UTF_8));
            System.out.println(outBytes.toString(StandardCharsets.UTF_8));
            return Files.readString(dir.resolve("s.json"));
        }
    }

    private static double latency(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\": ([0-9.]+)").matcher(json);
        assertTrue(m.find(), name + " in " + json);
        return Double.parseDouble(m.group(1));
    }

    private static long number(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\": (\\d+)").matcher(json);
        assertTrue(m.find(), name + " in " + json);
        return Long.parseLong(m.group(1));
    }

    @Test
    void shouldCountLatencyFromIntendedSendTimesSoAStallShowsInTheHighPercentiles() throws IOException {
        Path log = dir.resolve("latency.hlog");
        String json = run("--rate", "40", "--histogram-log", log.toString());
        String text = outBytes.toString(StandardCharsets.UTF_8);
        // 40 req/s for 2 s: 80 requests on a fixed schedule whatever the server does.
        long requests = number(json, "requests");
        assertEquals(80, requests, json);
        // Each KKM is due every 50 ms: the ~12 requests per KKM that fell due during the 600 ms stall are late.
        long late = number(json, "late_requests");
        assertTrue(late >= 10, json);
        assertTrue(latency(json, "max_schedule_lag_ms") >= STALL_MILLIS / 2.0, json);
        // They waited from their intended times: more than 1 % of the requests waited at least half the stall.
        assertTrue(latency(json, "p99") >= STALL_MILLIS / 2.0, json);
        assertTrue(latency(json, "max") >= STALL_MILLIS * 0.8, json);
        assertTrue(text.contains("loop:          open, target 40.0 req/s"), text);
        assertTrue(text.contains("late:          " + late + " requests sent behind schedule"), text);

        HistogramLogReader reader = new HistogramLogReader(log.toFile());
        long logged = 0;
        for (EncodableHistogram h = reader.nextIntervalHistogram(); h != null; h = reader.nextIntervalHistogram()) {
            logged += ((AbstractHistogram) h).getTotalCount();
        }
        assertEquals(requests, logged, "every latency is in the interval log");
    }

    @Test
    void shouldHideTheStallInTheClosedLoopPercentiles() throws IOException {
        String json = run();
        long requests = number(json, "requests");
        // Only the one request per KKM in flight during the stall waited: two requests, above p99 once there are
        // more than 250 (on a quiet machine there are thousands), while the max still shows the stall.
        if (requests > 250) {
            assertTrue(latency(json, "p99") < STALL_MILLIS / 2.0, json);
        }
        assertTrue(latency(json, "max") >= STALL_MILLIS * 0.8, json);
        assertEquals(0, number(json, "late_requests"), json);
        assertTrue(json.contains("\"loop\": \"closed\""), json);
    }
}
