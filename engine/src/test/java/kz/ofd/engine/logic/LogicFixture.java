package kz.ofd.engine.logic;

import com.google.protobuf.InvalidProtocolBufferException;
import kz.ofd.protocol.codec.Violation;
import kz.ofd.protocol.frame.FrameHeader;
import kz.ofd.protocol.proto.DateTime;
import kz.ofd.protocol.proto.ReportTypeEnum;
import kz.ofd.protocol.proto.Request;
import kz.ofd.protocol.proto.Response;
import kz.ofd.protocol.proto.ZXReport;
import kz.ofd.protocol.testing.Requests;

import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A live {@link BusinessLogic} with deterministic tokens and fixed times, plus helpers that drive it the way
 * the ring does and decode every answer strictly. Also used by the launcher's recovery tests.
 */
public final class LogicFixture {

    /** KGD registration number of every test KKM. */
    public static final String RNM = "620300144467";
    /** A BIN with a valid check digit. */
    public static final String BIN = "180340021791";
    /** Settings of every test logic. */
    public static final LogicSettings SETTINGS = new LogicSettings("http://check.test", "Test OFD", LogicSettings.KAZAKHSTAN);
    /** Protocol version 2.0.3. */
    public static final int VERSION = 203;
    /** Local time every document is dated with unless a test says otherwise. */
    public static final LocalDateTime DOCUMENT_TIME = LocalDateTime.of(2025, 3, 7, 9, 5, 3);
    /** Server receive time: the document time in Kazakhstan (UTC+5). */
    public static final long RECEIVED_AT =
        OffsetDateTime.of(DOCUMENT_TIME, ZoneOffset.ofHours(5)).toInstant().toEpochMilli();

    private final BusinessLogic logic = new BusinessLogic(SETTINGS, LogicFixture::nextToken);
    private final List<Accepted> accepted = new ArrayList<>();

    /**
     * Deterministic token source: the next token depends only on the previous one, so a replayed logic issues
     * the same tokens as the live one did.
     *
     * @param previous the token being replaced
     * @return previous + 1, wrapping to 1 after the largest u32
     */
    public static long nextToken(long previous) {
        return previous >= FrameHeader.MAX_U32 ? 1 : previous + 1;
    }

    /**
     * @return a fresh logic with the same settings and token source
     */
    public static BusinessLogic freshLogic() {
        return new BusinessLogic(SETTINGS, LogicFixture::nextToken);
    }

    /**
     * A registration that passes {@link KkmRegistrationRules}, with Cyrillic texts.
     *
     * @param id    KKM id
     * @param token first token
     * @return the registration
     */
    public static KkmRegistration registration(long id, long token) {
        return new KkmRegistration(id, token, RNM, "SN-" + id, "Штрих-М 01", BIN, "ТОО «Ромашка»",
            "г. Алматы, ул. Абая, 1", "Магазин №" + id);
    }

    /**
     * @return the logic under test
     */
    public BusinessLogic logic() {
        return logic;
    }

    /**
     * @return every accepted document so far, in order (what the journal would hold)
     */
    public List<Accepted> accepted() {
        return accepted;
    }

    /**
     * Registers a KKM and returns a handle that tracks its token and request number.
     *
     * @param id    KKM id
     * @param token first token
     * @return the handle
     */
    public Kkm register(long id, long token) {
        return register(registration(id, token));
    }

    /**
     * Registers a KKM with its own registration data.
     *
     * @param registration the registration
     * @return the handle
     */
    public Kkm register(KkmRegistration registration) {
        assertTrue(logic.register(registration), "KKM " + registration.id() + " should register");
        return new Kkm(registration.id(), registration.token());
    }

    /**
     * Sends one request exactly as the ring would.
     *
     * @param version       header version
     * @param id            header id
     * @param token         header token
     * @param requestNumber header request number
     * @param command       command number from the wire
     * @param request       the parsed request
     * @param violation     a violation found before the ring, or {@code null}
     * @return a fresh answer
     */
    public Answer send(int version, long id, long token, int requestNumber, int command, Request request,
                       Violation violation) {
        if (violation == null && request.hasCommand()) {
            // As the server does: the validator's verdict travels with the request to the logic.
            violation = kz.ofd.protocol.validate.RequestValidator.validate(request, version);
        }
        byte[] body = request.toByteArray();
        FrameHeader header = FrameHeader.of(version, body.length, id, token, requestNumber);
        Answer answer = new Answer();
        logic.onRequest(header, command, request, violation, RECEIVED_AT, answer);
        if (answer.accepted()) {
            accepted.add(new Accepted(header, command, body, answer.fiscalSign(), answer.newToken(),
                answer.shiftNumber(), answer.body(), answer.parentSign()));
        }
        return answer;
    }

    /**
     * Sends a request whose command is known, without violation, at version 2.0.3.
     *
     * @param id            header id
     * @param token         header token
     * @param requestNumber header request number
     * @param request       the request
     * @return a fresh answer
     */
    public Answer send(long id, long token, int requestNumber, Request request) {
        return send(VERSION, id, token, requestNumber, request.getCommand().getNumber(), request, null);
    }

