package kz.ofd.engine.logic;

import kz.ofd.protocol.frame.FrameHeader;
import kz.ofd.protocol.proto.CommandTypeEnum;
import kz.ofd.protocol.proto.OperationTypeEnum;
import kz.ofd.protocol.proto.PaymentTypeEnum;
import kz.ofd.protocol.proto.ReportTypeEnum;
import kz.ofd.protocol.proto.Request;
import kz.ofd.protocol.proto.Response;
import kz.ofd.protocol.proto.ResultTypeEnum;
import kz.ofd.protocol.proto.TicketRequest;
import kz.ofd.protocol.proto.ZXReport;
import kz.ofd.protocol.testing.Requests;
import org.junit.jupiter.api.Test;

import java.time.LocalDateTime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The state-dependent fiscal rules: the shift's time limit (11), {@code fr_shift_number} (13), buyer equal to
 * seller (17), offline re-sends answered once, taxes per rate in reports.
 */
final class FiscalRulesTest {

    private static final long ID = 77;
    private static final long HOUR = 3_600_000L;
    private static final LocalDateTime T = LogicFixture.DOCUMENT_TIME;

    private final LogicFixture fixture = new LogicFixture();
    private final LogicFixture.Kkm kkm = fixture.register(ID, 1_000);

    @Test
    void shouldRefuseOnlineDocumentsAfterTwentyFourHoursUntilTheShiftIsClosed() {
        assertEquals(0, kkm.send(ticket(card(1_000))).resultCode());

        Answer late = sendAt(LogicFixture.RECEIVED_AT + 24 * HOUR + 1_000, ticket(card(500)));
        assertEquals(ResultTypeEnum.RESULT_TYPE_OPEN_SHIFT_TIMEOUT_EXPIRED_VALUE, late.resultCode());
        assertTrue(LogicFixture.strict(late).getResult().getResultText().contains("close it"));
        assertEquals(ResultTypeEnum.RESULT_TYPE_OPEN_SHIFT_TIMEOUT_EXPIRED_VALUE,
            sendAt(LogicFixture.RECEIVED_AT + 25 * HOUR, Requests.moneyPlacement(true, 100)).resultCode());

        Answer offline = sendAt(LogicFixture.RECEIVED_AT + 25 * HOUR, ticket(Tickets.of(OperationTypeEnum.OPERATION_SELL, T)
            .commodity("1", 300).pay(PaymentTypeEnum.PAYMENT_CARD, 300).offline(9).total(300)));
        assertEquals(0, offline.resultCode(), "a document from the offline queue is never refused for the time limit");

        assertEquals(0, sendAt(LogicFixture.RECEIVED_AT + 25 * HOUR, Requests.closeShift()).resultCode());
        assertEquals(0, sendAt(LogicFixture.RECEIVED_AT + 25 * HOUR, ticket(card(700))).resultCode(),
            "the next shift starts fresh");
    }

    @Test
    void shouldAcceptTheOpenShiftNumberAndEarlierOnesOnlyOffline() {
        Tickets base = Tickets.of(OperationTypeEnum.OPERATION_SELL, T).commodity("1", 100).pay(PaymentTypeEnum.PAYMENT_CARD, 100);
        assertEquals(0, kkm.send(ticket(withShift(base.total(100), 1))).resultCode());
        assertEquals(0, kkm.send(Requests.closeShift()).resultCode());

        Answer wrong = kkm.send(ticket(withShift(card(100), 1)));
        assertEquals(ResultTypeEnum.RESULT_TYPE_INCORRECT_REQUEST_DATA_VALUE, wrong.resultCode());
        assertEquals("ticket.fr_shift_number is 1 but the shift open on the OFD is 2",
            LogicFixture.strict(wrong).getResult().getResultText());
        assertEquals(ResultTypeEnum.RESULT_TYPE_INCORRECT_REQUEST_DATA_VALUE,
            kkm.send(ticket(withShift(card(100), 3))).resultCode(), "a later shift is impossible");

        TicketRequest lateOffline = withShift(Tickets.of(OperationTypeEnum.OPERATION_SELL, T).commodity("1", 100)
            .pay(PaymentTypeEnum.PAYMENT_CARD, 100).offline(5).total(100), 1);
        assertEquals(0, kkm.send(ticket(lateOffline)).resultCode(), "an offline document may name an earlier shift");
        assertEquals(0, kkm.send(ticket(withShift(card(100), 2))).resultCode());
    }

    @Test
    void shouldRefuseABuyerWhoIsTheSeller() {
        TicketRequest.Builder t = card(100).toBuilder();
        t.getExtensionOptionsBuilder().setCustomerIinOrBin(LogicFixture.BIN);
        Answer answer = kkm.send(ticket(t.build()));
        assertEquals(ResultTypeEnum.RESULT_TYPE_SAME_TAXPAYER_AND_CUSTOMER_VALUE, answer.resultCode());
        assertTrue(LogicFixture.strict(answer).getResult().getResultText().contains("customer_iin_or_bin"));
    }

