package kz.ofd.engine.logic;

import com.google.protobuf.ByteString;
import kz.ofd.protocol.codec.MoneyCodec;
import kz.ofd.protocol.proto.DateTime;
import kz.ofd.protocol.proto.MoneyPlacementEnum;
import kz.ofd.protocol.proto.OperationTypeEnum;
import kz.ofd.protocol.proto.PaymentTypeEnum;
import kz.ofd.protocol.proto.ZXReport;

import java.util.zip.CRC32;

/**
 * Builds the server's own {@link ZXReport} from {@link ShiftCounters}. Every required field is set, and every
 * operation gets a row, zero rows included (protocol-facts §14.6), so strict clients can decode the answer.
 */
public final class ReportBuilder {

    private ReportBuilder() {
    }

    /**
     * @param c         the shift's counters
     * @param dateTime  the report's date-time (the request's)
     * @param closeTime close time for a Z report, {@code null} for X
     * @return the report
     */
    public static ZXReport build(ShiftCounters c, DateTime dateTime, DateTime closeTime) {
        ZXReport.Builder r = ZXReport.newBuilder()
            .setDateTime(dateTime)
            .setShiftNumber((int) c.shiftNumber)
            .setCashSum(MoneyCodec.fromTiyn(Math.max(0, c.cash)))
            .setRevenue(ZXReport.Revenue.newBuilder()
                .setSum(MoneyCodec.fromTiyn(Math.abs(c.revenue)))
                .setIsNegative(c.revenue < 0))
            .setOpenShiftTime(c.openTimeBytes() != null ? c.openTime() : closeTime != null ? closeTime : dateTime);
        if (closeTime != null) {
            r.setCloseShiftTime(closeTime);
        }
        for (int i = 0; i < c.sectionCount(); i++) {
            ZXReport.Section.Builder s = ZXReport.Section.newBuilder()
                .setSectionCodeBytes(ByteString.copyFrom(c.sectionCode(i)));
            for (int op = 0; op < ShiftCounters.OPERATIONS; op++) {
                s.addOperations(operation(op, c.section(i, op * 2), c.section(i, op * 2 + 1)));
            }
            r.addSections(s);
        }
        for (int op = 0; op < ShiftCounters.OPERATIONS; op++) {
            long itemCount = c.get(op, ShiftCounters.ITEM_COUNT);
            long itemSum = c.get(op, ShiftCounters.ITEM_SUM);
            long discountSum = c.get(op, ShiftCounters.DISCOUNT_SUM);
            long markupSum = c.get(op, ShiftCounters.MARKUP_SUM);
            r.addOperations(operation(op, itemCount, itemSum));
            r.addDiscounts(operation(op, c.get(op, ShiftCounters.DISCOUNT_COUNT), discountSum));
            r.addMarkups(operation(op, c.get(op, ShiftCounters.MARKUP_COUNT), markupSum));
            r.addTotalResult(operation(op, itemCount, itemSum - discountSum + markupSum));
            r.addStartShiftNonNullableSums(nonNullable(op, c.get(op, ShiftCounters.START_NON_NULLABLE)));
            r.addNonNullableSums(nonNullable(op, c.get(op, ShiftCounters.NON_NULLABLE)));
            r.addTicketOperations(ticketOperation(c, op));
        }
        for (int i = 0; i < c.taxCount(); i++) {
            r.addTaxes(tax(c, i));
        }
        for (int kind = 0; kind < ShiftCounters.PLACEMENTS; kind++) {
            r.addMoneyPlacements(ZXReport.MoneyPlacement.newBuilder()
                .setOperation(MoneyPlacementEnum.forNumber(kind))
                .setOperationsTotalCount((int) c.placement(kind, ShiftCounters.PLACEMENT_TOTAL_COUNT))
                .setOperationsCount((int) c.placement(kind, ShiftCounters.PLACEMENT_COUNT))
                .setOperationsSum(MoneyCodec.fromTiyn(c.placement(kind, ShiftCounters.PLACEMENT_SUM)))
                .setOfflineCount((int) c.placement(kind, ShiftCounters.PLACEMENT_OFFLINE)));
        }
        if (closeTime != null) {
            r.setChecksum(checksum(r.build()));
        }
        return r.build();
    }

