package kz.ofd.protocol.validate;

import kz.ofd.protocol.codec.MoneyCodec;
import kz.ofd.protocol.codec.Violation;
import kz.ofd.protocol.frame.ProtocolVersions;
import kz.ofd.protocol.proto.CommandTypeEnum;
import kz.ofd.protocol.proto.DateTime;
import kz.ofd.protocol.proto.Money;
import kz.ofd.protocol.proto.OperationTypeEnum;
import kz.ofd.protocol.proto.PaymentTypeEnum;
import kz.ofd.protocol.proto.Request;
import kz.ofd.protocol.proto.ResultTypeEnum;
import kz.ofd.protocol.proto.TicketRequest;

import java.math.BigDecimal;
import java.time.Month;
import java.time.Year;
import java.util.List;

/**
 * Explicit checks that follow lenient parsing: the command's payload must be present ({@code PROTOCOL_ERROR}
 * otherwise), and the fields the server needs to account for a document must be there and in range
 * ({@code INCORRECT_REQUEST_DATA}, with a text naming the field). Stateless; safe from any thread.
 *
 * <p>A ticket must also be consistent in itself (protocol-facts §8.7, §14.9): each line's sum is price × quantity
 * rounded to the tiyn either way; {@code amounts.total} = commodities − storno commodities − discounts + storno
 * discounts + markups − storno markups − ticket discount + ticket markup; payments, when present, add up to the total,
 * at most one per type; with a cash payment {@code taken − change} is the cash paid; taxes sit either on the ticket or
 * on its items, with percent 0..100 000 (thousandths of a percent); the ticket has a markup or a discount, not both;
 * returns carry the complete {@code parent_ticket}; a buyer IIN/BIN passes its checksum ({@link IinBin}). Structure
 * is checked before arithmetic, and field paths are only built for the violation reported, so a valid ticket costs
 * no string building.
 *
 * <p>Context-dependent rules (token, request number, cash in the drawer, shift, buyer = seller) belong to the
 * business logic.
 */
public final class RequestValidator {

    /** Largest tax {@code percent}: 100 %, as the rate is in thousandths of a percent. */
    public static final long MAX_TAX_PERCENT = 100_000;

    /** Quantities are in thousandths of a unit. */
    private static final long QUANTITY_UNIT = 1000;
    private static final int MONTHS = 12;
    private static final int HOURS = 24;
    private static final int MINUTES = 60;

    private RequestValidator() {
    }

    /**
     * Validates a request of protocol 2.0.3.
     *
     * @param request a leniently parsed request whose command is known
     * @return the first violation found, or {@code null} when the request can be processed
     */
    public static Violation validate(Request request) {
        return validate(request, ProtocolVersions.V203);
    }

    /**
     * Validates a request in the protocol version of its header: the rules common to 2.0.2-2.0.4, then what the
     * version adds ({@link VersionRules}).
     *
     * @param request a leniently parsed request whose command is known
     * @param version header VERSION, one of {@link ProtocolVersions}
     * @return the first violation found, or {@code null} when the request can be processed
     */
    public static Violation validate(Request request, int version) {
        Violation v = common(request, version);
        return v != null ? v : VersionRules.check(request, version);
    }

    private static Violation common(Request request, int version) {
        CommandTypeEnum command = request.getCommand();
        switch (command) {
            case COMMAND_TICKET:
                return request.hasTicket() ? ticket(request.getTicket(), version) : missing("ticket", command);
            case COMMAND_MONEY_PLACEMENT:
                if (!request.hasMoneyPlacement()) {
                    return missing("money_placement", command);
                }
                return moneyPlacement(request);
            case COMMAND_CLOSE_SHIFT:
                if (!request.hasCloseShift()) {
                    return missing("close_shift", command);
                }
                return request.getCloseShift().hasCloseTime()
                    ? dateTime("close_shift.close_time", request.getCloseShift().getCloseTime())
                    : incorrect("close_shift.close_time is missing");
            case COMMAND_REPORT:
                if (!request.hasReport()) {
                    return missing("report", command);
                }
                if (!request.getReport().hasReport()) {
                    return incorrect("report.report (X or Z) is missing");
                }
                return request.getReport().hasDateTime()
                    ? dateTime("report.date_time", request.getReport().getDateTime())
                    : incorrect("report.date_time is missing");
            case COMMAND_NOMENCLATURE:
                return request.hasNomenclature() ? null : missing("nomenclature", command);
            case COMMAND_AUTH:
                if (!request.hasAuth()) {
                    return missing("auth", command);
                }
                return request.getAuth().hasLogin() ? null : incorrect("auth.login is missing");
            default:
                return null;
        }
    }

