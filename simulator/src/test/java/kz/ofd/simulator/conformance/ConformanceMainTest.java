package kz.ofd.simulator.conformance;

import kz.ofd.simulator.provision.KkmCredentials;
import kz.ofd.simulator.provision.KkmFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The kit must notice a server that breaks the protocol: against {@link AlwaysOkServer} (answers 0 to everything,
 * never rotates the token) it reports FAIL with the expected and the actual answer, and exits 1.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
final class ConformanceMainTest {

    private static final int KKMS = 40;

    @TempDir
    Path dir;

    @Test
    void shouldReportFailuresWithExpectedAndActualAgainstAServerThatAnswersOkToEverything() throws Exception {
        Path kkmFile = kkmFile(KKMS);
        Path json = dir.resolve("report.json");
        try (AlwaysOkServer server = new AlwaysOkServer()) {
            Run run = run("--target", "127.0.0.1:" + server.port(), "--kkm-file", kkmFile.toString(),
                "--json", json.toString(), "--timeout-seconds", "2");
            assertEquals(ConformanceMain.EXIT_FAILED, run.exit, run.out + run.err);
            for (String rule : ConformanceMain.ruleNames()) {
                assertTrue(run.out.contains("  " + rule + " — "), "every rule is listed: " + rule + "\n" + run.out);
            }
            assertTrue(run.out.contains("FAIL  auth-unknown-id — "), run.out);
            assertTrue(run.out.matches("(?s).*FAIL  SYSTEM from unregistered ID \\d+: expected 1 UNKNOWN_ID, got 0 OK\n.*"),
                run.out);
            assertTrue(run.out.contains("FAIL  token-rotation — "), run.out);
            // token-rotation is the third rule and the second one to use a KKM from the file: id 2, token 1002.
            assertTrue(run.out.contains("FAIL  token in the answer to an accepted TICKET: expected a new token (not 1002), "
                + "got 1002"), run.out);
            assertTrue(run.out.contains("FAIL  SYSTEM with a wrong token: expected 2 INVALID_TOKEN, got 0 OK"), run.out);
            assertTrue(run.out.contains("FAIL  TICKET without items: expected 13 INCORRECT_REQUEST_DATA, got 0 OK"), run.out);
            assertTrue(run.out.contains("SKIP  blocked — "), run.out);
            assertTrue(run.out.contains("skipped (needs --manage)"), run.out);
            assertTrue(run.out.contains("PASS  frame-bad-appcode — "), "closing on a bad frame is allowed:\n" + run.out);
            assertTrue(run.out.matches("(?s).*\ntotal: " + ConformanceMain.ruleNames().size()
                + " rule\\(s\\), \\d+ passed, \\d+ failed, 1 skipped\n"), run.out);

            String report = Files.readString(json);
            assertTrue(report.contains("{\"name\":\"token-rotation\",\"status\":\"FAIL\""), report);
            assertTrue(report.contains("\"expected\":\"a new token (not 1002)\",\"actual\":\"1002\",\"ok\":false"), report);
            assertFalse(report.contains("\"failed\":0,"), report);
        }
        List<KkmCredentials> after = KkmFile.read(kkmFile);
        assertEquals(KKMS, after.size(), "the file is rewritten with every KKM");
        assertEquals(1, after.get(0).id());
    }

    @Test
    void shouldSkipRulesBeyondTheKkmsInTheFileAndRunOnlyTheChosenRules() throws Exception {
        try (AlwaysOkServer server = new AlwaysOkServer()) {
            Run run = run("--target", "127.0.0.1:" + server.port(), "--kkm-file", kkmFile(1).toString(),
                "--only", "auth-token,frame-truncated", "auth-unknown-id");
            assertEquals(ConformanceMain.EXIT_FAILED, run.exit, run.out);
            assertTrue(run.out.startsWith("ofd conformance: 3 rule(s) against 127.0.0.1:"), run.out);
            assertTrue(run.out.contains("FAIL  auth-token — "), run.out);
            assertTrue(run.out.contains("SKIP  frame-truncated — "), run.out);
            assertTrue(run.out.contains("skipped (needs 1 KKM(s), --kkm-file has 0 left)"), run.out);
            assertTrue(run.out.contains("total: 3 rule(s), 0 passed, 2 failed, 1 skipped"), run.out);
        }
    }

    @Test
    void shouldRefuseBadOptionsWithExitCode2() throws Exception {
        assertEquals(ConformanceMain.EXIT_USAGE, run().exit);
        assertEquals(ConformanceMain.EXIT_USAGE, run("--target", "127.0.0.1:7777").exit, "needs --manage or --kkm-file");
        assertEquals(ConformanceMain.EXIT_USAGE, run("--target", "nohost", "--manage", "http://127.0.0.1:1").exit);
        Run unknownRule = run("--target", "127.0.0.1:7777", "--manage", "http://127.0.0.1:1", "--only", "no-such-rule");
        assertEquals(ConformanceMain.EXIT_USAGE, unknownRule.exit);
        assertTrue(unknownRule.err.contains("no rule named no-such-rule; rules: auth-unknown-id, "), unknownRule.err);
        assertEquals(ConformanceMain.EXIT_USAGE, run("--target", "127.0.0.1:7777", "--kkm-file",
            dir.resolve("missing.txt").toString()).exit);
        assertEquals(ConformanceMain.EXIT_USAGE, run("--target", "127.0.0.1:7777", "--manage", "x", "--bogus").exit);
        Run help = run("--help");
        assertEquals(ConformanceMain.EXIT_OK, help.exit);
        assertTrue(help.out.startsWith("usage: ofd conformance"), help.out);
    }

    private Path kkmFile(int count) throws Exception {
        List<String> lines = new ArrayList<>();
        lines.add("# test KKMs");
        for (int id = 1; id <= count; id++) {
            lines.add(id + " " + (1000 + id));
        }
        Path file = dir.resolve("kkms-" + count + ".txt");
        Files.write(file, lines, StandardCharsets.UTF_8);
        return file;
    }

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = ConformanceMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private record Run(int exit, String out, String err) {
    }
}
