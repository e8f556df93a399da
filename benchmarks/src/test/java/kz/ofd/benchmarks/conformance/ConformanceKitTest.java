package kz.ofd.benchmarks.conformance;

import kz.ofd.engine.launcher.OfdServer;
import kz.ofd.engine.launcher.ServerConfiguration;
import kz.ofd.simulator.conformance.ConformanceMain;
import kz.ofd.simulator.provision.KkmCredentials;
import kz.ofd.simulator.provision.KkmFile;
import kz.ofd.simulator.provision.ManagementClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
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
        Path json = dir.resolve("report.json");
        String report;
        try (OfdServer server = OfdServer.start(config())) {
            report = runKit(ConformanceMain.EXIT_OK, "--target", "127.0.0.1:" + server.kkmPort(),
                "--manage", "http://127.0.0.1:" + server.httpPort(), "--json", json.toString());
        }
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

    /**
     * With registered KKMs from a file (no management API): every rule but {@code blocked} passes, twice on the same
     * file — the second run works with the tokens the first one left in it and with KKMs that have a history.
     */
    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void ourServerPassesEveryRuleWithKkmsFromAFileRunAfterRun() throws Exception {
        int rules = ConformanceMain.ruleNames().size();
        Path file = dir.resolve("kkms.txt");
        try (OfdServer server = OfdServer.start(config())) {
            List<KkmCredentials> kkms = new ManagementClient(URI.create("http://127.0.0.1:" + server.httpPort()),
                Duration.ofSeconds(10)).provision(rules, new SplittableRandom(42));
            Files.write(file, kkms.stream().map(k -> k.id() + " " + k.token()).toList(), StandardCharsets.UTF_8);
            for (int run = 1; run <= 2; run++) {
                String report = runKit(ConformanceMain.EXIT_OK, "--target", "127.0.0.1:" + server.kkmPort(),
                    "--kkm-file", file.toString());
                assertTrue(report.contains("total: " + rules + " rule(s), " + (rules - 1) + " passed, 0 failed, 1 skipped"),
                    "run " + run + ":\n" + report);
                assertTrue(report.contains("SKIP  blocked — "), report);
            }
        }
        assertEquals(rules, KkmFile.read(file).size());
    }

    private ServerConfiguration config() {
        return new ServerConfiguration().dataDir(dir.resolve("data")).kkmHost("127.0.0.1").kkmPort(0).httpPort(0)
            .snapshotIntervalSeconds(0).conclude();
    }

    private static String runKit(int expectedExit, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = ConformanceMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
        String report = out.toString(StandardCharsets.UTF_8);
        System.out.println(report);
        assertEquals(expectedExit, exit, report + err.toString(StandardCharsets.UTF_8));
        return report;
    }
}
