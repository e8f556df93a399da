package kz.ofd.engine.logic;

import kz.ofd.protocol.codec.MoneyCodec;
import kz.ofd.protocol.proto.DateTime;
import kz.ofd.protocol.proto.Money;
import kz.ofd.protocol.proto.OperationTypeEnum;
import kz.ofd.protocol.proto.PaymentTypeEnum;
import kz.ofd.protocol.proto.ZXReport;
import org.junit.jupiter.api.Test;

import java.time.LocalDateTime;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The server's own ZXReport from a shift of mixed tickets: storno, item and ticket modifiers, mixed payments,
 * change, offline tickets and sections, all checked in integer tiyn.
 */
final class ReportBuilderTest {

    private static final LocalDateTime OPEN = LocalDateTime.of(2025, 3, 7, 9, 0, 0);
    private static final DateTime NOW = LogicFixture.at(LocalDateTime.of(2025, 3, 7, 18, 0, 0));
    private static final int BUY = OperationTypeEnum.OPERATION_BUY_VALUE;
    private static final int BUY_RETURN = OperationTypeEnum.OPERATION_BUY_RETURN_VALUE;
    private static final int SELL = OperationTypeEnum.OPERATION_SELL_VALUE;
    private static final int SELL_RETURN = OperationTypeEnum.OPERATION_SELL_RETURN_VALUE;

    /**
     * SELL 12000 (items 10000 + 5000 − storno 2000, item discount 500, item markup 300, ticket discount 800;
     * cash 7000 + card 5000, taken 10000, change 3000); SELL 1000 offline by mobile; BUY 4100 in cash with every
     * modifier kind; SELL_RETURN 2500 by card.
     */
    private static ShiftCounters mixedShift() {
        ShiftCounters c = new ShiftCounters(3);
        TicketAccounting.apply(c, Tickets.of(OperationTypeEnum.OPERATION_SELL, OPEN)
            .commodity("1", 10_000).commodity("2", 5_000).storno("1", 2_000).discount(500).markup(300)
            .ticketDiscount(800)
            .pay(PaymentTypeEnum.PAYMENT_CASH, 7_000).pay(PaymentTypeEnum.PAYMENT_CARD, 5_000).cash(10_000, 3_000)
            .total(12_000));
        TicketAccounting.apply(c, Tickets.of(OperationTypeEnum.OPERATION_SELL, OPEN.plusHours(1))
            .commodity("2", 1_000).pay(PaymentTypeEnum.PAYMENT_MOBILE, 1_000).offline(5).total(1_000));
        TicketAccounting.apply(c, Tickets.of(OperationTypeEnum.OPERATION_BUY, OPEN.plusHours(2))
            .commodity("3", 4_000).markup(200).stornoMarkup(50).discount(100).stornoDiscount(30).ticketMarkup(20)
            .pay(PaymentTypeEnum.PAYMENT_CASH, 4_100).total(4_100));
        TicketAccounting.apply(c, Tickets.of(OperationTypeEnum.OPERATION_SELL_RETURN, OPEN.plusHours(3))
            .commodity("1", 2_500).pay(PaymentTypeEnum.PAYMENT_CARD, 2_500).total(2_500));
        return c;
    }

    @Test
    void shouldReportItemsModifiersAndTotalsPerOperation() {
        ZXReport r = ReportBuilder.build(mixedShift(), NOW, null);

        assertTrue(r.isInitialized());
        assertEquals(3, r.getShiftNumber());
        assertEquals(NOW, r.getDateTime());
        assertEquals(LogicFixture.at(OPEN), r.getOpenShiftTime());
        assertFalse(r.hasCloseShiftTime());
        assertRow(r.getOperations(SELL), SELL, 3, 14_000);
        assertRow(r.getDiscounts(SELL), SELL, 2, 1_300);
        assertRow(r.getMarkups(SELL), SELL, 1, 300);
        assertRow(r.getTotalResult(SELL), SELL, 3, 13_000);
        assertRow(r.getOperations(BUY), BUY, 1, 4_000);
        assertRow(r.getDiscounts(BUY), BUY, 1, 70);
        assertRow(r.getMarkups(BUY), BUY, 2, 170);
        assertRow(r.getTotalResult(BUY), BUY, 1, 4_100);
        assertRow(r.getOperations(SELL_RETURN), SELL_RETURN, 1, 2_500);
        assertRow(r.getTotalResult(SELL_RETURN), SELL_RETURN, 1, 2_500);
        assertRow(r.getOperations(BUY_RETURN), BUY_RETURN, 0, 0);
        assertRow(r.getDiscounts(BUY_RETURN), BUY_RETURN, 0, 0);
        assertEquals(0, r.getTaxesCount());
    }

