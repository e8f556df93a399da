package kz.ofd.engine.server;

/**
 * When each request still waiting for its answer on one connection arrived: a FIFO of {@link System#nanoTime()}
 * stamps, which works because a connection's answers come back in the order of its requests. (The one exception,
 * a busy refusal written at once while earlier requests of the same connection are still in the ring, swaps which
 * request gets which stamp; count and sum of the latencies stay exact.) Confined to the
 * connection's event loop; allocation-free except when more requests are in flight than ever before on the
 * connection (the array doubles).
 */
final class AnswerClock {

    /** What {@link #take} returns when no request is waiting. */
    static final long NONE = Long.MIN_VALUE;

    private long[] stamps = new long[4];
    private int head;
    private int size;

    /**
     * @param nanos when the request's frame was decoded
     */
    void started(long nanos) {
        if (size == stamps.length) {
            grow();
        }
        stamps[(head + size) & (stamps.length - 1)] = nanos;
        size++;
    }

    /**
     * @return the stamp of the oldest waiting request, removed; {@link #NONE} when none waits
     */
    long take() {
        if (size == 0) {
            return NONE;
        }
        long nanos = stamps[head];
        head = (head + 1) & (stamps.length - 1);
        size--;
        return nanos;
    }

    private void grow() {
        long[] bigger = new long[stamps.length * 2];
        for (int i = 0; i < size; i++) {
            bigger[i] = stamps[(head + i) & (stamps.length - 1)];
        }
        stamps = bigger;
        head = 0;
    }
}
