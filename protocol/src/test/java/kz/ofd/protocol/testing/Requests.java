package kz.ofd.protocol.testing;

import com.google.protobuf.UnknownFieldSet;
import kz.ofd.protocol.codec.MoneyCodec;
import kz.ofd.protocol.proto.AuthRequest;
import kz.ofd.protocol.proto.CloseShiftRequest;
import kz.ofd.protocol.proto.CommandTypeEnum;
import kz.ofd.protocol.proto.CommodityTypeEnum;
import kz.ofd.protocol.proto.Date;
import kz.ofd.protocol.proto.DateTime;
import kz.ofd.protocol.proto.DomainTypeEnum;
import kz.ofd.protocol.proto.Money;
import kz.ofd.protocol.proto.MoneyPlacementEnum;
import kz.ofd.protocol.proto.MoneyPlacementRequest;
import kz.ofd.protocol.proto.NomenclatureRequest;
import kz.ofd.protocol.proto.OperationTypeEnum;
import kz.ofd.protocol.proto.Operator;
import kz.ofd.protocol.proto.PaymentTypeEnum;
import kz.ofd.protocol.proto.ReportRequest;
import kz.ofd.protocol.proto.ReportTypeEnum;
import kz.ofd.protocol.proto.Request;
import kz.ofd.protocol.proto.ServiceRequest;
import kz.ofd.protocol.proto.Time;
import kz.ofd.protocol.proto.TicketRequest;
import kz.ofd.protocol.proto.ZXReport;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Static factories for realistic KKM requests (protocol 2.0.3), shaped like what a real cash-register client sends
 * (protocol-facts §15): an empty {@code service} rides on every fiscal command, proto2 defaults such as
 * {@code is_offline=false} are sent explicitly, document times are Kazakhstan local time (UTC+5) without a zone,
 * and operator code {@value #OPERATOR_CODE} signs every document. Money is always integer tiyn (1 tenge = 100 tiyn).
 *
 * <p>Every factory returns a complete message (all proto2 {@code required} fields set, built with {@code build()})
 * unless its Javadoc says otherwise, so a result can be sent as is or changed with {@code toBuilder()} to make an
 * invalid variant. Stateless; safe from any thread. Shipped in the {@code ofd-protocol} test-jar for system tests
 * in other modules.
 */
public final class Requests {

    /** Kazakhstan time zone used for document times (UTC+5, no daylight saving). */
    public static final ZoneOffset KKM_ZONE = ZoneOffset.ofHours(5);
    /** Operator (cashier) code put on every document. */
    public static final int OPERATOR_CODE = 1;
    /** Operator name put on every document. */
    public static final String OPERATOR_NAME = "Кассир";
    /** Section (department) code of every commodity. */
    public static final String SECTION_CODE = "1";
    /** ESF unit code for "piece", used as {@code measure_unit_code}. */
    public static final String MEASURE_UNIT_PIECE = "796";
    /** Quantity of one unit (quantities are in thousandths). */
    public static final long ONE_UNIT = 1000;
    /** The buyer's cash is rounded up to a multiple of this (1000 tenge) to give change. */
    public static final long CASH_NOTE_TIYN = 100_000;
    /** {@code security_stats.os_version} sent with SYSTEM. */
    public static final String OS_VERSION = "Android 13";

    private Requests() {
    }

    /**
     * A cash SELL ticket with one commodity "Хлеб" (quantity 1, price = sum = total), one cash payment of the
     * total, {@code amounts.taken} = the total rounded up to 1000 tenge and {@code amounts.change} = taken − total,
     * operator {@value #OPERATOR_CODE}, date-time now (UTC+5).
     *
     * @param totalTiyn ticket total in tiyn, non-negative
     * @return a complete COMMAND_TICKET request
     */
    public static Request ticket(long totalTiyn) {
        return ticketRequest(OperationTypeEnum.OPERATION_SELL, List.of(commodity("Хлеб", totalTiyn)), totalTiyn);
    }

    /**
     * A cash ticket of any operation with one commodity per sum ("Товар 1", "Товар 2", …; quantity 1, price = sum),
     * total = sum of the items, one cash payment of the total, taken/change as in {@link #ticket(long)}.
     * Returns ({@code BUY_RETURN}, {@code SELL_RETURN}) carry no {@code parent_ticket}, which the validator
     * requires; add one with {@link #withParentTicket(Request, String, String, LocalDateTime, long)} before sending a
     * return through validation. With no sums the ticket has no items, which the validator refuses (useful for
     * negative tests).
     *
     * @param operation    operation type
     * @param itemSumsTiyn line totals in tiyn, non-negative
     * @return a COMMAND_TICKET request
     * @throws ArithmeticException if the total does not fit a long
     */
    public static Request ticket(OperationTypeEnum operation, long... itemSumsTiyn) {
        List<TicketRequest.Item> items = new ArrayList<>();
        long total = 0;
        for (int i = 0; i < itemSumsTiyn.length; i++) {
            items.add(commodity("Товар " + (i + 1), itemSumsTiyn[i]));
            total = Math.addExact(total, itemSumsTiyn[i]);
        }
        return ticketRequest(operation, items, total);
    }

    /**
     * Adds {@code parent_ticket} (the original ticket of a return) to a ticket request.
     *
     * @param ticket       a COMMAND_TICKET request
     * @param fiscalSign   fiscal sign ({@code ticket_number}) of the original ticket
     * @param kgdKkmId     KGD registration number (RNM) of the register that issued the original
     * @param originalTime date-time of the original ticket (local time, UTC+5)
     * @param totalTiyn    total of the original ticket
     * @return the request with {@code ticket.parent_ticket} set (online original)
     */
    public static Request withParentTicket(Request ticket, String fiscalSign, String kgdKkmId, LocalDateTime originalTime,
                                           long totalTiyn) {
        TicketRequest.ParentTicket parent = TicketRequest.ParentTicket.newBuilder()
            .setParentTicketNumber(fiscalSign)
            .setParentTicketDataTime(dateTime(originalTime))
            .setKgdKkmId(kgdKkmId)
            .setParentTicketTotal(money(totalTiyn))
            .setParentTicketIsOffline(false)
            .build();
        Request.Builder builder = ticket.toBuilder();
        builder.getTicketBuilder().setParentTicket(parent);
        return builder.buildPartial();
    }

    /**
     * A cash deposit or withdrawal, dated now, by operator {@value #OPERATOR_CODE}, {@code is_offline=false}.
     *
     * @param deposit true for MONEY_PLACEMENT_DEPOSIT, false for MONEY_PLACEMENT_WITHDRAWAL
     * @param tiyn    amount in tiyn, non-negative
     * @return a complete COMMAND_MONEY_PLACEMENT request
     */
    public static Request moneyPlacement(boolean deposit, long tiyn) {
        MoneyPlacementRequest placement = MoneyPlacementRequest.newBuilder()
            .setDatetime(now())
            .setOperation(deposit ? MoneyPlacementEnum.MONEY_PLACEMENT_DEPOSIT : MoneyPlacementEnum.MONEY_PLACEMENT_WITHDRAWAL)
            .setSum(money(tiyn))
            .setIsOffline(false)
            .setOperator(operator())
            .build();
        return fiscal(CommandTypeEnum.COMMAND_MONEY_PLACEMENT).setMoneyPlacement(placement).build();
    }

    /**
     * Closes the shift now without withdrawing cash; same as {@code closeShift(false)}.
     *
     * @return a complete COMMAND_CLOSE_SHIFT request (no {@code z_report})
     */
    public static Request closeShift() {
        return closeShift(false);
    }

    /**
     * Closes the shift now, by operator {@value #OPERATOR_CODE}, {@code is_offline=false}, without the register's
     * own Z report (real clients may omit it, protocol-facts §15.5).
     *
     * @param withdrawMoney value of {@code withdraw_money} (sent explicitly even when false)
     * @return a complete COMMAND_CLOSE_SHIFT request
     */
    public static Request closeShift(boolean withdrawMoney) {
        CloseShiftRequest close = CloseShiftRequest.newBuilder()
            .setCloseTime(now())
            .setIsOffline(false)
            .setWithdrawMoney(withdrawMoney)
            .setOperator(operator())
            .build();
        return fiscal(CommandTypeEnum.COMMAND_CLOSE_SHIFT).setCloseShift(close).build();
    }

    /**
     * An X or Z report request dated now, {@code is_offline=false}, without the register's own report.
     *
     * @param type REPORT_X or REPORT_Z
     * @return a complete COMMAND_REPORT request
     */
    public static Request report(ReportTypeEnum type) {
        ReportRequest report = ReportRequest.newBuilder()
            .setReport(type)
            .setDateTime(now())
            .setIsOffline(false)
            .build();
        return fiscal(CommandTypeEnum.COMMAND_REPORT).setReport(report).build();
    }

    /**
     * COMMAND_INFO: no payload of its own, an empty {@code service}.
     *
     * @return a complete COMMAND_INFO request
     */
    public static Request info() {
        return fiscal(CommandTypeEnum.COMMAND_INFO).build();
    }

    /**
     * COMMAND_SYSTEM with a {@code service} carrying {@code get_reg_info} and {@code security_stats.os_version}
     * (no {@code reg_info} of the register's own: this helper does not know the registration).
     *
     * @param getRegInfo value of {@code service.get_reg_info} (sent explicitly even when false)
     * @return a complete COMMAND_SYSTEM request
     */
    public static Request system(boolean getRegInfo) {
        ServiceRequest service = ServiceRequest.newBuilder()
            .setGetRegInfo(getRegInfo)
            .setSecurityStats(ServiceRequest.SecurityStats.newBuilder().setOsVersion(OS_VERSION))
            .build();
        return Request.newBuilder().setCommand(CommandTypeEnum.COMMAND_SYSTEM).setService(service).build();
    }

    /**
     * COMMAND_NOMENCLATURE download request.
     *
     * @param currentVersion nomenclature version the register holds, or {@code null} to send an empty
     *                       {@code nomenclature} payload (no version, no barcode)
     * @return a complete COMMAND_NOMENCLATURE request
     */
    public static Request nomenclature(Integer currentVersion) {
        NomenclatureRequest.Builder nomenclature = NomenclatureRequest.newBuilder();
        if (currentVersion != null) {
            nomenclature.setCurrentVersion(currentVersion);
        }
        return fiscal(CommandTypeEnum.COMMAND_NOMENCLATURE).setNomenclature(nomenclature).build();
    }

    /**
     * COMMAND_AUTH (cashier login check).
     *
     * @param login    login, or {@code null} to leave the required field out (then the result is partial)
     * @param password password, or {@code null} to leave the required field out (then the result is partial)
     * @return a COMMAND_AUTH request, built with {@code buildPartial()}
     */
    public static Request auth(String login, String password) {
        AuthRequest.Builder auth = AuthRequest.newBuilder();
        if (login != null) {
            auth.setLogin(login);
        }
        if (password != null) {
            auth.setPassword(password);
        }
        return Request.newBuilder().setCommand(CommandTypeEnum.COMMAND_AUTH).setAuth(auth.buildPartial()).buildPartial();
    }

    /**
     * A request that carries only field 1 ({@code command}) with any number. A number our enum knows is set
     * normally; any other (e.g. 99, or 9, reserved) is put in field 1 as an unknown varint, exactly as a newer
     * client would send it, so the result lacks the required {@code command} and is built with
     * {@code buildPartial()} ({@code toByteArray()} still works). No payload, no {@code service}.
     *
     * @param rawCommandNumber command number to put on the wire
     * @return the request
     */
    public static Request command(int rawCommandNumber) {
        CommandTypeEnum known = CommandTypeEnum.forNumber(rawCommandNumber);
        if (known != null) {
            return Request.newBuilder().setCommand(known).build();
        }
        UnknownFieldSet unknown = UnknownFieldSet.newBuilder()
            .addField(Request.COMMAND_FIELD_NUMBER, UnknownFieldSet.Field.newBuilder().addVarint(rawCommandNumber).build())
            .build();
        return Request.newBuilder().setUnknownFields(unknown).buildPartial();
    }

    /**
     * Body bytes of {@link #command(int)}: for 99 exactly {@code 08 63}.
     *
     * @param rawCommandNumber command number to put on the wire
     * @return protobuf bytes of a Request whose only field is field 1
     */
    public static byte[] rawCommandBody(int rawCommandNumber) {
        return command(rawCommandNumber).toByteArray();
    }

    /**
     * A commodity item: quantity 1, price = sum, section {@value #SECTION_CODE}, unit "piece".
     *
     * @param name     commodity name
     * @param sumTiyn  line total in tiyn
     * @return a complete ITEM_TYPE_COMMODITY item
     */
    public static TicketRequest.Item commodity(String name, long sumTiyn) {
        TicketRequest.Item.Commodity commodity = TicketRequest.Item.Commodity.newBuilder()
            .setName(name)
            .setSectionCode(SECTION_CODE)
            .setQuantity(ONE_UNIT)
            .setPrice(money(sumTiyn))
            .setSum(money(sumTiyn))
            .setMeasureUnitCode(MEASURE_UNIT_PIECE)
            .build();
        return TicketRequest.Item.newBuilder()
            .setType(TicketRequest.Item.ItemTypeEnum.ITEM_TYPE_COMMODITY)
            .setCommodity(commodity)
            .build();
    }

    /**
     * The current Kazakhstan local time, to the second.
     *
     * @return now in UTC+5 as a protocol DateTime
     */
    public static DateTime now() {
        return dateTime(LocalDateTime.now(KKM_ZONE));
    }

    /**
     * Converts a local date-time to the protocol's DateTime (seconds included, nanoseconds dropped).
     *
     * @param time local date-time
     * @return protocol DateTime
     */
    public static DateTime dateTime(LocalDateTime time) {
        return DateTime.newBuilder()
            .setDate(Date.newBuilder().setYear(time.getYear()).setMonth(time.getMonthValue()).setDay(time.getDayOfMonth()))
            .setTime(Time.newBuilder().setHour(time.getHour()).setMinute(time.getMinute()).setSecond(time.getSecond()))
            .build();
    }

    /**
     * @param tiyn non-negative amount in tiyn
     * @return protocol Money
     */
    public static Money money(long tiyn) {
        return MoneyCodec.fromTiyn(tiyn);
    }

    /**
     * Cash the buyer hands over for a total: the total rounded up to {@link #CASH_NOTE_TIYN}.
     *
     * @param totalTiyn ticket total
     * @return taken amount (change = taken − total)
     */
    public static long cashTaken(long totalTiyn) {
        long rest = totalTiyn % CASH_NOTE_TIYN;
        if (rest == 0 || totalTiyn > Long.MAX_VALUE - CASH_NOTE_TIYN) {
            return totalTiyn;
        }
        return totalTiyn - rest + CASH_NOTE_TIYN;
    }

    private static Request ticketRequest(OperationTypeEnum operation, List<TicketRequest.Item> items, long total) {
        long taken = cashTaken(total);
        TicketRequest ticket = TicketRequest.newBuilder()
            .setOperation(operation)
            .setDateTime(now())
            .setOperator(operator())
            .addAllItems(items)
            .addPayments(TicketRequest.Payment.newBuilder().setType(PaymentTypeEnum.PAYMENT_CASH).setSum(money(total)))
            .setAmounts(TicketRequest.Amounts.newBuilder()
                .setTotal(money(total))
                .setTaken(money(taken))
                .setChange(money(taken - total)))
            .build();
        return fiscal(CommandTypeEnum.COMMAND_TICKET).setTicket(ticket).build();
    }

    /**
     * Makes a 2.0.3 request a complete 2.0.4 one, adding what 2.0.4 made {@code required} (protocol-facts §10):
     * {@code domain} (trading) on a ticket and {@code commodity_type} (product) on its goods, the register's own
     * report on CLOSE_SHIFT and REPORT (an empty one for shift {@code shiftNumber}, dated like the request). Other
     * commands are returned unchanged.
     *
     * @param request     a complete request from this class
     * @param shiftNumber the shift the register's own report names
     * @return the request as a schema-conforming 2.0.4 register sends it
     */
    public static Request for204(Request request, int shiftNumber) {
        Request.Builder b = request.toBuilder();
        switch (request.getCommand()) {
            case COMMAND_TICKET -> {
                TicketRequest.Builder t = b.getTicketBuilder()
                    .setDomain(TicketRequest.Domain.newBuilder().setType(DomainTypeEnum.DOMAIN_TRADING));
                for (TicketRequest.Item.Builder item : t.getItemsBuilderList()) {
                    if (item.hasCommodity()) {
                        item.getCommodityBuilder().setCommodityType(CommodityTypeEnum.COMMODITY_TYPE_PRODUCT);
                    }
                }
            }
            case COMMAND_CLOSE_SHIFT ->
                b.getCloseShiftBuilder().setZReport(emptyReport(request.getCloseShift().getCloseTime(), shiftNumber));
            case COMMAND_REPORT ->
                b.getReportBuilder().setZxReport(emptyReport(request.getReport().getDateTime(), shiftNumber));
            default -> {
            }
        }
        return b.build();
    }

    private static ZXReport emptyReport(DateTime at, int shiftNumber) {
        return ZXReport.newBuilder()
            .setDateTime(at)
            .setShiftNumber(shiftNumber)
            .setCashSum(money(0))
            .setRevenue(ZXReport.Revenue.newBuilder().setSum(money(0)).setIsNegative(false))
            .setOpenShiftTime(at)
            .build();
    }

    private static Operator operator() {
        return Operator.newBuilder().setCode(OPERATOR_CODE).setName(OPERATOR_NAME).build();
    }

    private static Request.Builder fiscal(CommandTypeEnum command) {
        return Request.newBuilder().setCommand(command).setService(ServiceRequest.getDefaultInstance());
    }
}
