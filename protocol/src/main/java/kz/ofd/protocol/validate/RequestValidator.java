package kz.ofd.protocol.validate;

import kz.ofd.protocol.codec.MoneyCodec;
import kz.ofd.protocol.codec.Violation;
import kz.ofd.protocol.proto.CommandTypeEnum;
import kz.ofd.protocol.proto.DateTime;
import kz.ofd.protocol.proto.Money;
import kz.ofd.protocol.proto.Request;
import kz.ofd.protocol.proto.ResultTypeEnum;
import kz.ofd.protocol.proto.TicketRequest;

/**
 * Explicit checks that follow lenient parsing: the command's payload must be present ({@code PROTOCOL_ERROR}
 * otherwise), and the fields the server needs to account for a document must be there and in range
 * ({@code INCORRECT_REQUEST_DATA}, with a text naming the field). Stateless; safe from any thread.
 *
 * <p>Context-dependent rules (token, request number, cash in the drawer, shift) belong to the business logic.
 */
public final class RequestValidator {

    private RequestValidator() {
    }

    /**
     * @param request a leniently parsed request whose command is known
     * @return the first violation found, or {@code null} when the request can be processed
     */
    public static Violation validate(Request request) {
        CommandTypeEnum command = request.getCommand();
        switch (command) {
            case COMMAND_TICKET:
                return request.hasTicket() ? ticket(request.getTicket()) : missing("ticket", command);
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

    private static Violation ticket(TicketRequest t) {
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
        for (int i = 0; i < t.getItemsCount(); i++) {
            String problem = itemProblem(t.getItems(i));
            if (problem != null) {
                return incorrect("ticket.items[" + i + "]" + problem);
            }
        }
        for (int i = 0; i < t.getPaymentsCount(); i++) {
            TicketRequest.Payment p = t.getPayments(i);
            String problem = p.hasType() ? field(".sum", moneyProblem(p.hasSum(), p.getSum())) : ".type is missing";
            if (problem != null) {
                return incorrect("ticket.payments[" + i + "]" + problem);
            }
        }
        return t.hasAmounts() ? amounts(t.getAmounts()) : incorrect("ticket.amounts is missing");
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
        return v;
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
                if (!item.hasCommodity()) {
                    return ".commodity is missing for ITEM_TYPE_COMMODITY";
                }
                TicketRequest.Item.Commodity c = item.getCommodity();
                if (!c.hasName() && !c.hasCode()) {
                    return ".commodity needs a name or a code";
                }
                if (!c.hasSectionCode()) {
                    return ".commodity.section_code is missing";
                }
                if (!c.hasQuantity()) {
                    return ".commodity.quantity is missing";
                }
                String price = moneyProblem(c.hasPrice(), c.getPrice());
                if (price != null) {
                    return ".commodity.price" + price;
                }
                return field(".commodity.sum", moneyProblem(c.hasSum(), c.getSum()));
            case ITEM_TYPE_STORNO_COMMODITY:
                return item.hasStornoCommodity()
                    ? field(".storno_commodity.sum", moneyProblem(item.getStornoCommodity().hasSum(),
                        item.getStornoCommodity().getSum()))
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

    private static String modifierProblem(String name, TicketRequest.Modifier modifier) {
        return field(name + ".sum", moneyProblem(modifier.hasSum(), modifier.getSum()));
    }

    private static String field(String name, String problem) {
        return problem == null ? null : name + problem;
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
        if (!dt.hasDate() || !dt.hasTime() || !dt.getDate().hasYear() || !dt.getDate().hasMonth()
            || !dt.getDate().hasDay() || !dt.getTime().hasHour() || !dt.getTime().hasMinute()) {
            return incorrect(field + " needs year, month, day, hour and minute");
        }
        try {
            java.time.LocalDateTime.of(dt.getDate().getYear(), dt.getDate().getMonth(), dt.getDate().getDay(),
                dt.getTime().getHour(), dt.getTime().getMinute(), dt.getTime().getSecond());
            return null;
        } catch (java.time.DateTimeException e) {
            return incorrect(field + " is not a valid date-time: " + e.getMessage());
        }
    }

    private static Violation missing(String payload, CommandTypeEnum command) {
        return Violation.of(ResultTypeEnum.RESULT_TYPE_PROTOCOL_ERROR,
            command.name() + " request has no '" + payload + "' payload");
    }

    private static Violation incorrect(String text) {
        return Violation.of(ResultTypeEnum.RESULT_TYPE_INCORRECT_REQUEST_DATA, text);
    }
}
