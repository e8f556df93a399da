package kz.ofd.simulator.conformance;

import kz.ofd.protocol.codec.MoneyCodec;
import kz.ofd.protocol.proto.CloseShiftRequest;
import kz.ofd.protocol.proto.CommandTypeEnum;
import kz.ofd.protocol.proto.Date;
import kz.ofd.protocol.proto.DateTime;
import kz.ofd.protocol.proto.DomainTypeEnum;
import kz.ofd.protocol.proto.Money;
import kz.ofd.protocol.proto.MoneyPlacementEnum;
import kz.ofd.protocol.proto.MoneyPlacementRequest;
import kz.ofd.protocol.proto.OperationTypeEnum;
import kz.ofd.protocol.proto.Operator;
import kz.ofd.protocol.proto.PaymentTypeEnum;
import kz.ofd.protocol.proto.ReportRequest;
import kz.ofd.protocol.proto.ReportTypeEnum;
import kz.ofd.protocol.proto.Request;
import kz.ofd.protocol.proto.ServiceRequest;
import kz.ofd.protocol.proto.TicketRequest;
import kz.ofd.protocol.proto.Time;
import kz.ofd.protocol.proto.ZXReport;

import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * The requests the scenarios send, shaped like a real 2.0.3 register's (protocol-facts §15): an empty
 * {@code service} on every fiscal command, explicit proto2 defaults, Kazakhstan local time without a zone.
 * Money is integer tiyn.
 */
final class Docs {

    static final ZoneOffset KKM_ZONE = ZoneOffset.ofHours(5);
    static final String MEASURE_UNIT_PIECE = "796";
    static final long ONE_UNIT = 1000;

    private static final Operator OPERATOR = Operator.newBuilder().setCode(1).setName("Кассир").build();

    private Docs() {
    }

    /** A cash SELL of one item for {@code total} tiyn, taken rounded up to 1000 tenge. */
    static Request sell(long total) {
        return ticket(OperationTypeEnum.OPERATION_SELL, total, true, now());
    }

    /**
     * A one-item ticket.
     *
     * @param cash cash payment with taken/change, otherwise a card payment without them
     */
    static Request ticket(OperationTypeEnum operation, long total, boolean cash, DateTime at) {
        TicketRequest.Item.Commodity commodity = TicketRequest.Item.Commodity.newBuilder()
            .setName("Хлеб белый")
            .setSectionCode("1")
            .setQuantity(ONE_UNIT)
            .setPrice(money(total))
            .setSum(money(total))
            .setMeasureUnitCode(MEASURE_UNIT_PIECE)
            .build();
        TicketRequest.Amounts.Builder amounts = TicketRequest.Amounts.newBuilder().setTotal(money(total));
        if (cash) {
            long taken = (total + 99_999) / 100_000 * 100_000;
            amounts.setTaken(money(taken)).setChange(money(taken - total));
        }
        TicketRequest ticket = TicketRequest.newBuilder()
            .setOperation(operation)
            .setDateTime(at)
            .setOperator(OPERATOR)
            .addItems(TicketRequest.Item.newBuilder()
                .setType(TicketRequest.Item.ItemTypeEnum.ITEM_TYPE_COMMODITY)
                .setCommodity(commodity))
            .addPayments(TicketRequest.Payment.newBuilder()
                .setType(cash ? PaymentTypeEnum.PAYMENT_CASH : PaymentTypeEnum.PAYMENT_CARD)
                .setSum(money(total)))
            .setAmounts(amounts)
            .build();
        return fiscal(CommandTypeEnum.COMMAND_TICKET).setTicket(ticket).build();
    }

    /** A card-paid return of {@code total} naming its parent ticket. */
    static Request returnOf(OperationTypeEnum operation, long total, String parentSign, String parentRnm,
                            long parentTotal) {
        Request.Builder b = ticket(operation, total, false, now()).toBuilder();
        b.getTicketBuilder().setParentTicket(TicketRequest.ParentTicket.newBuilder()
            .setParentTicketNumber(parentSign)
            .setParentTicketDataTime(now())
            .setKgdKkmId(parentRnm)
            .setParentTicketTotal(money(parentTotal))
            .setParentTicketIsOffline(false));
        return b.build();
    }

