package kz.ofd.engine.check;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Per-client rate limit for the public check: one token bucket per client address, holding up to {@code burst}
 * tokens and refilled at {@code perMinute} tokens a minute; a request takes one token or is refused with the
 * seconds until the next one. The buckets of the least recently seen clients are dropped past {@code maxClients}
 * (a dropped client starts again with a full bucket, which costs an attacker as many addresses as the table holds).
 * Time is passed in, so tests need no clock. Synchronized: cheap next to a request, and safe from any thread.
 */
public final class TokenBuckets {

    private static final long NANOS_PER_MINUTE = 60_000_000_000L;

    private final int burst;
    private final long nanosPerToken;
    private final Map<String, long[]> buckets;

    /**
     * @param perMinute  tokens added per minute, at least 1
     * @param burst      bucket size, at least 1
     * @param maxClients most clients tracked at once
     */
    public TokenBuckets(int perMinute, int burst, int maxClients) {
        if (perMinute < 1 || burst < 1 || maxClients < 1) {
            throw new IllegalArgumentException("perMinute, burst and maxClients must be at least 1");
        }
        this.burst = burst;
        this.nanosPerToken = NANOS_PER_MINUTE / perMinute;
        this.buckets = new LinkedHashMap<>(1024, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, long[]> eldest) {
                return size() > maxClients;
            }
        };
    }

    /**
     * Takes a token for a client.
     *
     * @param client   the client's address
     * @param nowNanos a monotonic time ({@link System#nanoTime()})
     * @return 0 when the request may go on, else the whole seconds (at least 1) until the client has a token again
     */
    public synchronized long take(String client, long nowNanos) {
        // {tokens scaled by nanosPerToken, i.e. "credit" in nanoseconds, last update}
        long[] bucket = buckets.get(client);
        long capacity = burst * nanosPerToken;
        if (bucket == null) {
            bucket = new long[] {capacity, nowNanos};
            buckets.put(client, bucket);
        }
        long credit = Math.min(capacity, bucket[0] + Math.max(0, nowNanos - bucket[1]));
        bucket[1] = nowNanos;
        if (credit >= nanosPerToken) {
            bucket[0] = credit - nanosPerToken;
            return 0;
        }
        bucket[0] = credit;
        long waitNanos = nanosPerToken - credit;
        return Math.max(1, (waitNanos + 999_999_999L) / 1_000_000_000L);
    }
}
