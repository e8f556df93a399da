package kz.ofd.protocol.codec;

import kz.ofd.protocol.proto.CommandTypeEnum;
import kz.ofd.protocol.proto.Request;
import kz.ofd.protocol.proto.Response;
import kz.ofd.protocol.proto.ResultTypeEnum;
import kz.ofd.protocol.proto.TicketRequest;
import kz.ofd.protocol.testing.Requests;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

final class KkmMessagesTest {

    private static final int PROTOCOL_ERROR = ResultTypeEnum.RESULT_TYPE_PROTOCOL_ERROR.getNumber();

    @Test
    void shouldRoundTripAValidTicketRequest() {
        Request request = Requests.ticket(110_22_00L);
        ParsedRequest parsed = KkmMessages.parseRequest(request.toByteArray());
        assertTrue(parsed.ok());
        assertNull(parsed.violation());
        assertEquals(CommandTypeEnum.COMMAND_TICKET.getNumber(), parsed.commandNumber());
        assertEquals(request, parsed.request());
        assertTrue(parsed.request().isInitialized());
    }

    @ParameterizedTest
    @EnumSource(value = CommandTypeEnum.class)
    void shouldReportEveryKnownCommandNumber(CommandTypeEnum command) {
        ParsedRequest parsed = KkmMessages.parseRequest(Request.newBuilder().setCommand(command).build().toByteArray());
        assertTrue(parsed.ok());
        assertEquals(command.getNumber(), parsed.commandNumber());
        assertEquals(command, parsed.request().getCommand());
    }

