package kz.ofd.engine.kgd;

import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.TreeMap;

/**
 * The daily KGD reconciliation: per day of receipt (Kazakhstan time), documents received, documents KGD confirmed,
 * how many of those were confirmed later than the deadline, and the longest wait. A day is complete once a document
 * of a later day is confirmed (documents are forwarded in journal order); its report is then written to
 * {@code data/reports/kgd-<date>.json} and it leaves the tally. The open days travel with the forwarder's position,
 * so a restart neither loses nor double-counts them. Forwarder thread only, except {@link #toJson()}.
 */
final class DailyTally {

    private static final ZoneOffset KAZAKHSTAN = ZoneOffset.ofHours(5);

    /** received, confirmed, late, longest wait in ms. */
    private final TreeMap<LocalDate, long[]> days = new TreeMap<>();
    private final Duration deadline;

    DailyTally(Duration deadline) {
        this.deadline = deadline;
    }

    static LocalDate day(long receivedAtMillis) {
        return LocalDate.ofInstant(Instant.ofEpochMilli(receivedAtMillis), KAZAKHSTAN);
    }

    synchronized void received(long receivedAtMillis) {
        row(day(receivedAtMillis))[0]++;
    }

    synchronized void confirmed(long receivedAtMillis, long nowMillis) {
        long[] row = row(day(receivedAtMillis));
        long waited = Math.max(0, nowMillis - receivedAtMillis);
        row[1]++;
        if (waited > deadline.toMillis()) {
            row[2]++;
        }
        row[3] = Math.max(row[3], waited);
    }

    /**
     * Removes and returns the days before the given one (complete once a document of that day is confirmed).
     *
     * @param day the day of the newest confirmed document
     * @return each complete day's report
     */
    synchronized Map<LocalDate, JsonObject> completeBefore(LocalDate day) {
        Map<LocalDate, JsonObject> complete = new TreeMap<>();
        while (!days.isEmpty() && days.firstKey().isBefore(day)) {
            Map.Entry<LocalDate, long[]> e = days.pollFirstEntry();
            complete.put(e.getKey(), report(e.getKey(), e.getValue()));
        }
        return complete;
    }

    private JsonObject report(LocalDate date, long[] row) {
        return new JsonObject().put("date", date.toString()).put("received", row[0]).put("confirmed", row[1])
            .put("confirmedWithinDeadline", row[1] - row[2]).put("confirmedLate", row[2])
            .put("unconfirmed", row[0] - row[1]).put("longestWaitSeconds", row[3] / 1000)
            .put("deadlineSeconds", deadline.toSeconds());
    }

    /** @return the open days, as persisted with the position and shown in the status */
    synchronized JsonObject toJson() {
        JsonObject json = new JsonObject();
        days.forEach((date, row) -> json.put(date.toString(), report(date, row)));
        return json;
    }

    /** Restores open days persisted by {@link #toJson()}. */
    synchronized void restore(JsonObject json) {
        for (String date : json.fieldNames()) {
            JsonObject r = json.getJsonObject(date);
            long confirmed = r.getLong("confirmed");
            days.put(LocalDate.parse(date), new long[] {r.getLong("received"), confirmed, r.getLong("confirmedLate"),
                r.getLong("longestWaitSeconds") * 1000});
        }
    }

    private long[] row(LocalDate day) {
        return days.computeIfAbsent(day, d -> new long[4]);
    }
}
