package kz.ofd.simulator.kkm;

import kz.ofd.protocol.proto.DateTime;
import kz.ofd.protocol.proto.OperationTypeEnum;
import kz.ofd.protocol.proto.PaymentTypeEnum;
import kz.ofd.protocol.proto.TicketRequest;
import kz.ofd.protocol.proto.TicketRequest.Item.Commodity;

import java.util.SplittableRandom;

/**
 * Builds random but internally consistent tickets: every amount is integer tiyn, item sums are exactly
 * price × quantity / 1000, the total is the sum of the items, payments add up to the total, and for cash
 * {@code taken − change} equals the cash payment.
 */
public final class TicketFactory {

    /** Tax kind code of VAT. */
    public static final int VAT_TAX_TYPE = 100;
    /** VAT rate in thousandths of a percent (12 %). */
    public static final int VAT_PERCENT = 12_000;
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
        boolean vat = random.nextInt(3) != 0;
        int count = 1 + random.nextInt(1 + random.nextInt(MAX_ITEMS));
        long total = 0;
        for (int i = 0; i < count; i++) {
            total = Math.addExact(total, addItem(ticket, random, vat));
        }
        TicketRequest.Amounts.Builder amounts = TicketRequest.Amounts.newBuilder().setTotal(Wire.money(total));
        long cash = pay(ticket, amounts, random, operation, total, drawer);
        ticket.setAmounts(amounts);
        long cashDelta = operation == OperationTypeEnum.OPERATION_BUY ? -cash : cash;
        return new Ticket(ticket.build(), total, cashDelta);
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

    private static long addItem(TicketRequest.Builder ticket, SplittableRandom random, boolean vat) {
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
        if (vat) {
            commodity.addTaxes(TicketRequest.Tax.newBuilder()
                .setTaxType(VAT_TAX_TYPE)
                .setPercent(VAT_PERCENT)
                .setSum(Wire.money(includedTax(sum, VAT_PERCENT)))
                .setIsInTotalSum(true));
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
