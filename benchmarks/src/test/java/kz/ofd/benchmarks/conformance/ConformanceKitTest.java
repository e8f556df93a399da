package kz.ofd.benchmarks.conformance;

import kz.ofd.engine.launcher.OfdServer;
import kz.ofd.engine.launcher.ServerConfiguration;
import kz.ofd.simulator.conformance.ConformanceMain;
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
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * CI gate of the protocol conformance kit ({@code ofd conformance}, docs/conformance.md): our real server, in
 * process on ephemeral ports and a temp data directory, must pass every rule the kit checks, none skipped.
 */
final class ConformanceKitTest {

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void ourServerPassesEveryRule() throws Exception {
        ServerConfiguration config = new ServerConfiguration().dataDir(dir.resolve("data")).kkmHost("127.0.0.1").kkmPort(0)
            .httpPort(0).snapshotIntervalSeconds(0).conclude();
        Path json = dir.resolve("report.json");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit;
        try (OfdServer server = OfdServer.start(config)) {
            exit = ConformanceMain.run(new String[] {
                "--target", "127.0.0.1:" + server.kkmPort(),
                "--manage", "http://127.0.0.1:" + server.httpPort(),
                "--json", json.toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        }
        String report = out.toString(StandardCharsets.UTF_8);
        System.out.println(report);
        assertEquals(ConformanceMain.EXIT_OK, exit, report + err.toString(StandardCharsets.UTF_8));
        List<String> rules = ConformanceMain.ruleNames();
        assertTrue(rules.size() >= 25, "the kit covers the rules: " + rules);
        for (String rule : rules) {
            assertTrue(report.contains("\nPASS  " + rule + " — "), "rule " + rule + " passed:\n" + report);
        }
        assertTrue(report.contains("total: " + rules.size() + " rule(s), " + rules.size() + " passed, 0 failed, 0 skipped"),
            report);
        String jsonText = Files.readString(json);
        assertTrue(jsonText.contains("\"passed\":" + rules.size() + ",\"failed\":0,\"skipped\":0"), jsonText);
    }
}
