package kz.ofd.simulator.kkm;

import com.google.protobuf.InvalidProtocolBufferException;
import kz.ofd.protocol.codec.MoneyCodec;
import kz.ofd.protocol.frame.FrameHeader;
import kz.ofd.protocol.frame.KkmFrame;
import kz.ofd.protocol.proto.CommandTypeEnum;
import kz.ofd.protocol.proto.MoneyPlacementEnum;
import kz.ofd.protocol.proto.OperationTypeEnum;
import kz.ofd.protocol.proto.ReportResponse;
import kz.ofd.protocol.proto.ReportTypeEnum;
import kz.ofd.protocol.proto.Response;
import kz.ofd.protocol.proto.TicketResponse;
import kz.ofd.protocol.proto.ZXReport;
import kz.ofd.simulator.stats.ErrorKinds;
import kz.ofd.simulator.stats.RunStats;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks one answer against the request it answers and the KKM's own shift view, counting every failed check
 * in {@link RunStats} under an {@link ErrorKinds} name.
 */
public final class AnswerChecker {

    /** Longest fiscal sign accepted (digits). */
    public static final int MAX_FISCAL_SIGN_DIGITS = 19;

    private AnswerChecker() {
    }

    /**
     * @param kkmId  the KKM's id, for error descriptions
     * @param sent   the request
     * @param answer the answer frame
     * @param tally  the KKM's shift view before this answer is applied
     * @param stats  where failures are counted
     * @return the parsed answer if it parsed, answers the same command and has result 0 (so the KKM takes its
     *     token and books the document), otherwise {@code null}
     */
    public static Response check(long kkmId, PendingRequest sent, KkmFrame answer, ShiftTally tally, RunStats stats) {
        FrameHeader out = sent.frame().header();
        FrameHeader in = answer.header();
        String what = "KKM " + kkmId + " reqnum " + out.requestNumber() + " " + sent.commandName();
        if (in.appCode() != FrameHeader.APP_CODE || in.version() != out.version() || in.kkmId() != out.kkmId()
            || in.requestNumber() != out.requestNumber()) {
            stats.error(ErrorKinds.HEADER_MISMATCH, what + ": sent " + out + ", answer header " + in);
        }
        Response response;
        try {
            response = Response.parseFrom(answer.body());
        } catch (InvalidProtocolBufferException e) {
            stats.error(ErrorKinds.UNPARSABLE, what + ": " + e.getMessage());
            return null;
        }
        long code = Integer.toUnsignedLong(response.getResult().getResultCode());
        stats.result(code);
        if (response.getCommand() != sent.command()) {
            stats.error(ErrorKinds.WRONG_COMMAND, what + ": answered as " + response.getCommand());
            return null;
        }
        if (code != 0) {
            stats.error(ErrorKinds.RESULT_NOT_OK, what + ": result " + code + " " + response.getResult().getResultText());
            return null;
        }
        if (sent.isDocument() && in.token() == out.token()) {
            stats.error(ErrorKinds.TOKEN_NOT_ROTATED, what + ": token " + out.token() + " came back unchanged");
        } else if (!sent.isDocument() && in.token() != out.token()) {
            stats.error(ErrorKinds.TOKEN_CHANGED, what + ": token " + out.token() + " changed to " + in.token());
        }
        if (sent.command() == CommandTypeEnum.COMMAND_TICKET) {
            checkTicket(what, response, stats);
        } else if (sent.command() == CommandTypeEnum.COMMAND_REPORT) {
            checkReport(what, response, ReportTypeEnum.REPORT_X, tally, stats);
        } else if (sent.command() == CommandTypeEnum.COMMAND_CLOSE_SHIFT) {
            checkReport(what, response, ReportTypeEnum.REPORT_Z, tally, stats);
        }
        return response;
    }

    /**
     * Only counts an answer, for {@code --checks off}: by result code if the body parses as a {@code Response},
     * else as unparsed. Nothing is compared and no error is counted.
     *
     * @param answer the answer frame
     * @param stats  where the answer is counted
     * @return the parsed answer, or {@code null} if it did not parse
     */
    public static Response count(KkmFrame answer, RunStats stats) {
        Response response;
        try {
            response = Response.parseFrom(answer.body());
        } catch (InvalidProtocolBufferException e) {
            stats.unparsed();
            return null;
        }
        stats.result(Integer.toUnsignedLong(response.getResult().getResultCode()));
        return response;
    }

