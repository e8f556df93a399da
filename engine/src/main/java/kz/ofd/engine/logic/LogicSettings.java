package kz.ofd.engine.logic;

import kz.ofd.protocol.proto.DateTime;

import java.time.ZoneOffset;
import java.util.Objects;

/**
 * Settings the business logic needs: the public receipt-check URL put in QR codes, the OFD's name for 2.0.4
 * reg info, and the local time zone of registers (Kazakhstan, UTC+5, no zone on the wire).
 *
 * @param checkUrl       base URL of the receipt check site, e.g. {@code http://consumer.example.kz}
 * @param ofdName        OFD name
 * @param localZone      registers' local time offset
 * @param shiftMaxMillis how long a shift may stay open before online documents get OPEN_SHIFT_TIMEOUT_EXPIRED
 */
public record LogicSettings(String checkUrl, String ofdName, ZoneOffset localZone, long shiftMaxMillis) {

    /** The legal shift limit: 24 hours. */
    public static final long SHIFT_MAX_DEFAULT_MILLIS = 24L * 60 * 60 * 1000;

    /** Kazakhstan local time (protocol-facts §15.6). */
    public static final ZoneOffset KAZAKHSTAN = ZoneOffset.ofHours(5);

    /**
     * Null and range checks.
     */
    public LogicSettings {
        Objects.requireNonNull(checkUrl, "checkUrl");
        Objects.requireNonNull(ofdName, "ofdName");
        Objects.requireNonNull(localZone, "localZone");
        if (shiftMaxMillis <= 0) {
            throw new IllegalArgumentException("shiftMaxMillis must be positive: " + shiftMaxMillis);
        }
    }

    /**
     * Settings with the legal 24-hour shift limit.
     *
     * @param checkUrl  base URL of the receipt check site
     * @param ofdName   OFD name
     * @param localZone registers' local time offset
     */
    public LogicSettings(String checkUrl, String ofdName, ZoneOffset localZone) {
        this(checkUrl, ofdName, localZone, SHIFT_MAX_DEFAULT_MILLIS);
    }

    /**
     * @param dt a validated register date-time (local time, no zone)
     * @return the instant it names in {@link #localZone}, epoch milliseconds
     */
    public long epochMillis(DateTime dt) {
        return Messages.localDateTime(dt).toInstant(localZone).toEpochMilli();
    }
}
