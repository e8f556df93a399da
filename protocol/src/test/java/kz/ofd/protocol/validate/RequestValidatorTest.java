package kz.ofd.protocol.validate;

import kz.ofd.protocol.codec.MoneyCodec;
import kz.ofd.protocol.codec.Violation;
import kz.ofd.protocol.proto.CommandTypeEnum;
import kz.ofd.protocol.proto.Date;
import kz.ofd.protocol.proto.DateTime;
import kz.ofd.protocol.proto.Money;
import kz.ofd.protocol.proto.MoneyPlacementRequest;
import kz.ofd.protocol.proto.OperationTypeEnum;
import kz.ofd.protocol.proto.ReportTypeEnum;
import kz.ofd.protocol.proto.Request;
import kz.ofd.protocol.proto.Time;
import kz.ofd.protocol.proto.TicketRequest;
import kz.ofd.protocol.proto.TicketRequest.Item.ItemTypeEnum;
import kz.ofd.protocol.testing.Requests;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.LocalDateTime;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

final class RequestValidatorTest {

    private static final int PROTOCOL_ERROR = 3;
    private static final int INCORRECT = 13;

    private static final Money COINS_150 = Money.newBuilder().setBills(1).setCoins(150).build();
    private static final DateTime FEB_30 = DateTime.newBuilder()
        .setDate(Date.newBuilder().setYear(2025).setMonth(2).setDay(30))
        .setTime(Time.newBuilder().setHour(10).setMinute(0))
        .build();