    private static void checkTicket(String what, Response response, RunStats stats) {
        if (!response.hasTicket()) {
            stats.error(ErrorKinds.TICKET_MISSING, what + ": no ticket in the answer");
            return;
        }
        TicketResponse ticket = response.getTicket();
        String sign = ticket.getTicketNumber();
        if (sign.isEmpty() || sign.length() > MAX_FISCAL_SIGN_DIGITS || !sign.chars().allMatch(c -> c >= '0' && c <= '9')) {
            stats.error(ErrorKinds.BAD_FISCAL_SIGN, what + ": fiscal sign '" + sign + "'");
        } else if (!stats.newFiscalSign(Long.parseUnsignedLong(sign))) {
            stats.error(ErrorKinds.DUPLICATE_FISCAL_SIGN, what + ": fiscal sign " + sign + " was issued before");
        }
        String qr = ticket.hasQrCode() ? ticket.getQrCode().toString(StandardCharsets.UTF_8) : "";
        if (!qr.startsWith("http")) {
            stats.error(ErrorKinds.BAD_QR, what + ": qr_code '" + qr + "'");
        }
    }

    private static void checkReport(String what, Response response, ReportTypeEnum type, ShiftTally tally,
                                    RunStats stats) {
        ReportResponse report = response.getReport();
        if (!response.hasReport() || !report.hasZxReport() || report.getReport() != type) {
            stats.error(ErrorKinds.REPORT_MISSING, what + ": expected report " + type + " with zx_report, got "
                + (response.hasReport() ? report.getReport() + (report.hasZxReport() ? "" : " without zx_report") : "none"));
            return;
        }
        List<String> diffs = new ArrayList<>();
        try {
            compare(report.getZxReport(), tally, diffs);
        } catch (IllegalArgumentException | ArithmeticException e) {
            diffs.add("bad money: " + e.getMessage());
        }
        if (!diffs.isEmpty()) {
            stats.error(ErrorKinds.REPORT_MISMATCH, what + " " + type + ": " + String.join("; ", diffs));
        }
    }

    private static void compare(ZXReport z, ShiftTally tally, List<String> diffs) {
        for (OperationTypeEnum op : new OperationTypeEnum[] {OperationTypeEnum.OPERATION_SELL, OperationTypeEnum.OPERATION_BUY}) {
            long count = 0;
            long sum = 0;
            for (ZXReport.TicketOperation row : z.getTicketOperationsList()) {
                if (row.getOperation() == op) {
                    count = Integer.toUnsignedLong(row.getTicketsCount());
                    sum = MoneyCodec.toTiyn(row.getTicketsSum());
                    break;
                }
            }
            expect(diffs, op.name() + " tickets_count", count, tally.ticketCount(op));
            expect(diffs, op.name() + " tickets_sum", sum, tally.ticketSum(op));
        }
        long deposits = 0;
        long deposited = 0;
        for (ZXReport.MoneyPlacement row : z.getMoneyPlacementsList()) {
            if (row.getOperation() == MoneyPlacementEnum.MONEY_PLACEMENT_DEPOSIT) {
                deposits = Integer.toUnsignedLong(row.getOperationsCount());
                deposited = MoneyCodec.toTiyn(row.getOperationsSum());
                break;
            }
        }
        expect(diffs, "DEPOSIT operations_count", deposits, tally.depositCount());
        expect(diffs, "DEPOSIT operations_sum", deposited, tally.depositSum());
        expect(diffs, "cash_sum", MoneyCodec.toTiyn(z.getCashSum()), tally.cash());
        long revenue = MoneyCodec.toTiyn(z.getRevenue().getSum());
        expect(diffs, "revenue", z.getRevenue().getIsNegative() ? -revenue : revenue, tally.revenue());
    }

    private static void expect(List<String> diffs, String field, long actual, long expected) {
        if (actual != expected) {
            diffs.add(field + " " + actual + ", expected " + expected);
        }
    }
}
