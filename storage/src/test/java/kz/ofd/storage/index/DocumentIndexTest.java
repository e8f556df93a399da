package kz.ofd.storage.index;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

final class DocumentIndexTest {

    @TempDir
    Path dir;

    @Test
    void shouldStartWithoutACheckpoint() {
        try (DocumentIndex index = DocumentIndex.open(dir)) {
            assertEquals(DocumentIndex.NO_CHECKPOINT, index.checkpoint());
            assertEquals(Optional.empty(), index.findBySign(1));
        }
    }

    @Test
    void shouldFindDocumentsBySignAndByShiftInJournalOrderAfterReopening() {
        DocumentEntry a = new DocumentEntry(1_000_000_001L, 0xFFFF_FFFFL, 1, 1, 10, 1_700_000_000_000L, false);
        DocumentEntry b = new DocumentEntry(0, 0xFFFF_FFFFL, 1, 6, 11, 1_700_000_000_001L, true);
        DocumentEntry c = new DocumentEntry(1_000_000_002L, 0xFFFF_FFFFL, 2, 1, 12, 1_700_000_000_002L, false);
        DocumentEntry other = new DocumentEntry(1_000_000_003L, 5, 1, 1, 13, 1_700_000_000_003L, false);
        try (DocumentIndex index = DocumentIndex.open(dir)) {
            index.write(List.of(a, b), 11);
            index.write(List.of(c, other), 13);
        }
        try (DocumentIndex index = DocumentIndex.open(dir)) {
            assertEquals(13, index.checkpoint());
            assertEquals(Optional.of(a), index.findBySign(a.fiscalSign()));
            assertEquals(List.of(a, b), index.findByKkmShift(0xFFFF_FFFFL, 1), "the shift's documents, sign or not");
            assertEquals(List.of(c), index.findByKkmShift(0xFFFF_FFFFL, 2));
            assertEquals(List.of(other), index.findByKkmShift(5, 1));
            assertEquals(List.of(), index.findByKkmShift(5, 2));
        }
    }

    @Test
    void shouldKeepZReportsWithTheirDifferences() {
        ZReportEntry z = new ZReportEntry(7, 3, new byte[] {1, 2, 3}, new byte[] {4, 5},
            List.of("cash_sum: server 1.00, register 2.00", "revenue: server 1.00, register 2.00"));
        ZReportEntry none = new ZReportEntry(7, 4, new byte[] {9}, new byte[0], List.of());
        try (DocumentIndex index = DocumentIndex.open(dir)) {
            index.write(List.of(), List.of(z, none), 40);
            ZReportEntry found = index.findZReport(7, 3).orElseThrow();
            assertArrayEquals(z.serverZ(), found.serverZ());
            assertArrayEquals(z.registerZ(), found.registerZ());
            assertEquals(z.differences(), found.differences());
            ZReportEntry empty = index.findZReport(7, 4).orElseThrow();
            assertEquals(0, empty.registerZ().length);
            assertTrue(empty.differences().isEmpty());
            assertEquals(Optional.empty(), index.findZReport(7, 5));
            assertEquals(40, index.checkpoint());
        }
    }
}