    @Test
    void shouldRefuseABodyThatIsNotProtobuf() {
        ParsedRequest parsed = KkmMessages.parseRequest(new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF});
        assertFalse(parsed.ok());
        assertNull(parsed.request());
        assertEquals(-1, parsed.commandNumber());
        assertEquals(PROTOCOL_ERROR, parsed.violation().resultCode());
        assertTrue(parsed.violation().text().startsWith("body is not a protobuf Request"), parsed.violation().text());
    }

    @Test
    void shouldRefuseATruncatedNestedMessage() {
        byte[] body = Requests.ticket(100).toByteArray();
        ParsedRequest parsed = KkmMessages.parseRequest(Arrays.copyOf(body, body.length - 3));
        assertEquals(PROTOCOL_ERROR, parsed.violation().resultCode());
        assertNull(parsed.request());
    }

    @Test
    void shouldRefuseAnEmptyBodyAsMissingCommand() {
        ParsedRequest parsed = KkmMessages.parseRequest(new byte[0]);
        assertFalse(parsed.ok());
        assertEquals(-1, parsed.commandNumber());
        assertEquals(PROTOCOL_ERROR, parsed.violation().resultCode());
        assertTrue(parsed.violation().text().contains("command (field 1) is missing"), parsed.violation().text());
    }

    @Test
    void shouldRefuseARequestWithAPayloadButNoCommand() {
        Request noCommand = Requests.ticket(100).toBuilder().clearCommand().buildPartial();
        ParsedRequest parsed = KkmMessages.parseRequest(noCommand.toByteArray());
        assertEquals(PROTOCOL_ERROR, parsed.violation().resultCode());
        assertTrue(parsed.request().hasTicket());
    }

    @Test
    void shouldRefuseFieldOneWithTheWrongWireType() {
        ParsedRequest parsed = KkmMessages.parseRequest(new byte[] {0x0A, 0x00});
        assertEquals(PROTOCOL_ERROR, parsed.violation().resultCode());
        assertEquals(-1, parsed.commandNumber());
    }

    @Test
    void shouldAcceptAnUnknownCommandNumberFromTheUnknownFields() {
        ParsedRequest parsed = KkmMessages.parseRequest(new byte[] {0x08, 0x63});
        assertTrue(parsed.ok());
        assertEquals(99, parsed.commandNumber());
        assertFalse(parsed.request().hasCommand());
        assertEquals(List.of(99L), parsed.request().getUnknownFields().getField(1).getVarintList());
    }

    @Test
    void shouldAcceptTheReservedCommandNumberNine() {
        ParsedRequest parsed = KkmMessages.parseRequest(Requests.rawCommandBody(9));
        assertTrue(parsed.ok());
        assertEquals(9, parsed.commandNumber());
    }

    @Test
    void shouldReportANegativeCommandNumberAsIntMax() {
        byte[] minusOne = HexFormat.of().parseHex("08ffffffffffffffffff01");
        ParsedRequest parsed = KkmMessages.parseRequest(minusOne);
        assertTrue(parsed.ok());
        assertEquals(Integer.MAX_VALUE, parsed.commandNumber());
    }

    @Test
    void shouldTruncateACommandNumberBeyondThirtyTwoBitsLikeAnyInt32Enum() {
        byte[] twoToThe32Plus99 = HexFormat.of().parseHex("08e380808010");
        ParsedRequest parsed = KkmMessages.parseRequest(twoToThe32Plus99);
        assertTrue(parsed.ok());
        assertEquals(99, parsed.commandNumber());
    }

    @Test
    void shouldParseLenientlyATicketMissingRequiredFields() {
        Request partial = Request.newBuilder()
            .setCommand(CommandTypeEnum.COMMAND_TICKET)
            .setTicket(TicketRequest.newBuilder().addItems(TicketRequest.Item.newBuilder().buildPartial()).buildPartial())
            .buildPartial();
        assertFalse(partial.isInitialized());
        ParsedRequest parsed = KkmMessages.parseRequest(partial.toByteArray());
        assertTrue(parsed.ok());
        assertEquals(1, parsed.commandNumber());
        assertTrue(parsed.request().hasTicket());
        assertFalse(parsed.request().getTicket().hasOperation());
        assertEquals(1, parsed.request().getTicket().getItemsCount());
        assertFalse(parsed.request().isInitialized());
    }

    @Test
    void shouldAnswerAnUnknownCommandNumberAsSystemSoStrictClientsCanDecodeIt() throws Exception {
        Response response = KkmMessages.response(99, 4, "x").build();
        assertEquals(CommandTypeEnum.COMMAND_SYSTEM, response.getCommand());
        assertEquals(4, response.getResult().getResultCode());
        assertEquals("x", response.getResult().getResultText());
        assertTrue(response.getUnknownFields().asMap().isEmpty());
        assertTrue(Response.parseFrom(response.toByteArray()).isInitialized());
    }

    @Test
    void shouldSetAKnownCommandAndOmitANullText() {
        Response response = KkmMessages.response(1, 0, null).build();
        assertSame(CommandTypeEnum.COMMAND_TICKET, response.getCommand());
        assertEquals(0, response.getResult().getResultCode());
        assertFalse(response.getResult().hasResultText());
        assertTrue(response.getUnknownFields().asMap().isEmpty());
    }

    @Test
    void shouldAnswerAMissingCommandAsSystem() {
        Response response = KkmMessages.response(-1, PROTOCOL_ERROR, "no command").build();
        assertEquals(CommandTypeEnum.COMMAND_SYSTEM, response.getCommand());
        assertEquals("no command", response.getResult().getResultText());
    }

    @Test
    void shouldBuildAnErrorBodyThatParsesBackStrictly() throws Exception {
        Violation violation = Violation.of(ResultTypeEnum.RESULT_TYPE_INCORRECT_REQUEST_DATA, "ticket.items is empty");
        Response response = Response.parseFrom(KkmMessages.errorBody(1, violation));
        assertEquals(CommandTypeEnum.COMMAND_TICKET, response.getCommand());
        assertEquals(13, response.getResult().getResultCode());
        assertEquals("ticket.items is empty", response.getResult().getResultText());
        assertFalse(response.hasTicket());
    }

    @Test
    void shouldBuildAnErrorBodyForARequestWithoutCommand() throws Exception {
        Response response = Response.parseFrom(KkmMessages.errorBody(-1, new Violation(3, "garbage")));
        assertEquals(CommandTypeEnum.COMMAND_SYSTEM, response.getCommand());
        assertEquals(3, response.getResult().getResultCode());
        assertEquals("garbage", response.getResult().getResultText());
    }

    @Test
    void shouldBuildAStrictlyDecodableErrorBodyForAnUnknownCommand() throws Exception {
        byte[] body = KkmMessages.errorBody(99, Violation.of(ResultTypeEnum.RESULT_TYPE_UNKNOWN_COMMAND, "command 99"));
        Response response = Response.parseFrom(body);
        assertEquals(CommandTypeEnum.COMMAND_SYSTEM, response.getCommand());
        assertEquals(4, response.getResult().getResultCode());
        assertEquals("command 99", response.getResult().getResultText());
    }

    @Test
    void shouldNameTheResultTypeInAViolation() {
        Violation violation = Violation.of(ResultTypeEnum.RESULT_TYPE_INCORRECT_REQUEST_DATA, "t");
        assertEquals(new Violation(13, "t"), violation);
    }
}
