package kz.ofd.protocol.codec;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnknownFieldSet;
import kz.ofd.protocol.proto.CommandTypeEnum;
import kz.ofd.protocol.proto.Request;
import kz.ofd.protocol.proto.Response;
import kz.ofd.protocol.proto.Result;
import kz.ofd.protocol.proto.ResultTypeEnum;

import java.util.List;

/**
 * Pure protobuf encode/decode of request and response bodies. Parsing is lenient (real devices omit fields the
 * schema marks required); {@link kz.ofd.protocol.validate.RequestValidator} then checks what each command needs.
 * Stateless; safe from any thread.
 */
public final class KkmMessages {

    private static final int COMMAND_FIELD = Request.COMMAND_FIELD_NUMBER;

    private KkmMessages() {
    }

    /**
     * Parses a request body without enforcing {@code required} fields.
     *
     * @param body protobuf bytes
     * @return the request, or a {@code PROTOCOL_ERROR} violation
     */
    public static ParsedRequest parseRequest(byte[] body) {
        Request request;
        try {
            request = Request.parser().parsePartialFrom(body);
        } catch (InvalidProtocolBufferException e) {
            return new ParsedRequest(null, -1, Violation.of(ResultTypeEnum.RESULT_TYPE_PROTOCOL_ERROR,
                "body is not a protobuf Request: " + e.getMessage()));
        }
        if (request.hasCommand()) {
            return new ParsedRequest(request, request.getCommand().getNumber(), null);
        }
        int raw = unknownCommand(request.getUnknownFields());
        if (raw >= 0) {
            return new ParsedRequest(request, raw, null);
        }
        return new ParsedRequest(request, -1, Violation.of(ResultTypeEnum.RESULT_TYPE_PROTOCOL_ERROR,
            "Request.command (field 1) is missing"));
    }

    private static int unknownCommand(UnknownFieldSet unknown) {
        if (!unknown.hasField(COMMAND_FIELD)) {
            return -1;
        }
        List<Long> values = unknown.getField(COMMAND_FIELD).getVarintList();
        if (values.isEmpty()) {
            return -1;
        }
        long value = values.get(values.size() - 1);
        return value < 0 || value > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) value;
    }

    /**
     * A document made while the register was offline: a ticket with an offline number, a placement or close with
     * {@code is_offline} (protocol-facts §5). The mere presence of {@code service.offline_period} does not count.
     *
     * @param request a parsed request
     * @return true for an offline document
     */
    public static boolean isOffline(Request request) {
        switch (request.getCommand()) {
            case COMMAND_TICKET:
                return request.getTicket().hasOfflineTicketNumber();
            case COMMAND_MONEY_PLACEMENT:
                return request.getMoneyPlacement().getIsOffline();
            case COMMAND_CLOSE_SHIFT:
                return request.getCloseShift().getIsOffline();
            default:
                return false;
        }
    }

    /**
     * Starts a response for a command number. A number outside the schema (or no command at all) is answered as
     * {@code COMMAND_SYSTEM}: {@code Response.command} is required, and a strict proto2 client cannot decode an
     * answer without it or with a value its enum does not know (protocol-facts §15.9); the result code and text
     * still say what was wrong.
     *
     * @param commandNumber command number from the request, or -1 when the request had none
     * @param resultCode    result code
     * @param resultText    result text, or {@code null}
     * @return a builder with {@code command} and {@code result} set
     */
    public static Response.Builder response(int commandNumber, int resultCode, String resultText) {
        Result.Builder result = Result.newBuilder().setResultCode(resultCode);
        if (resultText != null) {
            result.setResultText(resultText);
        }
        Response.Builder builder = Response.newBuilder().setResult(result);
        CommandTypeEnum command = commandNumber < 0 ? null : CommandTypeEnum.forNumber(commandNumber);
        return builder.setCommand(command != null ? command : CommandTypeEnum.COMMAND_SYSTEM);
    }

    /**
     * A complete error answer body.
     *
     * @param commandNumber the request's command number, or -1
     * @param violation     why it was refused
     * @return protobuf bytes
     */
    public static byte[] errorBody(int commandNumber, Violation violation) {
        return response(commandNumber, violation.resultCode(), violation.text()).build().toByteArray();
    }
}
