package kz.ofd.engine.logic;

import org.agrona.collections.LongHashSet;

import java.util.ArrayDeque;

/**
 * Every ticket this OFD issued, as far as returns need it: who issued it, its operation and total, and how much of
 * it has been returned. Old tickets are read from the {@link TicketArchive} (the document index); the tickets and
 * returns the index does not have yet live in a window here, until the indexer reports them written through
 * {@link #indexedUpTo}. Fiscal signs are dense and issued in order, so the window is a circular buffer addressed by
 * sign, with no allocation per ticket.
 *
 * <p>A return is counted once even while it is both in the window and already in the index: returns are matched by
 * their own fiscal sign. Threading: {@link #indexedUpTo} from the indexer thread; everything else from the
 * business-logic thread.
 */
public final class TicketLedger {

    private static final int INITIAL_WINDOW = 1 << 12;

    private final TicketArchive archive;
    private volatile long indexedUpTo;

    private long base;          // sign before the window's first slot
    private int head;           // slot of sign base + 1
    private int size;
    private long[] kkmIds = new long[INITIAL_WINDOW];
    private long[] totals = new long[INITIAL_WINDOW];
    private byte[] operations = new byte[INITIAL_WINDOW];
    private final ArrayDeque<PendingReturn> pendingReturns = new ArrayDeque<>();
    private final LongHashSet archivedReturns = new LongHashSet();

    private record PendingReturn(long returnSign, long parentSign, long totalTiyn) {
    }

    /**
     * @param archive indexed tickets and returns
     */
    public TicketLedger(TicketArchive archive) {
        this.archive = archive;
    }

    /**
     * Reports that the archive now holds every ticket up to this sign (called after the index write completes).
     *
     * @param fiscalSign highest sign written, with all lower ones
     */
    public void indexedUpTo(long fiscalSign) {
        if (fiscalSign > indexedUpTo) {
            indexedUpTo = fiscalSign;
        }
    }

    /**
     * Records a ticket just issued.
     *
     * @param fiscalSign its sign, one above the previous ticket's
     * @param kkmId      issuing KKM
     * @param operation  operation number
     * @param totalTiyn  total in tiyn
     * @param parentSign for a return of a ticket this OFD issued, that ticket's sign, else 0
     */
    void issued(long fiscalSign, long kkmId, int operation, long totalTiyn, long parentSign) {
        prune();
        if (size == 0) {
            base = fiscalSign - 1;
        } else if (fiscalSign != base + size + 1) {
            throw new IllegalStateException("fiscal sign " + fiscalSign + " does not follow " + (base + size));
        }
        if (size == kkmIds.length) {
            grow();
        }
        int slot = (head + size) & (kkmIds.length - 1);
        kkmIds[slot] = kkmId;
        totals[slot] = totalTiyn;
        operations[slot] = (byte) operation;
        size++;
        if (parentSign != 0) {
            pendingReturns.addLast(new PendingReturn(fiscalSign, parentSign, totalTiyn));
        }
    }

    /**
     * @param fiscalSign a sign this OFD may have issued
     * @return the ticket, or {@code null} when neither the window nor the archive has it
     */
    IssuedTicket find(long fiscalSign) {
        prune();
        if (size > 0 && fiscalSign > base && fiscalSign <= base + size) {
            int slot = (int) ((head + (fiscalSign - base - 1)) & (kkmIds.length - 1));
            return new IssuedTicket(kkmIds[slot], operations[slot], totals[slot]);
        }
        return archive.find(fiscalSign);
    }

    /**
     * @param parentSign a ticket's sign
     * @return the sum of its accepted returns, in tiyn
     */
    long returnedTiyn(long parentSign) {
        prune();
        archivedReturns.clear();
        long[] sum = {0};
        archive.forEachReturn(parentSign, (returnSign, total) -> {
            archivedReturns.add(returnSign);
            sum[0] += total;
        });
        for (PendingReturn r : pendingReturns) {
            if (r.parentSign == parentSign && !archivedReturns.contains(r.returnSign)) {
                sum[0] += r.totalTiyn;
            }
        }
        return sum[0];
    }

    /**
     * @return tickets held in the window (not yet reported indexed)
     */
    public int windowSize() {
        return size;
    }

    private void prune() {
        long upTo = indexedUpTo;
        int mask = kkmIds.length - 1;
        while (size > 0 && base + 1 <= upTo) {
            head = (head + 1) & mask;
            base++;
            size--;
        }
        while (!pendingReturns.isEmpty() && pendingReturns.peekFirst().returnSign <= upTo) {
            pendingReturns.pollFirst();
        }
    }

    private void grow() {
        int length = kkmIds.length;
        long[] newKkms = new long[length * 2];
        long[] newTotals = new long[length * 2];
        byte[] newOperations = new byte[length * 2];
        for (int i = 0; i < size; i++) {
            int slot = (head + i) & (length - 1);
            newKkms[i] = kkmIds[slot];
            newTotals[i] = totals[slot];
            newOperations[i] = operations[slot];
        }
        kkmIds = newKkms;
        totals = newTotals;
        operations = newOperations;
        head = 0;
    }
}
