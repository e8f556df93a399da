package kz.ofd.protocol.validate;

import kz.ofd.protocol.codec.Violation;
import kz.ofd.protocol.proto.Date;
import kz.ofd.protocol.proto.DateTime;
import kz.ofd.protocol.proto.Money;
import kz.ofd.protocol.proto.OperationTypeEnum;
import kz.ofd.protocol.proto.PaymentTypeEnum;
import kz.ofd.protocol.proto.Request;
import kz.ofd.protocol.proto.Time;
import kz.ofd.protocol.proto.TicketRequest;
import kz.ofd.protocol.proto.TicketRequest.Item.ItemTypeEnum;
import kz.ofd.protocol.testing.Requests;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.lang.management.ManagementFactory;
import java.time.LocalDateTime;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static kz.ofd.protocol.proto.OperationTypeEnum.OPERATION_BUY;
import static kz.ofd.protocol.proto.OperationTypeEnum.OPERATION_BUY_RETURN;
import static kz.ofd.protocol.proto.OperationTypeEnum.OPERATION_SELL;
import static kz.ofd.protocol.proto.OperationTypeEnum.OPERATION_SELL_RETURN;
import static kz.ofd.protocol.proto.PaymentTypeEnum.PAYMENT_CARD;
import static kz.ofd.protocol.proto.PaymentTypeEnum.PAYMENT_CASH;
import static kz.ofd.protocol.proto.PaymentTypeEnum.PAYMENT_MOBILE;
import static kz.ofd.protocol.proto.TicketRequest.Item.ItemTypeEnum.ITEM_TYPE_DISCOUNT;
import static kz.ofd.protocol.proto.TicketRequest.Item.ItemTypeEnum.ITEM_TYPE_MARKUP;
import static kz.ofd.protocol.proto.TicketRequest.Item.ItemTypeEnum.ITEM_TYPE_STORNO_DISCOUNT;
import static kz.ofd.protocol.proto.TicketRequest.Item.ItemTypeEnum.ITEM_TYPE_STORNO_MARKUP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Consistency rules of a ticket (protocol-facts §8.7, §14.9): line sums, total, payments, cash, taxes, ticket-level
 * modifiers, returns' parent ticket and the buyer's IIN/BIN. Amounts in tiyn.
 */
final class TicketRulesTest {

    private static final int INCORRECT = 13;
    private static final long ONE = 1000;
    private static final String VALID_IIN = "180340021791";
    private static final Money COINS_150 = Money.newBuilder().setBills(1).setCoins(150).build();
    private static final String TOTAL_MISMATCH = "ticket.amounts.total is %s but items - discounts + markups = %s";
    private static final String ROUNDED = "ticket.items[0].commodity.sum is %s but price 3.33 * quantity 1.500 = 4.99 or 5.00"
        + " (rounded to the tiyn)";
    private static final String PERCENT = "%s.percent is %s but must be 0..100000 (thousandths of a percent: 12000 = 12 %%)";
    private static final String BOTH_TAXES = "ticket.taxes and taxes of ticket.items[%d] are both present: taxes go either "
        + "on the ticket or on its items, not both";
    private static final String CASH_MISMATCH = "ticket.amounts.taken - change = %s but ticket.payments[%d].sum (PAYMENT_CASH)"
        + " is %s";
    private static final String BAD_IIN = "ticket.extension_options.customer_iin_or_bin is not a valid IIN/BIN: 12 digits "
        + "with a correct check digit";

