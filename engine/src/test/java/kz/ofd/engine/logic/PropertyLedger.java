package kz.ofd.engine.logic;

import kz.ofd.protocol.codec.MoneyCodec;
import kz.ofd.protocol.proto.DateTime;
import kz.ofd.protocol.proto.MoneyPlacementEnum;
import kz.ofd.protocol.proto.OperationTypeEnum;
import kz.ofd.protocol.proto.PaymentTypeEnum;
import kz.ofd.protocol.proto.ZXReport;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * The documents a property test got accepted, kept as plain values in the order they were accepted, and the
 * {@link ZXReport} they imply. Deliberately written unlike {@link ShiftCounters} / {@link ReportBuilder}: nothing
 * is counted while documents arrive; every figure is derived at report time by streaming over the whole list
 * (protocol-facts §6.4 and §14: items count commodities, storno lines subtract their sum, discounts and markups
 * count each item modifier and each ticket-level one, tickets count tickets, the drawer moves with cash payments
 * of SELL and BUY_RETURN in and BUY and SELL_RETURN out, deposits in, withdrawals out, a CLOSE_SHIFT with
 * {@code withdraw_money} empties the drawer). Money in long tiyn.
 */
final class PropertyLedger {

    /** VAT, the only tax type the generator uses. */
    static final int VAT = 100;
    /** Operation numbers in report row order. */
    static final int[] OPERATIONS = {
        OperationTypeEnum.OPERATION_BUY_VALUE, OperationTypeEnum.OPERATION_BUY_RETURN_VALUE,
        OperationTypeEnum.OPERATION_SELL_VALUE, OperationTypeEnum.OPERATION_SELL_RETURN_VALUE,
    };

    /** What an item line is. */
    enum LineKind {
        COMMODITY, STORNO_COMMODITY, DISCOUNT, STORNO_DISCOUNT, MARKUP, STORNO_MARKUP
    }

    /**
     * One item line.
     *
     * @param kind       its kind
     * @param section    section code of a commodity or storno commodity, else {@code null}
     * @param sum        line sum, tiyn, non-negative
     * @param taxPercent VAT percent (thousandths) of a taxed commodity or storno commodity, -1 if untaxed
     * @param taxSum     its tax sum, tiyn
     */
    record Line(LineKind kind, String section, long sum, int taxPercent, long taxSum) {
    }

    /**
     * One payment.
     *
     * @param type payment type number
     * @param sum  amount applied, tiyn
     */
    record Pay(int type, long sum) {
    }

    /** An accepted document. */
    interface Doc {
        /**
         * @return the shift the document was accepted in
         */
        int shift();
    }

    /**
     * An accepted ticket.
     *
     * @param shift            shift number
     * @param operation        operation number
     * @param time             document time
     * @param lines            item lines in ticket order
     * @param ticketDiscount   {@code amounts.discount.sum}, -1 if absent
     * @param ticketMarkup     {@code amounts.markup.sum}, -1 if absent
     * @param ticketTaxPercent percent of the ticket-level VAT, -1 if none
     * @param ticketTaxSum     its sum
     * @param pays             payments
     * @param change           {@code amounts.change}, -1 if absent
     * @param offline          whether it carried {@code offline_ticket_number}
     * @param total            {@code amounts.total}
     */
    record Sale(int shift, int operation, DateTime time, List<Line> lines, long ticketDiscount, long ticketMarkup,
                int ticketTaxPercent, long ticketTaxSum, List<Pay> pays, long change, boolean offline, long total)
        implements Doc {

        /**
         * @return the total the lines and ticket modifiers add up to
         */
        long impliedTotal() {
            long items = lines.stream().mapToLong(l -> goods(l) - discount(l) + markup(l)).sum();
            return items - Math.max(0, ticketDiscount) + Math.max(0, ticketMarkup);
        }
    }

    /**
     * An accepted money placement.
     *
     * @param shift   shift number
     * @param kind    0 deposit, 1 withdrawal
     * @param sum     amount, tiyn
     * @param offline {@code is_offline}
     * @param time    document time
     */
    record Placement(int shift, int kind, long sum, boolean offline, DateTime time) implements Doc {
    }

    /**
     * An accepted CLOSE_SHIFT.
     *
     * @param shift    the shift it closed
     * @param withdraw {@code withdraw_money}
     * @param time     close time
     */
    record Close(int shift, boolean withdraw, DateTime time) implements Doc {
    }

