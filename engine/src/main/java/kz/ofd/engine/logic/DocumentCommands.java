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
     * @return a refusal text when the document cannot be accepted in the KKM's current state, else {@code null}
     */
    String refusal(KkmState kkm, Request request, int[] code) {
        switch (request.getCommand()) {
            case COMMAND_TICKET: {
                TicketRequest t = request.getTicket();
                long after = kkm.shift.cash + TicketAccounting.direction(t) * TicketAccounting.cashPaid(t);
                if (after < 0) {
                    code[0] = ResultTypeEnum.RESULT_TYPE_NOT_ENOUGH_CASH.getNumber();
                    return "cash payment of " + MoneyCodec.format(TicketAccounting.cashPaid(t))
                        + " exceeds cash in the drawer " + MoneyCodec.format(kkm.shift.cash);
                }
                return null;
            }
            case COMMAND_MONEY_PLACEMENT: {
                MoneyPlacementRequest mp = request.getMoneyPlacement();
                long sum = MoneyCodec.toTiyn(mp.getSum());
                if (mp.getOperation() == MoneyPlacementEnum.MONEY_PLACEMENT_WITHDRAWAL && sum > kkm.shift.cash) {
                    code[0] = ResultTypeEnum.RESULT_TYPE_NOT_ENOUGH_CASH.getNumber();
                    return "withdrawal of " + MoneyCodec.format(sum) + " exceeds cash in the drawer "
                        + MoneyCodec.format(kkm.shift.cash);
                }
                return null;
            }
            default:
                return null;
        }
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
                applyMoneyPlacement(kkm.shift, request.getMoneyPlacement());
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
            response.setService(Messages.regInfoService(kkm.registration, settings, version));
        }
        return response.build().toByteArray();
    }

    static boolean isDocument(int command) {
        return command == CommandTypeEnum.COMMAND_TICKET_VALUE
            || command == CommandTypeEnum.COMMAND_MONEY_PLACEMENT_VALUE
            || command == CommandTypeEnum.COMMAND_CLOSE_SHIFT_VALUE;
    }

    private void applyTicket(KkmState kkm, TicketRequest t, long fiscalSign, Response.Builder response) {
        TicketAccounting.apply(kkm.shift, t);
        String qr = Messages.qrUrl(settings.checkUrl(), fiscalSign, kkm.registration.rnm(),
            MoneyCodec.toTiyn(t.getAmounts().getTotal()), t.getDateTime());
        response.setTicket(TicketResponse.newBuilder()
            .setTicketNumber(Long.toString(fiscalSign))
            .setQrCode(ByteString.copyFrom(qr, StandardCharsets.UTF_8)));
    }

    private static void applyMoneyPlacement(ShiftCounters c, MoneyPlacementRequest mp) {
        int kind = mp.getOperation().getNumber();
        long sum = MoneyCodec.toTiyn(mp.getSum());
        c.openAt(mp.getDatetime());
        c.placementCount[kind]++;
        c.placementTotalCount[kind]++;
        c.placementSum[kind] += sum;
        if (mp.getIsOffline()) {
            c.placementOffline[kind]++;
        }
        c.cash += kind == MoneyPlacementEnum.MONEY_PLACEMENT_DEPOSIT_VALUE ? sum : -sum;
    }

    private static ZXReport applyCloseShift(KkmState kkm, CloseShiftRequest close) {
        ShiftCounters c = kkm.shift;
        if (close.getWithdrawMoney() && c.cash > 0) {
            int withdrawal = MoneyPlacementEnum.MONEY_PLACEMENT_WITHDRAWAL_VALUE;
            c.placementCount[withdrawal]++;
            c.placementTotalCount[withdrawal]++;
            c.placementSum[withdrawal] += c.cash;
            c.cash = 0;
        }
        ZXReport z = ReportBuilder.build(c, close.getCloseTime(), close.getCloseTime());
        kkm.lastZ = z;
        kkm.shift = c.next();
        return z;
    }
}