    @Test
    void shouldAnswerAnOfflineResendWithTheOriginalAnswerAndCountItOnce() {
        TicketRequest offline = Tickets.of(OperationTypeEnum.OPERATION_SELL, T).commodity("1", 2_500)
            .pay(PaymentTypeEnum.PAYMENT_CARD, 2_500).offline(41).total(2_500);
        Answer first = kkm.send(ticket(offline));
        assertEquals(0, first.resultCode());
        long token = kkm.token();

        Answer again = kkm.send(ticket(offline));
        assertEquals(0, again.resultCode());
        assertArrayEquals(first.body(), again.body(), "same fiscal sign");
        assertEquals(token, again.headerToken(), "no new token: nothing new was accepted");

        ZXReport x = LogicFixture.strict(kkm.send(LogicFixture.report(ReportTypeEnum.REPORT_X))).getReport().getZxReport();
        ZXReport.TicketOperation sell = x.getTicketOperations(OperationTypeEnum.OPERATION_SELL_VALUE);
        assertEquals(1, sell.getTicketsCount());
        assertEquals(1, sell.getOfflineCount());
    }

    @Test
    void shouldReplayOfflineAnswersAfterARestart() {
        TicketRequest offline = Tickets.of(OperationTypeEnum.OPERATION_SELL, T).commodity("1", 900)
            .pay(PaymentTypeEnum.PAYMENT_CARD, 900).offline(7).total(900);
        Answer first = kkm.send(ticket(offline));

        BusinessLogic replayed = LogicFixture.freshLogic();
        replayed.register(LogicFixture.registration(ID, 1_000));
        for (LogicFixture.Accepted a : fixture.accepted()) {
            replayed.replayDocument(a.header(), parse(a.request()), a.fiscalSign(), a.newToken(), a.answer());
        }
        Request resend = ticket(offline);
        byte[] body = resend.toByteArray();
        Answer out = new Answer();
        replayed.onRequest(FrameHeader.of(203, body.length, ID, kkm.token(), 999), CommandTypeEnum.COMMAND_TICKET_VALUE,
            resend, null, LogicFixture.RECEIVED_AT, out);
        assertArrayEquals(first.body(), out.body());
    }

    @Test
    void shouldReportTaxesPerRateWithStornoSubtracting() {
        TicketRequest.Tax vat = TicketRequest.Tax.newBuilder().setTaxType(100).setPercent(12_000)
            .setSum(Requests.money(1_071)).setIsInTotalSum(true).build();
        TicketRequest.Builder t = Tickets.of(OperationTypeEnum.OPERATION_SELL, T).commodity("1", 10_000).commodity("1", 5_000)
            .storno("1", 5_000).pay(PaymentTypeEnum.PAYMENT_CARD, 10_000).total(10_000).toBuilder();
        t.getItemsBuilder(0).getCommodityBuilder().addTaxes(vat);
        t.getItemsBuilder(1).getCommodityBuilder().addTaxes(vat.toBuilder().setSum(Requests.money(536)));
        t.getItemsBuilder(2).getStornoCommodityBuilder().addTaxes(vat.toBuilder().setSum(Requests.money(536)));
        assertEquals(0, kkm.send(ticket(t.build())).resultCode());

        TicketRequest ticketLevel = card(2_240).toBuilder().addTaxes(vat.toBuilder().setSum(Requests.money(240))).build();
        assertEquals(0, kkm.send(ticket(ticketLevel)).resultCode());

        Response x = LogicFixture.strict(kkm.send(LogicFixture.report(ReportTypeEnum.REPORT_X)));
        assertEquals(1, x.getReport().getZxReport().getTaxesCount());
        ZXReport.Tax tax = x.getReport().getZxReport().getTaxes(0);
        assertEquals(100, tax.getTaxType());
        assertEquals(12_000, tax.getPercent());
        assertEquals(4, tax.getOperationsCount(), "a row for every operation");
        ZXReport.Tax.TaxOperation sell = tax.getOperations(OperationTypeEnum.OPERATION_SELL_VALUE);
        assertEquals(12_240, tiyn(sell.getTurnover()));
        assertEquals(1_311, tiyn(sell.getSum()));
        assertEquals(10_929, tiyn(sell.getTurnoverWithoutTax()));
    }

    /** Sends as the register would at another server time, continuing the client's token and numbering. */
    private Answer sendAt(long receivedAt, Request request) {
        if (timedToken == 0) {
            timedToken = kkm.token();
            timedReqNum = kkm.requestNumber();
        }
        byte[] body = request.toByteArray();
        Answer out = new Answer();
        fixture.logic().onRequest(FrameHeader.of(203, body.length, ID, timedToken, ++timedReqNum),
            request.getCommand().getNumber(), request, null, receivedAt, out);
        if (out.resultCode() == 0) {
            timedToken = out.headerToken();
        }
        return out;
    }

    private long timedToken;
    private int timedReqNum;

    private static TicketRequest card(long sum) {
        return Tickets.of(OperationTypeEnum.OPERATION_SELL, T).commodity("1", sum)
            .pay(PaymentTypeEnum.PAYMENT_CARD, sum).total(sum);
    }

    private static TicketRequest withShift(TicketRequest t, int shift) {
        return t.toBuilder().setFrShiftNumber(shift).build();
    }

    private static Request ticket(TicketRequest t) {
        return Request.newBuilder().setCommand(CommandTypeEnum.COMMAND_TICKET).setTicket(t).build();
    }

    private static Request parse(byte[] body) {
        try {
            return Request.parser().parsePartialFrom(body);
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new AssertionError(e);
        }
    }

    private static long tiyn(kz.ofd.protocol.proto.Money m) {
        return m.getBills() * 100 + m.getCoins();
    }
}