    /**
     * A Z report's checksum (required since 2.0.2; the protocol names no algorithm): CRC-32 (IEEE) of the report's
     * protobuf encoding without the checksum, as 8 upper-case hex digits — what real clients compute for their
     * own Z (protocol-facts §6.4).
     */
    static String checksum(ZXReport withoutChecksum) {
        CRC32 crc = new CRC32();
        crc.update(withoutChecksum.toByteArray());
        return String.format("%08X", crc.getValue());
    }

    /**
     * A Z report for "no Z yet": shift number 0, the request's date-time, all zero (protocol-facts §6.3).
     *
     * @param dateTime the request's date-time
     * @return the empty report
     */
    public static ZXReport emptyZ(DateTime dateTime) {
        return build(new ShiftCounters(0), dateTime, dateTime);
    }

    private static ZXReport.TicketOperation ticketOperation(ShiftCounters c, int op) {
        ZXReport.TicketOperation.Builder t = ZXReport.TicketOperation.newBuilder()
            .setOperation(OperationTypeEnum.forNumber(op))
            .setTicketsTotalCount((int) c.get(op, ShiftCounters.TICKET_TOTAL_COUNT))
            .setTicketsCount((int) c.get(op, ShiftCounters.TICKET_COUNT))
            .setTicketsSum(MoneyCodec.fromTiyn(Math.max(0, c.get(op, ShiftCounters.TICKET_SUM))))
            .setOfflineCount((int) c.get(op, ShiftCounters.OFFLINE_COUNT))
            .setDiscountSum(MoneyCodec.fromTiyn(Math.max(0, c.get(op, ShiftCounters.TICKET_DISCOUNT_SUM))))
            .setMarkupSum(MoneyCodec.fromTiyn(Math.max(0, c.get(op, ShiftCounters.TICKET_MARKUP_SUM))))
            .setChangeSum(MoneyCodec.fromTiyn(Math.max(0, c.get(op, ShiftCounters.CHANGE_SUM))));
        for (int type = 0; type < ShiftCounters.PAYMENT_TYPES; type++) {
            long count = c.get(op, ShiftCounters.PAYMENT_COUNT + type);
            if (count > 0) {
                t.addPayments(ZXReport.TicketOperation.Payment.newBuilder()
                    .setPayment(PaymentTypeEnum.forNumber(type))
                    .setSum(MoneyCodec.fromTiyn(c.get(op, ShiftCounters.PAYMENT_SUM + type)))
                    .setCount((int) count));
            }
        }
        return t.build();
    }

    private static ZXReport.Tax tax(ShiftCounters c, int i) {
        long key = c.taxKey(i);
        ZXReport.Tax.Builder tax = ZXReport.Tax.newBuilder()
            .setTaxType((int) (key >>> 32))
            .setPercent((int) key);
        for (int op = 0; op < ShiftCounters.OPERATIONS; op++) {
            long turnover = Math.max(0, c.tax(i, op * 2));
            long sum = Math.max(0, c.tax(i, op * 2 + 1));
            tax.addOperations(ZXReport.Tax.TaxOperation.newBuilder()
                .setOperation(OperationTypeEnum.forNumber(op))
                .setTurnover(MoneyCodec.fromTiyn(turnover))
                .setSum(MoneyCodec.fromTiyn(sum))
                .setTurnoverWithoutTax(MoneyCodec.fromTiyn(Math.max(0, turnover - sum))));
        }
        return tax.build();
    }

    private static ZXReport.Operation operation(int op, long count, long sum) {
        return ZXReport.Operation.newBuilder()
            .setOperation(OperationTypeEnum.forNumber(op))
            .setCount((int) count)
            .setSum(MoneyCodec.fromTiyn(Math.max(0, sum)))
            .build();
    }

    private static ZXReport.NonNullableSum nonNullable(int op, long sum) {
        return ZXReport.NonNullableSum.newBuilder()
            .setOperation(OperationTypeEnum.forNumber(op))
            .setSum(MoneyCodec.fromTiyn(sum))
            .build();
    }
}
