package kz.ofd.engine.system;

import io.vertx.core.json.JsonObject;
import kz.ofd.protocol.proto.ReportTypeEnum;
import kz.ofd.protocol.proto.Request;
import kz.ofd.protocol.proto.Response;
import kz.ofd.protocol.proto.ServiceRequest;
import kz.ofd.protocol.testing.Requests;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * An offline period reported on SYSTEM (not a document) is journaled, shown on the KKM's status and kept across a
 * restart; the period a client sends as begin = end on every request is not recorded.
 */
@ExtendWith(ServerLogWatcher.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
final class OfflinePeriodSystemTest {

    private static final long KKM = 500_001;
    private static final long TOKEN = 6_000_001;
    private static final LocalDateTime BEGIN = LocalDateTime.of(2026, 11, 22, 21, 10, 0);
    private static final LocalDateTime END = LocalDateTime.of(2026, 11, 23, 8, 45, 30);

    @TempDir
    Path dir;

    private EngineFixture ofd;

    @BeforeEach
    void start() throws Exception {
        ofd = new EngineFixture(dir);
        ofd.register(KKM, TOKEN);
    }

    @AfterEach
    void stop() {
        ofd.close();
    }

    private static Request withPeriod(Request request, LocalDateTime begin, LocalDateTime end) {
        Request.Builder b = request.toBuilder();
        b.getServiceBuilder().setOfflinePeriod(ServiceRequest.OfflinePeriod.newBuilder()
            .setBeginTime(Requests.dateTime(begin)).setEndTime(Requests.dateTime(end)));
        return b.build();
    }

    private JsonObject offline() throws Exception {
        return new JsonObject(ofd.get("/api/kkms/" + KKM).body()).getJsonObject("offline");
    }

    @Test
    void shouldRecordAnOfflinePeriodReportedOnSystemAndKeepItAcrossARestart() throws Exception {
        Response r = ofd.call(KKM, TOKEN, 1, withPeriod(Requests.system(false), BEGIN, END));
        assertEquals(0, r.getResult().getResultCode());
        Response everyRequest = ofd.call(KKM, TOKEN, 2, withPeriod(Requests.system(false), END, END));
        assertEquals(0, everyRequest.getResult().getResultCode());

        JsonObject offline = offline();
        assertEquals(1, offline.getInteger("periods"));
        assertEquals("2026-11-22T21:10", offline.getString("lastBegin"));
        assertEquals("2026-11-23T08:45:30", offline.getString("lastEnd"));

        ofd.restart();
        assertEquals(offline, offline());
    }

    @Test
    void shouldJournalAnXReportThatReportsAnOfflinePeriodAsBothRecords() throws Exception {
        Response x = ofd.call(KKM, TOKEN, 1, withPeriod(Requests.report(ReportTypeEnum.REPORT_X), BEGIN, END));
        assertEquals(0, x.getResult().getResultCode(), x.getResult().toString());
        JsonObject offline = offline();
        assertEquals(1, offline.getInteger("periods"));
        await().until(() -> ofd.server().index().findReports(KKM, 1).size() == 1);
        assertArrayEquals(x.getReport().getZxReport().toByteArray(),
            ofd.server().index().findReports(KKM, 1).get(0).serverReport());

        ofd.stop();
        kz.ofd.storage.journal.Journal journal = kz.ofd.storage.journal.Journal.open(dir.resolve("journal"));
        java.util.List<String> kinds = new java.util.ArrayList<>();
        try (journal) {
            journal.replay(kz.ofd.storage.journal.Journal.NO_INDEX, (index, buffer, offset, length) ->
                kinds.add(kz.ofd.engine.journal.OutcomeCodec.decode(buffer, offset, length).getClass().getSimpleName()));
        }
        assertEquals(java.util.List.of("KkmRegistered", "OfflinePeriodReported", "XReportIssued"), kinds,
            "the offline period first, then the X report");
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(dir.resolve("snapshots"))) {
            for (Path f : files.toList()) {
                java.nio.file.Files.delete(f);
            }
        }
        ofd.start();   // no snapshot: both records replayed
        assertEquals(offline, offline());
        assertEquals(1, ofd.server().index().findReports(KKM, 1).size());
    }
}
