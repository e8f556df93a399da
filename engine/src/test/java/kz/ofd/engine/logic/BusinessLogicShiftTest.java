package kz.ofd.engine.logic;

import kz.ofd.protocol.codec.MoneyCodec;
import kz.ofd.protocol.proto.Money;
import kz.ofd.protocol.proto.MoneyPlacementEnum;
import kz.ofd.protocol.proto.OperationTypeEnum;
import kz.ofd.protocol.proto.PaymentTypeEnum;
import kz.ofd.protocol.proto.ReportTypeEnum;
import kz.ofd.protocol.proto.Request;
import kz.ofd.protocol.proto.Response;
import kz.ofd.protocol.proto.ResultTypeEnum;
import kz.ofd.protocol.proto.ServiceResponse;
import kz.ofd.protocol.proto.ZXReport;
import kz.ofd.protocol.testing.Requests;
import org.junit.jupiter.api.Test;

import java.time.LocalDateTime;
import java.util.List;

import static kz.ofd.engine.logic.LogicFixture.DOCUMENT_TIME;
import static kz.ofd.engine.logic.LogicFixture.at;
import static kz.ofd.engine.logic.LogicFixture.dated;
import static kz.ofd.engine.logic.LogicFixture.strict;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Cash in the drawer, money placements, CLOSE_SHIFT, REPORT X/Z and INFO through {@link BusinessLogic}.
 */
final class BusinessLogicShiftTest {

    private static final long ID = 7;
    private static final long TOKEN = 5_000;
    private static final int BUY = OperationTypeEnum.OPERATION_BUY_VALUE;
    private static final int BUY_RETURN = OperationTypeEnum.OPERATION_BUY_RETURN_VALUE;
    private static final int SELL = OperationTypeEnum.OPERATION_SELL_VALUE;
    private static final int SELL_RETURN = OperationTypeEnum.OPERATION_SELL_RETURN_VALUE;
    private static final int DEPOSIT = MoneyPlacementEnum.MONEY_PLACEMENT_DEPOSIT_VALUE;
    private static final int WITHDRAWAL = MoneyPlacementEnum.MONEY_PLACEMENT_WITHDRAWAL_VALUE;
    private static final LocalDateTime CLOSE_TIME = LocalDateTime.of(2025, 3, 7, 22, 0, 0);

    private final LogicFixture fixture = new LogicFixture();
    private final LogicFixture.Kkm kkm = fixture.register(ID, TOKEN);

    @Test
    void shouldRefuseAWithdrawalLargerThanTheDrawerWith14AndChangeNothing() {
        kkm.ok(Requests.moneyPlacement(true, 50_000));
        long token = kkm.token();
        ZXReport before = kkm.report(ReportTypeEnum.REPORT_X);

        Answer a = kkm.send(Requests.moneyPlacement(false, 50_001));

        assertEquals(ResultTypeEnum.RESULT_TYPE_NOT_ENOUGH_CASH_VALUE, a.resultCode());
        assertEquals(token, a.headerToken(), "the refusal carries the current token");
        assertFalse(a.accepted());
        assertEquals(token, fixture.logic().kkm(ID).token(), "token not rotated");
        Response r = strict(a);
        assertEquals(14, r.getResult().getResultCode());
        assertTrue(r.getResult().getResultText().contains("500.01"), r.getResult().getResultText());
        assertEquals(before, kkm.report(ReportTypeEnum.REPORT_X), "nothing counted");
        assertEquals(50_000, tiyn(before.getCashSum()));
        assertEquals(1, before.getMoneyPlacements(DEPOSIT).getOperationsCount());
        assertEquals(0, before.getMoneyPlacements(WITHDRAWAL).getOperationsCount());

        kkm.ok(Requests.moneyPlacement(false, 50_000));
        ZXReport after = kkm.report(ReportTypeEnum.REPORT_X);
        assertEquals(0, tiyn(after.getCashSum()), "the whole drawer may be withdrawn");
        assertEquals(1, after.getMoneyPlacements(WITHDRAWAL).getOperationsCount());
        assertEquals(50_000, tiyn(after.getMoneyPlacements(WITHDRAWAL).getOperationsSum()));
        assertEquals(0, tiyn(after.getRevenue().getSum()), "placements never touch revenue");
    }

