package kz.ofd.simulator.conformance;

import com.google.protobuf.InvalidProtocolBufferException;
import kz.ofd.protocol.frame.FrameHeader;
import kz.ofd.protocol.proto.Response;
import kz.ofd.protocol.proto.ResultTypeEnum;

import java.util.Arrays;

/**
 * One answer frame: its header, its raw body, and the body parsed strictly (a missing proto2 required field
 * anywhere makes it unreadable, as for the strict clients of protocol-facts §15.9).
 */
final class Answer {

    private final FrameHeader header;
    private final byte[] body;
    private final Response response;
    private final String parseProblem;

    Answer(FrameHeader header, byte[] body) {
        this.header = header;
        this.body = body;
        Response parsed = null;
        String problem = null;
        try {
            parsed = Response.parseFrom(body);
        } catch (InvalidProtocolBufferException e) {
            problem = e.getMessage();
            try {
                parsed = Response.parser().parsePartialFrom(body);
            } catch (InvalidProtocolBufferException notProtobuf) {
                parsed = null;
            }
        }
        this.response = parsed;
        this.parseProblem = problem;
    }

    /** Whether the body is a complete Response (every required field set). */
    boolean complete() {
        return parseProblem == null;
    }

    FrameHeader header() {
        return header;
    }

    long token() {
        return header.token();
    }

    /** The parsed body (partially when {@link #complete()} is false), or {@code null} when it is not protobuf. */
    Response response() {
        return response;
    }

    /** The result code, or -1 when the body carries none. */
    int code() {
        return response == null || !response.getResult().hasResultCode() ? -1 : response.getResult().getResultCode();
    }

    boolean sameBody(Answer other) {
        return Arrays.equals(body, other.body);
    }

    /** How the answer reads in a report: {@code 13 INCORRECT_REQUEST_DATA "ticket.items …"}. */
    String describe() {
        if (response == null) {
            return "an answer body that is not protobuf (" + parseProblem + ")";
        }
        String text = response.getResult().getResultText();
        return codeName(code()) + (text.isEmpty() ? "" : " \"" + text + "\"")
            + (complete() ? "" : " in an incomplete Response (" + parseProblem + ")");
    }

    static String codeName(int code) {
        ResultTypeEnum known = ResultTypeEnum.forNumber(code);
        return known == null ? String.valueOf(code) : code + " " + known.name().substring("RESULT_TYPE_".length());
    }
}
