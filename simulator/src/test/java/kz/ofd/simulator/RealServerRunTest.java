package kz.ofd.simulator;

import kz.ofd.engine.launcher.OfdServer;
import kz.ofd.engine.launcher.ServerConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
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
 * The full mix against the real OFD server, started in-process: KKMs provisioned through its management API, every
 * answer checked (returns of real earlier tickets, retries, offline re-sends, X and Z reports against the KKM's own
 * tally), and no error expected.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RealServerRunTest {

    @TempDir
    Path dir;

    private OfdServer ofd;
    private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();

    @BeforeEach
    void start() throws Exception {
        ofd = OfdServer.start(new ServerConfiguration().dataDir(dir.resolve("data")).kkmHost("127.0.0.1").kkmPort(0)
            .httpPort(0).snapshotIntervalSeconds(0).conclude());
    }

    @AfterEach
    void stop() {
        ofd.close();
    }

    private String run(String... extra) throws IOException {
        Path json = dir.resolve("summary.json");
        String[] base = {"--target", "127.0.0.1:" + ofd.kkmPort(), "--manage", "http://127.0.0.1:" + ofd.httpPort(),
            "--json", json.toString(), "--close-shift-every", "8", "--seed", "11"};
        String[] args = new String[base.length + extra.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        PrintStream out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
        int code = SimulatorMain.run(args, out, out);
        String text = outBytes.toString(StandardCharsets.UTF_8);
        System.out.println(text);
        assertEquals(0, code, text);
        return Files.readString(json);
    }

    private static long jsonLong(String json, String field) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(field) + "\": (\\d+)").matcher(json);
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    @Test
    void shouldRunTheFullMixClosedLoopWithoutErrors() throws IOException {
        String json = run("--kkms", "6", "--duration", "6s", "--mode", "keepalive");
        String text = outBytes.toString(StandardCharsets.UTF_8);
        assertEquals(0, jsonLong(json, "errors_total"), text);
        assertTrue(jsonLong(json, "TICKET") > 0, json);
        assertTrue(jsonLong(json, "CLOSE_SHIFT") > 0, json);
        assertTrue(jsonLong(json, "SELL_RETURN") > 0, "returns of real earlier tickets accepted: " + json);
        assertTrue(jsonLong(json, "RETRY_TICKET") + jsonLong(json, "RETRY_MONEY_PLACEMENT")
            + jsonLong(json, "RETRY_CLOSE_SHIFT") + jsonLong(json, "OFFLINE_RESEND_TICKET") > 0, json);
        assertTrue(jsonLong(json, "fiscal_signs_unique") > 0, json);
        assertTrue(text.contains("result: OK, no errors"), text);
    }

    @Test
    void shouldRunTheFullMixOpenLoopPerRequestWithoutErrors() throws IOException {
        String json = run("--kkms", "4", "--duration", "4s", "--mode", "per-request", "--rate", "100");
        String text = outBytes.toString(StandardCharsets.UTF_8);
        assertEquals(0, jsonLong(json, "errors_total"), text);
        assertTrue(json.contains("\"loop\": \"open\""), json);
        assertTrue(jsonLong(json, "requests") > 0, json);
    }
}