    @Test
    void shouldRefuseAWithdrawalFromAnEmptyDrawer() {
        assertEquals(14, kkm.send(Requests.moneyPlacement(false, 1)).resultCode());
        assertEquals(TOKEN, kkm.token());
        assertFalse(fixture.logic().kkm(ID).shift().isOpen(), "a refused placement does not open the shift");
    }

    @Test
    void shouldFillTheDrawerWithCashSellsAndRefuseACashReturnLargerThanIt() {
        kkm.ok(Requests.ticket(12_000));
        assertEquals(12_000, fixture.logic().kkm(ID).shift().cash());
        long token = kkm.token();

        Answer tooMuch = kkm.send(LogicFixture.returnTicket(OperationTypeEnum.OPERATION_SELL_RETURN, 12_001));

        assertEquals(14, tooMuch.resultCode());
        assertEquals(token, tooMuch.headerToken());
        assertEquals(token, fixture.logic().kkm(ID).token());
        assertEquals(FiscalSigns.FIRST, fixture.logic().lastFiscalSign(), "no sign for a refused ticket");
        ZXReport x = kkm.report(ReportTypeEnum.REPORT_X);
        assertEquals(0, x.getTicketOperations(SELL_RETURN).getTicketsCount());
        assertEquals(12_000, tiyn(x.getCashSum()));

        kkm.ok(LogicFixture.returnTicket(OperationTypeEnum.OPERATION_SELL_RETURN, 12_000));
        assertEquals(0, fixture.logic().kkm(ID).shift().cash());
        assertEquals(0, fixture.logic().kkm(ID).shift().revenue());
    }

    @Test
    void shouldMoveTheDrawerByDirectionOfEachOperation() {
        kkm.ok(Requests.moneyPlacement(true, 10_000));
        kkm.ok(LogicFixture.returnTicket(OperationTypeEnum.OPERATION_BUY_RETURN, 3_000));
        assertEquals(13_000, fixture.logic().kkm(ID).shift().cash(), "BUY_RETURN brings cash in");
        assertEquals(14, kkm.send(Requests.ticket(OperationTypeEnum.OPERATION_BUY, 13_001)).resultCode());
        kkm.ok(Requests.ticket(OperationTypeEnum.OPERATION_BUY, 13_000));

        ShiftCounters shift = fixture.logic().kkm(ID).shift();
        assertEquals(0, shift.cash(), "BUY pays cash out");
        assertEquals(3_000 - 13_000, shift.revenue());
        ZXReport x = kkm.report(ReportTypeEnum.REPORT_X);
        assertEquals(10_000, tiyn(x.getRevenue().getSum()));
        assertTrue(x.getRevenue().getIsNegative());
    }

    @Test
    void shouldCountCardPaymentsWithoutTouchingTheDrawer() {
        Request.Builder card = LogicFixture.returnTicket(OperationTypeEnum.OPERATION_SELL_RETURN, 70_000).toBuilder();
        card.getTicketBuilder().getPaymentsBuilder(0).setType(PaymentTypeEnum.PAYMENT_CARD);
        card.getTicketBuilder().getAmountsBuilder().clearTaken().clearChange();

        kkm.ok(card.build());

        assertEquals(0, fixture.logic().kkm(ID).shift().cash(), "a card return needs no cash");
        assertEquals(-70_000, fixture.logic().kkm(ID).shift().revenue());
    }

