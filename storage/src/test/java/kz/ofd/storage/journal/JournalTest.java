package kz.ofd.storage.journal;

import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

final class JournalTest {

    @TempDir
    Path dir;

    @Test
    void shouldReportAnEmptyJournal() {
        try (Journal journal = Journal.open(dir)) {
            assertEquals(Journal.NO_INDEX, journal.lastIndex());
            assertEquals(0, journal.replay(Journal.NO_INDEX, (i, b, o, l) -> {
                throw new AssertionError("no record expected");
            }));
        }
    }

    @Test
    void shouldReplayEveryRecordInOrderAfterReopening() {
        List<Long> indexes = new ArrayList<>();
        try (Journal journal = Journal.open(dir)) {
            for (int i = 0; i < 100; i++) {
                byte[] record = ("record-" + i).getBytes(StandardCharsets.UTF_8);
                indexes.add(journal.append(record, 0, record.length));
            }
            ExpandableArrayBuffer buffer = new ExpandableArrayBuffer();
            int length = buffer.putStringWithoutLengthUtf8(3, "from a buffer");
            indexes.add(journal.append(buffer, 3, length));
            journal.sync();
            assertEquals(indexes.get(indexes.size() - 1), journal.lastIndex());
        }
        try (Journal journal = Journal.open(dir)) {
            List<String> seen = new ArrayList<>();
            List<Long> seenIndexes = new ArrayList<>();
            long count = journal.replay(Journal.NO_INDEX, (i, b, o, l) -> {
                seenIndexes.add(i);
                seen.add(b.getStringWithoutLengthUtf8(o, l));
            });
            assertEquals(101, count);
            assertEquals(indexes, seenIndexes);
            assertEquals("record-0", seen.get(0));
            assertEquals("from a buffer", seen.get(100));

            List<String> tail = new ArrayList<>();
            journal.replay(indexes.get(97), (i, b, o, l) -> tail.add(b.getStringWithoutLengthUtf8(o, l)));
            assertEquals(List.of("record-98", "record-99", "from a buffer"), tail);
        }
    }

    @Test
    void shouldReadOneRecordByIndexFromAnotherThreadWhileAppending() throws Exception {
        try (Journal journal = Journal.open(dir)) {
            List<Long> indexes = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                byte[] record = ("record-" + i).getBytes(StandardCharsets.UTF_8);
                indexes.add(journal.append(record, 0, record.length));
            }
            List<String> seen = new ArrayList<>();
            Thread reader = new Thread(() -> {
                for (int i : new int[] {7, 0, 9}) {
                    assertTrue(journal.read(indexes.get(i), (index, b, o, l) -> {
                        assertEquals(indexes.get(i), index);
                        seen.add(b.getStringWithoutLengthUtf8(o, l));
                    }));
                }
                assertFalse(journal.read(indexes.get(9) + 1_000, (index, b, o, l) -> seen.add("phantom")));
            });
            reader.start();
            byte[] more = "record-10".getBytes(StandardCharsets.UTF_8);
            journal.append(more, 0, more.length);
            reader.join(10_000);

            assertEquals(List.of("record-7", "record-0", "record-9"), seen);
        }
    }

    @Test
    void shouldRefuseToReplayFromAnIndexItDoesNotHave() {
        try (Journal journal = Journal.open(dir)) {
            byte[] record = {1, 2, 3};
            long index = journal.append(record, 0, record.length);
            IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> journal.replay(index + 1_000, (i, b, o, l) -> { }));
            assertTrue(e.getMessage().contains("no entry"), e.getMessage());
        }
    }

    @Test
    void shouldForceToDiskOnSyncRatherThanUseChroniclesNoOpDefault() {
        assertEquals(net.openhft.chronicle.bytes.SyncMode.SYNC, Journal.SYNC_MODE,
            "with SyncMode.NONE, Chronicle's sync() returns without writing anything: the sync durability would be a lie");
    }

    @Test
    void shouldFollowTheJournalFromAPositionAndCountWhatIsLeft() {
        try (Journal journal = Journal.open(dir)) {
            assertEquals(0, journal.countAfter(Journal.NO_INDEX));
            List<Long> indexes = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                byte[] record = ("r" + i).getBytes(StandardCharsets.UTF_8);
                indexes.add(journal.append(record, 0, record.length));
            }
            assertEquals(5, journal.countAfter(Journal.NO_INDEX));
            assertEquals(3, journal.countAfter(indexes.get(1)));
            assertEquals(0, journal.countAfter(indexes.get(4)));
            List<String> seen = new ArrayList<>();
            try (Journal.Reader reader = journal.reader(indexes.get(1))) {
                assertEquals(2, reader.read(2, (i, b, o, l) -> seen.add(b.getStringWithoutLengthUtf8(o, l))));
                assertEquals(1, reader.read(10, (i, b, o, l) -> seen.add(b.getStringWithoutLengthUtf8(o, l))));
                assertEquals(0, reader.read(10, (i, b, o, l) -> seen.add("none expected")));
                byte[] later = "r5".getBytes(StandardCharsets.UTF_8);
                journal.append(later, 0, later.length);
                assertEquals(1, reader.read(10, (i, b, o, l) -> seen.add(b.getStringWithoutLengthUtf8(o, l))),
                    "a record appended later is read next");
            }
            assertEquals(List.of("r2", "r3", "r4", "r5"), seen);
            assertThrows(IllegalStateException.class, () -> journal.reader(indexes.get(4) + 1_000));
        }
    }

    @Test
    void shouldReadRecordsByIndexFromAnyThreadAndSkipIndexesItDoesNotHave() throws Exception {
        try (Journal journal = Journal.open(dir)) {
            long[] indexes = new long[20];
            for (int i = 0; i < indexes.length; i++) {
                byte[] record = ("record-" + i).getBytes(StandardCharsets.UTF_8);
                indexes[i] = journal.append(record, 0, record.length);
            }
            List<String> read = new ArrayList<>();
            long[] wanted = {indexes[17], indexes[3], indexes[19] + 1_000, indexes[3]};
            int found = journal.read(wanted, (i, b, o, l) -> read.add(i + ":" + b.getStringWithoutLengthUtf8(o, l)));
            assertEquals(3, found, "an index past the end is skipped");
            assertEquals(List.of(indexes[17] + ":record-17", indexes[3] + ":record-3", indexes[3] + ":record-3"), read,
                "in the order asked, backwards too");
            List<String> other = new ArrayList<>();
            Thread t = new Thread(() -> journal.read(indexes[5], (i, b, o, l) -> other.add(b.getStringWithoutLengthUtf8(o, l))));
            t.start();
            t.join(10_000);
            assertEquals(List.of("record-5"), other, "another thread reads with its own tailer");
            byte[] later = "appended later".getBytes(StandardCharsets.UTF_8);
            long laterIndex = journal.append(later, 0, later.length);
            assertTrue(journal.read(laterIndex, (i, b, o, l) -> read.add(b.getStringWithoutLengthUtf8(o, l))),
                "a kept tailer sees what was appended after it was created");
            assertEquals("appended later", read.get(read.size() - 1));
        }
    }
}
