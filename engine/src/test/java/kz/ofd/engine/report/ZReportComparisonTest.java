package kz.ofd.engine.report;

import kz.ofd.protocol.codec.MoneyCodec;
import kz.ofd.protocol.proto.OperationTypeEnum;
import kz.ofd.protocol.proto.ZXReport;
import kz.ofd.protocol.testing.Requests;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

final class ZReportComparisonTest {

    @Test
    void shouldFindNoDifferenceBetweenEqualReports() {
        assertEquals(List.of(), ZReportComparison.differences(z(1, 30_050, 2, 35_050), z(1, 30_050, 2, 35_050)));
    }

    @Test
    void shouldNameEveryDifferingFigure() {
        List<String> diffs = ZReportComparison.differences(z(3, 30_050, 2, 35_050), z(4, 30_100, 3, 35_050));
        assertEquals(List.of(
            "shift_number: server 3, register 4",
            "cash_sum: server 300.50, register 301.00",
            "ticket_operations[OPERATION_SELL].tickets_count: server 2, register 3"), diffs);
    }

    @Test
    void shouldCompareSignedRevenueAndTreatAMissingRowAsZero() {
        ZXReport server = z(1, 0, 1, 500).toBuilder()
            .setRevenue(ZXReport.Revenue.newBuilder().setSum(MoneyCodec.fromTiyn(500)).setIsNegative(true)).build();
        ZXReport register = z(1, 0, 1, 500).toBuilder().clearTicketOperations().build();
        List<String> diffs = ZReportComparison.differences(server, register);
        assertEquals("revenue: server -5.00, register 5.00", diffs.get(0));
        assertEquals("ticket_operations[OPERATION_SELL].tickets_count: server 1, register 0", diffs.get(1));
        assertEquals("ticket_operations[OPERATION_SELL].tickets_sum: server 5.00, register 0.00", diffs.get(2));
    }

    private static ZXReport z(int shift, long cash, int sells, long sellSum) {
        return ZXReport.newBuilder()
            .setDateTime(Requests.now())
            .setShiftNumber(shift)
            .setCashSum(MoneyCodec.fromTiyn(cash))
            .setRevenue(ZXReport.Revenue.newBuilder().setSum(MoneyCodec.fromTiyn(sellSum)).setIsNegative(false))
            .addTicketOperations(ZXReport.TicketOperation.newBuilder()
                .setOperation(OperationTypeEnum.OPERATION_SELL)
                .setTicketsTotalCount(sells).setTicketsCount(sells).setTicketsSum(MoneyCodec.fromTiyn(sellSum)))
            .build();
    }
}
