package kz.ofd.engine.kgd;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The daily reconciliation counts by the day of receipt in Kazakhstan time, flags confirmations past the deadline,
 * completes a day when a later day's document is confirmed, and survives a restart through its JSON.
 */
final class DailyTallyTest {

    private static final Duration DEADLINE = Duration.ofMinutes(15);

    private static long at(int day, int hour, int minute) {
        return LocalDateTime.of(2026, 11, day, hour, minute).toInstant(ZoneOffset.ofHours(5)).toEpochMilli();
    }

    @Test
    void shouldCountByKazakhstanDayFlagLateConfirmationsAndCompleteDaysInOrder() {
        DailyTally tally = new DailyTally(DEADLINE);
        long lateEvening = at(22, 23, 55);
        long early = at(23, 0, 5);   // still the 22nd in UTC
        tally.received(lateEvening);
        tally.received(lateEvening);
        tally.received(early);
        tally.confirmed(lateEvening, lateEvening + Duration.ofMinutes(2).toMillis());
        tally.confirmed(lateEvening, lateEvening + Duration.ofMinutes(20).toMillis());
        assertTrue(tally.completeBefore(LocalDate.of(2026, 11, 22)).isEmpty(), "nothing before the 22nd");

        tally.confirmed(early, early + 1_000);
        Map<LocalDate, JsonObject> complete = tally.completeBefore(DailyTally.day(early));
        assertEquals(List.of(LocalDate.of(2026, 11, 22)), List.copyOf(complete.keySet()));
        JsonObject report = complete.get(LocalDate.of(2026, 11, 22));
        assertEquals(2, report.getLong("received"));
        assertEquals(2, report.getLong("confirmed"));
        assertEquals(1, report.getLong("confirmedWithinDeadline"));
        assertEquals(1, report.getLong("confirmedLate"));
        assertEquals(0, report.getLong("unconfirmed"));
        assertEquals(1_200, report.getLong("longestWaitSeconds"));
        assertEquals(List.of("2026-11-23"), List.copyOf(tally.toJson().fieldNames()), "the 23rd stays open");
    }

    @Test
    void shouldRestoreOpenDaysFromItsJson() {
        DailyTally tally = new DailyTally(DEADLINE);
        long t = at(23, 10, 0);
        tally.received(t);
        tally.received(t);
        tally.confirmed(t, t + 5_000);
        DailyTally restored = new DailyTally(DEADLINE);
        restored.restore(tally.toJson());
        assertEquals(tally.toJson(), restored.toJson());
    }
}