    private static Violation ticket(TicketRequest t, int version) {
        if (!t.hasOperation()) {
            return incorrect("ticket.operation is missing");
        }
        if (!t.hasDateTime()) {
            return incorrect("ticket.date_time is missing");
        }
        Violation v = dateTime("ticket.date_time", t.getDateTime());
        if (v != null) {
            return v;
        }
        if (!t.hasOperator() || !t.getOperator().hasCode()) {
            return incorrect("ticket.operator.code is missing");
        }
        if (t.getItemsCount() == 0) {
            return incorrect("ticket.items is empty: a ticket needs at least one item");
        }
        int firstTaxedItem = -1;
        for (int i = 0; i < t.getItemsCount(); i++) {
            TicketRequest.Item item = t.getItems(i);
            String problem = itemProblem(item);
            if (problem != null) {
                return incorrect("ticket.items[" + i + "]" + problem);
            }
            if (firstTaxedItem < 0 && hasTaxes(item)) {
                firstTaxedItem = i;
            }
        }
        v = payments(t);
        if (v != null) {
            return v;
        }
        if (!t.hasAmounts()) {
            return incorrect("ticket.amounts is missing");
        }
        v = amounts(t.getAmounts());
        if (v == null) {
            v = ticketTaxes(t, firstTaxedItem);
        }
        if (v == null) {
            v = parentTicket(t, version);
        }
        if (v == null) {
            v = buyer(t);
        }
        if (v == null) {
            v = totals(t);
        }
        return v != null ? v : cash(t);
    }

    /** Each payment has a type and a valid sum, and no type occurs twice. */
    private static Violation payments(TicketRequest t) {
        long seenTypes = 0;
        for (int i = 0; i < t.getPaymentsCount(); i++) {
            TicketRequest.Payment p = t.getPayments(i);
            String problem = p.hasType() ? field(".sum", moneyProblem(p.hasSum(), p.getSum())) : ".type is missing";
            if (problem != null) {
                return incorrect("ticket.payments[" + i + "]" + problem);
            }
            long bit = 1L << p.getType().getNumber();   // PaymentTypeEnum numbers are 0..4
            if ((seenTypes & bit) != 0) {
                return incorrect("ticket.payments[" + i + "].type " + p.getType().name() + " repeats ticket.payments["
                    + firstPayment(t, p.getType()) + "]: at most one payment per payment type");
            }
            seenTypes |= bit;
        }
        return null;
    }

    private static int firstPayment(TicketRequest t, PaymentTypeEnum type) {
        for (int i = 0; i < t.getPaymentsCount(); i++) {
            if (t.getPayments(i).getType() == type) {
                return i;
            }
        }
        return -1;
    }

    private static Violation amounts(TicketRequest.Amounts a) {
        Violation v = money("ticket.amounts.total", a.hasTotal(), a.getTotal());
        if (v == null && a.hasTaken()) {
            v = money("ticket.amounts.taken", true, a.getTaken());
        }
        if (v == null && a.hasChange()) {
            v = money("ticket.amounts.change", true, a.getChange());
        }
        if (v == null && a.hasDiscount()) {
            v = money("ticket.amounts.discount.sum", a.getDiscount().hasSum(), a.getDiscount().getSum());
        }
        if (v == null && a.hasMarkup()) {
            v = money("ticket.amounts.markup.sum", a.getMarkup().hasSum(), a.getMarkup().getSum());
        }
        if (v != null) {
            return v;
        }
        String taxes = a.hasDiscount() ? taxesProblem(a.getDiscount().getTaxesList()) : null;
        if (taxes != null) {
            return incorrect("ticket.amounts.discount.taxes" + taxes);
        }
        taxes = a.hasMarkup() ? taxesProblem(a.getMarkup().getTaxesList()) : null;
        if (taxes != null) {
            return incorrect("ticket.amounts.markup.taxes" + taxes);
        }
        return a.hasMarkup() && a.hasDiscount()
            ? incorrect("ticket.amounts.markup and ticket.amounts.discount are both present: a ticket has a markup or a "
                + "discount, not both")
            : null;
    }

