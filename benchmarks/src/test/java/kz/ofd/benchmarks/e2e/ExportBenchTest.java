package kz.ofd.benchmarks.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The CI-sized {@code ofd export-bench}: 3 000 receipts over 3 days through the real ring, downloaded as CSV and
 * XLSX through the cabinet. The bench itself fails when a download holds another number of receipts than was
 * written; this asserts that both ran and measured something, no performance figure.
 */
final class ExportBenchTest {

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void writesAYearAndDownloadsItWhole() throws Exception {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        List<ExportBench.Result> results;
        try (PrintStream out = new PrintStream(text, true, StandardCharsets.UTF_8)) {
            results = ExportBench.run(dir, 3_000, 3, out);
        }
        String printed = text.toString(StandardCharsets.UTF_8);
        System.out.println(printed);
        assertEquals(List.of("csv", "xlsx"), results.stream().map(ExportBench.Result::kind).toList(), printed);
        for (ExportBench.Result r : results) {
            assertEquals(3_000, r.receipts(), printed);
            assertEquals(1, r.sheets(), printed);
            assertTrue(r.bytes() > 10_000, r.kind() + ": " + r.bytes() + " bytes for 3 000 receipts (the XLSX is deflated)");
            assertTrue(r.seconds() > 0 && r.maxUsedMib() > 0, printed);
        }
    }
}
