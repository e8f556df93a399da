package kz.ofd.benchmarks.e2e;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Where the measured window opens and closes, from a run's progress lines. */
final class MeasuredWindowTest {

    private final List<String> calls = new ArrayList<>();

    private MeasuredWindow window(int warmup, int seconds, int duration) {
        return new MeasuredWindow(warmup, seconds, duration, () -> calls.add("open"), () -> calls.add("middle"),
            () -> calls.add("close"));
    }

    private static void feed(MeasuredWindow w, long... answersPerSecond) {
        long total = 0;
        w.tick(new SimulatorRun.Tick(0, 0, 0, 0));
        for (int s = 1; s <= answersPerSecond.length; s++) {
            total += answersPerSecond[s - 1];
            w.tick(new SimulatorRun.Tick(s, total, 0, s * 1_000_000_000L));
        }
    }

    @Test
    void opensWarmupSecondsAfterTheFirstAnswerNotAfterTheStart() {
        MeasuredWindow w = window(2, 3, 12);
        feed(w, 0, 0, 0, 10, 100, 100, 100, 100, 100, 100, 100);
        assertEquals(6, w.open().second(), "first answers at second 4, warm-up 2");
        assertEquals(9, w.close().second());
        assertEquals(2, w.warmupSeconds());
        assertEquals(List.of("open", "middle", "close"), calls);
    }

    @Test
    void aLongRampShortensTheWarmupRatherThanTheWindow() {
        MeasuredWindow w = window(5, 3, 10);
        feed(w, 0, 0, 0, 0, 0, 50, 100, 100, 100);
        assertEquals(6, w.open().second(), "the last second that still leaves 3 s before second 9");
        assertEquals(9, w.close().second());
        assertEquals(0, w.warmupSeconds());
    }

    @Test
    void noAnswerNoWindow() {
        MeasuredWindow w = window(1, 2, 6);
        feed(w, 0, 0, 0, 0, 0);
        assertNull(w.open());
        assertNull(w.close());
        assertEquals(List.of(), calls);
        assertEquals(-1, w.warmupSeconds());
    }
}