    /**
     * Ticket-level taxes are well formed and not combined with taxes on items or item modifiers (the ticket-level
     * markup or discount may carry taxes either way).
     */
    private static Violation ticketTaxes(TicketRequest t, int firstTaxedItem) {
        if (t.getTaxesCount() == 0) {
            return null;
        }
        String problem = taxesProblem(t.getTaxesList());
        if (problem != null) {
            return incorrect("ticket.taxes" + problem);
        }
        return firstTaxedItem < 0 ? null : incorrect("ticket.taxes and taxes of ticket.items[" + firstTaxedItem
            + "] are both present: taxes go either on the ticket or on its items, not both");
    }

    /**
     * Returns carry the complete original ticket; on other operations {@code parent_ticket} is ignored. Protocol
     * 2.0.2 has no {@code parent_ticket}, so a 2.0.2 return may come without one (and is checked when it has one).
     */
    private static Violation parentTicket(TicketRequest t, int version) {
        OperationTypeEnum operation = t.getOperation();
        if (operation != OperationTypeEnum.OPERATION_BUY_RETURN && operation != OperationTypeEnum.OPERATION_SELL_RETURN) {
            return null;
        }
        if (!t.hasParentTicket() && version < ProtocolVersions.V203) {
            return null;
        }
        if (!t.hasParentTicket()) {
            return incorrect("ticket.parent_ticket is missing: " + operation.name() + " needs the original ticket");
        }
        TicketRequest.ParentTicket p = t.getParentTicket();
        if (!p.hasParentTicketNumber()) {
            return incorrect("ticket.parent_ticket.parent_ticket_number is missing");
        }
        if (!isDigits(p.getParentTicketNumber())) {
            return incorrect("ticket.parent_ticket.parent_ticket_number must be the original's fiscal sign: digits only");
        }
        if (!p.hasParentTicketDataTime()) {
            return incorrect("ticket.parent_ticket.parent_ticket_data_time is missing");
        }
        Violation v = dateTime("ticket.parent_ticket.parent_ticket_data_time", p.getParentTicketDataTime());
        if (v != null) {
            return v;
        }
        if (!p.hasKgdKkmId() || p.getKgdKkmId().isBlank()) {
            return incorrect("ticket.parent_ticket.kgd_kkm_id is missing");
        }
        v = money("ticket.parent_ticket.parent_ticket_total", p.hasParentTicketTotal(), p.getParentTicketTotal());
        if (v != null) {
            return v;
        }
        return p.hasParentTicketIsOffline() ? null : incorrect("ticket.parent_ticket.parent_ticket_is_offline is missing");
    }

