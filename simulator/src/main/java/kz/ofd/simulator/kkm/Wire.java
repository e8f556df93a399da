package kz.ofd.simulator.kkm;

import kz.ofd.protocol.codec.MoneyCodec;
import kz.ofd.protocol.proto.Date;
import kz.ofd.protocol.proto.DateTime;
import kz.ofd.protocol.proto.Money;
import kz.ofd.protocol.proto.Operator;
import kz.ofd.protocol.proto.Time;

import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Small builders for protocol value types.
 */
final class Wire {

    /** Kazakhstan local time (UTC+5); document times go on the wire without a zone. */
    static final ZoneOffset KAZAKHSTAN = ZoneOffset.ofHours(5);

    /** The cashier every simulated document names. */
    static final Operator OPERATOR = Operator.newBuilder().setCode(1).setName("Кассир").build();

    private Wire() {
    }

    static Money money(long tiyn) {
        return MoneyCodec.fromTiyn(tiyn);
    }

    static DateTime dateTime(LocalDateTime t) {
        return DateTime.newBuilder()
            .setDate(Date.newBuilder().setYear(t.getYear()).setMonth(t.getMonthValue()).setDay(t.getDayOfMonth()))
            .setTime(Time.newBuilder().setHour(t.getHour()).setMinute(t.getMinute()).setSecond(t.getSecond()))
            .build();
    }
}