    static Stream<Arguments> valid() {
        return Stream.of(
            Arguments.of("ticket(11022.00)", Requests.ticket(110_22_00L)),
            Arguments.of("ticket(0)", Requests.ticket(0)),
            Arguments.of("BUY with 3 items", Requests.ticket(OperationTypeEnum.OPERATION_BUY, 100, 250, 99)),
            Arguments.of("SELL_RETURN with parent", Requests.withParentTicket(
                Requests.ticket(OperationTypeEnum.OPERATION_SELL_RETURN, 500), "987654321", "010101010101",
                LocalDateTime.of(2025, 1, 31, 10, 0), 500)),
            Arguments.of("BUY_RETURN with parent", Requests.withParentTicket(
                Requests.ticket(OperationTypeEnum.OPERATION_BUY_RETURN, 500), "123456789", "010101010101",
                LocalDateTime.of(2025, 1, 31, 23, 59, 59), 500)),
            Arguments.of("commodity with a code and no name", ticket(t -> t.getItemsBuilder(0).getCommodityBuilder()
                .clearName().setCode(4_870_001_234_567L))),
            Arguments.of("no payments (allowed since 1.2.2)", ticket(TicketRequest.Builder::clearPayments)),
            Arguments.of("date_time without seconds", ticket(t -> t.getDateTimeBuilder().getTimeBuilder().clearSecond())),
            Arguments.of("date_time Feb 29 of a leap year", ticket(t -> t.setDateTime(dateTime(2024, 2, 29, 23, 59)))),
            Arguments.of("date_time Feb 29 of 2000", ticket(t -> t.setDateTime(dateTime(2000, 2, 29, 0, 0)))),
            Arguments.of("date_time Dec 31 23:59:59", ticket(t -> t.setDateTime(dateTime(2025, 12, 31, 23, 59))
                .getDateTimeBuilder().getTimeBuilder().setSecond(59))),
            Arguments.of("date_time year 9999 (the last accepted)", ticket(t -> t.setDateTime(
                dateTime(9_999, 12, 31, 0, 0)))),
            Arguments.of("discount item", ticket(t -> retotal(t.addItems(modifierItem(ItemTypeEnum.ITEM_TYPE_DISCOUNT, true)),
                110_21_00L))),
            Arguments.of("storno commodity item", ticket(t -> retotal(t.addItems(stornoCommodity(true)), 110_21_00L))),
            Arguments.of("money placement deposit", Requests.moneyPlacement(true, 5_000_00)),
            Arguments.of("money placement withdrawal", Requests.moneyPlacement(false, 1)),
            Arguments.of("close shift", Requests.closeShift()),
            Arguments.of("close shift withdrawing money", Requests.closeShift(true)),
            Arguments.of("report X", Requests.report(ReportTypeEnum.REPORT_X)),
            Arguments.of("report Z", Requests.report(ReportTypeEnum.REPORT_Z)),
            Arguments.of("nomenclature with version", Requests.nomenclature(7)),
            Arguments.of("nomenclature without version", Requests.nomenclature(null)),
            Arguments.of("auth", Requests.auth("cashier", "secret")),
            Arguments.of("auth without password", Requests.auth("cashier", null)),
            Arguments.of("system", Requests.system(true)),
            Arguments.of("system without reg info", Requests.system(false)),
            Arguments.of("bare SYSTEM", Requests.command(0)),
            Arguments.of("info", Requests.info()),
            Arguments.of("bare INFO", Requests.command(CommandTypeEnum.COMMAND_INFO.getNumber())),
            Arguments.of("bare CANCEL_TICKET", Requests.command(CommandTypeEnum.COMMAND_CANCEL_TICKET.getNumber())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valid")
    void shouldAcceptACompleteRequest(String label, Request request) {
        assertNull(RequestValidator.validate(request));
    }

    @ParameterizedTest
    @EnumSource(value = CommandTypeEnum.class, names = {
        "COMMAND_TICKET", "COMMAND_MONEY_PLACEMENT", "COMMAND_CLOSE_SHIFT", "COMMAND_REPORT", "COMMAND_NOMENCLATURE",
        "COMMAND_AUTH"})
    void shouldRefuseACommandWithoutItsPayloadAsProtocolError(CommandTypeEnum command) {
        Violation violation = RequestValidator.validate(Requests.command(command.getNumber()));
        assertNotNull(violation);
        assertEquals(PROTOCOL_ERROR, violation.resultCode());
        String payload = command.name().substring("COMMAND_".length()).toLowerCase(Locale.ROOT);
        assertEquals(command.name() + " request has no '" + payload + "' payload", violation.text());
    }

    static Stream<Arguments> invalidTickets() {
        return Stream.of(
            Arguments.of("no operation", ticket(TicketRequest.Builder::clearOperation), "ticket.operation is missing"),
            Arguments.of("no date_time", ticket(TicketRequest.Builder::clearDateTime), "ticket.date_time is missing"),
            Arguments.of("no operator", ticket(TicketRequest.Builder::clearOperator), "ticket.operator.code is missing"),
            Arguments.of("change coins 150", ticket(t -> t.getAmountsBuilder().setChange(COINS_150)),
                "ticket.amounts.change: coins must be 0..99, got 150"),
            Arguments.of("taken coins 150", ticket(t -> t.getAmountsBuilder().setTaken(COINS_150)),
                "ticket.amounts.taken: coins must be 0..99, got 150"),
            Arguments.of("discount without sum", ticket(t -> t.getAmountsBuilder().getDiscountBuilder().setName("d")),
                "ticket.amounts.discount.sum is missing"),
            Arguments.of("markup coins 150", ticket(t -> t.getAmountsBuilder().getMarkupBuilder().setSum(COINS_150)),
                "ticket.amounts.markup.sum: coins must be 0..99, got 150"),
            Arguments.of("total above the limit", ticket(t -> t.getAmountsBuilder().setTotal(
                    Money.newBuilder().setBills(1_000_000_000_001L).setCoins(0))),
                "ticket.amounts.total is above the limit of 1000000000000.00 tenge"),
            Arguments.of("payment without type", ticket(t -> t.getPaymentsBuilder(0).clearType()),
                "ticket.payments[0].type is missing"),
            Arguments.of("commodity without section", ticket(t -> t.getItemsBuilder(0).getCommodityBuilder().clearSectionCode()),
                "ticket.items[0].commodity.section_code is missing"),
            Arguments.of("Feb 30", ticket(t -> t.setDateTime(FEB_30)), "ticket.date_time is not a valid date-time"),
            Arguments.of("Feb 29 of 2025", ticket(t -> t.setDateTime(dateTime(2025, 2, 29, 12, 0))),
                "ticket.date_time is not a valid date-time"),
            Arguments.of("Feb 29 of 1900", ticket(t -> t.setDateTime(dateTime(1900, 2, 29, 12, 0))),
                "ticket.date_time is not a valid date-time"),
            Arguments.of("April 31", ticket(t -> t.setDateTime(dateTime(2025, 4, 31, 12, 0))),
                "ticket.date_time is not a valid date-time"),
            Arguments.of("day 0", ticket(t -> t.setDateTime(dateTime(2025, 4, 0, 12, 0))),
                "ticket.date_time is not a valid date-time"),
            Arguments.of("month 13", ticket(t -> t.setDateTime(dateTime(2025, 13, 1, 12, 0))),
                "ticket.date_time is not a valid date-time"),
            Arguments.of("minute 60", ticket(t -> t.setDateTime(dateTime(2025, 3, 1, 12, 60))),
                "ticket.date_time is not a valid date-time"),
            Arguments.of("year 1000000000", ticket(t -> t.setDateTime(dateTime(1_000_000_000, 1, 1, 0, 0))),
                "ticket.date_time.date.year is 1000000000 but must be 1000..9999"),
            Arguments.of("year 999", ticket(t -> t.setDateTime(dateTime(999, 1, 1, 0, 0))),
                "ticket.date_time.date.year is 999 but must be 1000..9999"),
            Arguments.of("year 2^32-1 (arrives as -1)", ticket(t -> t.setDateTime(dateTime(-1, 1, 1, 0, 0))),
                "ticket.date_time.date.year is 4294967295 but must be 1000..9999"),
            Arguments.of("hour 24", ticket(t -> t.setDateTime(dateTime(2025, 3, 1, 24, 0))),
                "ticket.date_time is not a valid date-time"),
            Arguments.of("second 60", ticket(t -> t.getDateTimeBuilder().getTimeBuilder().setSecond(60)),
                "ticket.date_time is not a valid date-time"),
            Arguments.of("month 0", ticket(t -> t.setDateTime(dateTime(2025, 0, 1, 12, 0))),
                "ticket.date_time is not a valid date-time"),
            Arguments.of("date_time without minute", ticket(t -> t.getDateTimeBuilder().getTimeBuilder().clearMinute()),
                "ticket.date_time needs year, month, day, hour and minute"),
            Arguments.of("date_time without date", ticket(t -> t.getDateTimeBuilder().clearDate()),
                "ticket.date_time needs year, month, day, hour and minute"),
            Arguments.of("no items", ticket(TicketRequest.Builder::clearItems), "ticket.items is empty"),
            Arguments.of("no items (helper)", Requests.ticket(OperationTypeEnum.OPERATION_SELL), "ticket.items is empty"),
            Arguments.of("item without type", ticket(t -> t.getItemsBuilder(0).clearType()), "ticket.items[0].type is missing"),
            Arguments.of("commodity item without commodity", ticket(t -> t.getItemsBuilder(0).clearCommodity()),
                "ticket.items[0].commodity is missing for ITEM_TYPE_COMMODITY"),
            Arguments.of("commodity without name and code", ticket(t -> t.getItemsBuilder(0).getCommodityBuilder()
                .clearName().clearCode()), "ticket.items[0].commodity needs a name or a code"),
            Arguments.of("commodity without quantity", ticket(t -> t.getItemsBuilder(0).getCommodityBuilder().clearQuantity()),
                "ticket.items[0].commodity.quantity is missing"),
            Arguments.of("commodity without price", ticket(t -> t.getItemsBuilder(0).getCommodityBuilder().clearPrice()),
                "ticket.items[0].commodity.price is missing"),
            Arguments.of("commodity price coins 150", ticket(t -> t.getItemsBuilder(0).getCommodityBuilder()
                .setPrice(COINS_150)), "ticket.items[0].commodity.price: coins must be 0..99, got 150"),
            Arguments.of("commodity without sum", ticket(t -> t.getItemsBuilder(0).getCommodityBuilder().clearSum()),
                "ticket.items[0].commodity.sum is missing"),
            Arguments.of("commodity sum without coins", ticket(t -> t.getItemsBuilder(0).getCommodityBuilder()
                .setSum(Money.newBuilder().setBills(5).buildPartial())),
                "ticket.items[0].commodity.sum needs both bills and coins"),
            Arguments.of("second item invalid", ticket(t -> t.addItems(Requests.commodity("x", 1).toBuilder()
                .setCommodity(Requests.commodity("x", 1).getCommodity().toBuilder().setSum(COINS_150)))),
                "ticket.items[1].commodity.sum: coins must be 0..99"),
            Arguments.of("payment coins 150", ticket(t -> t.getPaymentsBuilder(0).setSum(COINS_150)),
                "ticket.payments[0].sum: coins must be 0..99"),
            Arguments.of("payment without sum", ticket(t -> t.getPaymentsBuilder(0).clearSum()),
                "ticket.payments[0].sum is missing"),
            Arguments.of("no amounts", ticket(TicketRequest.Builder::clearAmounts), "ticket.amounts is missing"),
            Arguments.of("no amounts.total", ticket(t -> t.getAmountsBuilder().clearTotal()), "ticket.amounts.total is missing"),
            Arguments.of("amounts.total coins 150", ticket(t -> t.getAmountsBuilder().setTotal(COINS_150)),
                "ticket.amounts.total: coins must be 0..99, got 150"),
            Arguments.of("amounts.total overflowing tiyn", ticket(t -> t.getAmountsBuilder()
                .setTotal(Money.newBuilder().setBills(Long.MAX_VALUE).setCoins(0))), "ticket.amounts.total: "));
    }

    static Stream<Arguments> invalidItems() {
        return Stream.of(
            Arguments.of("storno commodity missing", ticket(t -> t.addItems(stornoCommodity(false))),
                "ticket.items[1].storno_commodity is missing for ITEM_TYPE_STORNO_COMMODITY"),
            Arguments.of("markup missing", ticket(t -> t.addItems(modifierItem(ItemTypeEnum.ITEM_TYPE_MARKUP, false))),
                "ticket.items[1].markup is missing for ITEM_TYPE_MARKUP"),
            Arguments.of("storno markup missing", ticket(t -> t.addItems(modifierItem(ItemTypeEnum.ITEM_TYPE_STORNO_MARKUP,
                false))), "ticket.items[1].storno_markup is missing for ITEM_TYPE_STORNO_MARKUP"),
            Arguments.of("discount missing", ticket(t -> t.addItems(modifierItem(ItemTypeEnum.ITEM_TYPE_DISCOUNT, false))),
                "ticket.items[1].discount is missing for ITEM_TYPE_DISCOUNT"),
            Arguments.of("storno discount missing", ticket(t -> t.addItems(
                modifierItem(ItemTypeEnum.ITEM_TYPE_STORNO_DISCOUNT, false))),
                "ticket.items[1].storno_discount is missing for ITEM_TYPE_STORNO_DISCOUNT"),
            Arguments.of("discount without sum", ticket(t -> t.addItems(TicketRequest.Item.newBuilder()
                .setType(ItemTypeEnum.ITEM_TYPE_DISCOUNT)
                .setDiscount(TicketRequest.Modifier.newBuilder().setName("d").buildPartial()).buildPartial())),
                "ticket.items[1].discount.sum is missing"));
    }

    static Stream<Arguments> invalidOthers() {
        return Stream.of(
            Arguments.of("report without date_time", Requests.report(ReportTypeEnum.REPORT_X).toBuilder()
                .setReport(Requests.report(ReportTypeEnum.REPORT_X).getReport().toBuilder().clearDateTime().buildPartial())
                .buildPartial(),
                "report.date_time is missing"),
            Arguments.of("money placement without sum", moneyPlacement(MoneyPlacementRequest.Builder::clearSum),
                "money_placement.sum is missing"),
            Arguments.of("money placement coins 150", moneyPlacement(m -> m.setSum(COINS_150)),
                "money_placement.sum: coins must be 0..99, got 150"),
            Arguments.of("money placement without operation", moneyPlacement(MoneyPlacementRequest.Builder::clearOperation),
                "money_placement.operation (deposit or withdrawal) is missing"),
            Arguments.of("money placement without datetime", moneyPlacement(MoneyPlacementRequest.Builder::clearDatetime),
                "money_placement.datetime is missing"),
            Arguments.of("money placement Feb 30", moneyPlacement(m -> m.setDatetime(FEB_30)),
                "money_placement.datetime is not a valid date-time"),
            Arguments.of("close shift without close_time", changed(Requests.closeShift(),
                r -> r.getCloseShiftBuilder().clearCloseTime()),
                "close_shift.close_time is missing"),
            Arguments.of("close shift Feb 30", changed(Requests.closeShift(),
                r -> r.getCloseShiftBuilder().setCloseTime(FEB_30)),
                "close_shift.close_time is not a valid date-time"),
            Arguments.of("report without type", changed(Requests.report(ReportTypeEnum.REPORT_X),
                r -> r.getReportBuilder().clearReport()),
                "report.report (X or Z) is missing"),
            Arguments.of("auth without login", Requests.auth(null, "secret"), "auth.login is missing"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource({"invalidTickets", "invalidItems", "invalidOthers"})
    void shouldRefuseIncorrectDataNamingTheField(String label, Request request, String expectedText) {
        Violation violation = RequestValidator.validate(request);
        assertNotNull(violation, label);
        assertEquals(INCORRECT, violation.resultCode(), violation.text());
        assertTrue(violation.text().startsWith(expectedText), () -> "expected '" + expectedText + "…', got '"
            + violation.text() + "'");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valid")
    void shouldAcceptWhatTheValidatorAcceptsAfterAWireRoundTrip(String label, Request request) throws Exception {
        Request parsed = Request.parser().parsePartialFrom(request.toByteArray());
        assertNull(RequestValidator.validate(parsed));
    }

    private static Request ticket(Consumer<TicketRequest.Builder> change) {
        return changed(Requests.ticket(110_22_00L), r -> change.accept(r.getTicketBuilder()));
    }

    /** Sets the total and the cash payment to a new total, keeping taken and adjusting change. */
    private static void retotal(TicketRequest.Builder t, long total) {
        t.getAmountsBuilder().setTotal(Requests.money(total))
            .setChange(Requests.money(MoneyCodec.toTiyn(t.getAmounts().getTaken()) - total));
        t.getPaymentsBuilder(0).setSum(Requests.money(total));
    }

    private static Request moneyPlacement(Consumer<MoneyPlacementRequest.Builder> change) {
        return changed(Requests.moneyPlacement(true, 1_000_00), r -> change.accept(r.getMoneyPlacementBuilder()));
    }

    private static Request changed(Request request, Consumer<Request.Builder> change) {
        Request.Builder builder = request.toBuilder();
        change.accept(builder);
        return builder.buildPartial();
    }

    private static DateTime dateTime(int year, int month, int day, int hour, int minute) {
        return DateTime.newBuilder()
            .setDate(Date.newBuilder().setYear(year).setMonth(month).setDay(day))
            .setTime(Time.newBuilder().setHour(hour).setMinute(minute))
            .build();
    }

    private static TicketRequest.Item modifierItem(ItemTypeEnum type, boolean withPayload) {
        TicketRequest.Item.Builder item = TicketRequest.Item.newBuilder().setType(type);
        if (withPayload) {
            TicketRequest.Modifier modifier = TicketRequest.Modifier.newBuilder().setName("Скидка")
                .setSum(Requests.money(1_00)).build();
            switch (type) {
                case ITEM_TYPE_MARKUP -> item.setMarkup(modifier);
                case ITEM_TYPE_STORNO_MARKUP -> item.setStornoMarkup(modifier);
                case ITEM_TYPE_DISCOUNT -> item.setDiscount(modifier);
                case ITEM_TYPE_STORNO_DISCOUNT -> item.setStornoDiscount(modifier);
                default -> throw new IllegalArgumentException("not a modifier type: " + type);
            }
        }
        return item.buildPartial();
    }

    private static TicketRequest.Item stornoCommodity(boolean withPayload) {
        TicketRequest.Item.Builder item = TicketRequest.Item.newBuilder().setType(ItemTypeEnum.ITEM_TYPE_STORNO_COMMODITY);
        if (withPayload) {
            item.setStornoCommodity(TicketRequest.Item.StornoCommodity.newBuilder()
                .setName("Хлеб").setSectionCode("1").setQuantity(1000)
                .setPrice(Requests.money(1_00)).setSum(Requests.money(1_00)));
        }
        return item.buildPartial();
    }
}