    /** A deposit or withdrawal as the report counts it: a placement, or the automatic one of a close. */
    private record Movement(int shift, int kind, long sum, boolean offline) {
    }

    private final List<Doc> docs = new ArrayList<>();

    void add(Doc doc) {
        docs.add(doc);
    }

    List<Sale> sales() {
        return docs.stream().filter(d -> d instanceof Sale).map(d -> (Sale) d).collect(Collectors.toList());
    }

    /**
     * @return cash in the drawer after every document so far
     */
    long drawer() {
        return drawerBefore(docs.size());
    }

    /**
     * Cash in the drawer before document {@code end}: everything after the last close that emptied it.
     */
    private long drawerBefore(int end) {
        int lastEmptied = IntStream.range(0, end)
            .filter(i -> docs.get(i) instanceof Close c && c.withdraw())
            .max().orElse(-1);
        return IntStream.range(lastEmptied + 1, end).mapToLong(i -> cashEffect(docs.get(i))).sum();
    }

    private static long cashEffect(Doc doc) {
        if (doc instanceof Sale s) {
            return direction(s.operation()) * s.pays().stream()
                .filter(p -> p.type() == PaymentTypeEnum.PAYMENT_CASH_VALUE).mapToLong(Pay::sum).sum();
        }
        if (doc instanceof Placement p) {
            return p.kind() == MoneyPlacementEnum.MONEY_PLACEMENT_DEPOSIT_VALUE ? p.sum() : -p.sum();
        }
        return 0;   // a close that keeps the cash (one that withdraws is where drawerBefore starts again)
    }

    /**
     * @param operation operation number
     * @return +1 for the operations that bring money in (SELL, BUY_RETURN), -1 for BUY and SELL_RETURN
     */
    static int direction(int operation) {
        switch (OperationTypeEnum.forNumber(operation)) {
            case OPERATION_SELL:
            case OPERATION_BUY_RETURN:
                return 1;
            case OPERATION_BUY:
            case OPERATION_SELL_RETURN:
                return -1;
            default:
                throw new IllegalArgumentException("operation " + operation);
        }
    }

    static long goods(Line l) {
        return l.kind() == LineKind.COMMODITY ? l.sum() : l.kind() == LineKind.STORNO_COMMODITY ? -l.sum() : 0;
    }

    static long discount(Line l) {
        return l.kind() == LineKind.DISCOUNT ? l.sum() : l.kind() == LineKind.STORNO_DISCOUNT ? -l.sum() : 0;
    }

    static long markup(Line l) {
        return l.kind() == LineKind.MARKUP ? l.sum() : l.kind() == LineKind.STORNO_MARKUP ? -l.sum() : 0;
    }

    private static long signedTax(Line l) {
        return l.kind() == LineKind.COMMODITY ? l.taxSum() : l.kind() == LineKind.STORNO_COMMODITY ? -l.taxSum() : 0;
    }

    /**
     * Every movement of the drawer that the money_placements rows count, in document order.
     */
    private List<Movement> movements() {
        return IntStream.range(0, docs.size()).mapToObj(i -> {
            Doc d = docs.get(i);
            if (d instanceof Placement p) {
                return new Movement(p.shift(), p.kind(), p.sum(), p.offline());
            }
            if (d instanceof Close c && c.withdraw() && drawerBefore(i) > 0) {
                return new Movement(c.shift(), MoneyPlacementEnum.MONEY_PLACEMENT_WITHDRAWAL_VALUE, drawerBefore(i), false);
            }
            return null;
        }).filter(Objects::nonNull).collect(Collectors.toList());
    }