    @Test
    void shouldReportSectionsPerSectionCodeWithARowPerOperation() {
        ZXReport r = ReportBuilder.build(mixedShift(), NOW, null);

        assertEquals(List.of("1", "2", "3"), r.getSectionsList().stream().map(ZXReport.Section::getSectionCode).toList());
        ZXReport.Section one = r.getSections(0);
        assertEquals(4, one.getOperationsCount());
        assertRow(one.getOperations(SELL), SELL, 1, 8_000);
        assertRow(one.getOperations(SELL_RETURN), SELL_RETURN, 1, 2_500);
        assertRow(one.getOperations(BUY), BUY, 0, 0);
        assertRow(r.getSections(1).getOperations(SELL), SELL, 2, 6_000);
        assertRow(r.getSections(2).getOperations(BUY), BUY, 1, 4_000);
        assertRow(r.getSections(2).getOperations(SELL), SELL, 0, 0);
    }

    @Test
    void shouldReportTicketOperationsWithPaymentsChangeAndOffline() {
        ZXReport r = ReportBuilder.build(mixedShift(), NOW, null);

        ZXReport.TicketOperation sell = r.getTicketOperations(SELL);
        assertEquals(OperationTypeEnum.OPERATION_SELL, sell.getOperation());
        assertEquals(2, sell.getTicketsCount());
        assertEquals(2, sell.getTicketsTotalCount());
        assertEquals(13_000, tiyn(sell.getTicketsSum()));
        assertEquals(1, sell.getOfflineCount());
        assertEquals(1_300, tiyn(sell.getDiscountSum()));
        assertEquals(300, tiyn(sell.getMarkupSum()));
        assertEquals(3_000, tiyn(sell.getChangeSum()));
        assertEquals(3, sell.getPaymentsCount());
        assertPayment(sell.getPayments(0), PaymentTypeEnum.PAYMENT_CASH, 7_000, 1);
        assertPayment(sell.getPayments(1), PaymentTypeEnum.PAYMENT_CARD, 5_000, 1);
        assertPayment(sell.getPayments(2), PaymentTypeEnum.PAYMENT_MOBILE, 1_000, 1);

        ZXReport.TicketOperation buy = r.getTicketOperations(BUY);
        assertEquals(1, buy.getTicketsCount());
        assertEquals(4_100, tiyn(buy.getTicketsSum()));
        assertEquals(0, buy.getOfflineCount());
        assertEquals(70, tiyn(buy.getDiscountSum()));
        assertEquals(170, tiyn(buy.getMarkupSum()));
        assertEquals(0, tiyn(buy.getChangeSum()));
        assertEquals(1, buy.getPaymentsCount());
        assertPayment(buy.getPayments(0), PaymentTypeEnum.PAYMENT_CASH, 4_100, 1);

        ZXReport.TicketOperation sellReturn = r.getTicketOperations(SELL_RETURN);
        assertEquals(1, sellReturn.getTicketsCount());
        assertPayment(sellReturn.getPayments(0), PaymentTypeEnum.PAYMENT_CARD, 2_500, 1);
        assertEquals(0, r.getTicketOperations(BUY_RETURN).getTicketsCount());
        assertEquals(0, r.getTicketOperations(BUY_RETURN).getPaymentsCount(), "no payment rows without payments");
    }

    @Test
    void shouldReportCashRevenueAndNonNullableSums() {
        ZXReport r = ReportBuilder.build(mixedShift(), NOW, null);

        assertEquals(7_000 - 4_100, tiyn(r.getCashSum()));
        assertEquals(12_000 + 1_000 - 4_100 - 2_500, tiyn(r.getRevenue().getSum()));
        assertFalse(r.getRevenue().getIsNegative());
        assertEquals(13_000, tiyn(r.getNonNullableSums(SELL).getSum()));
        assertEquals(4_100, tiyn(r.getNonNullableSums(BUY).getSum()));
        assertEquals(2_500, tiyn(r.getNonNullableSums(SELL_RETURN).getSum()));
        assertEquals(0, tiyn(r.getNonNullableSums(BUY_RETURN).getSum()));
        for (int op = 0; op < 4; op++) {
            assertEquals(op, r.getStartShiftNonNullableSums(op).getOperation().getNumber());
            assertEquals(0, tiyn(r.getStartShiftNonNullableSums(op).getSum()));
        }
        assertEquals(2, r.getMoneyPlacementsCount());
    }