    private static boolean isDigits(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** A non-empty buyer IIN/BIN must pass the checksum (the value itself is personal data: never echoed). */
    private static Violation buyer(TicketRequest t) {
        if (!t.hasExtensionOptions() || !t.getExtensionOptions().hasCustomerIinOrBin()) {
            return null;
        }
        String iinOrBin = t.getExtensionOptions().getCustomerIinOrBin();
        return iinOrBin.isEmpty() || IinBin.isValid(iinOrBin) ? null
            : incorrect("ticket.extension_options.customer_iin_or_bin is not a valid IIN/BIN: 12 digits with a correct "
                + "check digit");
    }

    /** {@code amounts.total} adds up from the items and ticket modifiers, and payments, when present, add up to it. */
    private static Violation totals(TicketRequest t) {
        TicketRequest.Amounts a = t.getAmounts();
        long expected;
        try {
            expected = itemsTotal(t);
            if (a.hasDiscount()) {
                expected = Math.subtractExact(expected, MoneyCodec.toTiyn(a.getDiscount().getSum()));
            }
            if (a.hasMarkup()) {
                expected = Math.addExact(expected, MoneyCodec.toTiyn(a.getMarkup().getSum()));
            }
        } catch (ArithmeticException e) {
            return incorrect("ticket.amounts.total cannot be checked: items - discounts + markups overflows");
        }
        long total = MoneyCodec.toTiyn(a.getTotal());
        if (total != expected) {
            return incorrect("ticket.amounts.total is " + MoneyCodec.format(total) + " but items - discounts + markups = "
                + signedMoney(expected));
        }
        if (t.getPaymentsCount() == 0) {
            return null;   // payments may be absent since 1.2.2
        }
        long paid = 0;
        for (int i = 0; i < t.getPaymentsCount(); i++) {
            paid += MoneyCodec.toTiyn(t.getPayments(i).getSum());   // at most one per type, each <= MAX_TIYN
        }
        return paid == total ? null : incorrect("ticket.payments add up to " + MoneyCodec.format(paid)
            + " but ticket.amounts.total is " + MoneyCodec.format(total));
    }

    /**
     * commodities − storno commodities − discounts + storno discounts + markups − storno markups, in tiyn.
     *
     * @throws ArithmeticException on overflow
     */
    private static long itemsTotal(TicketRequest t) {
        long sum = 0;
        for (int i = 0; i < t.getItemsCount(); i++) {
            TicketRequest.Item item = t.getItems(i);
            switch (item.getType()) {
                case ITEM_TYPE_COMMODITY -> sum = Math.addExact(sum, MoneyCodec.toTiyn(item.getCommodity().getSum()));
                case ITEM_TYPE_STORNO_COMMODITY ->
                    sum = Math.subtractExact(sum, MoneyCodec.toTiyn(item.getStornoCommodity().getSum()));
                case ITEM_TYPE_DISCOUNT -> sum = Math.subtractExact(sum, MoneyCodec.toTiyn(item.getDiscount().getSum()));
                case ITEM_TYPE_STORNO_DISCOUNT ->
                    sum = Math.addExact(sum, MoneyCodec.toTiyn(item.getStornoDiscount().getSum()));
                case ITEM_TYPE_MARKUP -> sum = Math.addExact(sum, MoneyCodec.toTiyn(item.getMarkup().getSum()));
                case ITEM_TYPE_STORNO_MARKUP ->
                    sum = Math.subtractExact(sum, MoneyCodec.toTiyn(item.getStornoMarkup().getSum()));
                default -> throw new IllegalStateException("item types are checked first: " + item.getType());
            }
        }
        return sum;
    }

    /**
     * With a cash payment, {@code taken} and {@code change} are required and {@code taken − change} is the cash paid;
     * without one (card-only tickets send only the total) they may be absent, and when both are there change cannot
     * exceed taken.
     */
    private static Violation cash(TicketRequest t) {
        int cashIndex = firstPayment(t, PaymentTypeEnum.PAYMENT_CASH);
        TicketRequest.Amounts a = t.getAmounts();
        if (cashIndex < 0) {
            if (!a.hasTaken() || !a.hasChange()) {
                return null;
            }
            long taken = MoneyCodec.toTiyn(a.getTaken());
            long change = MoneyCodec.toTiyn(a.getChange());
            return change <= taken ? null : incorrect("ticket.amounts.change is " + MoneyCodec.format(change)
                + " but ticket.amounts.taken is only " + MoneyCodec.format(taken) + ": change cannot exceed taken");
        }
        if (!a.hasTaken()) {
            return incorrect("ticket.amounts.taken is missing: it is required with a PAYMENT_CASH payment");
        }
        if (!a.hasChange()) {
            return incorrect("ticket.amounts.change is missing: it is required with a PAYMENT_CASH payment");
        }
        long handedOver = MoneyCodec.toTiyn(a.getTaken()) - MoneyCodec.toTiyn(a.getChange());
        long cash = MoneyCodec.toTiyn(t.getPayments(cashIndex).getSum());
        return handedOver == cash ? null : incorrect("ticket.amounts.taken - change = " + signedMoney(handedOver)
            + " but ticket.payments[" + cashIndex + "].sum (PAYMENT_CASH) is " + MoneyCodec.format(cash));
    }

    /**
     * @return what is wrong with the item, as a field path relative to the item, or {@code null}; the item's own
     *     path is only built when something is wrong, so a valid ticket costs no string building
     */
    private static String itemProblem(TicketRequest.Item item) {
        if (!item.hasType()) {
            return ".type is missing";
        }
        switch (item.getType()) {
            case ITEM_TYPE_COMMODITY:
                return item.hasCommodity() ? commodityProblem(item.getCommodity())
                    : ".commodity is missing for ITEM_TYPE_COMMODITY";
            case ITEM_TYPE_STORNO_COMMODITY:
                return item.hasStornoCommodity() ? stornoCommodityProblem(item.getStornoCommodity())
                    : ".storno_commodity is missing for ITEM_TYPE_STORNO_COMMODITY";
            case ITEM_TYPE_MARKUP:
                return item.hasMarkup() ? modifierProblem(".markup", item.getMarkup())
                    : ".markup is missing for ITEM_TYPE_MARKUP";
            case ITEM_TYPE_STORNO_MARKUP:
                return item.hasStornoMarkup() ? modifierProblem(".storno_markup", item.getStornoMarkup())
                    : ".storno_markup is missing for ITEM_TYPE_STORNO_MARKUP";
            case ITEM_TYPE_DISCOUNT:
                return item.hasDiscount() ? modifierProblem(".discount", item.getDiscount())
                    : ".discount is missing for ITEM_TYPE_DISCOUNT";
            case ITEM_TYPE_STORNO_DISCOUNT:
                return item.hasStornoDiscount() ? modifierProblem(".storno_discount", item.getStornoDiscount())
                    : ".storno_discount is missing for ITEM_TYPE_STORNO_DISCOUNT";
            default:
                return ".type is unknown";
        }
    }

    private static String commodityProblem(TicketRequest.Item.Commodity c) {
        if (!c.hasName() && !c.hasCode()) {
            return ".commodity needs a name or a code";
        }
        if (!c.hasSectionCode()) {
            return ".commodity.section_code is missing";
        }
        if (!c.hasQuantity()) {
            return ".commodity.quantity is missing";
        }
        String problem = moneyProblem(c.hasPrice(), c.getPrice());
        if (problem != null) {
            return ".commodity.price" + problem;
        }
        problem = moneyProblem(c.hasSum(), c.getSum());
        if (problem != null) {
            return ".commodity.sum" + problem;
        }
        problem = lineSumProblem(".commodity", c.getQuantity(), c.getPrice(), c.getSum());
        return problem != null ? problem : field(".commodity.taxes", taxesProblem(c.getTaxesList()));
    }

    private static String stornoCommodityProblem(TicketRequest.Item.StornoCommodity s) {
        String problem = moneyProblem(s.hasSum(), s.getSum());
        if (problem != null) {
            return ".storno_commodity.sum" + problem;
        }
        if (!s.hasQuantity()) {
            return ".storno_commodity.quantity is missing";
        }
        problem = moneyProblem(s.hasPrice(), s.getPrice());
        if (problem != null) {
            return ".storno_commodity.price" + problem;
        }
        problem = lineSumProblem(".storno_commodity", s.getQuantity(), s.getPrice(), s.getSum());
        return problem != null ? problem : field(".storno_commodity.taxes", taxesProblem(s.getTaxesList()));
    }

    /**
     * A line's sum is price × quantity / 1000 rounded to the tiyn, either way (the protocol does not fix the rounding).
     *
     * @param line     {@code ".commodity"} or {@code ".storno_commodity"}
     * @param quantity thousandths of a unit, unsigned on the wire
     * @param price    valid money
     * @param sum      valid money
     * @return what is wrong relative to the item, or {@code null}
     */
    private static String lineSumProblem(String line, long quantity, Money price, Money sum) {
        if (quantity < 0) {
            return line + ".quantity is " + quantity(quantity) + ": above the protocol limit of 2^63 - 1 thousandths";
        }
        long priceTiyn = MoneyCodec.toTiyn(price);
        long sumTiyn = MoneyCodec.toTiyn(sum);
        long exact;   // in thousandths of a tiyn
        try {
            exact = Math.multiplyExact(priceTiyn, quantity);
        } catch (ArithmeticException e) {
            return line + ".sum cannot be checked: price " + MoneyCodec.format(priceTiyn) + " * quantity "
                + quantity(quantity) + " overflows";
        }
        long floor = exact / QUANTITY_UNIT;
        long ceiling = exact % QUANTITY_UNIT == 0 ? floor : floor + 1;
        if (sumTiyn == floor || sumTiyn == ceiling) {
            return null;
        }
        return line + ".sum is " + MoneyCodec.format(sumTiyn) + " but price " + MoneyCodec.format(priceTiyn)
            + " * quantity " + quantity(quantity) + " = " + (floor == ceiling ? MoneyCodec.format(floor)
            : MoneyCodec.format(floor) + " or " + MoneyCodec.format(ceiling) + " (rounded to the tiyn)");
    }

    private static String modifierProblem(String name, TicketRequest.Modifier modifier) {
        String problem = moneyProblem(modifier.hasSum(), modifier.getSum());
        if (problem != null) {
            return name + ".sum" + problem;
        }
        problem = taxesProblem(modifier.getTaxesList());
        return problem == null ? null : name + ".taxes" + problem;
    }

    private static boolean hasTaxes(TicketRequest.Item item) {
        return switch (item.getType()) {
            case ITEM_TYPE_COMMODITY -> item.getCommodity().getTaxesCount() > 0;
            case ITEM_TYPE_STORNO_COMMODITY -> item.getStornoCommodity().getTaxesCount() > 0;
            case ITEM_TYPE_MARKUP -> item.getMarkup().getTaxesCount() > 0;
            case ITEM_TYPE_STORNO_MARKUP -> item.getStornoMarkup().getTaxesCount() > 0;
            case ITEM_TYPE_DISCOUNT -> item.getDiscount().getTaxesCount() > 0;
            case ITEM_TYPE_STORNO_DISCOUNT -> item.getStornoDiscount().getTaxesCount() > 0;
        };
    }

    /** @return {@code "[j].field problem"} for the first bad tax, or {@code null} */
    private static String taxesProblem(List<TicketRequest.Tax> taxes) {
        for (int j = 0; j < taxes.size(); j++) {
            String problem = taxProblem(taxes.get(j));
            if (problem != null) {
                return "[" + j + "]" + problem;
            }
        }
        return null;
    }

    private static String taxProblem(TicketRequest.Tax tax) {
        if (!tax.hasTaxType()) {
            return ".tax_type is missing";
        }
        if (!tax.hasPercent()) {
            return ".percent is missing";
        }
        long percent = Integer.toUnsignedLong(tax.getPercent());
        if (percent > MAX_TAX_PERCENT) {
            return ".percent is " + percent + " but must be 0.." + MAX_TAX_PERCENT
                + " (thousandths of a percent: 12000 = 12 %)";
        }
        return field(".sum", moneyProblem(tax.hasSum(), tax.getSum()));
    }

    private static String field(String name, String problem) {
        return problem == null ? null : name + problem;
    }

    /** Quantity in thousandths (unsigned) as units with three decimals, e.g. {@code 1.500}. */
    private static String quantity(long thousandths) {
        long units = Long.divideUnsigned(thousandths, QUANTITY_UNIT);
        long rest = Long.remainderUnsigned(thousandths, QUANTITY_UNIT);
        return Long.toUnsignedString(units) + (rest < 10 ? ".00" : rest < 100 ? ".0" : ".") + rest;
    }

    /** Like {@link MoneyCodec#format(long)}, with a minus sign for a negative amount. */
    private static String signedMoney(long tiyn) {
        return tiyn >= 0 ? MoneyCodec.format(tiyn) : BigDecimal.valueOf(tiyn, 2).toPlainString();
    }

    private static Violation moneyPlacement(Request request) {
        var mp = request.getMoneyPlacement();
        if (!mp.hasOperation()) {
            return incorrect("money_placement.operation (deposit or withdrawal) is missing");
        }
        if (!mp.hasDatetime()) {
            return incorrect("money_placement.datetime is missing");
        }
        Violation v = dateTime("money_placement.datetime", mp.getDatetime());
        return v != null ? v : money("money_placement.sum", mp.hasSum(), mp.getSum());
    }

    /**
     * Largest amount accepted in one money field: 1 000 000 000 000 tenge. Far above any real receipt, and low
     * enough that running shift and all-time sums in a {@code long} of tiyn cannot overflow in practice.
     */
    public static final long MAX_TIYN = 100_000_000_000_000L;

    /**
     * Checks a money value: present, coins 0..99, and at most {@link #MAX_TIYN}.
     *
     * @param field   field path for the message
     * @param present whether the field is set
     * @param money   the value
     * @return a violation, or {@code null}
     */
    public static Violation money(String field, boolean present, Money money) {
        String problem = moneyProblem(present, money);
        return problem == null ? null : incorrect(field + problem);
    }

    private static String moneyProblem(boolean present, Money money) {
        if (!present) {
            return " is missing";
        }
        if (!money.hasBills() || !money.hasCoins()) {
            return " needs both bills and coins";
        }
        try {
            long tiyn = MoneyCodec.toTiyn(money);
            return tiyn <= MAX_TIYN ? null : " is above the limit of " + MoneyCodec.format(MAX_TIYN) + " tenge";
        } catch (IllegalArgumentException | ArithmeticException e) {
            return ": " + e.getMessage();
        }
    }

    /**
     * Checks a date-time: all required parts present and in calendar range.
     *
     * @param field field path for the message
     * @param dt    the value
     * @return a violation, or {@code null}
     */
    public static Violation dateTime(String field, DateTime dt) {
        return dateTimeProblem(field, dt);
    }

    /** Smallest year accepted in a date-time (the range strict clients use, protocol-facts §11.3). */
    public static final int MIN_YEAR = 1000;
    /** Largest year accepted in a date-time. */
    public static final int MAX_YEAR = 9999;

    private static Violation dateTimeProblem(String field, DateTime dt) {
        if (!dt.hasDate() || !dt.hasTime() || !dt.getDate().hasYear() || !dt.getDate().hasMonth()
            || !dt.getDate().hasDay() || !dt.getTime().hasHour() || !dt.getTime().hasMinute()) {
            return incorrect(field + " needs year, month, day, hour and minute");
        }
        int year = dt.getDate().getYear();
        int month = dt.getDate().getMonth();
        int day = dt.getDate().getDay();
        int hour = dt.getTime().getHour();
        int minute = dt.getTime().getMinute();
        int second = dt.getTime().getSecond();
        if (year < MIN_YEAR || year > MAX_YEAR) {
            // uint32 on the wire: a huge value arrives negative; a year the register cannot mean is refused
            return incorrect(field + ".date.year is " + Integer.toUnsignedString(year) + " but must be "
                + MIN_YEAR + ".." + MAX_YEAR);
        }
        if (month >= 1 && month <= MONTHS
            && day >= 1 && day <= Month.of(month).length(Year.isLeap(year))
            && hour >= 0 && hour < HOURS && minute >= 0 && minute < MINUTES && second >= 0 && second < MINUTES) {
            return null;   // the common case, decided without allocating; anything else as java.time decides
        }
        try {
            java.time.LocalDateTime.of(year, month, day, hour, minute, second);
            return null;
        } catch (java.time.DateTimeException e) {
            return incorrect(field + " is not a valid date-time: " + e.getMessage());
        }
    }

    private static Violation missing(String payload, CommandTypeEnum command) {
        return Violation.of(ResultTypeEnum.RESULT_TYPE_PROTOCOL_ERROR,
            command.name() + " request has no '" + payload + "' payload");
    }

    static Violation incorrect(String text) {
        return Violation.of(ResultTypeEnum.RESULT_TYPE_INCORRECT_REQUEST_DATA, text);
    }
}
