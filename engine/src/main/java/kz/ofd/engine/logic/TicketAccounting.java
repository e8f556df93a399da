package kz.ofd.engine.logic;

import kz.ofd.protocol.codec.MoneyCodec;
import kz.ofd.protocol.proto.OperationTypeEnum;
import kz.ofd.protocol.proto.PaymentTypeEnum;
import kz.ofd.protocol.proto.TicketRequest;

/**
 * Adds an accepted ticket to a shift's counters (protocol-facts §6.4): item rows count commodities, storno
 * lines subtract, discounts and markups are counted separately, ticket rows count tickets, cash payments of
 * SELL and BUY_RETURN fill the drawer and those of BUY and SELL_RETURN empty it, revenue moves with ticket
 * totals in the same direction. All integer tiyn. Stateless.
 */
final class TicketAccounting {

    private TicketAccounting() {
    }

    /**
     * @param ticket a validated ticket
     * @return +1 when the operation brings money in (SELL, BUY_RETURN), -1 otherwise
     */
    static int direction(TicketRequest ticket) {
        OperationTypeEnum op = ticket.getOperation();
        return op == OperationTypeEnum.OPERATION_SELL || op == OperationTypeEnum.OPERATION_BUY_RETURN ? 1 : -1;
    }

    /**
     * @param ticket a validated ticket
     * @return the sum of its cash payments, tiyn
     */
    static long cashPaid(TicketRequest ticket) {
        long cash = 0;
        for (TicketRequest.Payment p : ticket.getPaymentsList()) {
            if (p.getType() == PaymentTypeEnum.PAYMENT_CASH) {
                cash += MoneyCodec.toTiyn(p.getSum());
            }
        }
        return cash;
    }

    static void apply(ShiftCounters c, TicketRequest t) {
        int op = t.getOperation().getNumber();
        long total = MoneyCodec.toTiyn(t.getAmounts().getTotal());
        c.openAt(t.getDateTime());
        for (TicketRequest.Item item : t.getItemsList()) {
            item(c, op, item);
        }
        if (t.getAmounts().hasDiscount()) {
            long d = MoneyCodec.toTiyn(t.getAmounts().getDiscount().getSum());
            c.discountCount[op]++;
            c.discountSum[op] += d;
            c.ticketDiscountSum[op] += d;
        }
        if (t.getAmounts().hasMarkup()) {
            long m = MoneyCodec.toTiyn(t.getAmounts().getMarkup().getSum());
            c.markupCount[op]++;
            c.markupSum[op] += m;
            c.ticketMarkupSum[op] += m;
        }
        if (t.getAmounts().hasChange()) {
            c.changeSum[op] += MoneyCodec.toTiyn(t.getAmounts().getChange());
        }
        c.ticketCount[op]++;
        c.ticketTotalCount[op]++;
        c.ticketSum[op] += total;
        if (t.hasOfflineTicketNumber()) {
            c.offlineCount[op]++;
        }
        for (TicketRequest.Payment p : t.getPaymentsList()) {
            int type = p.getType().getNumber();
            c.paymentSum[op][type] += MoneyCodec.toTiyn(p.getSum());
            c.paymentCount[op][type]++;
        }
        for (TicketRequest.Tax tax : t.getTaxesList()) {
            addTax(c, op, tax, total, 1);
        }
        c.nonNullable[op] += total;
        int direction = direction(t);
        c.cash += direction * cashPaid(t);
        c.revenue += direction * total;
    }

    /**
     * Tax turnover per rate (protocol-facts §14.4): for item taxes the taxed item's sum, for ticket taxes the
     * ticket total; storno lines subtract.
     */
    private static void addTax(ShiftCounters c, int op, TicketRequest.Tax tax, long turnover, int sign) {
        long[] row = c.taxRow(tax.getTaxType(), tax.getPercent());
        row[op * 2] += sign * turnover;
        row[op * 2 + 1] += sign * MoneyCodec.toTiyn(tax.getSum());
    }

    /** An item modifier moves both the report's modifier row and the ticket operation's modifier sum. */
    private static void modifier(long[] rowSums, long[] ticketSums, int op, long signedSum) {
        rowSums[op] += signedSum;
        ticketSums[op] += signedSum;
    }

    private static void item(ShiftCounters c, int op, TicketRequest.Item item) {
        switch (item.getType()) {
            case ITEM_TYPE_COMMODITY: {
                long sum = MoneyCodec.toTiyn(item.getCommodity().getSum());
                c.itemCount[op]++;
                c.itemSum[op] += sum;
                long[] section = c.sectionSums.computeIfAbsent(item.getCommodity().getSectionCodeBytes(),
                    k -> new long[ShiftCounters.OPERATIONS * 2]);
                section[op * 2]++;
                section[op * 2 + 1] += sum;
                for (TicketRequest.Tax tax : item.getCommodity().getTaxesList()) {
                    addTax(c, op, tax, sum, 1);
                }
                break;
            }
            case ITEM_TYPE_STORNO_COMMODITY: {
                long sum = MoneyCodec.toTiyn(item.getStornoCommodity().getSum());
                c.itemSum[op] -= sum;
                long[] section = c.sectionSums.computeIfAbsent(item.getStornoCommodity().getSectionCodeBytes(),
                    k -> new long[ShiftCounters.OPERATIONS * 2]);
                section[op * 2 + 1] -= sum;
                for (TicketRequest.Tax tax : item.getStornoCommodity().getTaxesList()) {
                    addTax(c, op, tax, sum, -1);
                }
                break;
            }
            case ITEM_TYPE_DISCOUNT:
                c.discountCount[op]++;
                modifier(c.discountSum, c.ticketDiscountSum, op, MoneyCodec.toTiyn(item.getDiscount().getSum()));
                break;
            case ITEM_TYPE_STORNO_DISCOUNT:
                modifier(c.discountSum, c.ticketDiscountSum, op, -MoneyCodec.toTiyn(item.getStornoDiscount().getSum()));
                break;
            case ITEM_TYPE_MARKUP:
                c.markupCount[op]++;
                modifier(c.markupSum, c.ticketMarkupSum, op, MoneyCodec.toTiyn(item.getMarkup().getSum()));
                break;
            case ITEM_TYPE_STORNO_MARKUP:
                modifier(c.markupSum, c.ticketMarkupSum, op, -MoneyCodec.toTiyn(item.getStornoMarkup().getSum()));
                break;
            default:
                throw new IllegalStateException("validated ticket has item type " + item.getType());
        }
    }
}