    /** Fiscal sign of a parent ticket issued by another OFD: far above any sign issued in a test. */
    public static final String FOREIGN_SIGN = "8000000001";

    /**
     * A cash return of one item with a complete {@code parent_ticket} (the validator requires one) naming a ticket
     * another OFD issued, so only the return's own accounting is at stake.
     *
     * @param operation OPERATION_SELL_RETURN or OPERATION_BUY_RETURN
     * @param tiyn      the returned sum (= the parent's total)
     * @return the request
     */
    public static Request returnTicket(kz.ofd.protocol.proto.OperationTypeEnum operation, long tiyn) {
        return Requests.withParentTicket(Requests.ticket(operation, tiyn), FOREIGN_SIGN, RNM, DOCUMENT_TIME, tiyn);
    }

    /**
     * Decodes an answer body the way a strict proto2 client does (required fields enforced).
     *
     * @param answer an answer
     * @return the response
     */
    public static Response strict(Answer answer) {
        try {
            Response response = Response.parseFrom(answer.body());
            assertTrue(response.isInitialized(), "answer must carry every required field");
            return response;
        } catch (InvalidProtocolBufferException e) {
            throw new AssertionError("a strict proto2 client cannot decode the answer: " + e.getMessage(), e);
        }
    }

    /**
     * @param time local time
     * @return the protocol date-time
     */
    public static DateTime at(LocalDateTime time) {
        return Requests.dateTime(time);
    }

    /**
     * @param request a TICKET request
     * @param time    its new date-time
     * @return the ticket re-dated
     */
    public static Request dated(Request request, LocalDateTime time) {
        Request.Builder b = request.toBuilder();
        switch (request.getCommand()) {
            case COMMAND_TICKET:
                b.getTicketBuilder().setDateTime(at(time));
                break;
            case COMMAND_MONEY_PLACEMENT:
                b.getMoneyPlacementBuilder().setDatetime(at(time));
                break;
            case COMMAND_CLOSE_SHIFT:
                b.getCloseShiftBuilder().setCloseTime(at(time));
                break;
            case COMMAND_REPORT:
                b.getReportBuilder().setDateTime(at(time));
                break;
            default:
                throw new IllegalArgumentException("no date on " + request.getCommand());
        }
        return b.build();
    }

    /**
     * @param type X or Z
     * @return a report request dated {@link #DOCUMENT_TIME}
     */
    public static Request report(ReportTypeEnum type) {
        return dated(Requests.report(type), DOCUMENT_TIME);
    }

    /**
     * One accepted document as the journal records it.
     *
     * @param header      request header
     * @param command     command number
     * @param request     request body
     * @param fiscalSign  sign (0 for non-tickets)
     * @param newToken    issued token
     * @param shiftNumber shift it belongs to
     * @param answer      answer body
     * @param parentSign  the own ticket a return returns, else 0
     */
    public record Accepted(FrameHeader header, int command, byte[] request, long fiscalSign, long newToken,
                           long shiftNumber, byte[] answer, long parentSign) {
    }

    /**
     * A registered KKM as its client sees it: the current token and the last request number.
     */
    public final class Kkm {

        private final long id;
        private long token;
        private int requestNumber;

        Kkm(long id, long token) {
            this.id = id;
            this.token = token;
        }

        /**
         * @return KKM id
         */
        public long id() {
            return id;
        }

        /**
         * @return the token the client holds
         */
        public long token() {
            return token;
        }

        /**
         * @return the last request number used
         */
        public int requestNumber() {
            return requestNumber;
        }

        /**
         * Sends with the held token and the next request number; takes the header token from a result-0 answer
         * (as real clients do, protocol-facts §15.7).
         *
         * @param request request
         * @return the answer
         */
        public Answer send(Request request) {
            return sendAt(VERSION, request);
        }

        /**
         * @param version header version
         * @param request request
         * @return the answer
         */
        public Answer sendAt(int version, Request request) {
            requestNumber = (requestNumber + 1) & FrameHeader.MAX_U16;
            Answer a = LogicFixture.this.send(version, id, token, requestNumber, request.getCommand().getNumber(),
                request, null);
            if (a.resultCode() == 0) {
                token = a.headerToken();
            }
            return a;
        }

        /**
         * Sends a request that must be answered with result 0.
         *
         * @param request request
         * @return the strictly decoded response
         */
        public Response ok(Request request) {
            Answer a = send(request);
            Response r = strict(a);
            assertEquals(0, a.resultCode(), () -> "expected result 0, got " + r.getResult());
            assertEquals(0, r.getResult().getResultCode());
            return r;
        }

        /**
         * @param type X or Z
         * @return the report answered to REPORT
         */
        public ZXReport report(ReportTypeEnum type) {
            Response r = ok(LogicFixture.report(type));
            assertEquals(type, r.getReport().getReport());
            return r.getReport().getZxReport();
        }
    }
}
