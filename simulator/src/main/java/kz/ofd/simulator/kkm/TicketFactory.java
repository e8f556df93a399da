package kz.ofd.simulator.kkm;

import kz.ofd.protocol.proto.DateTime;
import kz.ofd.protocol.proto.OperationTypeEnum;
import kz.ofd.protocol.proto.PaymentTypeEnum;
import kz.ofd.protocol.proto.TicketRequest;
import kz.ofd.protocol.proto.TicketRequest.Item.Commodity;

import java.util.SplittableRandom;

/**
 * Builds random but internally consistent tickets: every amount is integer tiyn, item sums are exactly
 * price × quantity / 1000, item-level discounts and markups and at most one ticket-level discount or markup
 * adjust the total exactly as the server recomputes it (items − discounts + markups), items carry VAT 12 %,
 * VAT 0 % or no tax, payments add up to the total, and for cash {@code taken − change} equals the cash payment.
 * Returns reference a real parent ticket and never return more than is left of it.
 */
public final class TicketFactory {

    /** Tax kind code of VAT. */
    public static final int VAT_TAX_TYPE = 100;
    /** VAT rate in thousandths of a percent (12 %). */
    public static final int VAT_PERCENT = 12_000;
    /** Percent of items with an item-level discount right after them. */
    public static final int ITEM_DISCOUNT_PERCENT = 8;
    /** Percent of items with an item-level markup right after them. */
    public static final int ITEM_MARKUP_PERCENT = 3;
    /** Percent of tickets with a ticket-level discount. */
    public static final int TICKET_DISCOUNT_PERCENT = 10;
    /** Percent of tickets with a ticket-level markup (never together with a ticket-level discount). */
    public static final int TICKET_MARKUP_PERCENT = 4;
    /** Most items a ticket has. */
    public static final int MAX_ITEMS = 30;

    private static final String[] NAMES = {
        "Хлеб белый", "Молоко 2,5%", "Кефир 1 л", "Сахар 1 кг", "Чай чёрный", "Кофе молотый", "Масло сливочное",
        "Яйца С1, 10 шт", "Сыр Российский", "Колбаса докторская", "Рис длиннозёрный", "Гречка", "Макароны",
        "Мука высший сорт", "Вода минеральная", "Сок яблочный", "Шоколад", "Печенье овсяное", "Курт", "Баурсаки",
        "Казы", "Шұбат", "Кумыс", "Лепёшка", "Яблоки апорт", "Картофель", "Морковь", "Лук репчатый", "Помидоры",
        "Огурцы",
    };
    private static final long[] QUANTITIES = {1000, 1000, 1000, 1000, 1000, 1000, 1000, 2000, 3000, 2500};
    private static final long[] COINS = {0, 0, 0, 0, 50, 90, 99, 25};
    private static final long[] TAKEN_STEPS = {1, 10_000, 50_000, 100_000, 500_000, 1_000_000};
    private static final int MIN_PRICE_TENGE = 50;
    private static final int MAX_PRICE_SPREAD_TENGE = 15_000;
    private static final long QUANTITY_UNIT = 1000;
    private static final long TIYN_PER_TENGE = 100;
    private static final int PERCENT_BASE = 100_000;

    private TicketFactory() {
    }

    /**
     * A built ticket and its effect on the drawer.
     *
     * @param request   the ticket
     * @param total     {@code amounts.total}, tiyn
     * @param cashDelta how the drawer changes when the ticket is accepted, tiyn
     */
    public record Ticket(TicketRequest request, long total, long cashDelta) {
    }

    /**
     * A ticket this KKM got a fiscal sign for, which a return may reference.
     *
     * @param sign      its fiscal sign
     * @param operation SELL or BUY
     * @param total     its total, tiyn
     * @param dateTime  its document time
     * @param rnm       the KGD number of the KKM that issued it
     * @param offline   whether it was an offline ticket
     */
    public record Parent(String sign, OperationTypeEnum operation, long total, DateTime dateTime, String rnm,
                         boolean offline) {
    }