    /**
     * The report the server should give for {@code shift} now (X), or at its close (Z, after the Close was added).
     *
     * @param shift     shift number
     * @param dateTime  the report's date-time
     * @param closeTime close time for a Z, {@code null} for an X
     * @return the expected report (without checksum)
     */
    ZXReport expected(int shift, DateTime dateTime, DateTime closeTime) {
        List<Sale> all = sales();
        List<Sale> inShift = all.stream().filter(s -> s.shift() == shift).collect(Collectors.toList());
        List<Sale> upToShift = all.stream().filter(s -> s.shift() <= shift).collect(Collectors.toList());
        List<Sale> before = all.stream().filter(s -> s.shift() < shift).collect(Collectors.toList());
        long revenue = inShift.stream().mapToLong(s -> direction(s.operation()) * s.total()).sum();
        Optional<DateTime> firstDocument = docs.stream().filter(d -> d.shift() == shift && !(d instanceof Close))
            .map(d -> d instanceof Sale s ? s.time() : ((Placement) d).time()).findFirst();
        ZXReport.Builder r = ZXReport.newBuilder()
            .setDateTime(dateTime)
            .setShiftNumber(shift)
            .setCashSum(MoneyCodec.fromTiyn(drawer()))
            .setRevenue(ZXReport.Revenue.newBuilder().setSum(MoneyCodec.fromTiyn(Math.abs(revenue)))
                .setIsNegative(revenue < 0))
            .setOpenShiftTime(firstDocument.orElse(closeTime != null ? closeTime : dateTime));
        if (closeTime != null) {
            r.setCloseShiftTime(closeTime);
        }
        TreeSet<String> sections = inShift.stream().flatMap(s -> s.lines().stream()).map(Line::section)
            .filter(Objects::nonNull).collect(Collectors.toCollection(TreeSet::new));
        for (String section : sections) {
            ZXReport.Section.Builder b = ZXReport.Section.newBuilder().setSectionCode(section);
            for (int op : OPERATIONS) {
                Predicate<Line> here = l -> section.equals(l.section());
                b.addOperations(row(op, countLines(inShift, op, LineKind.COMMODITY, here),
                    sumLines(inShift, op, here, PropertyLedger::goods)));
            }
            r.addSections(b);
        }
        Predicate<Line> any = l -> true;
        for (int op : OPERATIONS) {
            long goods = sumLines(inShift, op, any, PropertyLedger::goods);
            long discounts = sumLines(inShift, op, any, PropertyLedger::discount)
                + ticketLevel(inShift, op, Sale::ticketDiscount);
            long markups = sumLines(inShift, op, any, PropertyLedger::markup)
                + ticketLevel(inShift, op, Sale::ticketMarkup);
            long goodsCount = countLines(inShift, op, LineKind.COMMODITY, any);
            r.addOperations(row(op, goodsCount, goods));
            r.addDiscounts(row(op, countLines(inShift, op, LineKind.DISCOUNT, any)
                + ofOperation(inShift, op).filter(s -> s.ticketDiscount() >= 0).count(), discounts));
            r.addMarkups(row(op, countLines(inShift, op, LineKind.MARKUP, any)
                + ofOperation(inShift, op).filter(s -> s.ticketMarkup() >= 0).count(), markups));
            r.addTotalResult(row(op, goodsCount, goods - discounts + markups));
            r.addStartShiftNonNullableSums(nonNullable(op, ofOperation(before, op).mapToLong(Sale::total).sum()));
            r.addNonNullableSums(nonNullable(op, ofOperation(upToShift, op).mapToLong(Sale::total).sum()));
            r.addTicketOperations(ticketOperation(op, inShift, upToShift, discounts, markups));
        }
        addTaxes(r, inShift);
        addPlacements(r, shift);
        return r.build();
    }

    private static ZXReport.TicketOperation ticketOperation(int op, List<Sale> inShift, List<Sale> upToShift,
                                                            long discounts, long markups) {
        ZXReport.TicketOperation.Builder t = ZXReport.TicketOperation.newBuilder()
            .setOperation(OperationTypeEnum.forNumber(op))
            .setTicketsTotalCount((int) ofOperation(upToShift, op).count())
            .setTicketsCount((int) ofOperation(inShift, op).count())
            .setTicketsSum(MoneyCodec.fromTiyn(ofOperation(inShift, op).mapToLong(Sale::total).sum()))
            .setOfflineCount((int) ofOperation(inShift, op).filter(Sale::offline).count())
            .setDiscountSum(MoneyCodec.fromTiyn(discounts))
            .setMarkupSum(MoneyCodec.fromTiyn(markups))
            .setChangeSum(MoneyCodec.fromTiyn(ofOperation(inShift, op).mapToLong(s -> Math.max(0, s.change())).sum()));
        for (PaymentTypeEnum type : PaymentTypeEnum.values()) {
            List<Pay> pays = ofOperation(inShift, op).flatMap(s -> s.pays().stream())
                .filter(p -> p.type() == type.getNumber()).collect(Collectors.toList());
            if (!pays.isEmpty()) {
                t.addPayments(ZXReport.TicketOperation.Payment.newBuilder()
                    .setPayment(type)
                    .setSum(MoneyCodec.fromTiyn(pays.stream().mapToLong(Pay::sum).sum()))
                    .setCount(pays.size()));
            }
        }
        return t.build();
    }

