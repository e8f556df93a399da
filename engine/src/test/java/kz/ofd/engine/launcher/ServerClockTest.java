package kz.ofd.engine.launcher;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/**
 * The cabinet's view of the server: its clock reads the server's time source at every call, and its public URL is
 * the configured one or the bound address.
 */
final class ServerClockTest {

    @Test
    void shouldReadTheServersTimeSourceAtEveryCall() {
        AtomicLong millis = new AtomicLong(1_000);
        Clock clock = new ServerClock(millis::get);

        assertEquals(Instant.ofEpochMilli(1_000), clock.instant());
        millis.addAndGet(35L * 24 * 3_600_000);
        assertEquals(1_000 + 35L * 24 * 3_600_000, clock.millis(), "moving the server's clock moves this one");
        assertEquals(ZoneOffset.UTC, clock.getZone());
        assertSame(clock, clock.withZone(ZoneOffset.UTC));
        Clock almaty = clock.withZone(ZoneId.of("Asia/Almaty"));
        assertEquals(ZoneId.of("Asia/Almaty"), almaty.getZone());
        millis.set(5_000);
        assertEquals(5_000, almaty.millis(), "a zoned copy reads the same source");
    }

    @Test
    void shouldTakeTheConfiguredPublicUrlOrTheBoundAddress() {
        assertEquals("https://cabinet.example.kz", OfdServer.publicUrl("https://cabinet.example.kz/", "0.0.0.0", 8443));
        assertEquals("http://127.0.0.1:8443", OfdServer.publicUrl("", "0.0.0.0", 8443));
        assertEquals("http://10.0.0.5:9443", OfdServer.publicUrl("", "10.0.0.5", 9443));
        assertEquals("http://[::1]:8443", OfdServer.publicUrl("", "::1", 8443));
    }
}