    static Stream<Arguments> valid() {
        return Stream.of(
            Arguments.of("sum rounded down (4.995 -> 4.99)", card(499, t -> t.line(333, 1_500, 499))),
            Arguments.of("sum rounded up (4.995 -> 5.00)", card(500, t -> t.line(333, 1_500, 500))),
            Arguments.of("exact sum, 2.5 units", card(250_00, t -> t.line(100_00, 2_500, 250_00))),
            Arguments.of("0.001 unit at 0.01 rounds to 0.00", card(0, t -> t.line(1, 1, 0))),
            Arguments.of("0.001 unit at 0.01 rounds to 0.01", card(1, t -> t.line(1, 1, 1))),
            Arguments.of("quantity 0", card(0, t -> t.line(100_00, 0, 0))),
            Arguments.of("largest price and sum", card(RequestValidator.MAX_TIYN,
                t -> t.line(RequestValidator.MAX_TIYN, ONE, RequestValidator.MAX_TIYN))),
            Arguments.of("Requests.ticket(0): zero total paid in cash", Requests.ticket(0)),
            Arguments.of("zero total, no payments", ticket(OPERATION_SELL, 0, t -> t.line(0, ONE, 0))),
            Arguments.of("zero total after a discount", ticket(OPERATION_SELL, 0, t -> t.line(100_00, ONE, 100_00)
                .modifier(ITEM_TYPE_DISCOUNT, 100_00))),
            Arguments.of("card-only without taken/change", card(1500_00, t -> t.line(750_00, 2_000, 1500_00))),
            Arguments.of("card-only with taken = change = 0", card(1500_00, t -> t.line(1500_00, ONE, 1500_00).taken(0, 0))),
            Arguments.of("no payments, taken and change given", ticket(OPERATION_SELL, 1500_00,
                t -> t.line(1500_00, ONE, 1500_00).taken(2000_00, 500_00))),
            Arguments.of("cash with change", ticket(OPERATION_SELL, 1500_00, t -> t.line(1500_00, ONE, 1500_00)
                .pay(PAYMENT_CASH, 1500_00).taken(2000_00, 500_00))),
            Arguments.of("mixed cash + card with change", ticket(OPERATION_SELL, 1500_00, t -> t.line(750_00, 2_000, 1500_00)
                .pay(PAYMENT_CASH, 1000_00).pay(PAYMENT_CARD, 500_00).taken(2000_00, 1000_00))),
            Arguments.of("card, cash and mobile", ticket(OPERATION_SELL, 300_00, t -> t.line(100_00, 3_000, 300_00)
                .pay(PAYMENT_CARD, 100_00).pay(PAYMENT_MOBILE, 100_00).pay(PAYMENT_CASH, 100_00).taken(100_00, 0))),
            Arguments.of("ticket-level discount", ticket(OPERATION_SELL, 1400_00, t -> t.line(1000_00, ONE, 1000_00)
                .line(250_00, 2_000, 500_00).ticketDiscount(100_00).pay(PAYMENT_CASH, 1400_00).taken(2000_00, 600_00))),
            Arguments.of("ticket-level markup", card(1010_50, t -> t.line(1000_00, ONE, 1000_00).ticketMarkup(10_50))),
            Arguments.of("item discounts, markups and storno lines add up", ticket(OPERATION_SELL, 990_00,
                t -> t.line(1000_00, ONE, 1000_00).line(250_00, 2_000, 500_00).storno(250_00, 2_000, 500_00)
                    .modifier(ITEM_TYPE_DISCOUNT, 50_00).modifier(ITEM_TYPE_STORNO_DISCOUNT, 20_00)
                    .modifier(ITEM_TYPE_MARKUP, 30_00).modifier(ITEM_TYPE_STORNO_MARKUP, 10_00)
                    .pay(PAYMENT_CARD, 500_00).pay(PAYMENT_CASH, 490_00).taken(500_00, 10_00))),
            Arguments.of("storno line rounded up", card(1, t -> t.line(333, 1_500, 500).storno(333, 1_500, 499))),
            Arguments.of("item VAT 12 %", card(1120_00, t -> t.line(1120_00, ONE, 1120_00, vat(12_000, 120_00)))),
            Arguments.of("item tax percent 0", card(100_00, t -> t.line(100_00, ONE, 100_00, vat(0, 0)))),
            Arguments.of("item tax percent 100000 (100 %)", card(200_00, t -> t.line(200_00, ONE, 200_00, vat(100_000, 100_00)))),
            Arguments.of("taxes on items and item modifiers", card(1110_00, t -> t
                .line(1120_00, ONE, 1120_00, vat(12_000, 120_00))
                .modifier(ITEM_TYPE_DISCOUNT, 10_00, vat(12_000, 1_07)))),
            Arguments.of("ticket-level taxes only", card(1120_00, t -> t.line(1120_00, ONE, 1120_00)
                .ticketTax(vat(12_000, 120_00)).ticketTax(vat(0, 0)))),
            Arguments.of("ticket-level taxes and a taxed ticket discount", card(1110_00, t -> t.line(1120_00, ONE, 1120_00)
                .ticketTax(vat(12_000, 118_93)).ticketDiscount(10_00, vat(12_000, 1_07)))),
            Arguments.of("SELL_RETURN with a full parent", parent(OPERATION_SELL_RETURN, p -> { })),
            Arguments.of("BUY_RETURN with an offline parent", parent(OPERATION_BUY_RETURN,
                p -> p.setParentTicketIsOffline(true))),
            Arguments.of("SELL ignores an incomplete parent_ticket", parent(OPERATION_SELL, p -> p.clearKgdKkmId())),
            Arguments.of("BUY ignores an incomplete parent_ticket", parent(OPERATION_BUY, p -> p.clearParentTicketNumber())),
            Arguments.of("buyer IIN/BIN valid", iin(VALID_IIN)),
            Arguments.of("buyer IIN/BIN valid (second pass)", iin("123456789013")),
            Arguments.of("buyer IIN/BIN empty", iin("")),
            Arguments.of("extension options without IIN/BIN", changed(Requests.ticket(100_00), t -> t.getExtensionOptionsBuilder()
                .setCustomerEmail("buyer@example.kz"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valid")
    void shouldAcceptAConsistentTicket(String label, Request request) throws Exception {
        assertNull(RequestValidator.validate(request));
        assertNull(RequestValidator.validate(Request.parser().parsePartialFrom(request.toByteArray())), "after the wire");
    }

    static Stream<Arguments> lineSums() {
        return Stream.of(
            Arguments.of("one tiyn below the floor", card(498, t -> t.line(333, 1_500, 498)), String.format(ROUNDED, "4.98")),
            Arguments.of("one tiyn above the ceiling", card(501, t -> t.line(333, 1_500, 501)), String.format(ROUNDED, "5.01")),
            Arguments.of("exact product, one tiyn more", card(250_01, t -> t.line(100_00, 2_500, 250_01)),
                "ticket.items[0].commodity.sum is 250.01 but price 100.00 * quantity 2.500 = 250.00"),
            Arguments.of("exact product, one tiyn less", card(99, t -> t.line(1_00, ONE, 99)),
                "ticket.items[0].commodity.sum is 0.99 but price 1.00 * quantity 1.000 = 1.00"),
            Arguments.of("quantity 0 with a sum", card(1, t -> t.line(100_00, 0, 1)),
                "ticket.items[0].commodity.sum is 0.01 but price 100.00 * quantity 0.000 = 0.00"),
            Arguments.of("second line wrong", card(2_00, t -> t.line(1_00, ONE, 1_00).line(1_00, 20, 1_00)),
                "ticket.items[1].commodity.sum is 1.00 but price 1.00 * quantity 0.020 = 0.02"),
            Arguments.of("storno line wrong", card(0, t -> t.line(333, 1_500, 499).storno(333, 1_500, 498)),
                "ticket.items[1].storno_commodity.sum is 4.98 but price 3.33 * quantity 1.500 = 4.99 or 5.00 "
                    + "(rounded to the tiyn)"),
            Arguments.of("price * quantity overflows", card(RequestValidator.MAX_TIYN,
                    t -> t.line(RequestValidator.MAX_TIYN, Long.MAX_VALUE, RequestValidator.MAX_TIYN)),
                "ticket.items[0].commodity.sum cannot be checked: price 1000000000000.00 * quantity 9223372036854775.807 "
                    + "overflows"),
            Arguments.of("quantity above 2^63 - 1", card(0, t -> t.line(0, -1, 0)),
                "ticket.items[0].commodity.quantity is 18446744073709551.615: above the protocol limit of 2^63 - 1 thousandths"),
            Arguments.of("storno without quantity", card(0, t -> t.line(1_00, ONE, 1_00).storno(1_00, ONE, 1_00)
                .change(b -> b.getItemsBuilder(1).getStornoCommodityBuilder().clearQuantity())),
                "ticket.items[1].storno_commodity.quantity is missing"),
            Arguments.of("storno without price", card(0, t -> t.line(1_00, ONE, 1_00).storno(1_00, ONE, 1_00)
                .change(b -> b.getItemsBuilder(1).getStornoCommodityBuilder().clearPrice())),
                "ticket.items[1].storno_commodity.price is missing"),
            Arguments.of("storno price coins 150", card(0, t -> t.line(1_00, ONE, 1_00).storno(1_00, ONE, 1_00)
                .change(b -> b.getItemsBuilder(1).getStornoCommodityBuilder().setPrice(COINS_150))),
                "ticket.items[1].storno_commodity.price: coins must be 0..99, got 150"));
    }

    static Stream<Arguments> totals() {
        return Stream.of(
            Arguments.of("total one tiyn above the items", card(1500_00, t -> t.line(1499_99, ONE, 1499_99)),
                String.format(TOTAL_MISMATCH, "1500.00", "1499.99")),
            Arguments.of("total ignores a discount item", card(1000_00, t -> t.line(1000_00, ONE, 1000_00)
                .modifier(ITEM_TYPE_DISCOUNT, 1_00)), String.format(TOTAL_MISMATCH, "1000.00", "999.00")),
            Arguments.of("total ignores a storno markup", card(1000_00, t -> t.line(1000_00, ONE, 1000_00)
                .modifier(ITEM_TYPE_STORNO_MARKUP, 1_00)), String.format(TOTAL_MISMATCH, "1000.00", "999.00")),
            Arguments.of("total ignores a storno line", card(1000_00, t -> t.line(1000_00, ONE, 1000_00)
                .storno(1_00, ONE, 1_00)), String.format(TOTAL_MISMATCH, "1000.00", "999.00")),
            Arguments.of("total ignores the ticket discount", card(1000_00, t -> t.line(1000_00, ONE, 1000_00)
                .ticketDiscount(100_00)), String.format(TOTAL_MISMATCH, "1000.00", "900.00")),
            Arguments.of("total ignores the ticket markup", card(1000_00, t -> t.line(1000_00, ONE, 1000_00)
                .ticketMarkup(100_00)), String.format(TOTAL_MISMATCH, "1000.00", "1100.00")),
            Arguments.of("discount above the items", card(0, t -> t.line(1_00, ONE, 1_00).modifier(ITEM_TYPE_DISCOUNT, 2_00)),
                String.format(TOTAL_MISMATCH, "0.00", "-1.00")),
            Arguments.of("payments below the total", ticket(OPERATION_SELL, 1500_00, t -> t.line(1500_00, ONE, 1500_00)
                .pay(PAYMENT_CARD, 1400_00)), "ticket.payments add up to 1400.00 but ticket.amounts.total is 1500.00"),
            Arguments.of("mixed payments above the total", ticket(OPERATION_SELL, 1500_00, t -> t.line(1500_00, ONE, 1500_00)
                    .pay(PAYMENT_CASH, 1000_00).pay(PAYMENT_CARD, 600_00).taken(1000_00, 0)),
                "ticket.payments add up to 1600.00 but ticket.amounts.total is 1500.00"),
            Arguments.of("markup and discount together", card(1000_00, t -> t.line(1000_00, ONE, 1000_00).ticketDiscount(10_00)
                .ticketMarkup(10_00)), "ticket.amounts.markup and ticket.amounts.discount are both present: a ticket has a "
                    + "markup or a discount, not both"));
    }

    static Stream<Arguments> payments() {
        return Stream.of(
            Arguments.of("two card payments", ticket(OPERATION_SELL, 2_00, t -> t.line(2_00, ONE, 2_00)
                .pay(PAYMENT_CARD, 1_00).pay(PAYMENT_CARD, 1_00)),
                "ticket.payments[1].type PAYMENT_CARD repeats ticket.payments[0]: at most one payment per payment type"),
            Arguments.of("cash, card, cash", ticket(OPERATION_SELL, 3_00, t -> t.line(3_00, ONE, 3_00)
                .pay(PAYMENT_CASH, 1_00).pay(PAYMENT_CARD, 1_00).pay(PAYMENT_CASH, 1_00).taken(2_00, 0)),
                "ticket.payments[2].type PAYMENT_CASH repeats ticket.payments[0]: at most one payment per payment type"),
            Arguments.of("cash without taken or change", ticket(OPERATION_SELL, 1_00, t -> t.line(1_00, ONE, 1_00)
                .pay(PAYMENT_CASH, 1_00)), "ticket.amounts.taken is missing: it is required with a PAYMENT_CASH payment"),
            Arguments.of("cash without change", ticket(OPERATION_SELL, 1_00, t -> t.line(1_00, ONE, 1_00)
                .pay(PAYMENT_CASH, 1_00).change(b -> b.getAmountsBuilder().setTaken(Requests.money(1_00)))),
                "ticket.amounts.change is missing: it is required with a PAYMENT_CASH payment"),
            Arguments.of("cash without taken", ticket(OPERATION_SELL, 1_00, t -> t.line(1_00, ONE, 1_00)
                .pay(PAYMENT_CASH, 1_00).change(b -> b.getAmountsBuilder().setChange(Requests.money(0)))),
                "ticket.amounts.taken is missing: it is required with a PAYMENT_CASH payment"),
            Arguments.of("change one tiyn short", ticket(OPERATION_SELL, 1500_00, t -> t.line(1500_00, ONE, 1500_00)
                .pay(PAYMENT_CASH, 1500_00).taken(2000_00, 499_99)), String.format(CASH_MISMATCH, "1500.01", 0, "1500.00")),
            Arguments.of("mixed: taken - change is the whole total", ticket(OPERATION_SELL, 1500_00,
                t -> t.line(1500_00, ONE, 1500_00).pay(PAYMENT_CARD, 500_00).pay(PAYMENT_CASH, 1000_00).taken(2000_00, 500_00)),
                String.format(CASH_MISMATCH, "1500.00", 1, "1000.00")),
            Arguments.of("cash: change above taken", ticket(OPERATION_SELL, 0, t -> t.line(0, ONE, 0)
                .pay(PAYMENT_CASH, 0).taken(0, 1)), String.format(CASH_MISMATCH, "-0.01", 0, "0.00")),
            Arguments.of("card: change above taken", card(1_00, t -> t.line(1_00, ONE, 1_00).taken(3_00, 5_00)),
                "ticket.amounts.change is 5.00 but ticket.amounts.taken is only 3.00: change cannot exceed taken"));
    }

    static Stream<Arguments> taxes() {
        String item = "ticket.items[0].commodity.taxes[0]";
        return Stream.of(
            Arguments.of("item tax percent 100001", card(1_00, t -> t.line(1_00, ONE, 1_00, vat(100_001, 1_00))),
                String.format(PERCENT, item, "100001")),
            Arguments.of("item tax percent 2^32 - 1", card(1_00, t -> t.line(1_00, ONE, 1_00, vat(0xFFFF_FFFFL, 0))),
                String.format(PERCENT, item, "4294967295")),
            Arguments.of("item tax without tax_type", card(1_00, t -> t.line(1_00, ONE, 1_00, vat(12_000, 11).toBuilder()
                .clearTaxType().buildPartial())), item + ".tax_type is missing"),
            Arguments.of("item tax without percent", card(1_00, t -> t.line(1_00, ONE, 1_00, vat(12_000, 11).toBuilder()
                .clearPercent().buildPartial())), item + ".percent is missing"),
            Arguments.of("item tax without sum", card(1_00, t -> t.line(1_00, ONE, 1_00, vat(12_000, 11).toBuilder()
                .clearSum().buildPartial())), item + ".sum is missing"),
            Arguments.of("second item tax coins 150", card(1_00, t -> t.line(1_00, ONE, 1_00, vat(0, 0),
                vat(12_000, 11).toBuilder().setSum(COINS_150).build())),
                "ticket.items[0].commodity.taxes[1].sum: coins must be 0..99, got 150"),
            Arguments.of("storno tax percent 100001", card(0, t -> t.line(1_00, ONE, 1_00)
                .storno(1_00, ONE, 1_00, vat(100_001, 0))), String.format(PERCENT, "ticket.items[1].storno_commodity.taxes[0]",
                "100001")),
            Arguments.of("discount item tax without tax_type", card(99, t -> t.line(1_00, ONE, 1_00)
                .modifier(ITEM_TYPE_DISCOUNT, 1, vat(0, 0).toBuilder().clearTaxType().buildPartial())),
                "ticket.items[1].discount.taxes[0].tax_type is missing"),
            Arguments.of("ticket tax percent 100001", card(1_00, t -> t.line(1_00, ONE, 1_00).ticketTax(vat(100_001, 1_00))),
                String.format(PERCENT, "ticket.taxes[0]", "100001")),
            Arguments.of("ticket discount tax percent 100001", card(99, t -> t.line(1_00, ONE, 1_00)
                .ticketDiscount(1, vat(100_001, 0))), String.format(PERCENT, "ticket.amounts.discount.taxes[0]", "100001")),
            Arguments.of("ticket markup tax coins 150", card(1_01, t -> t.line(1_00, ONE, 1_00)
                .ticketMarkup(1, vat(0, 0).toBuilder().setSum(COINS_150).build())),
                "ticket.amounts.markup.taxes[0].sum: coins must be 0..99, got 150"),
            Arguments.of("ticket taxes and item taxes", card(1_00, t -> t.line(1_00, ONE, 1_00, vat(12_000, 11))
                .ticketTax(vat(12_000, 11))), String.format(BOTH_TAXES, 0)),
            Arguments.of("ticket taxes and a taxed discount item", card(99, t -> t.line(1_00, ONE, 1_00)
                .modifier(ITEM_TYPE_DISCOUNT, 1, vat(0, 0)).ticketTax(vat(12_000, 11))), String.format(BOTH_TAXES, 1)));
    }

    static Stream<Arguments> parents() {
        String p = "ticket.parent_ticket.";
        return Stream.of(
            Arguments.of("SELL_RETURN without parent", Requests.ticket(OPERATION_SELL_RETURN, 500),
                "ticket.parent_ticket is missing: OPERATION_SELL_RETURN needs the original ticket"),
            Arguments.of("BUY_RETURN without parent", card(OPERATION_BUY_RETURN, 1_00, t -> t.line(1_00, ONE, 1_00)),
                "ticket.parent_ticket is missing: OPERATION_BUY_RETURN needs the original ticket"),
            Arguments.of("no fiscal sign", parent(OPERATION_SELL_RETURN,
                TicketRequest.ParentTicket.Builder::clearParentTicketNumber),
                p + "parent_ticket_number is missing"),
            Arguments.of("empty fiscal sign", parent(OPERATION_SELL_RETURN, b -> b.setParentTicketNumber("")),
                p + "parent_ticket_number must be the original's fiscal sign: digits only"),
            Arguments.of("fiscal sign with a letter", parent(OPERATION_BUY_RETURN, b -> b.setParentTicketNumber("12345A789")),
                p + "parent_ticket_number must be the original's fiscal sign: digits only"),
            Arguments.of("no date-time", parent(OPERATION_SELL_RETURN,
                TicketRequest.ParentTicket.Builder::clearParentTicketDataTime), p + "parent_ticket_data_time is missing"),
            Arguments.of("date-time Feb 30", parent(OPERATION_SELL_RETURN, b -> b.setParentTicketDataTime(DateTime.newBuilder()
                .setDate(Date.newBuilder().setYear(2025).setMonth(2).setDay(30))
                .setTime(Time.newBuilder().setHour(10).setMinute(0)))),
                p + "parent_ticket_data_time is not a valid date-time: …"),
            Arguments.of("date-time without minute", parent(OPERATION_SELL_RETURN,
                b -> b.getParentTicketDataTimeBuilder().getTimeBuilder().clearMinute()),
                p + "parent_ticket_data_time needs year, month, day, hour and minute"),
            Arguments.of("no KGD number", parent(OPERATION_SELL_RETURN, TicketRequest.ParentTicket.Builder::clearKgdKkmId),
                p + "kgd_kkm_id is missing"),
            Arguments.of("blank KGD number", parent(OPERATION_SELL_RETURN, b -> b.setKgdKkmId(" ")), p + "kgd_kkm_id is missing"),
            Arguments.of("no total", parent(OPERATION_SELL_RETURN, TicketRequest.ParentTicket.Builder::clearParentTicketTotal),
                p + "parent_ticket_total is missing"),
            Arguments.of("total coins 150", parent(OPERATION_BUY_RETURN, b -> b.setParentTicketTotal(COINS_150)),
                p + "parent_ticket_total: coins must be 0..99, got 150"),
            Arguments.of("no offline flag", parent(OPERATION_SELL_RETURN,
                TicketRequest.ParentTicket.Builder::clearParentTicketIsOffline), p + "parent_ticket_is_offline is missing"));
    }

    static Stream<Arguments> buyers() {
        return Stream.of(
            Arguments.of("wrong check digit", iin("180340021792"), BAD_IIN),
            Arguments.of("both passes give 10", iin("100000000280"), BAD_IIN),
            Arguments.of("11 digits", iin("18034002179"), BAD_IIN),
            Arguments.of("13 digits", iin("1803400217910"), BAD_IIN),
            Arguments.of("a letter", iin("18034002179a"), BAD_IIN),
            Arguments.of("leading space", iin(" 80340021791"), BAD_IIN),
            Arguments.of("blank", iin(" "), BAD_IIN));
    }

    /** An expected text ending in "…" is a prefix (the rest comes from java.time); any other must match exactly. */
    @ParameterizedTest(name = "{0}")
    @MethodSource({"lineSums", "totals", "payments", "taxes", "parents", "buyers"})
    void shouldRefuseAnInconsistentTicketNamingTheField(String label, Request request, String expected) {
        Violation violation = RequestValidator.validate(request);
        assertNotNull(violation, label);
        assertEquals(INCORRECT, violation.resultCode(), violation.text());
        if (expected.endsWith("…")) {
            String prefix = expected.substring(0, expected.length() - 1);
            assertTrue(violation.text().startsWith(prefix), () -> "expected '" + expected + "', got '" + violation.text() + "'");
        } else {
            assertEquals(expected, violation.text());
        }
    }

    @Test
    void shouldNeverEchoTheBuyersIinBin() {
        String wrong = "180340021792";
        assertFalse(RequestValidator.validate(iin(wrong)).text().contains(wrong), "the IIN/BIN is personal data");
    }

    @Test
    void shouldRefuseAReturnFromTheRequestsFactoryUntilItHasAParent() {
        Request bare = Requests.ticket(OPERATION_BUY_RETURN, 100, 250, 99);
        assertNotNull(RequestValidator.validate(bare));
        assertNull(RequestValidator.validate(Requests.withParentTicket(bare, "123456789", "010101010101",
            LocalDateTime.of(2025, 1, 31, 23, 59, 59), 449)));
    }

    /**
     * Field paths are built only for the violation reported, and the date check of a valid date does not go through
     * java.time: validating a valid ticket allocates nothing, however many lines it has. Measured over a few calls,
     * before the JIT's escape analysis could hide an allocation (an eager path string per line shows as kilobytes).
     */
    @Test
    void shouldNotAllocatePerItemForAValidTicket() {
        assumeTrue(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assumeTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled());
        Request small = card(1_00, t -> t.line(1_00, ONE, 1_00));
        Request rich = ticket(OPERATION_SELL, 965_25, t -> {
            for (int i = 0; i < 25; i++) {
                t.line(333, 1_500, 500, vat(12_000, 54)).storno(333, 1_500, 499, vat(12_000, 53));
            }
            t.line(1000_00, ONE, 1000_00, vat(12_000, 107_14)).modifier(ITEM_TYPE_DISCOUNT, 50_00, vat(12_000, 5_36))
                .modifier(ITEM_TYPE_STORNO_DISCOUNT, 20_00).modifier(ITEM_TYPE_MARKUP, 30_00)
                .modifier(ITEM_TYPE_STORNO_MARKUP, 35_00).pay(PAYMENT_CARD, 500_00).pay(PAYMENT_CASH, 465_25)
                .taken(500_00, 34_75).buyer(VALID_IIN);
        });
        int calls = 10;
        allocated(threads, small, 2);   // lazily decoded strings, class loading
        allocated(threads, rich, 2);
        long smallBytes = Long.MAX_VALUE;
        long richBytes = Long.MAX_VALUE;
        for (int round = 0; round < 5; round++) {   // the least of a few rounds: one-off JVM work is not the validator's
            smallBytes = Math.min(smallBytes, allocated(threads, small, calls));
            richBytes = Math.min(richBytes, allocated(threads, rich, calls));
        }
        assertTrue(smallBytes < 8L * calls && richBytes < 8L * calls, "a 56-line valid ticket allocates " + richBytes
            + " bytes in " + calls + " calls, a one-line ticket " + smallBytes);
    }

    private static long allocated(com.sun.management.ThreadMXBean threads, Request request, int calls) {
        long before = threads.getCurrentThreadAllocatedBytes();
        int refused = 0;
        for (int i = 0; i < calls; i++) {
            refused += RequestValidator.validate(request) == null ? 0 : 1;
        }
        long after = threads.getCurrentThreadAllocatedBytes();
        assertEquals(0, refused);
        return after - before;
    }

    // ---- builders -------------------------------------------------------------------------------------------------

    /** A ticket of {@code operation} with the given total; items, payments and the rest come from {@code body}. */
    private static Request ticket(OperationTypeEnum operation, long total, Consumer<Draft> body) {
        Draft draft = new Draft(operation);
        body.accept(draft);
        draft.ticket.getAmountsBuilder().setTotal(Requests.money(total));
        Request.Builder request = Requests.ticket(0).toBuilder();
        request.setTicket(draft.ticket.buildPartial());
        return request.buildPartial();
    }

    /** A SELL ticket paid by card in full, without taken/change unless {@code body} adds them. */
    private static Request card(long total, Consumer<Draft> body) {
        return card(OPERATION_SELL, total, body);
    }

    private static Request card(OperationTypeEnum operation, long total, Consumer<Draft> body) {
        return ticket(operation, total, body.andThen(t -> t.pay(PAYMENT_CARD, total)));
    }

    /** A 5.00 cash ticket with a complete parent_ticket, changed by {@code change}. */
    private static Request parent(OperationTypeEnum operation, Consumer<TicketRequest.ParentTicket.Builder> change) {
        Request complete = Requests.withParentTicket(Requests.ticket(operation, 500), "123456789012", "010101010101",
            LocalDateTime.of(2025, 1, 31, 23, 59, 59), 500);
        return changed(complete, t -> change.accept(t.getParentTicketBuilder()));
    }

    private static Request iin(String iinOrBin) {
        return changed(Requests.ticket(100_00), t -> t.getExtensionOptionsBuilder().setCustomerIinOrBin(iinOrBin));
    }

    private static Request changed(Request request, Consumer<TicketRequest.Builder> change) {
        Request.Builder builder = request.toBuilder();
        change.accept(builder.getTicketBuilder());
        return builder.buildPartial();
    }

    private static TicketRequest.Tax vat(long percent, long sum) {
        return TicketRequest.Tax.newBuilder().setTaxType(100).setTaxationType(100).setPercent((int) percent)
            .setSum(Requests.money(sum)).setIsInTotalSum(true).build();
    }

    private static TicketRequest.Modifier modifier(String name, long sum, TicketRequest.Tax... taxes) {
        TicketRequest.Modifier.Builder modifier = TicketRequest.Modifier.newBuilder().setName(name).setSum(Requests.money(sum));
        for (TicketRequest.Tax tax : taxes) {
            modifier.addTaxes(tax);
        }
        return modifier.buildPartial();
    }

    /** A ticket under construction. */
    private static final class Draft {

        private final TicketRequest.Builder ticket;

        Draft(OperationTypeEnum operation) {
            ticket = Requests.ticket(0).getTicket().toBuilder().setOperation(operation)
                .clearItems().clearPayments().clearAmounts();
        }

        Draft line(long price, long quantity, long sum, TicketRequest.Tax... taxes) {
            TicketRequest.Item.Commodity.Builder c = TicketRequest.Item.Commodity.newBuilder().setName("Молоко 2,5%")
                .setSectionCode("1").setQuantity(quantity).setPrice(Requests.money(price)).setSum(Requests.money(sum))
                .setMeasureUnitCode("796");
            for (TicketRequest.Tax tax : taxes) {
                c.addTaxes(tax);
            }
            ticket.addItems(TicketRequest.Item.newBuilder().setType(ItemTypeEnum.ITEM_TYPE_COMMODITY)
                .setCommodity(c.buildPartial()).buildPartial());
            return this;
        }

        Draft storno(long price, long quantity, long sum, TicketRequest.Tax... taxes) {
            TicketRequest.Item.StornoCommodity.Builder s = TicketRequest.Item.StornoCommodity.newBuilder()
                .setName("Молоко 2,5%").setSectionCode("1").setQuantity(quantity).setPrice(Requests.money(price))
                .setSum(Requests.money(sum));
            for (TicketRequest.Tax tax : taxes) {
                s.addTaxes(tax);
            }
            ticket.addItems(TicketRequest.Item.newBuilder().setType(ItemTypeEnum.ITEM_TYPE_STORNO_COMMODITY)
                .setStornoCommodity(s.buildPartial()).buildPartial());
            return this;
        }

        Draft modifier(ItemTypeEnum type, long sum, TicketRequest.Tax... taxes) {
            TicketRequest.Modifier m = TicketRulesTest.modifier("Скидка постоянного покупателя", sum, taxes);
            TicketRequest.Item.Builder item = TicketRequest.Item.newBuilder().setType(type);
            switch (type) {
                case ITEM_TYPE_DISCOUNT -> item.setDiscount(m);
                case ITEM_TYPE_STORNO_DISCOUNT -> item.setStornoDiscount(m);
                case ITEM_TYPE_MARKUP -> item.setMarkup(m);
                case ITEM_TYPE_STORNO_MARKUP -> item.setStornoMarkup(m);
                default -> throw new IllegalArgumentException("not a modifier: " + type);
            }
            ticket.addItems(item.buildPartial());
            return this;
        }

        Draft ticketDiscount(long sum, TicketRequest.Tax... taxes) {
            ticket.getAmountsBuilder().setDiscount(TicketRulesTest.modifier("Скидка", sum, taxes));
            return this;
        }

        Draft ticketMarkup(long sum, TicketRequest.Tax... taxes) {
            ticket.getAmountsBuilder().setMarkup(TicketRulesTest.modifier("Наценка", sum, taxes));
            return this;
        }

        Draft ticketTax(TicketRequest.Tax tax) {
            ticket.addTaxes(tax);
            return this;
        }

        Draft pay(PaymentTypeEnum type, long sum) {
            ticket.addPayments(TicketRequest.Payment.newBuilder().setType(type).setSum(Requests.money(sum)));
            return this;
        }

        Draft taken(long taken, long change) {
            ticket.getAmountsBuilder().setTaken(Requests.money(taken)).setChange(Requests.money(change));
            return this;
        }

        Draft buyer(String iinOrBin) {
            ticket.getExtensionOptionsBuilder().setCustomerIinOrBin(iinOrBin);
            return this;
        }

        Draft change(Consumer<TicketRequest.Builder> change) {
            change.accept(ticket);
            return this;
        }
    }
}
