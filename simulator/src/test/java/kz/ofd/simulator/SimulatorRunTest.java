package kz.ofd.simulator;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SimulatorRunTest {

    private static final int KKMS = 4;

    @TempDir
    Path dir;

    private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();

    private Path kkmFile(FakeOfdServer server) throws IOException {
        StringBuilder sb = new StringBuilder("# id token\n");
        for (int i = 0; i < KKMS; i++) {
            long id = 2_000_000L + i;
            long token = 4_000_000_000L + i;
            server.register(id, token);
            sb.append(i % 2 == 0 ? id + " " + token : id + "," + token).append('\n');
        }
        return Files.writeString(dir.resolve("kkms.txt"), sb.toString());
    }

    private int run(FakeOfdServer server, String... extra) throws IOException {
        List<String> args = new ArrayList<>(List.of("--target", "127.0.0.1:" + server.port(),
            "--kkm-file", kkmFile(server).toString(), "--json", dir.resolve("summary.json").toString()));
        args.addAll(Arrays.asList(extra));
        PrintStream out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);
        return SimulatorMain.run(args.toArray(String[]::new), out, err);
    }

    private String out() {
        return outBytes.toString(StandardCharsets.UTF_8);
    }

    private String json() throws IOException {
        return Files.readString(dir.resolve("summary.json"));
    }

    private static long jsonLong(String json, String field) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(field) + "\": (\\d+)").matcher(json);
        assertTrue(m.find(), field + " missing in " + json);
        return Long.parseLong(m.group(1));
    }

    private static double jsonDouble(String json, String field) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(field) + "\": ([0-9.]+)").matcher(json);
        assertTrue(m.find(), field + " missing in " + json);
        return Double.parseDouble(m.group(1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"keepalive", "per-request"})
    void shouldRunTheFullMixWithoutErrorsAgainstACorrectServer(String mode) throws IOException {
        try (FakeOfdServer server = FakeOfdServer.start(FakeOfdServer.Fault.NONE)) {
            int code = run(server, "--mode", mode, "--duration", "2s", "--close-shift-every", "3");

            assertEquals(0, code, out() + errBytes.toString(StandardCharsets.UTF_8));
            String json = json();
            assertEquals(0, jsonLong(json, "errors_total"), json);
            assertEquals(0, jsonLong(json, "exit_code"), json);
            assertTrue(jsonLong(json, "requests") > 0, json);
            assertTrue(jsonDouble(json, "throughput_rps") > 0, json);
            assertEquals(jsonLong(json, "fiscal_signs_unique"), server.tickets(), json);
            assertTrue(server.closedShifts() > 0, "no shift was closed");
            assertTrue(out().contains("result: OK, no errors"), out());
            assertTrue(out().contains("0 OK: "), out());
            if (mode.equals("per-request")) {
                assertTrue(server.connections() >= jsonLong(json, "requests"), "one connection per request expected");
            } else {
                assertEquals(KKMS + jsonLong(json, "reconnects"), server.connections(),
                    "one connection per KKM expected, plus one per deliberate reconnect");
            }
        }
    }

    @Test
    void shouldSendOnlyTicketsWithTheTicketsOnlyMixAndPrintProgressEverySecond() throws IOException {
        try (FakeOfdServer server = FakeOfdServer.start(FakeOfdServer.Fault.NONE)) {
            assertEquals(0, run(server, "--duration", "1200ms", "--mix", "tickets-only", "--close-shift-every", "1"), out());
            assertTrue(out().contains("[   1s] requests "), out());
            String json = json();
            assertEquals(0, server.closedShifts());
            assertEquals(0, server.reports());
            assertEquals(jsonLong(json, "requests"), server.tickets(), json);
            assertTrue(json.contains("\"requests_by_command\": {\"TICKET\": "), json);
        }
    }

    @Test
    void shouldReportDuplicateFiscalSignsAndExitOne() throws IOException {
        try (FakeOfdServer server = FakeOfdServer.start(FakeOfdServer.Fault.DUPLICATE_SIGN)) {
            assertEquals(1, run(server, "--duration", "500ms", "--mix", "tickets-only"), out());
            String json = json();
            assertTrue(jsonLong(json, "duplicate-fiscal-sign") > 0, json);
            assertEquals(1, jsonLong(json, "fiscal_signs_unique"), json);
            assertTrue(out().contains("duplicate-fiscal-sign: "), out());
            assertTrue(out().contains("result: FAILED"), out());
        }
    }

    @Test
    void shouldReportATokenThatIsNotRotatedAndExitOne() throws IOException {
        try (FakeOfdServer server = FakeOfdServer.start(FakeOfdServer.Fault.NO_ROTATION)) {
            assertEquals(1, run(server, "--duration", "500ms", "--mode", "per-request"), out());
            String json = json();
            assertTrue(jsonLong(json, "token-not-rotated") > 0, json);
            assertFalse(json.contains("token-changed"), json);
            assertFalse(json.contains("report-mismatch"), json);
        }
    }

    @Test
    void shouldRetryTheSameRequestAfterATimeoutAndGetTheStoredAnswer() throws IOException {
        try (FakeOfdServer server = FakeOfdServer.start(FakeOfdServer.Fault.SWALLOW_EVERY_10TH_ANSWER)) {
            assertEquals(1, run(server, "--duration", "1s", "--read-timeout", "100ms", "--close-shift-every", "7"), out());
            String json = json();
            long timeouts = jsonLong(json, "timeout");
            assertTrue(timeouts > 0, json);
            assertEquals(timeouts, jsonLong(json, "errors_total"), "only timeouts expected: " + json);
            assertEquals(jsonLong(json, "fiscal_signs_unique"), server.tickets(), json);
        }
    }

    @Test
    void shouldProvisionThroughTheManagementApiAndThenRun() throws IOException {
        try (FakeOfdServer server = FakeOfdServer.start(FakeOfdServer.Fault.NONE)) {
            HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            http.createContext("/api/kkms", exchange -> {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                server.register(jsonNumber(body, "id"), jsonNumber(body, "token"));
                exchange.sendResponseHeaders(201, -1);
                exchange.close();
            });
            http.start();
            try {
                PrintStream out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
                int code = SimulatorMain.run(new String[] {"--target", "127.0.0.1:" + server.port(),
                    "--manage", "http://127.0.0.1:" + http.getAddress().getPort(), "--kkms", "3", "--duration", "500ms",
                    "--mode", "per-request", "--seed", "7"}, out, out);
                assertEquals(0, code, out());
                assertTrue(out().contains("provisioning 3 KKMs"), out());
                assertTrue(server.tickets() > 0);
            } finally {
                http.stop(0);
            }
        }
    }

    private static long jsonNumber(String json, String field) {
        Matcher m = Pattern.compile("\"" + field + "\":(\\d+)").matcher(json);
        assertTrue(m.find(), json);
        return Long.parseLong(m.group(1));
    }

    @Test
    void shouldCountConnectionFailuresWhenNothingListens() throws IOException {
        int port;
        Path file;
        try (FakeOfdServer server = FakeOfdServer.start(FakeOfdServer.Fault.NONE)) {
            port = server.port();
            file = kkmFile(server);
        }
        PrintStream out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
        int code = SimulatorMain.run(new String[] {"--target", "127.0.0.1:" + port, "--kkm-file", file.toString(),
            "--duration", "300ms", "--kkms", "2"}, out, out);
        assertEquals(1, code, out());
        assertTrue(out().contains("io: "), out());
        assertTrue(out().contains("KKMs:          2"), out());
    }
}
