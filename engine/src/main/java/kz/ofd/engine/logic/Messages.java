package kz.ofd.engine.logic;

import kz.ofd.protocol.codec.MoneyCodec;
import kz.ofd.protocol.proto.Date;
import kz.ofd.protocol.proto.DateTime;
import kz.ofd.protocol.proto.KkmRegInfo;
import kz.ofd.protocol.proto.OfdRegInfo;
import kz.ofd.protocol.proto.OrgRegInfo;
import kz.ofd.protocol.proto.PosRegInfo;
import kz.ofd.protocol.proto.ServiceResponse;
import kz.ofd.protocol.proto.Time;

import java.time.Instant;
import java.time.LocalDateTime;

/**
 * Builders for the parts of answers the commands share: reg info, date-times, QR codes. Stateless.
 */
final class Messages {


    private Messages() {
    }

    /**
     * A complete reg info, always with kkm, pos and org (protocol-facts §8.1, §14.8), plus the OFD for 2.0.4.
     */
    static ServiceResponse regInfoService(KkmRegistration r, LogicSettings settings, int version) {
        ServiceResponse.RegInfo.Builder regInfo = ServiceResponse.RegInfo.newBuilder()
            .setKkm(KkmRegInfo.newBuilder()
                .setFnsKkmId(r.rnm())
                .setSerialNumber(r.serialNumber())
                .setKkmId(Long.toString(r.id())))
            .setPos(PosRegInfo.newBuilder()
                .setTitle(r.pointName())
                .setAddress(r.address())
                .setAddressKz(r.address())
                .setLatitude(0)
                .setLongitude(0))
            .setOrg(OrgRegInfo.newBuilder()
                .setTitle(r.orgName())
                .setAddress(r.address())
                .setAddressKz(r.address())
                .setInn(r.bin()));
        if (version >= 204) {
            regInfo.setOfd(OfdRegInfo.newBuilder()
                .setTitle(settings.ofdName())
                .setTitleKz(settings.ofdName())
                .setUrl(settings.checkUrl()));
        }
        return ServiceResponse.newBuilder().setRegInfo(regInfo).build();
    }

    static DateTime localDateTime(long epochMillis, LogicSettings settings) {
        LocalDateTime t = LocalDateTime.ofInstant(Instant.ofEpochMilli(epochMillis), settings.localZone());
        return DateTime.newBuilder()
            .setDate(Date.newBuilder().setYear(t.getYear()).setMonth(t.getMonthValue()).setDay(t.getDayOfMonth()))
            .setTime(Time.newBuilder().setHour(t.getHour()).setMinute(t.getMinute()).setSecond(t.getSecond()))
            .build();
    }

    /**
     * The receipt's QR content: {@code <check URL>?i=<sign>&f=<RNM>&s=<tenge.tiyn>&t=<yyyyMMddTHHmmss>}
     * (protocol-facts §7), with the ticket's own local time.
     */
    static String qrUrl(String checkUrl, long fiscalSign, String rnm, long totalTiyn, DateTime dt) {
        // The time is built by hand (yyyyMMdd'T'HHmmss) rather than with a DateTimeFormatter: this runs on the logic
        // thread for every ticket, and the formatter cost ~10 % of that thread in a profile. The validator guarantees
        // a four-digit year and in-range fields.
        StringBuilder url = new StringBuilder(checkUrl.length() + 72).append(checkUrl)
            .append("?i=").append(fiscalSign).append("&f=").append(rnm)
            .append("&s=").append(MoneyCodec.format(totalTiyn)).append("&t=");
        appendDigits(url, dt.getDate().getYear(), 1000);
        appendDigits(url, dt.getDate().getMonth(), 10);
        appendDigits(url, dt.getDate().getDay(), 10);
        url.append('T');
        appendDigits(url, dt.getTime().getHour(), 10);
        appendDigits(url, dt.getTime().getMinute(), 10);
        appendDigits(url, dt.getTime().getSecond(), 10);
        return url.toString();
    }

    /** Appends {@code value} zero-padded to as many digits as {@code topDivisor} has zeros plus one. */
    private static void appendDigits(StringBuilder out, int value, int topDivisor) {
        for (int divisor = topDivisor; divisor > 0; divisor /= 10) {
            out.append((char) ('0' + value / divisor % 10));
        }
    }

    /**
     * A validated protocol date-time (register's local time, no zone) as a {@link LocalDateTime}.
     */
    static LocalDateTime localDateTime(DateTime dt) {
        return LocalDateTime.of(dt.getDate().getYear(), dt.getDate().getMonth(), dt.getDate().getDay(),
            dt.getTime().getHour(), dt.getTime().getMinute(), dt.getTime().getSecond());
    }
}