    @Test
    void shouldCloseTheShiftWithAZOfItsDocuments() {
        LocalDateTime first = LocalDateTime.of(2025, 3, 7, 8, 0, 0);
        kkm.ok(dated(Requests.moneyPlacement(true, 10_000), first));
        kkm.ok(Requests.ticket(1_000));
        kkm.ok(Requests.ticket(OperationTypeEnum.OPERATION_SELL, 500, 1_500));
        kkm.ok(LogicFixture.returnTicket(OperationTypeEnum.OPERATION_SELL_RETURN, 500));
        long token = kkm.token();
        int closeReqnum = kkm.requestNumber() + 1;

        Answer a = kkm.send(dated(Requests.closeShift(), CLOSE_TIME));

        assertEquals(0, a.resultCode());
        assertTrue(a.accepted());
        assertEquals(1, a.shiftNumber());
        assertEquals(0, a.fiscalSign());
        assertNotEquals(token, a.newToken(), "CLOSE_SHIFT rotates the token");
        assertEquals(a.newToken(), a.headerToken());
        assertEquals(closeReqnum, kkm.requestNumber());
        Response r = strict(a);
        assertEquals(ReportTypeEnum.REPORT_Z, r.getReport().getReport());
        ZXReport z = r.getReport().getZxReport();
        assertEquals(1, z.getShiftNumber());
        assertEquals(at(CLOSE_TIME), z.getCloseShiftTime());
        assertEquals(at(CLOSE_TIME), z.getDateTime());
        assertEquals(at(first), z.getOpenShiftTime(), "the shift opened at its first document");
        assertFourRowsPerOperation(z);
        assertEquals(2, z.getMoneyPlacementsCount());
        assertEquals(2, z.getTicketOperations(SELL).getTicketsCount());
        assertEquals(2, z.getTicketOperations(SELL).getTicketsTotalCount());
        assertEquals(3_000, tiyn(z.getTicketOperations(SELL).getTicketsSum()));
        assertEquals(1, z.getTicketOperations(SELL_RETURN).getTicketsCount());
        assertEquals(500, tiyn(z.getTicketOperations(SELL_RETURN).getTicketsSum()));
        assertEquals(0, z.getTicketOperations(BUY).getTicketsCount());
        assertEquals(0, z.getTicketOperations(BUY_RETURN).getTicketsCount());
        assertEquals(3, z.getOperations(SELL).getCount(), "operation rows count items");
        assertEquals(3_000, tiyn(z.getOperations(SELL).getSum()));
        assertEquals(List.of(PaymentTypeEnum.PAYMENT_CASH), z.getTicketOperations(SELL).getPaymentsList().stream()
            .map(ZXReport.TicketOperation.Payment::getPayment).toList());
        assertEquals(2, z.getTicketOperations(SELL).getPayments(0).getCount());
        assertEquals(3_000, tiyn(z.getNonNullableSums(SELL).getSum()));
        assertEquals(500, tiyn(z.getNonNullableSums(SELL_RETURN).getSum()));
        assertEquals(0, tiyn(z.getStartShiftNonNullableSums(SELL).getSum()));
        assertEquals(12_500, tiyn(z.getCashSum()));
        assertEquals(2_500, tiyn(z.getRevenue().getSum()));
        assertFalse(z.getRevenue().getIsNegative());
        assertEquals(1, z.getMoneyPlacements(DEPOSIT).getOperationsCount());
        assertEquals(0, z.getMoneyPlacements(WITHDRAWAL).getOperationsCount());
    }

    @Test
    void shouldBookAWithdrawalOfTheWholeDrawerWhenClosingWithWithdrawMoney() {
        kkm.ok(Requests.moneyPlacement(true, 4_000));
        kkm.ok(Requests.ticket(6_050));

        ZXReport z = kkm.ok(Requests.closeShift(true)).getReport().getZxReport();

        assertEquals(0, tiyn(z.getCashSum()));
        assertEquals(1, z.getMoneyPlacements(WITHDRAWAL).getOperationsCount());
        assertEquals(1, z.getMoneyPlacements(WITHDRAWAL).getOperationsTotalCount());
        assertEquals(10_050, tiyn(z.getMoneyPlacements(WITHDRAWAL).getOperationsSum()));
        ZXReport x = kkm.report(ReportTypeEnum.REPORT_X);
        assertEquals(0, tiyn(x.getCashSum()), "the next shift starts with an empty drawer");
        assertEquals(0, x.getMoneyPlacements(WITHDRAWAL).getOperationsCount());
        assertEquals(1, x.getMoneyPlacements(WITHDRAWAL).getOperationsTotalCount(), "all-time count carried");
    }

    @Test
    void shouldBookNoWithdrawalWhenClosingAnEmptyDrawerWithWithdrawMoney() {
        ZXReport z = kkm.ok(Requests.closeShift(true)).getReport().getZxReport();

        assertEquals(1, z.getShiftNumber(), "even a shift without documents can be closed");
        assertEquals(0, z.getMoneyPlacements(WITHDRAWAL).getOperationsCount());
        assertEquals(0, tiyn(z.getMoneyPlacements(WITHDRAWAL).getOperationsSum()));
    }

