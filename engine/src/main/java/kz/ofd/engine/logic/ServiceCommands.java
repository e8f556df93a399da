package kz.ofd.engine.logic;

import kz.ofd.protocol.codec.KkmMessages;
import kz.ofd.protocol.proto.AuthResponse;
import kz.ofd.protocol.proto.DateTime;
import kz.ofd.protocol.proto.NomenclatureRequest;
import kz.ofd.protocol.proto.NomenclatureResponse;
import kz.ofd.protocol.proto.ReportResponse;
import kz.ofd.protocol.proto.ReportTypeEnum;
import kz.ofd.protocol.proto.Request;
import kz.ofd.protocol.proto.Response;
import kz.ofd.protocol.proto.ResultTypeEnum;
import kz.ofd.protocol.proto.ServiceResponse;
import kz.ofd.protocol.proto.TicketAd;
import kz.ofd.protocol.proto.TicketAdInfo;
import kz.ofd.protocol.proto.TicketAdTypeEnum;
import kz.ofd.protocol.proto.ZXReport;

/**
 * Commands that read state and never rotate the token: SYSTEM, INFO, REPORT, NOMENCLATURE, AUTH.
 * Business-logic thread only.
 */
final class ServiceCommands {

    private final LogicSettings settings;

    ServiceCommands(LogicSettings settings) {
        this.settings = settings;
    }

    /**
     * @param out receives, for an X report, the report to journal ({@link Answer#xReport()}); nothing else is set
     */
    byte[] answer(KkmState kkm, Request request, long receivedAtMillis, int version, Answer out) {
        Response.Builder response = KkmMessages.response(request.getCommand().getNumber(), 0, null);
        boolean regInfo = request.hasService() && request.getService().getGetRegInfo();
        switch (request.getCommand()) {
            case COMMAND_SYSTEM:
                break;
            case COMMAND_INFO:
                response.setReport(infoReport(kkm, Messages.localDateTime(receivedAtMillis, settings)));
                regInfo = true;
                break;
            case COMMAND_REPORT:
                ReportResponse report = report(kkm, request.getReport().getReport(), request.getReport().getDateTime());
                response.setReport(report);
                if (report.getReport() == ReportTypeEnum.REPORT_X) {
                    // Journaled as an X_REPORT record (the cabinet shows it); rare, so the copy costs nothing.
                    out.xReport = report.getZxReport().toByteArray();
                    out.shiftNumber = kkm.shift().shiftNumber;
                }
                break;
            case COMMAND_NOMENCLATURE:
                response.setNomenclature(nomenclature(request.getNomenclature()));
                break;
            case COMMAND_AUTH:
                // No cashier accounts exist until the cabinet manages them, so no login can match.
                response.setAuth(AuthResponse.newBuilder()
                    .setResult(AuthResponse.ResultTypeEnum.RESULT_TYPE_INVALID_LOGIN_PASSWORD));
                break;
            default:
                throw new IllegalStateException("not a service command: " + request.getCommand());
        }
        if (regInfo) {
            response.setService(Messages.regInfoService(kkm.registration(), settings, version));
        }
        return response.build().toByteArray();
    }

    /**
     * BLOCKED with the reason in {@code result_text} and as a TICKET_AD_INFO ad, beside the complete reg info
     * every ServiceResponse must carry.
     */
    byte[] blockedAnswer(KkmState kkm, int command, String reason, int version) {
        ServiceResponse service = Messages.regInfoService(kkm.registration(), settings, version).toBuilder()
            .addTicketAds(TicketAd.newBuilder()
                .setInfo(TicketAdInfo.newBuilder()
                    .setType(TicketAdTypeEnum.TICKET_AD_INFO)
                    .setVersion(reason.hashCode() & 0xFFFF_FFFFL))
                .setText(reason))
            .build();
        return KkmMessages.response(command, ResultTypeEnum.RESULT_TYPE_BLOCKED_VALUE, reason).setService(service)
            .build().toByteArray();
    }

    /**
     * INFO answers X of the open shift, or the last Z when no shift is open (protocol-facts §8.3).
     */
    private static ReportResponse infoReport(KkmState kkm, DateTime now) {
        if (!kkm.shift().open && kkm.lastZ != null) {
            return ReportResponse.newBuilder().setReport(ReportTypeEnum.REPORT_Z).setZxReport(kkm.lastZ()).build();
        }
        return ReportResponse.newBuilder()
            .setReport(ReportTypeEnum.REPORT_X)
            .setZxReport(ReportBuilder.build(kkm.shift(), now, null))
            .build();
    }

    /**
     * REPORT answers the type asked for: X of the current shift, or the last Z (an empty Z with shift number 0
     * before the first one, protocol-facts §6.3).
     */
    private static ReportResponse report(KkmState kkm, ReportTypeEnum type, DateTime dateTime) {
        ZXReport zx;
        if (type == ReportTypeEnum.REPORT_X) {
            zx = ReportBuilder.build(kkm.shift(), dateTime, null);
        } else {
            zx = kkm.lastZ != null ? kkm.lastZ() : ReportBuilder.emptyZ(dateTime);
        }
        return ReportResponse.newBuilder().setReport(type).setZxReport(zx).build();
    }

    /**
     * The OFD holds no nomenclature lists and no goods catalogue yet: a barcode is not found, and a version
     * request is answered "no version".
     */
    private static NomenclatureResponse nomenclature(NomenclatureRequest request) {
        NomenclatureResponse.NomenclatureResultTypeEnum result = request.hasBarcode()
            ? NomenclatureResponse.NomenclatureResultTypeEnum.RESULT_TYPE_ELEMENT_NOT_FOUND_BY_BARCODE
            : NomenclatureResponse.NomenclatureResultTypeEnum.RESULT_TYPE_NO_VERSION;
        return NomenclatureResponse.newBuilder().setVersion(0).setResult(result).build();
    }
}
