package kz.ofd.engine.launcher;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.function.LongSupplier;

/**
 * The server's time source ({@link OfdServer#start(ServerConfiguration, LongSupplier)}: epoch milliseconds) as a
 * {@link Clock}, for the parts that take one (the hosted cabinet: sessions, billing periods, the renewal scheduler),
 * so that a test that moves the server's clock moves them too. The JDK's clocks are the system clock, fixed or offset
 * by a constant; none reads a supplier, hence this subclass. UTC: the cabinet converts to Almaty time itself.
 */
final class ServerClock extends Clock {

    private final LongSupplier millis;
    private final ZoneId zone;

    /**
     * @param millis epoch milliseconds, read at every call
     */
    ServerClock(LongSupplier millis) {
        this(millis, ZoneOffset.UTC);
    }

    private ServerClock(LongSupplier millis, ZoneId zone) {
        this.millis = millis;
        this.zone = zone;
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    @Override
    public Clock withZone(ZoneId other) {
        return other.equals(zone) ? this : new ServerClock(millis, other);
    }

    @Override
    public long millis() {
        return millis.getAsLong();
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis.getAsLong());
    }
}
