package kz.ofd.engine.launcher;

import kz.ofd.storage.index.DocumentEntry;
import kz.ofd.storage.index.DocumentIndex;
import kz.ofd.storage.index.ReportEntry;
import org.agrona.IoUtil;
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
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code ofd verify} on the data directory a real server left: OK as left, and each kind of damage named.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
final class VerifyCommandTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int verify() {
        out.reset();
        err.reset();
        return Main.run(List.of("verify", "--data", dir.toString()), new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8), false);
    }

    private String output() {
        return out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void shouldPassOnWhatAServerLeftAndCompareEverySnapshot() throws Exception {
        ServerDay.run(dir);
        assertEquals(0, verify(), output());
        assertTrue(output().contains("6 documents"), output());
        assertTrue(output().contains("2 snapshots compared"), output());
        assertTrue(output().contains("OK"), output());
    }

    @Test
    void shouldNameADamagedSnapshot() throws Exception {
        ServerDay.run(dir);
        Path snapshot;
        try (Stream<Path> files = Files.list(dir.resolve("snapshots"))) {
            snapshot = files.sorted().findFirst().orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(snapshot);
        bytes[bytes.length - 1] ^= 1;
        Files.write(snapshot, bytes);
        assertEquals(1, verify(), output());
        assertTrue(output().contains("is unusable (recovery skips it)"), output());
    }

    @Test
    void shouldNameAnIndexEntryTheJournalDoesNotHave() throws Exception {
        ServerDay.run(dir);
        try (DocumentIndex index = DocumentIndex.open(dir.resolve("index"))) {
            index.write(List.of(DocumentEntry.document(0, 9, 1, 6, 3, 1L, false)), index.checkpoint());
        }
        assertEquals(1, verify(), output());
        assertTrue(output().contains("index: holds 7 documents"), output());
    }

    @Test
    void shouldNameAReportTheJournalDoesNotHave() throws Exception {
        ServerDay.run(dir);
        try (DocumentIndex index = DocumentIndex.open(dir.resolve("index"))) {
            assertEquals(List.of('X', 'Z'), index.findReports(1, 1).stream().map(ReportEntry::kind).toList(),
                "the day's X report and Z are indexed");
            index.write(List.of(), List.of(), List.of(ReportEntry.x(1, 1, 1, 1L, new byte[] {1})), index.checkpoint());
        }
        assertEquals(1, verify(), output());
        assertTrue(output().contains("index: holds 3 reports"), output());
    }

    @Test
    void shouldNameAnXReportIndexedWrong() throws Exception {
        ServerDay.run(dir);
        try (DocumentIndex index = DocumentIndex.open(dir.resolve("index"))) {
            ReportEntry x = index.findReports(1, 1).get(0);
            index.write(List.of(), List.of(), List.of(new ReportEntry(x.kkmId(), x.shiftNumber(), x.journalIndex(),
                x.receivedAtMillis(), x.kind(), new byte[] {9}, x.registerReport(), x.differences())), index.checkpoint());
        }
        assertEquals(1, verify(), output());
        assertTrue(output().contains("the X report at journal"), output());
    }

    @Test
    void shouldNameAMissingIndexAndAServerThatIsRunning() throws Exception {
        ServerDay.run(dir);
        IoUtil.delete(dir.resolve("index").toFile(), false);
        assertEquals(1, verify(), output());
        assertTrue(output().contains("there is no index"), output());

        ServerConfiguration config = new ServerConfiguration().dataDir(dir).kkmHost("127.0.0.1").kkmPort(0).httpPort(0)
            .snapshotIntervalSeconds(0).conclude();
        OfdServer running = OfdServer.start(config);
        try (running) {
            assertEquals(1, verify(), output());
            assertTrue(output().contains("stop the server first"), output());
        }
        assertEquals(0, verify(), "the start rebuilt the index: " + output());
    }
}
