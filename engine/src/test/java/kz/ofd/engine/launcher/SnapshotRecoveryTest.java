package kz.ofd.engine.launcher;

import kz.ofd.engine.journal.OutcomeCodec;
import kz.ofd.engine.logic.BusinessLogic;
import kz.ofd.engine.logic.LogicFixture;
import kz.ofd.engine.logic.StateSnapshot;
import kz.ofd.protocol.proto.OperationTypeEnum;
import kz.ofd.protocol.testing.Requests;
import kz.ofd.storage.index.DocumentIndex;
import kz.ofd.storage.index.ReturnEntry;
import kz.ofd.storage.journal.Journal;
import kz.ofd.storage.snapshot.SnapshotStore;
import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Recovery from a snapshot plus the journal after it gives exactly the state of a full replay; a corrupt snapshot,
 * or one ahead of the journal, is skipped for an older one or a full replay; an index behind the snapshot is still
 * filled from the journal, returns included. A snapshot an older server wrote in format 1 is skipped the same way.
 */
final class SnapshotRecoveryTest {

    private static final long A = 11;
    private static final long B = 22;

    @TempDir
    Path dir;

    private final ExpandableArrayBuffer buf = new ExpandableArrayBuffer(256);
    private final LogicFixture live = new LogicFixture();
    private int appended;
    private long saleSign;
    private long returnSign;

    /** Journals what the live logic accepted since the last call, as the ring would. */
    private long journalNew(Journal journal) {
        List<LogicFixture.Accepted> all = live.accepted();
        for (; appended < all.size(); appended++) {
            LogicFixture.Accepted d = all.get(appended);
            int length = OutcomeCodec.encodeDocument(buf, LogicFixture.RECEIVED_AT, d.header(), d.command(), d.newToken(),
                d.fiscalSign(), d.shiftNumber(), d.request(), d.answer(), d.parentSign());
            journal.append(buf, 0, length);
        }
        return journal.lastIndex();
    }

    private void register(Journal journal, long id, long token) {
        int length = OutcomeCodec.encodeRegistration(buf, LogicFixture.RECEIVED_AT, LogicFixture.registration(id, token));
        journal.append(buf, 0, length);
    }

    /**
     * Two snapshots along a day: after the morning, and after a sale and its return.
     *
     * @return journal indexes of the two snapshots
     */
    private long[] dayWithSnapshots(Journal journal, SnapshotStore store) {
        LogicFixture.Kkm a = live.register(A, 100);
        register(journal, A, 100);
        LogicFixture.Kkm b = live.register(B, 200);
        register(journal, B, 200);
        a.ok(Requests.moneyPlacement(true, 100_000));
        b.ok(Requests.ticket(4_000));
        long first = journalNew(journal);
        store.write(first, StateSnapshot.write(live.logic()));

        saleSign = Long.parseLong(a.ok(Requests.ticket(10_000)).getTicket().getTicketNumber());
        returnSign = Long.parseLong(a.ok(Requests.withParentTicket(Requests.ticket(OperationTypeEnum.OPERATION_SELL_RETURN,
            2_500), Long.toString(saleSign), LogicFixture.RNM, LogicFixture.DOCUMENT_TIME, 10_000))
            .getTicket().getTicketNumber());
        a.ok(Requests.closeShift());
        long second = journalNew(journal);
        store.write(second, StateSnapshot.write(live.logic()));

        b.ok(Requests.ticket(300));
        a.ok(Requests.moneyPlacement(false, 1_000));
        journalNew(journal);
        return new long[] {first, second};
    }

    @Test
    void shouldStartFromTheNewestSnapshotAndReplayOnlyWhatFollows() {
        SnapshotStore store = new SnapshotStore(dir.resolve("snapshots"), 3);
        try (Journal journal = Journal.open(dir.resolve("journal"));
             DocumentIndex index = DocumentIndex.open(dir.resolve("index"))) {
            long[] snapshots = dayWithSnapshots(journal, store);
            Recovery.run(journal, index, LogicFixture.freshLogic());   // the index is complete now

            Recovery.Result result = Recovery.run(journal, index, LogicFixture::freshLogic, store);

            assertEquals(snapshots[1], result.report().snapshotIndex());
            assertEquals(0, result.report().snapshotsSkipped());
            assertEquals(2, result.report().records(), "only the two records after the snapshot are read");
            assertArrayEquals(StateSnapshot.write(live.logic()), StateSnapshot.write(result.logic()));
        }
    }

    @Test
    void shouldFillAnIndexThatLagsBehindTheSnapshotReturnsIncluded() {
        SnapshotStore store = new SnapshotStore(dir.resolve("snapshots"), 3);
        try (Journal journal = Journal.open(dir.resolve("journal"));
             DocumentIndex index = DocumentIndex.open(dir.resolve("index"))) {
            long[] snapshots = dayWithSnapshots(journal, store);

            Recovery.Result result = Recovery.run(journal, index, LogicFixture::freshLogic, store);

            assertEquals(snapshots[1], result.report().snapshotIndex());
            assertEquals(live.accepted().size(), result.report().indexed(), "every document indexed");
            assertEquals(List.of(new ReturnEntry(returnSign, 2_500)), index.findReturns(saleSign),
                "the return, journaled before the snapshot, is indexed from its record");
            assertEquals(journal.lastIndex(), index.checkpoint());
            assertArrayEquals(StateSnapshot.write(live.logic()), StateSnapshot.write(result.logic()));
        }
    }

