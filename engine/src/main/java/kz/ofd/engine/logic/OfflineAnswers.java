package kz.ofd.engine.logic;

import org.agrona.collections.Long2ObjectHashMap;

/**
 * The answers to a KKM's most recent offline tickets, by offline ticket number, so that a re-send of an offline
 * ticket already accepted gets its original answer instead of a second fiscal sign (protocol-facts §14.7).
 * Bounded: a register re-sends an offline document when it lost the answer, i.e. soon, so the oldest entries
 * are dropped first. Business-logic thread only.
 */
final class OfflineAnswers {

    /** Offline answers kept per KKM. */
    static final int CAPACITY = 256;

    private final Long2ObjectHashMap<byte[]> answers = new Long2ObjectHashMap<>();
    private final long[] order = new long[CAPACITY];
    private int next;
    private int size;

    byte[] get(long offlineNumber) {
        return answers.get(offlineNumber);
    }

    void put(long offlineNumber, byte[] answer) {
        if (answers.put(offlineNumber, answer) != null) {
            return;
        }
        if (size == CAPACITY) {
            answers.remove(order[next]);
        } else {
            size++;
        }
        order[next] = offlineNumber;
        next = (next + 1) % CAPACITY;
    }

    /**
     * @return the offline numbers held, oldest first (the order {@link #put} must see them again to rebuild this)
     */
    long[] numbersOldestFirst() {
        long[] numbers = new long[size];
        int start = (next - size + CAPACITY) % CAPACITY;
        for (int i = 0; i < size; i++) {
            numbers[i] = order[(start + i) % CAPACITY];
        }
        return numbers;
    }
}
