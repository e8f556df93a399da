package kz.ofd.engine.logic;

import kz.ofd.protocol.codec.MoneyCodec;
import kz.ofd.protocol.proto.Date;
import kz.ofd.protocol.proto.DateTime;
import kz.ofd.protocol.proto.Time;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

import static org.junit.jupiter.api.Assertions.assertEquals;

class MessagesTest {

    @ParameterizedTest
    @CsvSource({
        "2026, 11, 23, 15, 4, 5, 12345, 1999",
        "1000, 1, 1, 0, 0, 0, 1, 0",
        "9999, 12, 31, 23, 59, 59, 987654321012, 100000000000000",
        "2024, 2, 29, 9, 9, 9, 42, 99",
    })
    void qrUrlWritesTheTimeAsTheFormatterWould(int year, int month, int day, int hour, int minute, int second,
                                              long sign, long totalTiyn) {
        DateTime dt = DateTime.newBuilder()
            .setDate(Date.newBuilder().setYear(year).setMonth(month).setDay(day))
            .setTime(Time.newBuilder().setHour(hour).setMinute(minute).setSecond(second))
            .build();
        String expectedTime = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss")
            .format(LocalDateTime.of(year, month, day, hour, minute, second));

        String url = Messages.qrUrl("https://check.example/t", sign, "010101234567", totalTiyn, dt);

        assertEquals("https://check.example/t?i=" + sign + "&f=010101234567&s="
            + MoneyCodec.format(totalTiyn) + "&t=" + expectedTime, url);
    }
}