    @Test
    void shouldReportANegativeRevenueAsSumAndFlag() {
        ShiftCounters c = new ShiftCounters(1);
        TicketAccounting.apply(c, Tickets.of(OperationTypeEnum.OPERATION_SELL, OPEN).commodity("1", 1_000)
            .pay(PaymentTypeEnum.PAYMENT_CASH, 1_000).total(1_000));
        TicketAccounting.apply(c, Tickets.of(OperationTypeEnum.OPERATION_SELL_RETURN, OPEN).commodity("1", 3_000)
            .pay(PaymentTypeEnum.PAYMENT_CARD, 3_000).total(3_000));

        ZXReport r = ReportBuilder.build(c, NOW, null);

        assertEquals(2_000, tiyn(r.getRevenue().getSum()));
        assertTrue(r.getRevenue().getIsNegative());
        assertEquals(1_000, tiyn(r.getCashSum()));
    }

    @Test
    void shouldCarryAllTimeCountsNonNullableSumsAndCashIntoTheNextShift() {
        ShiftCounters c = mixedShift();
        c.addPlacement(0, ShiftCounters.PLACEMENT_TOTAL_COUNT, 4);
        c.addPlacement(0, ShiftCounters.PLACEMENT_COUNT, 1);
        c.addPlacement(0, ShiftCounters.PLACEMENT_SUM, 900);

        ShiftCounters next = c.next();
        ZXReport r = ReportBuilder.build(next, NOW, NOW);

        assertEquals(4, r.getShiftNumber());
        assertFalse(next.isOpen());
        assertEquals(c.cash(), next.cash());
        assertEquals(0, next.revenue());
        assertEquals(NOW, r.getOpenShiftTime(), "a shift without documents opens at its close");
        assertEquals(NOW, r.getCloseShiftTime());
        assertEquals(0, r.getSectionsCount());
        assertEquals(13_000, tiyn(r.getStartShiftNonNullableSums(SELL).getSum()));
        assertEquals(13_000, tiyn(r.getNonNullableSums(SELL).getSum()));
        assertEquals(2, r.getTicketOperations(SELL).getTicketsTotalCount());
        assertEquals(0, r.getTicketOperations(SELL).getTicketsCount());
        assertEquals(0, tiyn(r.getTicketOperations(SELL).getChangeSum()));
        assertEquals(4, r.getMoneyPlacements(0).getOperationsTotalCount());
        assertEquals(0, r.getMoneyPlacements(0).getOperationsCount());
        assertEquals(0, tiyn(r.getMoneyPlacements(0).getOperationsSum()));
    }

    @Test
    void shouldBuildAnEmptyZOfShiftZeroDatedWithTheRequest() {
        ZXReport z = ReportBuilder.emptyZ(NOW);

        assertTrue(z.isInitialized());
        assertEquals(0, z.getShiftNumber());
        assertEquals(NOW, z.getDateTime());
        assertEquals(NOW, z.getOpenShiftTime());
        assertEquals(NOW, z.getCloseShiftTime());
        assertEquals(0, tiyn(z.getCashSum()));
        assertEquals(4, z.getTicketOperationsCount());
        assertEquals(4, z.getOperationsCount());
        assertEquals(2, z.getMoneyPlacementsCount());
    }

    private static void assertRow(ZXReport.Operation row, int operation, int count, long sum) {
        assertEquals(operation, row.getOperation().getNumber());
        assertEquals(count, row.getCount(), () -> "count of " + row.getOperation());
        assertEquals(sum, tiyn(row.getSum()), () -> "sum of " + row.getOperation());
    }

    private static void assertPayment(ZXReport.TicketOperation.Payment p, PaymentTypeEnum type, long sum, int count) {
        assertEquals(type, p.getPayment());
        assertEquals(sum, tiyn(p.getSum()));
        assertEquals(count, p.getCount());
    }

    private static long tiyn(Money money) {
        return MoneyCodec.toTiyn(money);
    }

    @Test
    void shouldChecksumAZReportButNotAnX() {
        ShiftCounters counters = new ShiftCounters(3);
        kz.ofd.protocol.proto.DateTime at = LogicFixture.at(LogicFixture.DOCUMENT_TIME);
        ZXReport z = ReportBuilder.build(counters, at, at);
        ZXReport x = ReportBuilder.build(counters, at, null);
        org.junit.jupiter.api.Assertions.assertTrue(z.getChecksum().matches("[0-9A-F]{8}"), z.getChecksum());
        org.junit.jupiter.api.Assertions.assertEquals(
            ReportBuilder.checksum(z.toBuilder().clearChecksum().build()), z.getChecksum());
        org.junit.jupiter.api.Assertions.assertFalse(x.hasChecksum());
    }
}
