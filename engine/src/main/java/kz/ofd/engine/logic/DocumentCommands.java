package kz.ofd.engine.logic;

import com.google.protobuf.ByteString;
import kz.ofd.protocol.codec.KkmMessages;
import kz.ofd.protocol.codec.MoneyCodec;
import kz.ofd.protocol.proto.CloseShiftRequest;
import kz.ofd.protocol.proto.CommandTypeEnum;
import kz.ofd.protocol.proto.MoneyPlacementEnum;
import kz.ofd.protocol.proto.MoneyPlacementRequest;
import kz.ofd.protocol.proto.ReportResponse;
import kz.ofd.protocol.proto.ReportTypeEnum;
import kz.ofd.protocol.proto.Request;
import kz.ofd.protocol.proto.Response;
import kz.ofd.protocol.proto.ResultTypeEnum;
import kz.ofd.protocol.proto.TicketRequest;
import kz.ofd.protocol.proto.TicketResponse;
import kz.ofd.protocol.proto.ZXReport;

import java.nio.charset.StandardCharsets;

/**
 * The document commands (TICKET, MONEY_PLACEMENT, CLOSE_SHIFT): each splits into a check that may refuse
 * (and then changes nothing) and an {@code apply} that changes the KKM's state. {@code apply} is the same code
 * live and during journal replay, so a restart rebuilds exactly the state the live server had.
 * Business-logic thread only.
 */
final class DocumentCommands {

    private final LogicSettings settings;

    DocumentCommands(LogicSettings settings) {
        this.settings = settings;
    }

    /**
     * The state-dependent rules a document must pass, in order: the shift's time limit, the shift number it
     * claims, the buyer not being the seller, cash in the drawer. A refused document changes nothing.
     *
     * @param code receives the result code of a refusal
     * @return a refusal text when the document cannot be accepted in the KKM's current state, else {@code null}
     */
    String refusal(KkmState kkm, Request request, long receivedAtMillis, int[] code) {
        ShiftCounters shift = kkm.shift();
        boolean offline = KkmMessages.isOffline(request);
        if (!offline && request.getCommand() != CommandTypeEnum.COMMAND_CLOSE_SHIFT && shift.open
            && receivedAtMillis - shift.openEpochMillis(settings) > settings.shiftMaxMillis()) {
            code[0] = ResultTypeEnum.RESULT_TYPE_OPEN_SHIFT_TIMEOUT_EXPIRED_VALUE;
            return "shift " + shift.shiftNumber + " has been open for more than "
                + settings.shiftMaxMillis() / 3_600_000 + " h; close it (CLOSE_SHIFT) before the next document";
        }
        String shiftProblem = frShiftProblem(request, shift.shiftNumber, offline);
        if (shiftProblem != null) {
            code[0] = ResultTypeEnum.RESULT_TYPE_INCORRECT_REQUEST_DATA_VALUE;
            return shiftProblem;
        }
        switch (request.getCommand()) {
            case COMMAND_TICKET: {
                TicketRequest t = request.getTicket();
                if (kkm.isOwnerBin(t.getExtensionOptions().getCustomerIinOrBin())) {
                    code[0] = ResultTypeEnum.RESULT_TYPE_SAME_TAXPAYER_AND_CUSTOMER_VALUE;
                    return "ticket.extension_options.customer_iin_or_bin is the seller's own IIN/BIN";
                }
                long cashPaid = TicketAccounting.cashPaid(t);
                if (shift.cash + TicketAccounting.direction(t) * cashPaid < 0) {
                    code[0] = ResultTypeEnum.RESULT_TYPE_NOT_ENOUGH_CASH_VALUE;
                    return "cash payment of " + MoneyCodec.format(cashPaid)
                        + " exceeds cash in the drawer " + MoneyCodec.format(shift.cash);
                }
                return null;
            }
            case COMMAND_MONEY_PLACEMENT: {
                MoneyPlacementRequest mp = request.getMoneyPlacement();
                long sum = MoneyCodec.toTiyn(mp.getSum());
                if (mp.getOperation() == MoneyPlacementEnum.MONEY_PLACEMENT_WITHDRAWAL && sum > shift.cash) {
                    code[0] = ResultTypeEnum.RESULT_TYPE_NOT_ENOUGH_CASH_VALUE;
                    return "withdrawal of " + MoneyCodec.format(sum) + " exceeds cash in the drawer "
                        + MoneyCodec.format(shift.cash);
                }
                return null;
            }
            default:
                return null;
        }
    }

