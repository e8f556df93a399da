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
            c.add(op, ShiftCounters.DISCOUNT_COUNT, 1);
            c.add(op, ShiftCounters.DISCOUNT_SUM, d);
            c.add(op, ShiftCounters.TICKET_DISCOUNT_SUM, d);
        }
        if (t.getAmounts().hasMarkup()) {
            long m = MoneyCodec.toTiyn(t.getAmounts().getMarkup().getSum());
            c.add(op, ShiftCounters.MARKUP_COUNT, 1);
            c.add(op, ShiftCounters.MARKUP_SUM, m);
            c.add(op, ShiftCounters.TICKET_MARKUP_SUM, m);
        }
        if (t.getAmounts().hasChange()) {
            c.add(op, ShiftCounters.CHANGE_SUM, MoneyCodec.toTiyn(t.getAmounts().getChange()));
        }
        c.add(op, ShiftCounters.TICKET_COUNT, 1);
        c.add(op, ShiftCounters.TICKET_TOTAL_COUNT, 1);
        c.add(op, ShiftCounters.TICKET_SUM, total);
        if (t.hasOfflineTicketNumber()) {
            c.add(op, ShiftCounters.OFFLINE_COUNT, 1);
        }
        for (TicketRequest.Payment p : t.getPaymentsList()) {
            int type = p.getType().getNumber();
            c.add(op, ShiftCounters.PAYMENT_SUM + type, MoneyCodec.toTiyn(p.getSum()));
            c.add(op, ShiftCounters.PAYMENT_COUNT + type, 1);
        }
        for (TicketRequest.Tax tax : t.getTaxesList()) {
            addTax(c, op, tax, total, 1);
        }
        c.add(op, ShiftCounters.NON_NULLABLE, total);
        int direction = direction(t);
        c.cash += direction * cashPaid(t);
        c.revenue += direction * total;
    }

    /**
     * Tax turnover per rate (protocol-facts §14.4): for item taxes the taxed item's sum, for ticket taxes the
     * ticket total; storno lines subtract.
     */
    private static void addTax(ShiftCounters c, int op, TicketRequest.Tax tax, long turnover, int sign) {
        int row = c.taxRow(tax.getTaxType(), tax.getPercent());
        c.addTax(row, op * 2, sign * turnover);
        c.addTax(row, op * 2 + 1, sign * MoneyCodec.toTiyn(tax.getSum()));
    }

    /** An item modifier moves both the report's modifier row and the ticket operation's modifier sum. */
    private static void modifier(ShiftCounters c, int rowSum, int op, long signedSum) {
        c.add(op, rowSum, signedSum);
        c.add(op, rowSum == ShiftCounters.DISCOUNT_SUM ? ShiftCounters.TICKET_DISCOUNT_SUM
            : ShiftCounters.TICKET_MARKUP_SUM, signedSum);
    }

    private static void item(ShiftCounters c, int op, TicketRequest.Item item) {
        switch (item.getType()) {
            case ITEM_TYPE_COMMODITY: {
                long sum = MoneyCodec.toTiyn(item.getCommodity().getSum());
                c.add(op, ShiftCounters.ITEM_COUNT, 1);
                c.add(op, ShiftCounters.ITEM_SUM, sum);
                int section = c.sectionRow(item.getCommodity().getSectionCodeBytes());
                c.addSection(section, op * 2, 1);
                c.addSection(section, op * 2 + 1, sum);
                for (TicketRequest.Tax tax : item.getCommodity().getTaxesList()) {
                    addTax(c, op, tax, sum, 1);
                }
                break;
            }
            case ITEM_TYPE_STORNO_COMMODITY: {
                long sum = MoneyCodec.toTiyn(item.getStornoCommodity().getSum());
                c.add(op, ShiftCounters.ITEM_SUM, -sum);
                int section = c.sectionRow(item.getStornoCommodity().getSectionCodeBytes());
                c.addSection(section, op * 2 + 1, -sum);
                for (TicketRequest.Tax tax : item.getStornoCommodity().getTaxesList()) {
                    addTax(c, op, tax, sum, -1);
                }
                break;
            }
            case ITEM_TYPE_DISCOUNT:
                c.add(op, ShiftCounters.DISCOUNT_COUNT, 1);
                modifier(c, ShiftCounters.DISCOUNT_SUM, op, MoneyCodec.toTiyn(item.getDiscount().getSum()));
                break;
            case ITEM_TYPE_STORNO_DISCOUNT:
                modifier(c, ShiftCounters.DISCOUNT_SUM, op, -MoneyCodec.toTiyn(item.getStornoDiscount().getSum()));
                break;
            case ITEM_TYPE_MARKUP:
                c.add(op, ShiftCounters.MARKUP_COUNT, 1);
                modifier(c, ShiftCounters.MARKUP_SUM, op, MoneyCodec.toTiyn(item.getMarkup().getSum()));
                break;
            case ITEM_TYPE_STORNO_MARKUP:
                modifier(c, ShiftCounters.MARKUP_SUM, op, -MoneyCodec.toTiyn(item.getStornoMarkup().getSum()));
                break;
            default:
                throw new IllegalStateException("validated ticket has item type " + item.getType());
        }
    }
}
