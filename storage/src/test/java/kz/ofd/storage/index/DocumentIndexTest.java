package kz.ofd.storage.index;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.DBOptions;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

final class DocumentIndexTest {

    private static final int BUY = 0;
    private static final int SELL = 2;
    private static final int SELL_RETURN = 3;

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
        DocumentEntry a = new DocumentEntry(1_000_000_001L, 0xFFFF_FFFFL, 1, 1, 10, 1_700_000_000_000L, false, SELL,
            150_000, 0);
        DocumentEntry b = DocumentEntry.document(0, 0xFFFF_FFFFL, 1, 6, 11, 1_700_000_000_001L, true);
        DocumentEntry c = new DocumentEntry(1_000_000_002L, 0xFFFF_FFFFL, 2, 1, 12, 1_700_000_000_002L, false, BUY,
            Long.MAX_VALUE, 0);
        DocumentEntry other = new DocumentEntry(1_000_000_003L, 5, 1, 1, 13, 1_700_000_000_003L, false, SELL, 0, 0);
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
    void shouldKeepXAndZReportsInShiftAndJournalOrder() {
        ZReportEntry closed = new ZReportEntry(7, 3, new byte[] {1, 2, 3}, new byte[] {4, 5},
            List.of("cash_sum: server 1.00, register 2.00"));
        ReportEntry x1 = ReportEntry.x(7, 3, 20, 1_000, new byte[] {7});
        ReportEntry x2 = ReportEntry.x(7, 3, 25, 2_000, new byte[] {8, 8});
        ReportEntry z = ReportEntry.z(closed, 30, 3_000);
        ReportEntry next = ReportEntry.x(7, 4, 31, 4_000, new byte[] {9});
        ReportEntry other = ReportEntry.x(8, 3, 26, 2_500, new byte[] {6});
        try (DocumentIndex index = DocumentIndex.open(dir)) {
            index.write(List.of(), List.of(), List.of(x2, other, x1), 26);
            index.write(List.of(), List.of(closed), List.of(z, next), 31);
            assertEquals(List.of(x1, x2, z), index.findReports(7, 3), "X reports in journal order, then the Z");
            ReportEntry read = index.findReports(7, 3).get(2);
            assertEquals(ReportEntry.Z, read.kind());
            assertArrayEquals(new byte[] {4, 5}, read.registerReport());
            assertEquals(List.of("cash_sum: server 1.00, register 2.00"), read.differences());
            assertEquals(List.of(next), index.findReports(7, 4));
            assertEquals(List.of(other), index.findReports(8, 3));
            assertEquals(List.of(x2, z), index.scanReports(7, 3, 20, 4, 2), "after a position, at most max");
            assertEquals(List.of(next), index.scanReports(7, 3, 30, 9, 10), "on into the next shift");
            assertEquals(List.of(x1, x2, z), index.scanReports(7, 0, -1, 3, 10), "up to the last shift");
            assertEquals(5, index.countEntries()[2], "five reports in all");
            assertTrue(index.findZReport(7, 3).isPresent(), "the Z by shift still");
            assertEquals(List.of(x1, z), index.findReports(7, 3, 1), "bounded: the first ones, then the last (the Z)");
            assertEquals(List.of(x1, x2, z), index.findReports(7, 3, 2));
            assertEquals(List.of(x1, x2, z), index.findReports(7, 3, 3));
            assertEquals(List.of(next), index.findReports(7, 4, 1));
            assertEquals(List.of(other), index.findReports(8, 3, 1));
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

    @Test
    void shouldKeepTheReturnsOfATicketBesideIt() {
        long parent = 1_000_000_010L;
        DocumentEntry sale = new DocumentEntry(parent, 9, 1, 1, 1, 1L, false, SELL, 10_000, 0);
        DocumentEntry first = new DocumentEntry(1_000_000_011L, 9, 1, 1, 2, 2L, false, SELL_RETURN, 3_000, parent);
        DocumentEntry foreign = new DocumentEntry(1_000_000_012L, 9, 1, 1, 3, 3L, false, SELL_RETURN, 500, 0);
        DocumentEntry second = new DocumentEntry(1_000_000_013L, 9, 1, 1, 4, 4L, true, SELL_RETURN, 2_000, parent);
        try (DocumentIndex index = DocumentIndex.open(dir)) {
            index.write(List.of(sale, first, foreign), 3);
            index.write(List.of(second), 4);
            assertEquals(List.of(new ReturnEntry(first.fiscalSign(), 3_000), new ReturnEntry(second.fiscalSign(), 2_000)),
                index.findReturns(parent));
            assertEquals(List.of(), index.findReturns(parent + 1), "the next sign's prefix is not the parent's");
            assertEquals(List.of(), index.findReturns(foreign.fiscalSign()));
            assertEquals(Optional.of(second), index.findBySign(second.fiscalSign()));
        }
    }

    @Test
    void shouldEmptyAnIndexOfAnOlderLayoutSoThatRecoveryRebuildsIt() throws RocksDBException {
        try (Options options = new Options().setCreateIfMissing(true); RocksDB old = RocksDB.open(options, dir.toString())) {
            old.put("stale".getBytes(StandardCharsets.US_ASCII), new byte[] {1});
        }
        try (DocumentIndex index = DocumentIndex.open(dir)) {
            assertFalse(index.wasRebuilt(), "an index without a checkpoint has nothing to rebuild");
            index.write(List.of(DocumentEntry.document(0, 1, 1, 6, 5, 1L, false)), 5);
        }
        try (DocumentIndex index = DocumentIndex.open(dir)) {
            assertFalse(index.wasRebuilt(), "the current layout is kept");
            assertEquals(5, index.checkpoint());
        }
    }

    @Test
    void shouldEmptyAnIndexWithACheckpointButNoLayoutVersion() throws RocksDBException {
        try (DocumentIndex index = DocumentIndex.open(dir)) {
            index.write(List.of(DocumentEntry.document(0, 1, 1, 6, 5, 1L, false)), 5);
        }
        raw((db, families) -> db.delete(families.get("meta"), "format".getBytes(StandardCharsets.US_ASCII)));   // layout 1
        try (DocumentIndex index = DocumentIndex.open(dir)) {
            assertTrue(index.wasRebuilt());
            assertEquals(DocumentIndex.NO_CHECKPOINT, index.checkpoint());
            assertEquals(List.of(), index.findByKkmShift(1, 1));
        }
    }

    @Test
    void shouldRefuseToVerifyAnIndexOfAnOlderLayoutWithThatReasonAndRebuildItAtTheNextStart() throws RocksDBException {
        try (DocumentIndex index = DocumentIndex.open(dir)) {
            index.write(List.of(DocumentEntry.document(0, 1, 1, 6, 5, 1L, false)), 5);
        }
        raw((db, families) -> db.dropColumnFamily(families.get("reports")));   // layout 2 had no reports column family
        IndexException e = assertThrows(IndexException.class, () -> DocumentIndex.openReadOnly(dir));
        assertTrue(e.getMessage().contains("older layout (no reports)") && e.getMessage().contains("next start rebuilds"),
            e.getMessage());
        try (DocumentIndex index = DocumentIndex.open(dir)) {
            assertEquals(5, index.checkpoint(), "a start adds the column family; the format key says whether to rebuild");
        }
    }

    /** A change made to the index's RocksDB directly, as an older version would have left it. */
    @FunctionalInterface
    private interface RawChange {
        void apply(RocksDB db, java.util.Map<String, ColumnFamilyHandle> families) throws RocksDBException;
    }

    private void raw(RawChange change) throws RocksDBException {
        List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
        try (Options options = new Options()) {
            for (byte[] name : RocksDB.listColumnFamilies(options, dir.toString())) {
                descriptors.add(new ColumnFamilyDescriptor(name));
            }
        }
        List<ColumnFamilyHandle> handles = new ArrayList<>();
        try (DBOptions options = new DBOptions(); RocksDB db = RocksDB.open(options, dir.toString(), descriptors, handles)) {
            java.util.Map<String, ColumnFamilyHandle> families = new java.util.HashMap<>();
            for (int i = 0; i < descriptors.size(); i++) {
                families.put(new String(descriptors.get(i).getName(), StandardCharsets.US_ASCII), handles.get(i));
            }
            change.apply(db, families);
            handles.forEach(ColumnFamilyHandle::close);
        }
    }

    @Test
    void shouldScanOneKkmsDocumentsAPageAtATimeInKeyOrder() {
        try (DocumentIndex index = DocumentIndex.open(dir)) {
            List<DocumentEntry> written = new ArrayList<>();
            long journal = 100;
            for (long kkm : new long[] {6, 7, 8}) {
                for (long shift = 1; shift <= 3; shift++) {
                    for (int i = 0; i < 4; i++) {
                        DocumentEntry e = new DocumentEntry(kkm * 1_000 + journal, kkm, shift, 1, journal++, journal, false,
                            SELL, 100, 0);
                        written.add(e);
                    }
                }
            }
            index.write(written, journal);
            List<DocumentEntry> ofSeven = written.stream().filter(e -> e.kkmId() == 7).toList();
            assertEquals(ofSeven, index.scanKkm(7, 0, -1, 0xFFFF_FFFFL, 100), "all of KKM 7, none of 6 or 8");
            List<DocumentEntry> paged = new ArrayList<>();
            long shift = 0;
            long after = -1;
            for (List<DocumentEntry> page = index.scanKkm(7, shift, after, 0xFFFF_FFFFL, 5); !page.isEmpty();
                 page = index.scanKkm(7, shift, after, 0xFFFF_FFFFL, 5)) {
                assertTrue(page.size() <= 5);
                paged.addAll(page);
                shift = page.get(page.size() - 1).shiftNumber();
                after = page.get(page.size() - 1).journalIndex();
            }
            assertEquals(ofSeven, paged, "pages continue after the last position, across shifts");
            assertEquals(ofSeven.subList(4, 8), index.scanKkm(7, 2, -1, 2, 100), "one shift");
            assertEquals(ofSeven.subList(6, 12), index.scanKkm(7, 2, ofSeven.get(5).journalIndex(), 3, 100));
            assertEquals(List.of(), index.scanKkm(9, 0, -1, 0xFFFF_FFFFL, 100), "a KKM without documents");
        }
    }
}
