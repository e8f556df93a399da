package kz.ofd.engine.check;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The per-client token bucket, driven by a hand-moved clock.
 */
final class TokenBucketsTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void shouldAllowTheBurstThenOneTokenPerIntervalWithTheWaitInWholeSeconds() {
        TokenBuckets buckets = new TokenBuckets(6, 3, 100);   // a token every 10 s
        long t = 5 * SECOND;

        for (int i = 0; i < 3; i++) {
            assertEquals(0, buckets.take("10.0.0.1", t));
        }
        assertEquals(10, buckets.take("10.0.0.1", t));
        assertEquals(3, buckets.take("10.0.0.1", t + 7 * SECOND));
        assertEquals(0, buckets.take("10.0.0.1", t + 10 * SECOND));
        assertEquals(10, buckets.take("10.0.0.1", t + 10 * SECOND));
        assertEquals(0, buckets.take("10.0.0.2", t), "another address has its own bucket");
    }

    @Test
    void shouldNotSaveUpMoreThanTheBurst() {
        TokenBuckets buckets = new TokenBuckets(60, 2, 100);
        buckets.take("a", 0);

        long later = 3_600 * SECOND;
        assertEquals(0, buckets.take("a", later));
        assertEquals(0, buckets.take("a", later));
        assertEquals(1, buckets.take("a", later));
    }

    @Test
    void shouldForgetTheLeastRecentlySeenClientsBeyondTheLimit() {
        TokenBuckets buckets = new TokenBuckets(1, 1, 2);
        assertEquals(0, buckets.take("a", 0));
        assertEquals(0, buckets.take("b", 0));
        assertEquals(60, buckets.take("a", 0));   // a is now the most recent
        assertEquals(0, buckets.take("c", 0));    // b is dropped

        assertEquals(0, buckets.take("b", 0), "a dropped client starts again with a full bucket");
        assertEquals(60, buckets.take("c", 0));
    }

    @Test
    void shouldRefuseNonsenseSettings() {
        assertThrows(IllegalArgumentException.class, () -> new TokenBuckets(0, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new TokenBuckets(1, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new TokenBuckets(1, 1, 0));
    }
}
