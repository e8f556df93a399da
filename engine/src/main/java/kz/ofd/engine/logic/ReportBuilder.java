package kz.ofd.engine.logic;

import com.google.protobuf.ByteString;
import kz.ofd.protocol.codec.MoneyCodec;
import kz.ofd.protocol.proto.DateTime;
import kz.ofd.protocol.proto.MoneyPlacementEnum;
import kz.ofd.protocol.proto.OperationTypeEnum;
import kz.ofd.protocol.proto.PaymentTypeEnum;
import kz.ofd.protocol.proto.ZXReport;

import java.util.Map;
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
            .setOpenShiftTime(c.openTime != null ? c.openTime : closeTime != null ? closeTime : dateTime);
        if (closeTime != null) {
            r.setCloseShiftTime(closeTime);
        }
        for (Map.Entry<ByteString, long[]> section : c.sectionSums.entrySet()) {
            ZXReport.Section.Builder s = ZXReport.Section.newBuilder().setSectionCodeBytes(section.getKey());
            long[] v = section.getValue();
            for (int op = 0; op < ShiftCounters.OPERATIONS; op++) {
                s.addOperations(operation(op, v[op * 2], v[op * 2 + 1]));
            }
            r.addSections(s);
        }
        for (int op = 0; op < ShiftCounters.OPERATIONS; op++) {
            r.addOperations(operation(op, c.itemCount[op], c.itemSum[op]));
            r.addDiscounts(operation(op, c.discountCount[op], c.discountSum[op]));
            r.addMarkups(operation(op, c.markupCount[op], c.markupSum[op]));
            r.addTotalResult(operation(op, c.itemCount[op], c.itemSum[op] - c.discountSum[op] + c.markupSum[op]));
            r.addStartShiftNonNullableSums(nonNullable(op, c.startNonNullable[op]));
            r.addNonNullableSums(nonNullable(op, c.nonNullable[op]));
            r.addTicketOperations(ticketOperation(c, op));
        }
        long[] taxKeys = c.taxes.keySet().stream().mapToLong(Long::longValue).sorted().toArray();
        for (long key : taxKeys) {
            r.addTaxes(tax(key, c.taxes.get(key)));
        }
        for (int kind = 0; kind < ShiftCounters.PLACEMENTS; kind++) {
            r.addMoneyPlacements(ZXReport.MoneyPlacement.newBuilder()
                .setOperation(MoneyPlacementEnum.forNumber(kind))
                .setOperationsTotalCount((int) c.placementTotalCount[kind])
                .setOperationsCount((int) c.placementCount[kind])
                .setOperationsSum(MoneyCodec.fromTiyn(c.placementSum[kind]))
                .setOfflineCount((int) c.placementOffline[kind]));
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
            .setTicketsTotalCount((int) c.ticketTotalCount[op])
            .setTicketsCount((int) c.ticketCount[op])
            .setTicketsSum(MoneyCodec.fromTiyn(Math.max(0, c.ticketSum[op])))
            .setOfflineCount((int) c.offlineCount[op])
            .setDiscountSum(MoneyCodec.fromTiyn(Math.max(0, c.ticketDiscountSum[op])))
            .setMarkupSum(MoneyCodec.fromTiyn(Math.max(0, c.ticketMarkupSum[op])))
            .setChangeSum(MoneyCodec.fromTiyn(Math.max(0, c.changeSum[op])));
        for (int type = 0; type < ShiftCounters.PAYMENT_TYPES; type++) {
            if (c.paymentCount[op][type] > 0) {
                t.addPayments(ZXReport.TicketOperation.Payment.newBuilder()
                    .setPayment(PaymentTypeEnum.forNumber(type))
                    .setSum(MoneyCodec.fromTiyn(c.paymentSum[op][type]))
                    .setCount((int) c.paymentCount[op][type]));
            }
        }
        return t.build();
    }

    private static ZXReport.Tax tax(long key, long[] row) {
        ZXReport.Tax.Builder tax = ZXReport.Tax.newBuilder()
            .setTaxType((int) (key >>> 32))
            .setPercent((int) key);
        for (int op = 0; op < ShiftCounters.OPERATIONS; op++) {
            long turnover = Math.max(0, row[op * 2]);
            long sum = Math.max(0, row[op * 2 + 1]);
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
