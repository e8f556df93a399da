package kz.ofd.engine.system;

import io.vertx.core.json.JsonObject;
import kz.ofd.protocol.proto.ReportTypeEnum;
import kz.ofd.protocol.proto.Response;
import kz.ofd.protocol.testing.Requests;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Snapshots on a running server: taken on request and at shutdown, and used by the next start, which then replays
 * only what came after; the KKMs notice nothing (same answers, same retry answer, same reports).
 */
@ExtendWith(ServerLogWatcher.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
final class SnapshotSystemTest {

    private static final long KKM = 600_001;
    private static final long TOKEN = 7_000_001;

    @TempDir
    Path dir;

    private EngineFixture ofd;
    private EngineFixture.Kkm kkm;

    @BeforeEach
    void start() throws Exception {
        ofd = new EngineFixture(dir, c -> c.snapshotIntervalSeconds(0));
        kkm = ofd.kkm(KKM, TOKEN);
    }

    @AfterEach
    void stop() {
        ofd.close();
    }

    private long snapshotFiles() throws Exception {
        try (Stream<Path> files = Files.list(ofd.dataDir().resolve("snapshots"))) {
            return files.filter(p -> p.getFileName().toString().endsWith(".bin")).count();
        }
    }

    @Test
    void shouldTakeSnapshotsOnRequestAndAtShutdownAndStartFromThem() throws Exception {
        kkm.ok(Requests.moneyPlacement(true, 100_000));
        kkm.ok(Requests.ticket(2_000));
        HttpResponse<String> taken = ofd.post("/api/snapshots", "");
        assertEquals(201, taken.statusCode(), taken.body());
        long firstIndex = new JsonObject(taken.body()).getLong("journalIndex");
        HttpResponse<String> again = ofd.post("/api/snapshots", "");
        assertEquals(200, again.statusCode());
        assertFalse(new JsonObject(again.body()).getBoolean("written"), "nothing new: no second file");
        assertEquals(1, snapshotFiles());

        kkm.ok(Requests.ticket(3_000));
        kz.ofd.protocol.proto.Request last = Requests.ticket(4_000);
        long presented = kkm.token();
        Response lastAnswer = kkm.ok(last);
        int lastNumber = kkm.requestNumber();
        kz.ofd.protocol.proto.Request x = Requests.report(ReportTypeEnum.REPORT_X);   // same request time both times
        byte[] xBefore = kkm.ok(x).getReport().getZxReport().toByteArray();

        ofd.restart();   // a graceful stop writes a last snapshot
        assertEquals(2, snapshotFiles());
        assertTrue(ofd.server().recoveredFromSnapshot() > firstIndex, "started from the shutdown snapshot");
        assertEquals(0, ofd.server().recoveredRecords(), "nothing to replay after it");

        Response retry = ofd.call(KKM, presented, lastNumber, last);
        assertArrayEquals(lastAnswer.toByteArray(), retry.toByteArray(),
            "a retry of the last document gets the identical answer");
        byte[] xAfter = kkm.ok(x).getReport().getZxReport().toByteArray();
        assertArrayEquals(xBefore, xAfter);
        kkm.ok(Requests.ticket(5_000));
    }
}
