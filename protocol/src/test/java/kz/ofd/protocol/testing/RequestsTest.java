package kz.ofd.protocol.testing;

import kz.ofd.protocol.codec.KkmMessages;
import kz.ofd.protocol.codec.MoneyCodec;
import kz.ofd.protocol.codec.ParsedRequest;
import kz.ofd.protocol.proto.CommandTypeEnum;
import kz.ofd.protocol.proto.DateTime;
import kz.ofd.protocol.proto.MoneyPlacementEnum;
import kz.ofd.protocol.proto.OperationTypeEnum;
import kz.ofd.protocol.proto.PaymentTypeEnum;
import kz.ofd.protocol.proto.ReportTypeEnum;
import kz.ofd.protocol.proto.Request;
import kz.ofd.protocol.proto.TicketRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.LocalDateTime;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

final class RequestsTest {

    @Test
    void shouldBuildACashSellTicketForOneLoaf() {
        LocalDateTime before = LocalDateTime.now(Requests.KKM_ZONE).withNano(0);
        Request request = Requests.ticket(1_234_50L);
        LocalDateTime after = LocalDateTime.now(Requests.KKM_ZONE);

        assertTrue(request.isInitialized());
        assertEquals(CommandTypeEnum.COMMAND_TICKET, request.getCommand());
        assertTrue(request.hasService());
        TicketRequest ticket = request.getTicket();
        assertEquals(OperationTypeEnum.OPERATION_SELL, ticket.getOperation());
        assertEquals(Requests.OPERATOR_CODE, ticket.getOperator().getCode());
        assertEquals(1, ticket.getItemsCount());
        TicketRequest.Item.Commodity commodity = ticket.getItems(0).getCommodity();
        assertEquals("Хлеб", commodity.getName());
        assertEquals(1000, commodity.getQuantity());
        assertEquals(1_234_50L, MoneyCodec.toTiyn(commodity.getPrice()));
        assertEquals(1_234_50L, MoneyCodec.toTiyn(commodity.getSum()));
        assertEquals(1, ticket.getPaymentsCount());
        assertEquals(PaymentTypeEnum.PAYMENT_CASH, ticket.getPayments(0).getType());
        assertEquals(1_234_50L, MoneyCodec.toTiyn(ticket.getPayments(0).getSum()));
        assertEquals(1_234_50L, MoneyCodec.toTiyn(ticket.getAmounts().getTotal()));
        assertEquals(2_000_00L, MoneyCodec.toTiyn(ticket.getAmounts().getTaken()));
        assertEquals(765_50L, MoneyCodec.toTiyn(ticket.getAmounts().getChange()));
        assertFalse(ticket.hasDomain());

        LocalDateTime time = local(ticket.getDateTime());
        assertFalse(time.isBefore(before), time + " before " + before);
        assertFalse(time.isAfter(after), time + " after " + after);
    }

    @Test
    void shouldBuildATicketWithOneCommodityPerSum() {
        Request request = Requests.ticket(OperationTypeEnum.OPERATION_BUY_RETURN, 100, 250, 99);
        TicketRequest ticket = request.getTicket();
        assertTrue(request.isInitialized());
        assertEquals(OperationTypeEnum.OPERATION_BUY_RETURN, ticket.getOperation());
        assertEquals(List.of("Товар 1", "Товар 2", "Товар 3"),
            ticket.getItemsList().stream().map(i -> i.getCommodity().getName()).toList());
        assertEquals(449, MoneyCodec.toTiyn(ticket.getAmounts().getTotal()));
        assertEquals(449, MoneyCodec.toTiyn(ticket.getPayments(0).getSum()));
        assertEquals(MoneyCodec.toTiyn(ticket.getAmounts().getTaken()) - MoneyCodec.toTiyn(ticket.getAmounts().getChange()),
            449);
        assertFalse(ticket.hasParentTicket());
    }

    @Test
    void shouldRefuseItemSumsWhoseTotalOverflows() {
        assertThrows(ArithmeticException.class,
            () -> Requests.ticket(OperationTypeEnum.OPERATION_SELL, Long.MAX_VALUE, 1));
    }

    @Test
    void shouldAddAParentTicket() {
        LocalDateTime original = LocalDateTime.of(2025, 6, 1, 12, 30, 15);
        Request request = Requests.withParentTicket(Requests.ticket(OperationTypeEnum.OPERATION_SELL_RETURN, 500),
            "987654321", "010203040506", original, 500);
        TicketRequest.ParentTicket parent = request.getTicket().getParentTicket();
        assertTrue(request.isInitialized());
        assertEquals("987654321", parent.getParentTicketNumber());
        assertEquals("010203040506", parent.getKgdKkmId());
        assertEquals(original, local(parent.getParentTicketDataTime()));
        assertEquals(500, MoneyCodec.toTiyn(parent.getParentTicketTotal()));
        assertTrue(parent.hasParentTicketIsOffline());
    }

    @ParameterizedTest
    @CsvSource({"0, 0", "1, 100000", "100000, 100000", "100001, 200000", "1102200, 1200000",
        "9223372036854775807, 9223372036854775807"})
    void shouldRoundTheCashTakenUpToAThousandTenge(long total, long taken) {
        assertEquals(taken, Requests.cashTaken(total));
    }