    /**
     * @param random    the KKM's random
     * @param operation SELL or BUY
     * @param drawer    cash in the drawer now; a BUY pays cash only if the drawer holds enough
     * @param now       document time
     * @return the ticket
     */
    public static Ticket build(SplittableRandom random, OperationTypeEnum operation, long drawer, DateTime now) {
        TicketRequest.Builder ticket = TicketRequest.newBuilder()
            .setOperation(operation)
            .setDateTime(now)
            .setOperator(Wire.OPERATOR);
        int taxKind = random.nextInt(100);
        int count = 1 + random.nextInt(1 + random.nextInt(MAX_ITEMS));
        long total = 0;
        for (int i = 0; i < count; i++) {
            long sum = addItem(ticket, random, taxKind);
            total = Math.addExact(total, sum);
            int modifier = random.nextInt(100);
            if (modifier < ITEM_DISCOUNT_PERCENT && sum >= 2 * TIYN_PER_TENGE) {
                long d = Math.max(1, sum * (1 + random.nextInt(20)) / 100);
                ticket.addItems(TicketRequest.Item.newBuilder().setType(TicketRequest.Item.ItemTypeEnum.ITEM_TYPE_DISCOUNT)
                    .setDiscount(TicketRequest.Modifier.newBuilder().setName("Скидка").setSum(Wire.money(d))));
                total -= d;
            } else if (modifier < ITEM_DISCOUNT_PERCENT + ITEM_MARKUP_PERCENT) {
                long m = Math.max(1, sum * (1 + random.nextInt(10)) / 100);
                ticket.addItems(TicketRequest.Item.newBuilder().setType(TicketRequest.Item.ItemTypeEnum.ITEM_TYPE_MARKUP)
                    .setMarkup(TicketRequest.Modifier.newBuilder().setName("Наценка").setSum(Wire.money(m))));
                total += m;
            }
        }
        TicketRequest.Amounts.Builder amounts = TicketRequest.Amounts.newBuilder();
        int ticketModifier = random.nextInt(100);
        if (ticketModifier < TICKET_DISCOUNT_PERCENT && total >= 2 * TIYN_PER_TENGE) {
            long d = Math.max(1, total * (1 + random.nextInt(10)) / 100);
            amounts.setDiscount(TicketRequest.Modifier.newBuilder().setName("Скидка на чек").setSum(Wire.money(d)));
            total -= d;
        } else if (ticketModifier >= 100 - TICKET_MARKUP_PERCENT) {
            long m = Math.max(1, total * (1 + random.nextInt(5)) / 100);
            amounts.setMarkup(TicketRequest.Modifier.newBuilder().setName("Наценка на чек").setSum(Wire.money(m)));
            total += m;
        }
        amounts.setTotal(Wire.money(total));
        long cash = pay(ticket, amounts, random, operation, total, drawer);
        ticket.setAmounts(amounts);
        return new Ticket(ticket.build(), total, direction(operation) * cash);
    }

    /**
     * A return of (part of) an earlier ticket: one to three lines adding up to {@code amount}, VAT 12 % on them,
     * and the complete {@code parent_ticket}.
     *
     * @param random the KKM's random
     * @param parent the ticket returned
     * @param amount how much is returned, tiyn, 1..what is left of the parent
     * @param drawer cash in the drawer now; a SELL_RETURN pays cash back only if the drawer holds enough
     * @param now    document time
     * @return the return ticket (SELL_RETURN of a SELL, BUY_RETURN of a BUY)
     */
    public static Ticket buildReturn(SplittableRandom random, Parent parent, long amount, long drawer, DateTime now) {
        OperationTypeEnum operation = parent.operation() == OperationTypeEnum.OPERATION_SELL
            ? OperationTypeEnum.OPERATION_SELL_RETURN : OperationTypeEnum.OPERATION_BUY_RETURN;
        TicketRequest.Builder ticket = TicketRequest.newBuilder()
            .setOperation(operation)
            .setDateTime(now)
            .setOperator(Wire.OPERATOR)
            .setParentTicket(TicketRequest.ParentTicket.newBuilder()
                .setParentTicketNumber(parent.sign())
                .setParentTicketDataTime(parent.dateTime())
                .setKgdKkmId(parent.rnm())
                .setParentTicketTotal(Wire.money(parent.total()))
                .setParentTicketIsOffline(parent.offline()));
        int lines = (int) Math.min(1 + random.nextInt(3), amount);
        long left = amount;
        for (int i = 0; i < lines; i++) {
            long sum = i == lines - 1 ? left : 1 + random.nextLong(left - (lines - 1 - i));
            left -= sum;
            ticket.addItems(TicketRequest.Item.newBuilder()
                .setType(TicketRequest.Item.ItemTypeEnum.ITEM_TYPE_COMMODITY)
                .setCommodity(Commodity.newBuilder()
                    .setName("Возврат: " + NAMES[random.nextInt(NAMES.length)])
                    .setSectionCode("1")
                    .setQuantity(QUANTITY_UNIT)
                    .setPrice(Wire.money(sum))
                    .setSum(Wire.money(sum))
                    .addTaxes(vat(sum, VAT_PERCENT))));
        }
        TicketRequest.Amounts.Builder amounts = TicketRequest.Amounts.newBuilder().setTotal(Wire.money(amount));
        long cash;
        boolean cashOut = operation == OperationTypeEnum.OPERATION_SELL_RETURN;
        if (random.nextInt(2) == 0 && (!cashOut || drawer >= amount)) {
            addPayment(ticket, PaymentTypeEnum.PAYMENT_CASH, amount);
            amounts.setTaken(Wire.money(amount)).setChange(Wire.money(0));
            cash = amount;
        } else {
            addPayment(ticket, PaymentTypeEnum.PAYMENT_CARD, amount);
            cash = 0;
        }
        ticket.setAmounts(amounts);
        return new Ticket(ticket.build(), amount, direction(operation) * cash);
    }