    /** One tax entry per percent used in the shift (items or tickets), a row for each operation. */
    private static void addTaxes(ZXReport.Builder r, List<Sale> inShift) {
        TreeSet<Integer> percents = Stream.concat(
                inShift.stream().flatMap(s -> s.lines().stream()).map(Line::taxPercent),
                inShift.stream().map(Sale::ticketTaxPercent))
            .filter(p -> p >= 0).collect(Collectors.toCollection(TreeSet::new));
        for (int percent : percents) {
            ZXReport.Tax.Builder tax = ZXReport.Tax.newBuilder().setTaxType(VAT).setPercent(percent);
            for (int op : OPERATIONS) {
                Predicate<Line> taxedHere = l -> l.taxPercent() == percent;
                long turnover = sumLines(inShift, op, taxedHere, PropertyLedger::goods)
                    + ofOperation(inShift, op).filter(s -> s.ticketTaxPercent() == percent).mapToLong(Sale::total).sum();
                long sum = sumLines(inShift, op, taxedHere, PropertyLedger::signedTax)
                    + ofOperation(inShift, op).filter(s -> s.ticketTaxPercent() == percent)
                        .mapToLong(Sale::ticketTaxSum).sum();
                tax.addOperations(ZXReport.Tax.TaxOperation.newBuilder()
                    .setOperation(OperationTypeEnum.forNumber(op))
                    .setTurnover(MoneyCodec.fromTiyn(turnover))
                    .setSum(MoneyCodec.fromTiyn(sum))
                    .setTurnoverWithoutTax(MoneyCodec.fromTiyn(turnover - sum)));
            }
            r.addTaxes(tax);
        }
    }

    private void addPlacements(ZXReport.Builder r, int shift) {
        List<Movement> all = movements();
        for (MoneyPlacementEnum kind : MoneyPlacementEnum.values()) {
            List<Movement> ofKind = all.stream().filter(m -> m.kind() == kind.getNumber()).collect(Collectors.toList());
            List<Movement> inShift = ofKind.stream().filter(m -> m.shift() == shift).collect(Collectors.toList());
            r.addMoneyPlacements(ZXReport.MoneyPlacement.newBuilder()
                .setOperation(kind)
                .setOperationsTotalCount((int) ofKind.stream().filter(m -> m.shift() <= shift).count())
                .setOperationsCount(inShift.size())
                .setOperationsSum(MoneyCodec.fromTiyn(inShift.stream().mapToLong(Movement::sum).sum()))
                .setOfflineCount((int) inShift.stream().filter(Movement::offline).count()));
        }
    }

    private static Stream<Sale> ofOperation(List<Sale> sales, int op) {
        return sales.stream().filter(s -> s.operation() == op);
    }

    private static long countLines(List<Sale> sales, int op, LineKind kind, Predicate<Line> which) {
        return ofOperation(sales, op).flatMap(s -> s.lines().stream()).filter(l -> l.kind() == kind).filter(which).count();
    }

    private static long sumLines(List<Sale> sales, int op, Predicate<Line> which, ToLongFunction<Line> value) {
        return ofOperation(sales, op).flatMap(s -> s.lines().stream()).filter(which).mapToLong(value).sum();
    }

    private static long ticketLevel(List<Sale> sales, int op, ToLongFunction<Sale> modifier) {
        return ofOperation(sales, op).mapToLong(modifier).filter(v -> v >= 0).sum();
    }

    private static ZXReport.Operation row(int op, long count, long sum) {
        return ZXReport.Operation.newBuilder().setOperation(OperationTypeEnum.forNumber(op))
            .setCount((int) count).setSum(MoneyCodec.fromTiyn(sum)).build();
    }

    private static ZXReport.NonNullableSum nonNullable(int op, long sum) {
        return ZXReport.NonNullableSum.newBuilder().setOperation(OperationTypeEnum.forNumber(op))
            .setSum(MoneyCodec.fromTiyn(sum)).build();
    }
}
