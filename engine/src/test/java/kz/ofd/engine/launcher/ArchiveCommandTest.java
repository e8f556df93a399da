package kz.ofd.engine.launcher;

import kz.ofd.storage.index.DocumentEntry;
import kz.ofd.storage.index.DocumentIndex;
import kz.ofd.storage.index.ReturnEntry;
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
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code ofd export} then {@code ofd import} into an empty directory reproduces the index (all but the journal
 * positions, which belong to the new journal); a range keeps only its documents; a damaged archive is refused
 * before anything is written.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
final class ArchiveCommandTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int ofd(String... args) {
        out.reset();
        err.reset();
        return Main.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8), false);
    }

    private String output() {
        return out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
    }

    /** Every (kkm, shift) entry of the documents of KKMs 1 and 2, journal position removed. */
    private static List<DocumentEntry> entries(Path data) {
        List<DocumentEntry> all = new ArrayList<>();
        try (DocumentIndex index = DocumentIndex.openReadOnly(data.resolve("index"))) {
            for (long kkm = 1; kkm <= 2; kkm++) {
                for (long shift = 1; shift <= 2; shift++) {
                    for (DocumentEntry e : index.findByKkmShift(kkm, shift)) {
                        all.add(new DocumentEntry(e.fiscalSign(), e.kkmId(), e.shiftNumber(), e.command(), 0,
                            e.receivedAtMillis(), e.offline(), e.operation(), e.totalTiyn(), e.parentSign()));
                    }
                }
            }
        }
        return all;
    }

    private static List<ReturnEntry> returnsOfEverySign(Path data) {
        List<ReturnEntry> all = new ArrayList<>();
        try (DocumentIndex index = DocumentIndex.openReadOnly(data.resolve("index"))) {
            for (DocumentEntry e : entries(data)) {
                if (e.fiscalSign() != 0) {
                    all.addAll(index.findReturns(e.fiscalSign()));
                }
            }
        }
        return all;
    }

    /** KKM 1's shift 1 reports, journal positions aside. */
    private static List<String> reports(Path data) {
        try (DocumentIndex index = DocumentIndex.openReadOnly(data.resolve("index"))) {
            return index.findReports(1, 1).stream().map(r -> r.kind() + " " + r.receivedAtMillis() + " "
                + java.util.Arrays.toString(r.serverReport()) + " " + r.differences()).toList();
        }
    }

    @Test
    void shouldReproduceTheIndexInAnEmptyDirectory() throws Exception {
        Path original = dir.resolve("original");
        ServerDay.run(original);
        Path archive = dir.resolve("day.ofdx");
        assertEquals(0, ofd("export", "--data", original.toString(), "--out", archive.toString()), output());
        assertTrue(output().contains("6 documents"), output());

        Path restored = dir.resolve("restored");
        assertEquals(0, ofd("import", "--in", archive.toString(), "--data", restored.toString()), output());
        assertTrue(output().contains("6 documents"), output());

        assertEquals(6, entries(original).size());
        assertEquals(entries(original), entries(restored));
        assertEquals(1, returnsOfEverySign(original).size(), "the day has one return of an own ticket");
        assertEquals(returnsOfEverySign(original), returnsOfEverySign(restored));
        assertEquals(List.of("X", "Z"), reports(original).stream().map(r -> r.substring(0, 1)).toList());
        assertEquals(reports(original), reports(restored), "the X report and the Z travel along");
        assertEquals(0, ofd("verify", "--data", restored.toString()), output());
    }

    @Test
    void shouldKeepOnlyTheDocumentsOfTheRange() throws Exception {
        Path original = dir.resolve("original");
        ServerDay.run(original);
        Path archive = dir.resolve("none.ofdx");
        assertEquals(0, ofd("export", "--data", original.toString(), "--out", archive.toString(), "--to", "2000-01-01"),
            output());
        assertTrue(output().contains("(0 documents)"), output());
        Path restored = dir.resolve("restored");
        assertEquals(0, ofd("import", "--in", archive.toString(), "--data", restored.toString()), output());
        assertTrue(entries(restored).isEmpty());
        assertTrue(output().contains("2 records (0 documents)"), "the two registrations travel along: " + output());
    }

    @Test
    void shouldRefuseADamagedArchiveAndANonEmptyTarget() throws Exception {
        Path original = dir.resolve("original");
        ServerDay.run(original);
        Path archive = dir.resolve("day.ofdx");
        assertEquals(0, ofd("export", "--data", original.toString(), "--out", archive.toString()), output());

        assertEquals(1, ofd("import", "--in", archive.toString(), "--data", original.toString()), output());
        assertTrue(output().contains("already has a journal"), output());

        byte[] bytes = Files.readAllBytes(archive);
        bytes[bytes.length / 2] ^= 0x10;
        Path damaged = dir.resolve("damaged.ofdx");
        Files.write(damaged, bytes);
        assertEquals(1, ofd("import", "--in", damaged.toString(), "--data", dir.resolve("x").toString()), output());
        assertTrue(output().contains("ofd import:"), output());
        assertTrue(!Files.exists(dir.resolve("x").resolve("journal")), "nothing written from a damaged archive");

        Path truncated = dir.resolve("truncated.ofdx");
        Files.write(truncated, java.util.Arrays.copyOf(Files.readAllBytes(archive), bytes.length - 3));
        assertEquals(1, ofd("import", "--in", truncated.toString(), "--data", dir.resolve("y").toString()), output());
        assertTrue(output().contains("truncated"), output());

        assertEquals(2, ofd("export", "--data", original.toString(), "--out", archive.toString(), "--from", "yesterday"));
        assertTrue(output().contains("--from must be a date"), output());
    }
}