    @Test
    void shouldSkipACorruptSnapshotForTheOlderOne() throws IOException {
        SnapshotStore store = new SnapshotStore(dir.resolve("snapshots"), 3);
        try (Journal journal = Journal.open(dir.resolve("journal"));
             DocumentIndex index = DocumentIndex.open(dir.resolve("index"))) {
            long[] snapshots = dayWithSnapshots(journal, store);
            Path newest = store.newestFirst().get(0);
            byte[] bytes = Files.readAllBytes(newest);
            bytes[bytes.length / 2] ^= 0x40;
            Files.write(newest, bytes);

            Recovery.Result result = Recovery.run(journal, index, LogicFixture::freshLogic, store);

            assertEquals(snapshots[0], result.report().snapshotIndex());
            assertEquals(1, result.report().snapshotsSkipped());
            assertArrayEquals(StateSnapshot.write(live.logic()), StateSnapshot.write(result.logic()));
        }
    }

    @Test
    void shouldSkipASnapshotAheadOfTheJournal() {
        SnapshotStore store = new SnapshotStore(dir.resolve("snapshots"), 3);
        try (Journal journal = Journal.open(dir.resolve("journal"));
             DocumentIndex index = DocumentIndex.open(dir.resolve("index"))) {
            long[] snapshots = dayWithSnapshots(journal, store);
            store.write(journal.lastIndex() + 1_000, new byte[] {1});   // e.g. the journal lost its page cache
            BusinessLogic[] made = {null};

            Recovery.Result result = Recovery.run(journal, index, () -> made[0] = LogicFixture.freshLogic(), store);

            assertEquals(1, result.report().snapshotsSkipped());
            assertEquals(snapshots[1], result.report().snapshotIndex());
            assertArrayEquals(StateSnapshot.write(live.logic()), StateSnapshot.write(result.logic()));
            assertEquals(made[0], result.logic(), "a fresh logic per attempt");
        }
    }

    @Test
    void shouldReplayInFullWithoutUsableSnapshots() throws IOException {
        SnapshotStore store = new SnapshotStore(dir.resolve("snapshots"), 3);
        try (Journal journal = Journal.open(dir.resolve("journal"));
             DocumentIndex index = DocumentIndex.open(dir.resolve("index"))) {
            dayWithSnapshots(journal, store);
            for (Path file : store.newestFirst()) {
                Files.write(file, new byte[] {0});
            }

            Recovery.Result result = Recovery.run(journal, index, LogicFixture::freshLogic, store);

            assertEquals(2, result.report().snapshotsSkipped());
            assertEquals(Journal.NO_INDEX, result.report().snapshotIndex());
            assertArrayEquals(StateSnapshot.write(live.logic()), StateSnapshot.write(result.logic()));
        }
    }

    /**
     * An older server's snapshot (format 1: the format number, the last sign, the KKM count as fixed-width
     * big-endian numbers) is not read: recovery takes the older snapshot, or replays the journal in full.
     */
    @Test
    void shouldSkipASnapshotOfTheOlderFormatForAnOlderOneOrAFullReplay() {
        SnapshotStore store = new SnapshotStore(dir.resolve("snapshots"), 3);
        try (Journal journal = Journal.open(dir.resolve("journal"));
             DocumentIndex index = DocumentIndex.open(dir.resolve("index"))) {
            long[] snapshots = dayWithSnapshots(journal, store);
            byte[] formatOne = java.nio.ByteBuffer.allocate(16).putInt(1).putLong(live.logic().lastFiscalSign())
                .putInt(0).array();
            assertEquals(1, StateSnapshot.format(formatOne));
            store.write(snapshots[1], formatOne);

            Recovery.Result result = Recovery.run(journal, index, LogicFixture::freshLogic, store);

            assertEquals(snapshots[0], result.report().snapshotIndex(), "the older snapshot, of this format");
            assertEquals(1, result.report().snapshotsSkipped());
            assertArrayEquals(StateSnapshot.write(live.logic()), StateSnapshot.write(result.logic()));

            store.write(snapshots[0], formatOne);
            Recovery.Result replayed = Recovery.run(journal, index, LogicFixture::freshLogic, store);

            assertEquals(Journal.NO_INDEX, replayed.report().snapshotIndex(), "no snapshot of this format: full replay");
            assertEquals(2, replayed.report().snapshotsSkipped());
            assertArrayEquals(StateSnapshot.write(live.logic()), StateSnapshot.write(replayed.logic()));
        }
    }
}
