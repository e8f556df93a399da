package kz.ofd.engine.launcher;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

final class ShutdownWatchdogTest {

    @Test
    void shouldHaltAStopThatTakesTooLong() {
        AtomicInteger halts = new AtomicInteger();
        ShutdownWatchdog watchdog = new ShutdownWatchdog(Duration.ofMillis(50), halts::incrementAndGet);
        watchdog.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> halts.get() == 1);
    }

    @Test
    void shouldStayQuietWhenTheStopFinishesInTime() {
        AtomicInteger halts = new AtomicInteger();
        ShutdownWatchdog watchdog = new ShutdownWatchdog(Duration.ofSeconds(2), halts::incrementAndGet);
        watchdog.start();
        watchdog.cancel();
        await().atMost(Duration.ofSeconds(5)).until(() -> !watchdog.armed());
        assertEquals(0, halts.get());
    }
}
