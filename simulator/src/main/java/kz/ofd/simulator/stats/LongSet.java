package kz.ofd.simulator.stats;

import java.util.Arrays;

/**
 * A thread-safe set of {@code long}s (open addressing, linear probing), so that millions of fiscal signs fit
 * without a boxed {@code Long} per entry.
 */
public final class LongSet {

    private static final long EMPTY = 0L;
    private static final int INITIAL_CAPACITY = 1 << 12;

    private long[] slots = new long[INITIAL_CAPACITY];
    private int size;
    private boolean hasZero;

    /**
     * @param value value to add
     * @return {@code true} if it was not in the set yet
     */
    public synchronized boolean add(long value) {
        if (value == EMPTY) {
            boolean added = !hasZero;
            hasZero = true;
            return added;
        }
        if ((size + 1) * 2 > slots.length) {
            grow();
        }
        if (!insert(slots, value)) {
            return false;
        }
        size++;
        return true;
    }

    /**
     * @return number of distinct values added
     */
    public synchronized long size() {
        return size + (hasZero ? 1 : 0);
    }

    private static boolean insert(long[] table, long value) {
        int mask = table.length - 1;
        int i = mix(value) & mask;
        while (table[i] != EMPTY) {
            if (table[i] == value) {
                return false;
            }
            i = (i + 1) & mask;
        }
        table[i] = value;
        return true;
    }

    private void grow() {
        long[] bigger = new long[slots.length * 2];
        Arrays.stream(slots).filter(v -> v != EMPTY).forEach(v -> insert(bigger, v));
        slots = bigger;
    }

    private static int mix(long value) {
        long h = value * 0x9E37_79B9_7F4A_7C15L;
        return (int) (h ^ (h >>> 32));
    }
}