    @Test
    void shouldStartTheNextShiftWithCarriedCountersAfterClose() {
        kkm.ok(Requests.moneyPlacement(true, 10_000));
        kkm.ok(Requests.ticket(OperationTypeEnum.OPERATION_SELL, 700, 300));
        kkm.ok(Requests.ticket(OperationTypeEnum.OPERATION_BUY, 400));
        ZXReport z = kkm.ok(dated(Requests.closeShift(), CLOSE_TIME)).getReport().getZxReport();

        assertEquals(z, kkm.report(ReportTypeEnum.REPORT_Z), "REPORT Z returns the Z of the last close");
        ZXReport x = kkm.report(ReportTypeEnum.REPORT_X);

        assertEquals(2, x.getShiftNumber());
        assertFalse(x.hasCloseShiftTime(), "X has no close time");
        assertEquals(at(DOCUMENT_TIME), x.getDateTime(), "X is dated with the request's date-time");
        assertFourRowsPerOperation(x);
        for (int op = 0; op < 4; op++) {
            assertEquals(0, x.getTicketOperations(op).getTicketsCount(), "op " + op);
            assertEquals(0, tiyn(x.getTicketOperations(op).getTicketsSum()), "op " + op);
            assertEquals(0, x.getOperations(op).getCount(), "op " + op);
            assertEquals(z.getTicketOperations(op).getTicketsTotalCount(), x.getTicketOperations(op).getTicketsTotalCount());
            assertEquals(z.getNonNullableSums(op), x.getStartShiftNonNullableSums(op), "non-nullable sums carried");
            assertEquals(z.getNonNullableSums(op), x.getNonNullableSums(op));
        }
        assertEquals(1_000, tiyn(x.getStartShiftNonNullableSums(SELL).getSum()));
        assertEquals(400, tiyn(x.getStartShiftNonNullableSums(BUY).getSum()));
        assertEquals(10_600, tiyn(x.getCashSum()), "cash carried");
        assertEquals(tiyn(z.getCashSum()), tiyn(x.getCashSum()));
        assertEquals(0, tiyn(x.getRevenue().getSum()), "revenue belongs to the shift");
        assertEquals(0, x.getMoneyPlacements(DEPOSIT).getOperationsCount());
        assertEquals(1, x.getMoneyPlacements(DEPOSIT).getOperationsTotalCount());
        assertEquals(0, x.getSectionsCount());

        Answer next = kkm.send(Requests.ticket(200));
        assertEquals(2, next.shiftNumber(), "documents after the close belong to shift 2");
        ZXReport z2 = kkm.ok(Requests.closeShift()).getReport().getZxReport();
        assertEquals(2, z2.getShiftNumber());
        assertEquals(z2, kkm.report(ReportTypeEnum.REPORT_Z));
        assertEquals(2, z2.getTicketOperations(SELL).getTicketsTotalCount());
        assertEquals(1_200, tiyn(z2.getNonNullableSums(SELL).getSum()));
    }

    @Test
    void shouldAnswerReportZBeforeAnyCloseWithAnEmptyZOfShiftZero() {
        kkm.ok(Requests.ticket(1_000));

        ZXReport z = kkm.report(ReportTypeEnum.REPORT_Z);

        assertEquals(0, z.getShiftNumber());
        assertEquals(at(DOCUMENT_TIME), z.getDateTime());
        assertEquals(at(DOCUMENT_TIME), z.getCloseShiftTime());
        assertEquals(0, tiyn(z.getCashSum()));
        assertFourRowsPerOperation(z);
        for (int op = 0; op < 4; op++) {
            assertEquals(0, z.getTicketOperations(op).getTicketsCount());
        }
    }

    @Test
    void shouldAnswerInfoWithXAndCompleteRegInfo() {
        kkm.ok(Requests.ticket(1_000));

        Response r = kkm.ok(Requests.info());

        assertEquals(ReportTypeEnum.REPORT_X, r.getReport().getReport());
        ZXReport x = r.getReport().getZxReport();
        assertEquals(1, x.getShiftNumber());
        assertEquals(1, x.getTicketOperations(SELL).getTicketsCount());
        assertEquals(at(DOCUMENT_TIME), x.getDateTime(), "INFO's X is dated with the receive time in UTC+5");
        ServiceResponse.RegInfo reg = r.getService().getRegInfo();
        KkmRegistration registration = LogicFixture.registration(ID, TOKEN);
        assertEquals(LogicFixture.RNM, reg.getKkm().getFnsKkmId());
        assertEquals(registration.serialNumber(), reg.getKkm().getSerialNumber());
        assertEquals(Long.toString(ID), reg.getKkm().getKkmId());
        assertEquals(registration.orgName(), reg.getOrg().getTitle());
        assertEquals(registration.address(), reg.getOrg().getAddress());
        assertEquals(registration.address(), reg.getOrg().getAddressKz());
        assertEquals(LogicFixture.BIN, reg.getOrg().getInn());
        assertEquals(registration.pointName(), reg.getPos().getTitle());
        assertEquals(registration.address(), reg.getPos().getAddress());
        assertFalse(reg.hasOfd(), "2.0.3 has no OFD reg info");
    }