    @Test
    void shouldBuildMoneyPlacements() {
        Request deposit = Requests.moneyPlacement(true, 5_000_00);
        Request withdrawal = Requests.moneyPlacement(false, 1);
        assertTrue(deposit.isInitialized());
        assertEquals(CommandTypeEnum.COMMAND_MONEY_PLACEMENT, deposit.getCommand());
        assertEquals(MoneyPlacementEnum.MONEY_PLACEMENT_DEPOSIT, deposit.getMoneyPlacement().getOperation());
        assertEquals(5_000_00, MoneyCodec.toTiyn(deposit.getMoneyPlacement().getSum()));
        assertEquals(Requests.OPERATOR_CODE, deposit.getMoneyPlacement().getOperator().getCode());
        assertTrue(deposit.getMoneyPlacement().hasIsOffline());
        assertEquals(MoneyPlacementEnum.MONEY_PLACEMENT_WITHDRAWAL, withdrawal.getMoneyPlacement().getOperation());
        assertEquals(1, MoneyCodec.toTiyn(withdrawal.getMoneyPlacement().getSum()));
    }

    @Test
    void shouldBuildCloseShiftWithExplicitDefaults() {
        Request close = Requests.closeShift();
        assertTrue(close.isInitialized());
        assertEquals(CommandTypeEnum.COMMAND_CLOSE_SHIFT, close.getCommand());
        assertTrue(close.getCloseShift().hasWithdrawMoney());
        assertFalse(close.getCloseShift().getWithdrawMoney());
        assertTrue(close.getCloseShift().hasIsOffline());
        assertFalse(close.getCloseShift().hasZReport());
        assertTrue(Requests.closeShift(true).getCloseShift().getWithdrawMoney());
    }

    @ParameterizedTest
    @EnumSource(ReportTypeEnum.class)
    void shouldBuildReports(ReportTypeEnum type) {
        Request report = Requests.report(type);
        assertTrue(report.isInitialized());
        assertEquals(CommandTypeEnum.COMMAND_REPORT, report.getCommand());
        assertEquals(type, report.getReport().getReport());
        assertTrue(report.hasService());
    }

    @Test
    void shouldBuildServiceCommands() {
        Request info = Requests.info();
        assertEquals(CommandTypeEnum.COMMAND_INFO, info.getCommand());
        assertTrue(info.isInitialized());

        Request system = Requests.system(true);
        assertEquals(CommandTypeEnum.COMMAND_SYSTEM, system.getCommand());
        assertTrue(system.getService().getGetRegInfo());
        assertEquals(Requests.OS_VERSION, system.getService().getSecurityStats().getOsVersion());
        assertTrue(Requests.system(false).getService().hasGetRegInfo());
        assertFalse(Requests.system(false).getService().getGetRegInfo());
    }

    @Test
    void shouldBuildNomenclatureRequests() {
        assertEquals(7, Requests.nomenclature(7).getNomenclature().getCurrentVersion());
        Request empty = Requests.nomenclature(null);
        assertTrue(empty.hasNomenclature());
        assertFalse(empty.getNomenclature().hasCurrentVersion());
        assertEquals(CommandTypeEnum.COMMAND_NOMENCLATURE, empty.getCommand());
    }

    @Test
    void shouldBuildAuthRequestsWithOptionalMissingParts() {
        Request auth = Requests.auth("cashier", "secret");
        assertTrue(auth.isInitialized());
        assertEquals("cashier", auth.getAuth().getLogin());
        assertEquals("secret", auth.getAuth().getPassword());
        Request noLogin = Requests.auth(null, "secret");
        assertFalse(noLogin.isInitialized());
        assertFalse(noLogin.getAuth().hasLogin());
    }

    @Test
    void shouldPutAnUnknownCommandNumberInFieldOne() {
        assertArrayEquals(HexFormat.of().parseHex("0863"), Requests.rawCommandBody(99));
        Request unknown = Requests.command(99);
        assertFalse(unknown.hasCommand());
        assertFalse(unknown.isInitialized());
        ParsedRequest parsed = KkmMessages.parseRequest(unknown.toByteArray());
        assertTrue(parsed.ok());
        assertEquals(99, parsed.commandNumber());
    }

    @Test
    void shouldPutTheReservedNumberNineAsUnknown() {
        assertArrayEquals(HexFormat.of().parseHex("0809"), Requests.rawCommandBody(9));
        assertFalse(Requests.command(9).hasCommand());
    }

    @Test
    void shouldSetAKnownCommandNumberNormally() {
        Request ticket = Requests.command(1);
        assertEquals(CommandTypeEnum.COMMAND_TICKET, ticket.getCommand());
        assertFalse(ticket.hasTicket());
        assertArrayEquals(HexFormat.of().parseHex("0801"), Requests.rawCommandBody(1));
        assertArrayEquals(HexFormat.of().parseHex("0800"), Requests.rawCommandBody(0));
    }

    @Test
    void shouldConvertDateTimesWithSeconds() {
        LocalDateTime time = LocalDateTime.of(2025, 12, 31, 23, 59, 58, 999_000_000);
        assertEquals(time.withNano(0), local(Requests.dateTime(time)));
    }

    private static LocalDateTime local(DateTime dt) {
        return LocalDateTime.of(dt.getDate().getYear(), dt.getDate().getMonth(), dt.getDate().getDay(),
            dt.getTime().getHour(), dt.getTime().getMinute(), dt.getTime().getSecond());
    }
}
