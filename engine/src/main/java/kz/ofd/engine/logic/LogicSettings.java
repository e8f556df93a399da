package kz.ofd.engine.logic;

import java.time.ZoneOffset;
import java.util.Objects;

/**
 * Settings the business logic needs: the public receipt-check URL put in QR codes, the OFD's name for 2.0.4
 * reg info, and the local time zone of registers (Kazakhstan, UTC+5, no zone on the wire).
 *
 * @param checkUrl  base URL of the receipt check site, e.g. {@code http://consumer.example.kz}
 * @param ofdName   OFD name
 * @param localZone registers' local time offset
 */
public record LogicSettings(String checkUrl, String ofdName, ZoneOffset localZone) {

    /** Kazakhstan local time (protocol-facts §15.6). */
    public static final ZoneOffset KAZAKHSTAN = ZoneOffset.ofHours(5);

    /**
     * Null checks.
     */
    public LogicSettings {
        Objects.requireNonNull(checkUrl, "checkUrl");
        Objects.requireNonNull(ofdName, "ofdName");
        Objects.requireNonNull(localZone, "localZone");
    }
}
