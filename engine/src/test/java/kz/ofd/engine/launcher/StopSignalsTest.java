package kz.ofd.engine.launcher;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;

final class StopSignalsTest {

    @Test
    void shouldStopGracefullyOnTheFirstSignalAndForceOnTheSecond() {
        AtomicInteger graceful = new AtomicInteger();
        AtomicInteger forced = new AtomicInteger();
        StopSignals signals = new StopSignals(graceful::incrementAndGet, forced::incrementAndGet);

        signals.onSignal("TERM");
        assertEquals(1, graceful.get());
        assertEquals(0, forced.get());

        signals.onSignal("INT");
        assertEquals(1, graceful.get());
        assertEquals(1, forced.get());

        signals.onSignal("TERM");
        assertEquals(1, forced.get(), "nothing more after forcing");
    }
}
