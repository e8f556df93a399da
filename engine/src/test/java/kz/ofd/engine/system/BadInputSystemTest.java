package kz.ofd.engine.system;

import kz.ofd.protocol.frame.FrameHeader;
import kz.ofd.protocol.frame.FrameHeaderCodec;
import kz.ofd.protocol.frame.KkmFrame;
import kz.ofd.protocol.proto.CommandTypeEnum;
import kz.ofd.protocol.proto.Request;
import kz.ofd.protocol.proto.Response;
import kz.ofd.protocol.proto.ResultTypeEnum;
import kz.ofd.protocol.testing.RawKkmConnection;
import kz.ofd.protocol.testing.Requests;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Malformed input gets PROTOCOL_ERROR where the header could be read, otherwise the connection is closed; other
 * KKMs keep being served, and no connection is left behind.
 */
@ExtendWith(ServerLogWatcher.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
final class BadInputSystemTest {

    private static final long KKM = 501;
    private static final long TOKEN = 4_000_000_001L;
    private static final long OTHER = 502;
    private static final int MAX_FRAME = 4096;

    @TempDir
    Path dir;

    private EngineFixture ofd;
    private long otherToken = 77;
    private int otherReqNum;

    @BeforeEach
    void start() throws Exception {
        ofd = new EngineFixture(dir, c -> c.maxFrameBytes(MAX_FRAME).idleTimeoutMillis(500));
        ofd.register(KKM, TOKEN);
        ofd.register(OTHER, otherToken);
    }

    @AfterEach
    void stop() {
        ofd.close();
    }

    @Test
    void shouldAnswerProtocolErrorAndCloseOnGarbage() throws Exception {
        byte[] garbage = new byte[64];
        Arrays.fill(garbage, (byte) 0x5A);
        assertRejectedThenClosed(garbage);
        assertOthersServed();
    }

    @Test
    void shouldAnswerProtocolErrorOnWrongAppCode() throws Exception {
        byte[] frame = RawKkmConnection.encode(RawKkmConnection.frame(KKM, TOKEN, 1, Requests.info().toByteArray()));
        frame[0] = 0x00;
        assertRejectedThenClosed(frame);
        assertOthersServed();
    }

    @Test
    void shouldAnswerProtocolErrorOnSizeBelowHeader() throws Exception {
        byte[] header = new byte[FrameHeader.LENGTH];
        FrameHeaderCodec.encode(new FrameHeader(FrameHeader.APP_CODE, 203, 10, KKM, TOKEN, 1), header);
        assertRejectedThenClosed(header);
        assertOthersServed();
    }

    @Test
    void shouldAnswerProtocolErrorOnSizeAboveTheCap() throws Exception {
        byte[] header = new byte[FrameHeader.LENGTH];
        FrameHeaderCodec.encode(new FrameHeader(FrameHeader.APP_CODE, 203, FrameHeader.MAX_U32, KKM, TOKEN, 1), header);
        assertRejectedThenClosed(header);
        assertOthersServed();
    }

    @Test
    void shouldAnswerProtocolErrorOnTruncatedFrameWhenTheClientStopsSending() throws Exception {
        byte[] frame = RawKkmConnection.encode(RawKkmConnection.frame(KKM, TOKEN, 1, Requests.ticket(100).toByteArray()));
        try (RawKkmConnection c = ofd.connect()) {
            c.sendRaw(Arrays.copyOf(frame, frame.length - 5));
            c.shutdownOutput();
            KkmFrame answer = c.readFrame();
            Response r = Response.parseFrom(answer.body());
            assertEquals(ResultTypeEnum.RESULT_TYPE_PROTOCOL_ERROR_VALUE, r.getResult().getResultCode());
            assertTrue(c.isClosedByPeer());
        }
        assertOthersServed();
    }

    @Test
    void shouldCloseTruncatedAndIdleConnectionsAfterTheTimeout() throws Exception {
        try (RawKkmConnection silent = ofd.connect(); RawKkmConnection partial = ofd.connect()) {
            partial.sendRaw(new byte[] {(byte) 0xA2, (byte) 0x81, (byte) 0xCB});
            assertTrue(silent.isClosedByPeer(Duration.ofSeconds(5)), "idle connection closed");
            assertTrue(partial.isClosedByPeer(Duration.ofSeconds(5)), "connection with a partial header closed");
        }
        assertOthersServed();
    }

    @Test
    void shouldAnswerProtocolErrorForABodyThatIsNotProtobufAndKeepTheConnection() throws Exception {
        try (RawKkmConnection c = ofd.connect()) {
            KkmFrame answer = c.exchange(KKM, TOKEN, 1, new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF});
            Response r = Response.parser().parsePartialFrom(answer.body());
            assertEquals(ResultTypeEnum.RESULT_TYPE_PROTOCOL_ERROR_VALUE, r.getResult().getResultCode());
            assertTrue(r.getResult().getResultText().contains("protobuf"), r.getResult().getResultText());
            assertEquals(TOKEN, answer.header().token());
            Response next = c.call(KKM, TOKEN, 2, Requests.info());
            assertEquals(0, next.getResult().getResultCode(), "the connection keeps being served");
        }
    }

    @Test
    void shouldAnswerProtocolErrorForARequestWithoutItsPayload() throws Exception {
        Request noTicket = Request.newBuilder().setCommand(CommandTypeEnum.COMMAND_TICKET).build();
        Response r = ofd.call(KKM, TOKEN, 1, noTicket);
        assertEquals(ResultTypeEnum.RESULT_TYPE_PROTOCOL_ERROR_VALUE, r.getResult().getResultCode());
        assertTrue(r.getResult().getResultText().contains("ticket"), r.getResult().getResultText());
        assertEquals(TOKEN, ofd.lastHeaderToken);

        Request noCommand = Request.newBuilder().buildPartial();
        Response missing = ofd.call(KKM, TOKEN, 2, noCommand);
        assertEquals(ResultTypeEnum.RESULT_TYPE_PROTOCOL_ERROR_VALUE, missing.getResult().getResultCode());
    }

    @Test
    void shouldAnswerIncorrectRequestDataNamingTheField() throws Exception {
        Request.Builder b = Requests.ticket(100).toBuilder();
        b.getTicketBuilder().clearItems();
        Response r = ofd.call(KKM, TOKEN, 1, b.buildPartial());
        assertEquals(ResultTypeEnum.RESULT_TYPE_INCORRECT_REQUEST_DATA_VALUE, r.getResult().getResultCode());
        assertTrue(r.getResult().getResultText().contains("items"), r.getResult().getResultText());
        assertEquals(TOKEN, ofd.lastHeaderToken, "nothing rotated");
    }

    @Test
    void shouldLeaveNoConnectionBehindAfterManyBadClients() throws Exception {
        byte[] garbage = new byte[32];
        Arrays.fill(garbage, (byte) 0x11);
        for (int i = 0; i < 200; i++) {
            try (RawKkmConnection c = ofd.connect()) {
                c.sendRaw(garbage);
                c.readFrame();
            }
        }
        assertOthersServed();
        await().atMost(Duration.ofSeconds(10)).until(() -> openConnections() == 0);
    }

    private double openConnections() throws Exception {
        String metrics = ofd.get("/metrics").body();
        return metrics.lines().filter(l -> l.startsWith("ofd_connections_open "))
            .mapToDouble(l -> Double.parseDouble(l.substring(l.indexOf(' ') + 1))).findFirst().orElse(-1);
    }

    private void assertRejectedThenClosed(byte[] bytes) throws Exception {
        try (RawKkmConnection c = ofd.connect()) {
            c.sendRaw(bytes);
            KkmFrame answer = c.readFrame();
            Response r = Response.parseFrom(answer.body());
            assertEquals(ResultTypeEnum.RESULT_TYPE_PROTOCOL_ERROR_VALUE, r.getResult().getResultCode());
            assertTrue(r.getResult().hasResultText());
            assertTrue(c.isClosedByPeer(Duration.ofSeconds(5)), "the server closes after a framing error");
        }
    }

    private void assertOthersServed() throws Exception {
        Response r = ofd.call(OTHER, otherToken, ++otherReqNum, Requests.ticket(500));
        assertEquals(0, r.getResult().getResultCode(), r.getResult().getResultText());
        otherToken = ofd.lastHeaderToken;
    }
}