    @Test
    void shouldAnswerInfoWithTheLastZWhenNoShiftIsOpen() {
        kkm.ok(Requests.ticket(1_000));
        ZXReport z = kkm.ok(Requests.closeShift()).getReport().getZxReport();

        Response r = kkm.ok(Requests.info());

        assertEquals(ReportTypeEnum.REPORT_Z, r.getReport().getReport());
        assertEquals(z, r.getReport().getZxReport());
    }

    @Test
    void shouldAnswerInfoOfAFreshKkmWithAnXOfShiftOne() {
        Response r = kkm.ok(Requests.info());

        assertEquals(ReportTypeEnum.REPORT_X, r.getReport().getReport());
        assertEquals(1, r.getReport().getZxReport().getShiftNumber());
        assertEquals(at(DOCUMENT_TIME), r.getReport().getZxReport().getOpenShiftTime());
    }

    @Test
    void shouldAddOfdRegInfoForVersion204() {
        Answer a = kkm.sendAt(204, Requests.info());

        assertEquals(0, a.resultCode());
        ServiceResponse.RegInfo reg = strict(a).getService().getRegInfo();
        assertTrue(reg.hasOfd());
        assertEquals("Test OFD", reg.getOfd().getTitle());
        assertEquals("Test OFD", reg.getOfd().getTitleKz());
        assertEquals("http://check.test", reg.getOfd().getUrl());
        assertTrue(reg.hasKkm() && reg.hasOrg() && reg.hasPos());
    }

    @Test
    void shouldCountOfflineMoneyPlacements() {
        Request.Builder offline = Requests.moneyPlacement(true, 300).toBuilder();
        offline.getMoneyPlacementBuilder().setIsOffline(true);

        kkm.ok(offline.build());
        kkm.ok(Requests.moneyPlacement(true, 200));

        ZXReport x = kkm.report(ReportTypeEnum.REPORT_X);
        assertEquals(2, x.getMoneyPlacements(DEPOSIT).getOperationsCount());
        assertEquals(1, x.getMoneyPlacements(DEPOSIT).getOfflineCount());
        assertEquals(500, tiyn(x.getMoneyPlacements(DEPOSIT).getOperationsSum()));
    }

    @Test
    void shouldAnswerEveryDocumentRetryOfACloseWithTheSameZ() {
        kkm.ok(Requests.ticket(1_000));
        long token = kkm.token();
        Request close = Requests.closeShift();
        Answer first = fixture.send(ID, token, 100, close);

        Answer retry = fixture.send(ID, token, 100, close);

        assertArrayEquals(first.body(), retry.body());
        assertEquals(2, fixture.logic().kkm(ID).shift().shiftNumber(), "the shift was closed once");
    }

    private static void assertFourRowsPerOperation(ZXReport r) {
        List<List<?>> lists = List.of(r.getOperationsList(), r.getDiscountsList(), r.getMarkupsList(),
            r.getTotalResultList(), r.getStartShiftNonNullableSumsList(), r.getNonNullableSumsList(),
            r.getTicketOperationsList());
        for (List<?> list : lists) {
            assertEquals(4, list.size(), "one row per operation");
        }
        for (int op = 0; op < 4; op++) {
            assertEquals(op, r.getOperations(op).getOperation().getNumber());
            assertEquals(op, r.getDiscounts(op).getOperation().getNumber());
            assertEquals(op, r.getMarkups(op).getOperation().getNumber());
            assertEquals(op, r.getTotalResult(op).getOperation().getNumber());
            assertEquals(op, r.getTicketOperations(op).getOperation().getNumber());
            assertEquals(op, r.getNonNullableSums(op).getOperation().getNumber());
            assertEquals(op, r.getStartShiftNonNullableSums(op).getOperation().getNumber());
        }
    }

    private static long tiyn(Money money) {
        return MoneyCodec.toTiyn(money);
    }
}