    /**
     * {@code fr_shift_number}, when sent, must be the shift open on the OFD, or for an offline document an
     * earlier shift of this KKM (protocol-facts §14.2).
     */
    private static String frShiftProblem(Request request, long current, boolean offline) {
        String field;
        long claimed;
        switch (request.getCommand()) {
            case COMMAND_TICKET:
                if (!request.getTicket().hasFrShiftNumber()) {
                    return null;
                }
                field = "ticket.fr_shift_number";
                claimed = Integer.toUnsignedLong(request.getTicket().getFrShiftNumber());
                break;
            case COMMAND_MONEY_PLACEMENT:
                if (!request.getMoneyPlacement().hasFrShiftNumber()) {
                    return null;
                }
                field = "money_placement.fr_shift_number";
                claimed = Integer.toUnsignedLong(request.getMoneyPlacement().getFrShiftNumber());
                break;
            case COMMAND_CLOSE_SHIFT:
                if (!request.getCloseShift().hasFrShiftNumber()) {
                    return null;
                }
                field = "close_shift.fr_shift_number";
                claimed = Integer.toUnsignedLong(request.getCloseShift().getFrShiftNumber());
                break;
            default:
                return null;
        }
        if (claimed == current || offline && claimed >= 1 && claimed < current) {
            return null;
        }
        return field + " is " + claimed + " but the shift open on the OFD is " + current
            + (offline ? " (an offline document may name an earlier shift, not a later one)" : "");
    }

    /**
     * Applies an accepted document and builds its answer.
     *
     * @param kkm        the KKM
     * @param request    the validated request
     * @param fiscalSign the sign assigned to a ticket (ignored otherwise)
     * @return the answer body
     */
    byte[] apply(KkmState kkm, Request request, long fiscalSign, int version) {
        Response.Builder response = KkmMessages.response(request.getCommand().getNumber(), 0, null);
        switch (request.getCommand()) {
            case COMMAND_TICKET:
                applyTicket(kkm, request.getTicket(), fiscalSign, response);
                break;
            case COMMAND_MONEY_PLACEMENT:
                applyMoneyPlacement(kkm.counters(), request.getMoneyPlacement());
                break;
            case COMMAND_CLOSE_SHIFT:
                response.setReport(ReportResponse.newBuilder()
                    .setReport(ReportTypeEnum.REPORT_Z)
                    .setZxReport(applyCloseShift(kkm, request.getCloseShift())));
                break;
            default:
                throw new IllegalStateException("not a document command: " + request.getCommand());
        }
        if (request.hasService() && request.getService().getGetRegInfo()) {
            response.setService(Messages.regInfoService(kkm.registration(), settings, version));
        }
        return response.build().toByteArray();
    }

    static boolean isDocument(int command) {
        return command == CommandTypeEnum.COMMAND_TICKET_VALUE
            || command == CommandTypeEnum.COMMAND_MONEY_PLACEMENT_VALUE
            || command == CommandTypeEnum.COMMAND_CLOSE_SHIFT_VALUE;
    }

    private void applyTicket(KkmState kkm, TicketRequest t, long fiscalSign, Response.Builder response) {
        TicketAccounting.apply(kkm.counters(), t);
        String qr = Messages.qrUrl(settings.checkUrl(), fiscalSign, kkm.rnm,
            MoneyCodec.toTiyn(t.getAmounts().getTotal()), t.getDateTime());
        response.setTicket(TicketResponse.newBuilder()
            .setTicketNumber(Long.toString(fiscalSign))
            .setQrCode(ByteString.copyFrom(qr, StandardCharsets.UTF_8)));
    }

    private static void applyMoneyPlacement(ShiftCounters c, MoneyPlacementRequest mp) {
        int kind = mp.getOperation().getNumber();
        long sum = MoneyCodec.toTiyn(mp.getSum());
        c.openAt(mp.getDatetime());
        c.addPlacement(kind, ShiftCounters.PLACEMENT_COUNT, 1);
        c.addPlacement(kind, ShiftCounters.PLACEMENT_TOTAL_COUNT, 1);
        c.addPlacement(kind, ShiftCounters.PLACEMENT_SUM, sum);
        if (mp.getIsOffline()) {
            c.addPlacement(kind, ShiftCounters.PLACEMENT_OFFLINE, 1);
        }
        c.cash += kind == MoneyPlacementEnum.MONEY_PLACEMENT_DEPOSIT_VALUE ? sum : -sum;
    }

    private static ZXReport applyCloseShift(KkmState kkm, CloseShiftRequest close) {
        ShiftCounters c = kkm.counters();
        if (close.getWithdrawMoney() && c.cash > 0) {
            int withdrawal = MoneyPlacementEnum.MONEY_PLACEMENT_WITHDRAWAL_VALUE;
            c.addPlacement(withdrawal, ShiftCounters.PLACEMENT_COUNT, 1);
            c.addPlacement(withdrawal, ShiftCounters.PLACEMENT_TOTAL_COUNT, 1);
            c.addPlacement(withdrawal, ShiftCounters.PLACEMENT_SUM, c.cash);
            c.cash = 0;
        }
        ZXReport z = ReportBuilder.build(c, close.getCloseTime(), close.getCloseTime());
        kkm.lastZ = z.toByteArray();
        kkm.startShift(c.next());
        return z;
    }
}
