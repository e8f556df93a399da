package kz.ofd.engine.system;

import kz.ofd.protocol.frame.FrameError;
import kz.ofd.protocol.proto.ResultTypeEnum;
import kz.ofd.protocol.testing.RawKkmConnection;
import kz.ofd.protocol.testing.Requests;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code GET /metrics} on a running server after real traffic (documents, a broken frame, a KGD that cannot be
 * reached): every {@code ofd_*} metric has a description and a plausible value, and the Metrics table of
 * docs/operations.md lists exactly the {@code ofd_*} metrics the server exposes, with their Prometheus types.
 */
@ExtendWith(ServerLogWatcher.class)
@Timeout(value = 90, unit = TimeUnit.SECONDS)
final class MetricsSystemTest {

    private static final int RING_SIZE = 1024;
    private static final Pattern HELP = Pattern.compile("^# HELP (\\S+) (.*)$");
    private static final Pattern TYPE = Pattern.compile("^# TYPE (\\S+) (\\S+)$");
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*})? (\\S+)$");
    private static final Pattern LABEL = Pattern.compile("(\\w+)=\"([^\"]*)\"");

    @TempDir
    Path dir;

    private EngineFixture ofd;

    @BeforeEach
    void start() throws Exception {
        String unreachableKgd = "http://127.0.0.1:" + closedPort();
        ofd = new EngineFixture(dir, c -> c.ringSize(RING_SIZE).kgdUrl(unreachableKgd).kgdLingerMillis(10)
            .checkPort(0).checkHost("127.0.0.1"));   // the receipt check's meters exist with its port
    }

    @AfterEach
    void stop() {
        ofd.close();
    }

    @Test
    void shouldExposeEveryOfdMetricWithHelpAndPlausibleValuesAfterTraffic() throws Exception {
        Scrape first = scrape();
        assertEquals(0.0, first.sum("ofd_journal_records_total"), "nothing journaled yet");
        exercise();

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Scrape s = scrape();
            assertEquals(0.0, s.value("ofd_index_lag_records"), "index catches up with the journal");
            assertEquals(RING_SIZE, s.value("ofd_ring_remaining_capacity"), "idle ring is empty");
            assertTrue(s.has("ofd_kgd_failures_total"), "unreachable KGD counted");
            // counted just after the answer left, so possibly after the client read it
            assertEquals(3.0, s.sum("ofd_requests_total", "command", "COMMAND_TICKET", "result", "0"));
            assertEquals(1.0, s.sum("ofd_requests_total", "command", "COMMAND_TICKET",
                "result", Integer.toString(ResultTypeEnum.RESULT_TYPE_INVALID_TOKEN_VALUE)));
            assertEquals(4.0, s.sum("ofd_request_latency_seconds_count"), "every answered frame is timed");
        });
        Scrape s = scrape();
        assertTrue(s.sum("ofd_request_latency_seconds_sum") > 0);
        assertEquals(4.0, s.sum("ofd_request_latency_seconds_bucket", "le", "+Inf"));
        assertEquals(4.0, s.sum("ofd_journal_records_total"), "the registration and three tickets");
        assertTrue(s.sum("ofd_journal_flush_seconds_count") >= 1, "journal batches timed");
        assertTrue(s.sum("ofd_journal_batch_size_count") >= 1);
        assertEquals(1.0, s.sum("ofd_frames_rejected_total", "reason", FrameError.WRONG_APP_CODE.name()));
        for (FrameError e : FrameError.values()) {
            assertTrue(s.has("ofd_frames_rejected_total", "reason", e.name()), "reason " + e + " shown even at 0");
        }
        assertEquals(5.0, s.sum("ofd_connections_total"), "four requests and the broken frame, one connection each");
        assertEquals(0.0, s.sum("ofd_ring_full_total"));
        assertTrue(s.sum("ofd_kgd_backlog_records") >= 3, "the three tickets are not acknowledged by KGD");
        assertTrue(s.sum("ofd_kgd_oldest_unsent_seconds") >= 0);
        assertEquals(0.0, s.sum("ofd_kgd_documents_sent_total"));
        assertTrue(first.sum("ofd_jvm_allocated_bytes") > 0);
        assertTrue(s.sum("ofd_jvm_allocated_bytes") > first.sum("ofd_jvm_allocated_bytes"), "allocation total grows");
        assertTrue(s.sum("process_cpu_time_ns_total") > 0, "process CPU time for CPU per request");
        assertTrue(s.has("jvm_gc_pause_seconds_count") || s.has("jvm_gc_memory_allocated_bytes_total"), "GC meters bound");
        for (String name : s.types.keySet()) {
            if (name.startsWith("ofd_")) {
                String help = s.help.get(name);
                assertTrue(help != null && help.length() > 10, name + " has a # HELP description: " + help);
            }
        }
    }

    @Test
    void shouldDocumentExactlyTheOfdMetricsTheServerExposes() throws Exception {
        exercise();
        await().atMost(Duration.ofSeconds(30)).until(() -> scrape().has("ofd_kgd_failures_total"));
        Scrape s = scrape();
        Map<String, String> exposed = new TreeMap<>();
        s.types.forEach((name, type) -> {
            if (name.startsWith("ofd_")) {
                exposed.put(name, type);
            }
        });
        assertEquals(exposed, documentedMetrics(), "the Metrics table of docs/operations.md (name and type) must list "
            + "exactly the ofd_* metrics /metrics exposes");

        System.gc();   // jvm_gc_pause_seconds appears at the first collection the JVM reports
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Scrape now = scrape();
            List<String> missing = new ArrayList<>();
            for (String name : documentedJvmMetrics()) {
                if (!now.types.containsKey(name) && !now.has(name)) {
                    missing.add(name);
                }
            }
            assertEquals(List.of(), missing, "JVM and process metrics named in docs/operations.md but not exposed");
        });
    }

    /** A registration, three tickets, a ticket with a wrong token, a frame with a wrong application code. */
    private void exercise() throws Exception {
        EngineFixture.Kkm kkm = ofd.kkm(7, 7_000);
        for (int i = 0; i < 3; i++) {
            kkm.ok(Requests.ticket(1_000 + i));
        }
        try (RawKkmConnection c = ofd.connect()) {
            assertEquals(ResultTypeEnum.RESULT_TYPE_INVALID_TOKEN_VALUE,
                c.call(7, 1, 100, Requests.ticket(5)).getResult().getResultCode());
        }
        byte[] frame = RawKkmConnection.encode(RawKkmConnection.frame(7, 1, 101, Requests.info().toByteArray()));
        frame[0] = 0x00;
        try (RawKkmConnection c = ofd.connect()) {
            c.sendRaw(frame);
            c.readFrame();
            assertTrue(c.isClosedByPeer());
        }
    }

    /** The jvm_*, process_* and system_* names the Metrics section mentions. */
    private static List<String> documentedJvmMetrics() throws IOException {
        List<String> lines = metricsSection();
        List<String> names = new ArrayList<>();
        Matcher m = Pattern.compile("`((?:jvm|process|system)_[a-z0-9_]+)").matcher(String.join("\n", lines));
        while (m.find()) {
            names.add(m.group(1));
        }
        assertTrue(names.size() >= 10, "the Metrics section names the JVM and process metrics: " + names);
        return names;
    }

    private static List<String> metricsSection() throws IOException {
        Path guide = Path.of("..", "docs", "operations.md").toAbsolutePath().normalize();
        List<String> lines = Files.readAllLines(guide, StandardCharsets.UTF_8);
        int start = lines.indexOf("## Metrics");
        assertTrue(start >= 0, "docs/operations.md has a '## Metrics' section");
        int end = start + 1;
        while (end < lines.size() && !lines.get(end).startsWith("## ")) {
            end++;
        }
        return lines.subList(start + 1, end);
    }

    /** Name to type of every ofd_* row of the Metrics table. */
    private static Map<String, String> documentedMetrics() throws IOException {
        Map<String, String> documented = new TreeMap<>();
        List<String> duplicates = new ArrayList<>();
        Pattern row = Pattern.compile("^\\|\\s*`(ofd_[a-z0-9_]+)(\\{[^`]*})?`\\s*\\|\\s*([a-z]+)\\s*\\|");
        for (String line : metricsSection()) {
            Matcher m = row.matcher(line);
            if (m.find() && documented.put(m.group(1), m.group(3)) != null) {
                duplicates.add(m.group(1));
            }
        }
        assertEquals(List.of(), duplicates, "metrics listed twice");
        assertFalse(documented.isEmpty(), "the Metrics section has a table of ofd_* metrics");
        return documented;
    }

    private Scrape scrape() throws Exception {
        HttpResponse<String> r = ofd.get("/metrics");
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("content-type").orElse("").startsWith("text/plain"));
        return new Scrape(r.body());
    }

    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** One parsed Prometheus text exposition. */
    private static final class Scrape {
        final Map<String, String> help = new HashMap<>();
        final Map<String, String> types = new HashMap<>();
        final List<Sample> samples = new ArrayList<>();
        private final String text;

        Scrape(String text) {
            this.text = text;
            for (String line : text.split("\n")) {
                Matcher h = HELP.matcher(line);
                Matcher t = TYPE.matcher(line);
                Matcher s = SAMPLE.matcher(line);
                if (h.matches()) {
                    help.put(h.group(1), h.group(2));
                } else if (t.matches()) {
                    types.put(t.group(1), t.group(2));
                } else if (s.matches()) {
                    Map<String, String> labels = new HashMap<>();
                    Matcher l = LABEL.matcher(s.group(2) == null ? "" : s.group(2));
                    while (l.find()) {
                        labels.put(l.group(1), l.group(2));
                    }
                    samples.add(new Sample(s.group(1), labels, Double.parseDouble(s.group(3))));
                }
            }
        }

        boolean has(String name, String... labels) {
            return samples.stream().anyMatch(x -> x.matches(name, labels));
        }

        double sum(String name, String... labels) {
            assertTrue(has(name, labels), name + " " + String.join(",", labels) + " in\n" + text);
            return samples.stream().filter(x -> x.matches(name, labels)).mapToDouble(Sample::value).sum();
        }

        double value(String name) {
            return sum(name);
        }
    }

    private record Sample(String name, Map<String, String> labels, double value) {
        boolean matches(String wanted, String... pairs) {
            if (!name.equals(wanted)) {
                return false;
            }
            for (int i = 0; i < pairs.length; i += 2) {
                if (!pairs[i + 1].equals(labels.get(pairs[i]))) {
                    return false;
                }
            }
            return true;
        }
    }
}
