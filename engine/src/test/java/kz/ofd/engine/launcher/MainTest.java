package kz.ofd.engine.launcher;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The launcher's subcommands as a user runs them: help, server start, {@code kkm add} against a running server.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
final class MainTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void shouldPrintHelpForEveryCommand() {
        assertEquals(0, run("--help"));
        assertTrue(out().contains("kkm add"));
        assertEquals(0, run("server", "--help"));
        assertTrue(out().contains("--http-port"));
        assertEquals(0, run("kkm", "add", "--help"));
        assertTrue(out().contains("--rnm"));
    }

    @Test
    void shouldRefuseUnknownCommandsAndOptions() {
        assertEquals(2, run("launch"));
        assertTrue(err().contains("unknown command"));
        assertEquals(2, run("server", "--prot", "1"));
        assertTrue(err().contains("unknown option --prot"), err());
        assertEquals(2, run("kkm", "add", "--id", "1"));
        assertTrue(err().contains("--token is required"), err());
    }

    @Test
    void shouldStartTheServerAndPrintOneListeningLine() {
        assertEquals(0, run("server", "--data", dir.toString(), "--port", "0", "--http-port", "0"));
        assertTrue(out().matches("(?s)ofd server listening: kkm port \\d+, http port \\d+ .*"), out());
    }

    @Test
    void shouldRegisterAKkmThroughTheManagementPortAndRefuseADuplicate() throws Exception {
        ServerConfiguration config = new ServerConfiguration().dataDir(dir).kkmPort(0).httpPort(0).conclude();
        try (OfdServer server = OfdServer.start(config)) {
            String url = "http://127.0.0.1:" + server.httpPort();
            List<String> add = new ArrayList<>(List.of("kkm", "add", "--server", url, "--id", "925238", "--token", "2376246852",
                "--rnm", "010100465991", "--serial", "SWK00033444", "--model", "Webkassa", "--bin", "180340021791",
                "--org", "ТОО Ромашка", "--address", "г. Астана, пр. Мангилик Ел 1"));
            assertEquals(0, run(add.toArray(String[]::new)), err());
            assertTrue(out().contains("registered KKM id 925238"));

            assertEquals(1, run(add.toArray(String[]::new)));
            assertTrue(err().contains("already registered"), err());

            add.set(add.indexOf("180340021791"), "180340021792");
            add.set(add.indexOf("925238"), "925239");
            assertEquals(1, run(add.toArray(String[]::new)));
            assertTrue(err().contains("bin"), err());
        }
        assertEquals(1, run("kkm", "add", "--server", "http://127.0.0.1:1", "--id", "1", "--token", "1", "--rnm",
            "010100465991", "--serial", "S", "--model", "M", "--bin", "180340021791", "--org", "O", "--address", "A"));
        assertTrue(err().contains("cannot reach"), err());
    }

    @Test
    void shouldBlockAndUnblockAKkm() throws Exception {
        ServerConfiguration config = new ServerConfiguration().dataDir(dir).kkmPort(0).httpPort(0).conclude();
        try (OfdServer server = OfdServer.start(config)) {
            String url = "http://127.0.0.1:" + server.httpPort();
            assertEquals(0, run("kkm", "add", "--server", url, "--id", "11", "--token", "12", "--rnm", "010100465991",
                "--serial", "S", "--model", "M", "--bin", "180340021791", "--org", "O", "--address", "A"), err());
            assertEquals(0, run("kkm", "block", "--server", url, "--id", "11", "--reason", "Тариф не оплачен"), err());
            assertTrue(out().contains("blocked KKM id 11"));
            assertEquals(1, run("kkm", "block", "--server", url, "--id", "12", "--reason", "x"));
            assertTrue(err().contains("no KKM with id 12"), err());
            assertEquals(2, run("kkm", "block", "--server", url, "--id", "11"));
            assertTrue(err().contains("--reason is required"), err());
            assertEquals(0, run("kkm", "unblock", "--server", url, "--id", "11"), err());
            assertTrue(out().contains("unblocked KKM id 11"));
        }
    }

    private int run(String... args) {
        out.reset();
        err.reset();
        return Main.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8), false);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
