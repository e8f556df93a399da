package kz.ofd.engine.system;

import io.vertx.core.json.JsonObject;
import kz.ofd.protocol.proto.ReportTypeEnum;
import kz.ofd.protocol.proto.Response;
import kz.ofd.protocol.testing.Requests;
import org.agrona.IoUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * State survives a restart on the same data directory (it is rebuilt from the journal), and the index can be
 * deleted and rebuilt.
 */
@ExtendWith(ServerLogWatcher.class)
@Timeout(value = 90, unit = TimeUnit.SECONDS)
final class RestartSystemTest {

    private static final long KKM = 3_000_000_000L;
    private static final long TOKEN = 123_456;

    @TempDir
    Path dir;

    @Test
    void shouldKeepTokensStoredAnswersAndCountersAcrossARestart() throws Exception {
        try (EngineFixture ofd = new EngineFixture(dir)) {
            ofd.register(KKM, TOKEN);
            long token = TOKEN;
            for (int reqNum = 1; reqNum <= 5; reqNum++) {
                ofd.call(KKM, token, reqNum, Requests.ticket(1_000L * reqNum));
                token = ofd.lastHeaderToken;
            }
            Response lastAnswer = ofd.call(KKM, token, 6, Requests.moneyPlacement(true, 700));
            long presented = token;
            token = ofd.lastHeaderToken;

            ofd.restart();

            Response retry = ofd.call(KKM, presented, 6, Requests.moneyPlacement(true, 700));
            assertArrayEquals(lastAnswer.toByteArray(), retry.toByteArray(), "stored answer survives the restart");
            assertEquals(token, ofd.lastHeaderToken);

            Response x = ofd.call(KKM, token, 7, Requests.report(ReportTypeEnum.REPORT_X));
            assertEquals(5, KkmProtocolSystemTest.sell(x.getReport().getZxReport()).getTicketsCount());
            assertEquals(15_000 + 700, KkmProtocolSystemTest.tiyn(x.getReport().getZxReport().getCashSum()));

            Response next = ofd.call(KKM, token, 8, Requests.ticket(100));
            assertEquals(0, next.getResult().getResultCode(), "the last issued token still works");
            assertNotEquals(token, ofd.lastHeaderToken);
            assertEquals(409, ofd.registerKkm(KKM, 1).statusCode(), "the registration itself was journaled");
        }
    }

    @Test
    void shouldRebuildADeletedIndexFromTheJournal() throws Exception {
        String sign;
        try (EngineFixture ofd = new EngineFixture(dir)) {
            ofd.register(KKM, TOKEN);
            sign = ofd.call(KKM, TOKEN, 1, Requests.ticket(4_200)).getTicket().getTicketNumber();
            ofd.call(KKM, ofd.lastHeaderToken, 2, Requests.closeShift());
            await().until(() -> ofd.get("/api/kkms/" + KKM + "/shifts/1/z-report").statusCode() == 200);
        }
        IoUtil.delete(dir.resolve("index").toFile(), false);
        try (EngineFixture ofd = new EngineFixture(dir)) {
            HttpResponse<String> found = ofd.get("/api/documents/" + sign);
            assertEquals(200, found.statusCode(), found.body());
            JsonObject doc = new JsonObject(found.body());
            assertEquals(sign, doc.getString("fiscalSign"));
            assertEquals(KKM, doc.getLong("kkmId"));
            assertEquals(1, doc.getLong("shift"));
            assertEquals(404, ofd.get("/api/documents/1").statusCode());
            assertEquals(200, ofd.get("/api/kkms/" + KKM + "/shifts/1/z-report").statusCode(), "Z reports are rebuilt too");
        }
    }
}
