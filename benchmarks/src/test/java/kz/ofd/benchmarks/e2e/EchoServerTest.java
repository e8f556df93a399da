package kz.ofd.benchmarks.e2e;

import kz.ofd.protocol.frame.FrameHeader;
import kz.ofd.protocol.frame.FrameHeaderCodec;
import kz.ofd.protocol.proto.CommandTypeEnum;
import kz.ofd.protocol.proto.Response;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The echo server's fixed answer is a valid frame carrying an accepted ticket's {@code Response}. */
final class EchoServerTest {

    @Test
    void theAnswerIsAValidTicketResponseWithResultZero() throws Exception {
        byte[] frame = EchoServer.answerFrame();
        FrameHeader header = FrameHeaderCodec.decode(frame);
        assertEquals(FrameHeader.APP_CODE, header.appCode());
        assertEquals(frame.length, header.size(), "SIZE counts the header and the body");
        Response response = Response.parseFrom(Arrays.copyOfRange(frame, FrameHeader.LENGTH, frame.length));
        assertTrue(response.isInitialized(), "every required field is set");
        assertEquals(CommandTypeEnum.COMMAND_TICKET, response.getCommand());
        assertEquals(0, response.getResult().getResultCode());
        assertTrue(response.getTicket().getTicketNumber().length() >= 10);
        assertTrue(frame.length > 100 && frame.length < 200, "about the size of the server's ticket answer");
    }
}