    static Request placement(boolean deposit, long sum) {
        MoneyPlacementRequest placement = MoneyPlacementRequest.newBuilder()
            .setDatetime(now())
            .setOperation(deposit ? MoneyPlacementEnum.MONEY_PLACEMENT_DEPOSIT : MoneyPlacementEnum.MONEY_PLACEMENT_WITHDRAWAL)
            .setSum(money(sum))
            .setIsOffline(false)
            .setOperator(OPERATOR)
            .build();
        return fiscal(CommandTypeEnum.COMMAND_MONEY_PLACEMENT).setMoneyPlacement(placement).build();
    }

    static Request closeShift() {
        CloseShiftRequest close = CloseShiftRequest.newBuilder()
            .setCloseTime(now())
            .setIsOffline(false)
            .setWithdrawMoney(false)
            .setOperator(OPERATOR)
            .build();
        return fiscal(CommandTypeEnum.COMMAND_CLOSE_SHIFT).setCloseShift(close).build();
    }

    static Request report(ReportTypeEnum type) {
        ReportRequest report = ReportRequest.newBuilder().setReport(type).setDateTime(now()).setIsOffline(false).build();
        return fiscal(CommandTypeEnum.COMMAND_REPORT).setReport(report).build();
    }

    static Request info() {
        return fiscal(CommandTypeEnum.COMMAND_INFO).build();
    }

    static Request system(boolean getRegInfo) {
        ServiceRequest service = ServiceRequest.newBuilder()
            .setGetRegInfo(getRegInfo)
            .setSecurityStats(ServiceRequest.SecurityStats.newBuilder().setOsVersion("ofd conformance"))
            .build();
        return Request.newBuilder().setCommand(CommandTypeEnum.COMMAND_SYSTEM).setService(service).build();
    }

    /** A request carrying only a command (no payload), built partially when its payload is required. */
    static Request bare(CommandTypeEnum command) {
        return Request.newBuilder().setCommand(command).buildPartial();
    }

    /**
     * The fields the 2.0.4 schema makes required, added to a 2.0.3 document (protocol-facts §10): ticket
     * {@code domain}; CLOSE_SHIFT's and REPORT's own report (an empty one of shift {@code shift}). Operators and
     * measure units are already on every document built here.
     */
    static Request for204(Request request, int shift) {
        Request.Builder b = request.toBuilder();
        switch (request.getCommand()) {
            case COMMAND_TICKET ->
                b.getTicketBuilder().setDomain(TicketRequest.Domain.newBuilder().setType(DomainTypeEnum.DOMAIN_TRADING));
            case COMMAND_CLOSE_SHIFT ->
                b.getCloseShiftBuilder().setZReport(emptyReport(request.getCloseShift().getCloseTime(), shift));
            case COMMAND_REPORT -> b.getReportBuilder().setZxReport(emptyReport(request.getReport().getDateTime(), shift));
            default -> {
            }
        }
        return b.build();
    }

    static DateTime now() {
        return dateTime(LocalDateTime.now(KKM_ZONE));
    }

    static DateTime dateTime(LocalDateTime t) {
        return DateTime.newBuilder()
            .setDate(Date.newBuilder().setYear(t.getYear()).setMonth(t.getMonthValue()).setDay(t.getDayOfMonth()))
            .setTime(Time.newBuilder().setHour(t.getHour()).setMinute(t.getMinute()).setSecond(t.getSecond()))
            .build();
    }

    static Money money(long tiyn) {
        return MoneyCodec.fromTiyn(tiyn);
    }

    private static ZXReport emptyReport(DateTime at, int shift) {
        return ZXReport.newBuilder()
            .setDateTime(at)
            .setShiftNumber(shift)
            .setCashSum(money(0))
            .setRevenue(ZXReport.Revenue.newBuilder().setSum(money(0)).setIsNegative(false))
            .setOpenShiftTime(at)
            .build();
    }

    private static Request.Builder fiscal(CommandTypeEnum command) {
        return Request.newBuilder().setCommand(command).setService(ServiceRequest.getDefaultInstance());
    }
}
