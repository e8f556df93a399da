package kz.ofd.engine.system;

import io.vertx.core.json.JsonObject;
import kz.ofd.protocol.frame.FrameHeader;
import kz.ofd.protocol.frame.KkmFrame;
import kz.ofd.protocol.proto.Response;
import kz.ofd.protocol.proto.ResultTypeEnum;
import kz.ofd.protocol.proto.TicketAdTypeEnum;
import kz.ofd.protocol.testing.RawKkmConnection;
import kz.ofd.protocol.testing.Requests;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Server-side blocking through the management port, and the header versions the server accepts.
 */
@ExtendWith(ServerLogWatcher.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
final class BlockingSystemTest {

    private static final long KKM = 4_242;
    private static final long TOKEN = 99;
    private static final String REASON = "Тариф не оплачен: пополните лицевой счёт в кабинете ОФД";

    @TempDir
    Path dir;

    @Test
    void shouldAnswerBlockedWithTheReasonUntilUnblockedAcrossARestart() throws Exception {
        try (EngineFixture ofd = new EngineFixture(dir)) {
            ofd.register(KKM, TOKEN);
            String block = new JsonObject().put("reason", REASON).encode();
            assertEquals(200, ofd.post("/api/kkms/" + KKM + "/block", block).statusCode());

            assertBlocked(ofd.call(KKM, TOKEN, 1, Requests.ticket(100)));
            assertBlocked(ofd.call(KKM, TOKEN, 2, Requests.system(true)));
            assertEquals(TOKEN, ofd.lastHeaderToken, "nothing rotates while blocked");

            ofd.restart();
            assertBlocked(ofd.call(KKM, TOKEN, 3, Requests.system(false)));

            assertEquals(200, ofd.post("/api/kkms/" + KKM + "/unblock", "").statusCode());
            assertEquals(0, ofd.call(KKM, TOKEN, 4, Requests.system(true)).getResult().getResultCode());
            assertEquals(0, ofd.call(KKM, TOKEN, 5, Requests.ticket(100)).getResult().getResultCode());
        }
    }

    @Test
    void shouldRefuseBlockingAnUnknownKkmOrWithoutAReason() throws Exception {
        try (EngineFixture ofd = new EngineFixture(dir)) {
            ofd.register(KKM, TOKEN);
            assertEquals(404, ofd.post("/api/kkms/5/block", new JsonObject().put("reason", "x").encode()).statusCode());
            assertEquals(400, ofd.post("/api/kkms/" + KKM + "/block", "{}").statusCode());
            assertEquals(400, ofd.post("/api/kkms/abc/unblock", "").statusCode());
            assertEquals(0, ofd.call(KKM, TOKEN, 1, Requests.ticket(100)).getResult().getResultCode());
        }
    }

    @Test
    void shouldAcceptVersions202To204AndRefuseOthers() throws Exception {
        try (EngineFixture ofd = new EngineFixture(dir); RawKkmConnection c = ofd.connect()) {
            ofd.register(KKM, TOKEN);
            int reqNum = 1;
            for (int version : new int[] {202, 203, 204}) {
                KkmFrame answer = send(c, version, reqNum++);
                assertEquals(version, answer.header().version());
                assertEquals(0, Response.parseFrom(answer.body()).getResult().getResultCode());
            }
            KkmFrame old = send(c, 124, reqNum);
            assertEquals(124, old.header().version(), "answered in the request's version");
            Response r = Response.parseFrom(old.body());
            assertEquals(ResultTypeEnum.RESULT_TYPE_PROTOCOL_ERROR_VALUE, r.getResult().getResultCode());
            assertTrue(r.getResult().getResultText().contains("124"), r.getResult().getResultText());
        }
    }

    private static KkmFrame send(RawKkmConnection c, int version, int reqNum) throws Exception {
        byte[] body = Requests.system(true).toByteArray();
        c.send(new KkmFrame(FrameHeader.of(version, body.length, KKM, TOKEN, reqNum), body));
        return c.readFrame();
    }

    private static void assertBlocked(Response r) {
        assertEquals(ResultTypeEnum.RESULT_TYPE_BLOCKED_VALUE, r.getResult().getResultCode());
        assertEquals(REASON, r.getResult().getResultText());
        assertEquals(TicketAdTypeEnum.TICKET_AD_INFO, r.getService().getTicketAds(0).getInfo().getType());
        assertEquals(REASON, r.getService().getTicketAds(0).getText());
        assertTrue(r.getService().getRegInfo().hasKkm(), "a ServiceResponse always carries the full reg info");
    }
}
