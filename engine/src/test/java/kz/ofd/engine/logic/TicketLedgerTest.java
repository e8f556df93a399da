package kz.ofd.engine.logic;

import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.collections.LongLongConsumer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The ledger's window over the index: what is not indexed yet is answered from memory, what is indexed from the
 * archive, and a return in both is counted once.
 */
final class TicketLedgerTest {

    private static final int SELL = 2;
    private static final int SELL_RETURN = 3;
    private static final long FIRST = FiscalSigns.FIRST;

    /** An archive the test fills as the indexer would. */
    private static final class FakeArchive implements TicketArchive {
        final Long2ObjectHashMap<IssuedTicket> tickets = new Long2ObjectHashMap<>();
        final List<long[]> returns = new ArrayList<>();
        int reads;

        @Override
        public IssuedTicket find(long fiscalSign) {
            reads++;
            return tickets.get(fiscalSign);
        }

        @Override
        public void forEachReturn(long parentSign, LongLongConsumer returnSignAndTotal) {
            for (long[] r : returns) {
                if (r[0] == parentSign) {
                    returnSignAndTotal.accept(r[1], r[2]);
                }
            }
        }
    }

    private final FakeArchive archive = new FakeArchive();
    private final TicketLedger ledger = new TicketLedger(archive);

    @Test
    void unindexedTicketsAreAnsweredFromTheWindowWithoutReadingTheArchive() {
        ledger.issued(FIRST, 7, SELL, 10_000, 0);
        ledger.issued(FIRST + 1, 8, SELL, 20_000, 0);
        assertEquals(new IssuedTicket(8, SELL, 20_000), ledger.find(FIRST + 1));
        assertEquals(new IssuedTicket(7, SELL, 10_000), ledger.find(FIRST));
        assertEquals(0, archive.reads);
        assertNull(ledger.find(FIRST + 2));
        assertEquals(1, archive.reads, "outside the window the archive is asked");
    }

    @Test
    void indexedTicketsLeaveTheWindowAndAreReadFromTheArchive() {
        ledger.issued(FIRST, 7, SELL, 10_000, 0);
        ledger.issued(FIRST + 1, 7, SELL, 20_000, 0);
        archive.tickets.put(FIRST, new IssuedTicket(7, SELL, 10_000));
        ledger.indexedUpTo(FIRST);
        assertEquals(new IssuedTicket(7, SELL, 10_000), ledger.find(FIRST));
        assertEquals(1, ledger.windowSize());
        assertEquals(1, archive.reads);
        ledger.indexedUpTo(FIRST - 5);
        assertEquals(1, ledger.windowSize(), "the watermark never goes back");
    }

    @Test
    void aReturnIsCountedOnceWhileItIsBothInTheWindowAndIndexed() {
        ledger.issued(FIRST, 7, SELL, 10_000, 0);
        ledger.issued(FIRST + 1, 7, SELL_RETURN, 3_000, FIRST);
        ledger.issued(FIRST + 2, 7, SELL_RETURN, 2_000, FIRST);
        assertEquals(5_000, ledger.returnedTiyn(FIRST));
        archive.returns.add(new long[] {FIRST, FIRST + 1, 3_000});   // written, watermark not yet published
        assertEquals(5_000, ledger.returnedTiyn(FIRST));
        archive.returns.add(new long[] {FIRST, FIRST + 2, 2_000});
        ledger.indexedUpTo(FIRST + 2);
        assertEquals(5_000, ledger.returnedTiyn(FIRST));
        assertEquals(0, ledger.returnedTiyn(FIRST + 1));
        assertEquals(0, ledger.windowSize());
    }

    @Test
    void theWindowGrowsWhileTheIndexLagsAndKeepsEveryTicket() {
        int count = 10_000;
        ledger.indexedUpTo(FIRST + 99);
        for (int i = 0; i < count; i++) {
            ledger.issued(FIRST + i, i, SELL, i * 10L, 0);
            if (i == 100) {
                ledger.find(FIRST + i);   // prunes the first hundred
            }
        }
        assertEquals(count - 100, ledger.windowSize());
        for (int i = 100; i < count; i++) {
            assertEquals(new IssuedTicket(i, SELL, i * 10L), ledger.find(FIRST + i));
        }
        assertEquals(0, archive.reads);
    }

    @Test
    void signsMustFollowEachOther() {
        ledger.issued(FIRST, 7, SELL, 1, 0);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ledger.issued(FIRST + 2, 7, SELL, 1, 0));
        assertEquals("fiscal sign " + (FIRST + 2) + " does not follow " + FIRST, e.getMessage());
    }
}