    /**
     * @param operation a ticket operation
     * @return +1 when it brings money into the drawer (SELL, BUY_RETURN), -1 otherwise, as the server counts
     */
    public static int direction(OperationTypeEnum operation) {
        return operation == OperationTypeEnum.OPERATION_SELL || operation == OperationTypeEnum.OPERATION_BUY_RETURN ? 1 : -1;
    }

    private static TicketRequest.Tax.Builder vat(long sum, int percent) {
        return TicketRequest.Tax.newBuilder()
            .setTaxType(VAT_TAX_TYPE)
            .setPercent(percent)
            .setSum(Wire.money(includedTax(sum, percent)))
            .setIsInTotalSum(true);
    }

    /**
     * VAT included in a sum, rounded half up to the tiyn.
     *
     * @param sum     gross sum, tiyn
     * @param percent rate in thousandths of a percent
     * @return the tax part, tiyn
     */
    public static long includedTax(long sum, int percent) {
        long denominator = PERCENT_BASE + percent;
        return (sum * percent + denominator / 2) / denominator;
    }

    /** taxKind 0..99: below 60 VAT 12 %, below 75 VAT 0 %, else no tax; a third of the 12 % tickets mix in 0 %. */
    private static long addItem(TicketRequest.Builder ticket, SplittableRandom random, int taxKind) {
        long price = TIYN_PER_TENGE * (MIN_PRICE_TENGE + random.nextInt(1 + random.nextInt(MAX_PRICE_SPREAD_TENGE)))
            + COINS[random.nextInt(COINS.length)];
        long quantity = QUANTITIES[random.nextInt(QUANTITIES.length)];
        while (price * quantity % QUANTITY_UNIT != 0) {
            price++;
        }
        long sum = price * quantity / QUANTITY_UNIT;
        Commodity.Builder commodity = Commodity.newBuilder()
            .setName(NAMES[random.nextInt(NAMES.length)])
            .setSectionCode("1")
            .setQuantity(quantity)
            .setPrice(Wire.money(price))
            .setSum(Wire.money(sum));
        if (taxKind < 20) {
            commodity.addTaxes(vat(sum, random.nextInt(3) == 0 ? 0 : VAT_PERCENT));
        } else if (taxKind < 60) {
            commodity.addTaxes(vat(sum, VAT_PERCENT));
        } else if (taxKind < 75) {
            commodity.addTaxes(vat(sum, 0));
        }
        ticket.addItems(TicketRequest.Item.newBuilder()
            .setType(TicketRequest.Item.ItemTypeEnum.ITEM_TYPE_COMMODITY)
            .setCommodity(commodity));
        return sum;
    }

    /** Adds payments and taken/change; returns the cash part of the payment, tiyn. */
    private static long pay(TicketRequest.Builder ticket, TicketRequest.Amounts.Builder amounts, SplittableRandom random,
                            OperationTypeEnum operation, long total, long drawer) {
        int kind = random.nextInt(100);
        if (operation == OperationTypeEnum.OPERATION_BUY) {
            if (kind < 50 && drawer >= total) {
                addPayment(ticket, PaymentTypeEnum.PAYMENT_CASH, total);
                amounts.setTaken(Wire.money(total)).setChange(Wire.money(0));
                return total;
            }
            addPayment(ticket, PaymentTypeEnum.PAYMENT_CARD, total);
            return 0;
        }
        if (kind < 45 || (kind >= 85 && total < 2 * TIYN_PER_TENGE)) {
            long step = TAKEN_STEPS[random.nextInt(TAKEN_STEPS.length)];
            long taken = (total + step - 1) / step * step;
            addPayment(ticket, PaymentTypeEnum.PAYMENT_CASH, total);
            amounts.setTaken(Wire.money(taken)).setChange(Wire.money(taken - total));
            return total;
        }
        if (kind < 85) {
            addPayment(ticket, PaymentTypeEnum.PAYMENT_CARD, total);
            return 0;
        }
        // Mixed: exact cash (no change), so taken - change equals the cash payment whichever total the server compares.
        long cashPart = TIYN_PER_TENGE * (1 + random.nextLong(total / TIYN_PER_TENGE - 1));
        addPayment(ticket, PaymentTypeEnum.PAYMENT_CASH, cashPart);
        addPayment(ticket, PaymentTypeEnum.PAYMENT_CARD, total - cashPart);
        amounts.setTaken(Wire.money(cashPart)).setChange(Wire.money(0));
        return cashPart;
    }

    private static void addPayment(TicketRequest.Builder ticket, PaymentTypeEnum type, long sum) {
        ticket.addPayments(TicketRequest.Payment.newBuilder().setType(type).setSum(Wire.money(sum)));
    }
}
