package kz.ofd.engine.logic;

import kz.ofd.protocol.codec.Violation;
import kz.ofd.protocol.frame.FrameHeader;
import kz.ofd.protocol.proto.Money;
import kz.ofd.protocol.proto.ReportTypeEnum;
import kz.ofd.protocol.proto.Request;
import kz.ofd.protocol.proto.Response;
import kz.ofd.protocol.proto.TicketRequest;
import kz.ofd.protocol.testing.Requests;
import kz.ofd.protocol.validate.RequestValidator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.function.Consumer;

import static kz.ofd.engine.logic.LogicFixture.strict;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Requests exactly as the pipeline hands them over (leniently parsed, then {@link RequestValidator}): whatever
 * passes validation must get a decodable answer, and a refused document must change nothing (protocol-facts
 * §14.9), even when the value at fault is one the validator does not look at.
 */
final class BusinessLogicInputTest {

    private static final long ID = 3;
    private static final long TOKEN = 900;
    /** Coins must be 0..99; 150 makes MoneyCodec.toTiyn throw. */
    private static final Money BAD_COINS = Money.newBuilder().setBills(1).setCoins(150).build();
    /** Fits a long on its own, overflows once multiplied by 100. */
    private static final Money TOO_BIG = Money.newBuilder().setBills(Long.MAX_VALUE / 10).setCoins(0).build();

    private final LogicFixture fixture = new LogicFixture();
    private final LogicFixture.Kkm kkm = fixture.register(ID, TOKEN);

    @ParameterizedTest
    @ValueSource(strings = {"change", "discount", "markup", "change-overflow", "discount-overflow"})
    void shouldRefuseATicketWithABadAmountsValueAndChangeNothing(String field) {
        kkm.ok(Requests.ticket(5_000));
        long token = kkm.token();
        long sign = fixture.logic().lastFiscalSign();
        byte[] before = xBody(token);
        Request bad = ticketWithAmounts(a -> badAmount(a, field));
        Violation violation = RequestValidator.validate(bad);

        Answer answer = new Answer();
        RuntimeException thrown = null;
        try {
            fixture.logic().onRequest(FrameHeader.of(LogicFixture.VERSION, bad.getSerializedSize(), ID, token, 500),
                bad.getCommand().getNumber(), bad, violation, LogicFixture.RECEIVED_AT, answer);
        } catch (RuntimeException e) {
            thrown = e;   // BusinessLogicHandler catches it the same way and answers 255
        }

        RuntimeException failure = thrown;
        byte[] after = xBody(token);
        assertAll(
            () -> assertNull(failure, () -> "BUG: amounts." + field + " passes RequestValidator (it says " + violation
                + ") and then TicketAccounting.apply throws " + failure + " half-way through the ticket; expected "
                + "13 INCORRECT_REQUEST_DATA naming ticket.amounts"),
            () -> assertArrayEquals(before, after, "BUG: the refused ticket left its items in the shift counters"),
            () -> assertEquals(sign, fixture.logic().lastFiscalSign(), "BUG: a fiscal sign was used up"),
            () -> assertEquals(token, fixture.logic().kkm(ID).token(), "token not rotated"));
        assertNotEquals(0, answer.resultCode(), "a ticket with an invalid amounts." + field + " cannot be accepted");
        assertFalse(answer.accepted());
        assertEquals(token, answer.headerToken());
        Response r = strict(answer);
        assertTrue(r.getResult().getResultText().contains("amounts"), r.getResult().getResultText());
    }

    @Test
    void shouldAnswerAReportWithoutDateTimeDecodably() {
        Request.Builder b = Requests.report(ReportTypeEnum.REPORT_X).toBuilder();
        b.getReportBuilder().clearDateTime();
        Request report = b.buildPartial();
        Violation violation = RequestValidator.validate(report);

        Answer answer = new Answer();
        assertDoesNotThrow(() -> fixture.logic().onRequest(
            FrameHeader.of(LogicFixture.VERSION, report.getSerializedSize(), ID, TOKEN, 1),
            report.getCommand().getNumber(), report, violation, LogicFixture.RECEIVED_AT, answer),
            "BUG: REPORT without report.date_time passes RequestValidator (validator says " + violation + ") and "
                + "ReportBuilder.build throws UninitializedMessageException (ZXReport.date_time is required); "
                + "expected 13 naming report.date_time, or a report dated with the receive time");
        Response r = strict(answer);
        if (answer.resultCode() == 0) {
            assertTrue(r.getReport().getZxReport().isInitialized());
        } else {
            assertEquals(13, r.getResult().getResultCode());
            assertTrue(r.getResult().getResultText().contains("report.date_time"), r.getResult().getResultText());
        }
        assertEquals(TOKEN, answer.headerToken());
    }

    @Test
    void shouldAnswerAZReportWithoutDateTimeBeforeAnyCloseDecodably() {
        Request.Builder b = Requests.report(ReportTypeEnum.REPORT_Z).toBuilder();
        b.getReportBuilder().clearDateTime();
        Request report = b.buildPartial();
        Violation violation = RequestValidator.validate(report);

        Answer answer = new Answer();
        assertDoesNotThrow(() -> fixture.logic().onRequest(
            FrameHeader.of(LogicFixture.VERSION, report.getSerializedSize(), ID, TOKEN, 1),
            report.getCommand().getNumber(), report, violation, LogicFixture.RECEIVED_AT, answer),
            "BUG: REPORT Z without report.date_time before the first close makes ReportBuilder.emptyZ throw");
        strict(answer);
    }

    private static void badAmount(TicketRequest.Amounts.Builder a, String field) {
        switch (field) {
            case "change":
                a.setChange(BAD_COINS);
                break;
            case "discount":
                a.setDiscount(TicketRequest.Modifier.newBuilder().setSum(BAD_COINS));
                break;
            case "markup":
                a.setMarkup(TicketRequest.Modifier.newBuilder().setSum(BAD_COINS));
                break;
            case "change-overflow":
                a.setChange(TOO_BIG);
                break;
            case "discount-overflow":
                a.setDiscount(TicketRequest.Modifier.newBuilder().setSum(TOO_BIG));
                break;
            default:
                throw new IllegalArgumentException(field);
        }
    }

    private static Request ticketWithAmounts(Consumer<TicketRequest.Amounts.Builder> change) {
        Request.Builder b = Requests.ticket(2_000).toBuilder();
        change.accept(b.getTicketBuilder().getAmountsBuilder());
        return b.buildPartial();
    }

    private byte[] xBody(long token) {
        Request x = LogicFixture.report(ReportTypeEnum.REPORT_X);
        Answer a = fixture.send(ID, token, 9_000, x);
        assertEquals(0, a.resultCode());
        return a.body();
    }
}
