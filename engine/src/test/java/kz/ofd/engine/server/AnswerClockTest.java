package kz.ofd.engine.server;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The per-connection FIFO of request arrival stamps.
 */
final class AnswerClockTest {

    @Test
    void shouldGiveStampsBackInArrivalOrderAcrossWrapAndGrowth() {
        AnswerClock clock = new AnswerClock();
        long next = 1;
        long expected = 1;
        for (int round = 0; round < 50; round++) {
            int inFlight = round % 13 + 1;   // up to 13 in flight: wraps the first array and grows it twice
            for (int i = 0; i < inFlight; i++) {
                clock.started(next++);
            }
            for (int i = 0; i < inFlight; i++) {
                assertEquals(expected++, clock.take());
            }
        }
        assertEquals(AnswerClock.NONE, clock.take());
    }

    @Test
    void shouldSayNoneWhenNothingWaits() {
        AnswerClock clock = new AnswerClock();
        assertEquals(AnswerClock.NONE, clock.take());
        clock.started(-5);   // nanoTime may be negative
        assertEquals(-5, clock.take());
        assertEquals(AnswerClock.NONE, clock.take());
    }

    @Test
    void shouldKeepOrderWhenGrowingWithAWrappedHead() {
        AnswerClock clock = new AnswerClock();
        for (long i = 0; i < 3; i++) {
            clock.started(i);
        }
        assertEquals(0, clock.take());
        assertEquals(1, clock.take());
        for (long i = 3; i < 10; i++) {
            clock.started(i);   // head is at 2: the copy into the bigger array must unwrap
        }
        for (long i = 2; i < 10; i++) {
            assertEquals(i, clock.take());
        }
    }
}
