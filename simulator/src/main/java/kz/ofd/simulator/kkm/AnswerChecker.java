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
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Checks one answer against the request it answers and the KKM's own shift view, counting every failed check
 * in {@link RunStats} under an {@link ErrorKinds} name.
 */
public final class AnswerChecker {

    /** Longest fiscal sign accepted (digits). */
    public static final int MAX_FISCAL_SIGN_DIGITS = 19;

    private static final OperationTypeEnum[] OPERATIONS = {OperationTypeEnum.OPERATION_BUY,
        OperationTypeEnum.OPERATION_BUY_RETURN, OperationTypeEnum.OPERATION_SELL, OperationTypeEnum.OPERATION_SELL_RETURN};

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

    /**
     * Checks the answer to a deliberate re-send ({@link PendingRequest.Kind#RETRY} of the last document,
     * {@link PendingRequest.Kind#OFFLINE_RESEND} of an offline ticket): the server must send the answer it sent
     * the first time, byte for byte, with the KKM's current token in the header (no rotation, nothing booked).
     *
     * @param kkmId        the KKM's id, for error descriptions
     * @param sent         the re-send
     * @param answer       the answer frame
     * @param currentToken the KKM's current token
     * @param stats        where failures are counted
     */
    public static void checkReplay(long kkmId, PendingRequest sent, KkmFrame answer, long currentToken, RunStats stats) {
        FrameHeader out = sent.frame().header();
        FrameHeader in = answer.header();
        String what = "KKM " + kkmId + " reqnum " + out.requestNumber() + " " + sent.commandName();
        if (in.appCode() != FrameHeader.APP_CODE || in.version() != out.version() || in.kkmId() != out.kkmId()
            || in.requestNumber() != out.requestNumber()) {
            stats.error(ErrorKinds.HEADER_MISMATCH, what + ": sent " + out + ", answer header " + in);
        }
        try {
            Response response = Response.parseFrom(answer.body());
            long code = Integer.toUnsignedLong(response.getResult().getResultCode());
            stats.result(code);
            if (code != 0) {
                stats.error(ErrorKinds.RESULT_NOT_OK, what + ": result " + code + " " + response.getResult().getResultText());
                return;
            }
        } catch (InvalidProtocolBufferException e) {
            stats.error(ErrorKinds.UNPARSABLE, what + ": " + e.getMessage());
            return;
        }
        if (!Arrays.equals(sent.expectedBody(), answer.body())) {
            stats.error(ErrorKinds.REPLAY_DIFFERS, what + ": the answer differs from the one received the first time ("
                + answer.body().length + " bytes, first time " + sent.expectedBody().length + ")");
        }
        if (in.token() != currentToken) {
            stats.error(ErrorKinds.REPLAY_TOKEN, what + ": header token " + in.token() + ", the current token is "
                + currentToken);
        }
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
        for (OperationTypeEnum op : OPERATIONS) {
            long count = 0;
            long sum = 0;
            long offline = 0;
            for (ZXReport.TicketOperation row : z.getTicketOperationsList()) {
                if (row.getOperation() == op) {
                    count = Integer.toUnsignedLong(row.getTicketsCount());
                    sum = MoneyCodec.toTiyn(row.getTicketsSum());
                    offline = Integer.toUnsignedLong(row.getOfflineCount());
                    break;
                }
            }
            expect(diffs, op.name() + " tickets_count", count, tally.ticketCount(op));
            expect(diffs, op.name() + " tickets_sum", sum, tally.ticketSum(op));
            expect(diffs, op.name() + " offline_count", offline, tally.offlineCount(op));
        }
        for (MoneyPlacementEnum kind : new MoneyPlacementEnum[] {MoneyPlacementEnum.MONEY_PLACEMENT_DEPOSIT,
            MoneyPlacementEnum.MONEY_PLACEMENT_WITHDRAWAL}) {
            long count = 0;
            long sum = 0;
            long offline = 0;
            for (ZXReport.MoneyPlacement row : z.getMoneyPlacementsList()) {
                if (row.getOperation() == kind) {
                    count = Integer.toUnsignedLong(row.getOperationsCount());
                    sum = MoneyCodec.toTiyn(row.getOperationsSum());
                    offline = Integer.toUnsignedLong(row.getOfflineCount());
                    break;
                }
            }
            String name = kind.name().substring("MONEY_PLACEMENT_".length());
            expect(diffs, name + " operations_count", count, tally.placementCount(kind));
            expect(diffs, name + " operations_sum", sum, tally.placementSum(kind));
            expect(diffs, name + " offline_count", offline, tally.placementOffline(kind));
        }
        compareTaxes(z, tally, diffs);
        expect(diffs, "cash_sum", MoneyCodec.toTiyn(z.getCashSum()), tally.cash());
        long revenue = MoneyCodec.toTiyn(z.getRevenue().getSum());
        expect(diffs, "revenue", z.getRevenue().getIsNegative() ? -revenue : revenue, tally.revenue());
    }

    /** Every (tax type, rate) row: turnover and tax sum per operation; rows the KKM never taxed must be zero. */
    private static void compareTaxes(ZXReport z, ShiftTally tally, List<String> diffs) {
        Map<Long, long[]> expected = tally.taxes();
        Map<Long, long[]> actual = new TreeMap<>();
        for (ZXReport.Tax tax : z.getTaxesList()) {
            long[] row = actual.computeIfAbsent(ShiftTally.taxKey(tax.getTaxType(), tax.getPercent()),
                k -> new long[ShiftTally.OPERATIONS * 2]);
            for (ZXReport.Tax.TaxOperation o : tax.getOperationsList()) {
                row[o.getOperation().getNumber() * 2] += MoneyCodec.toTiyn(o.getTurnover());
                row[o.getOperation().getNumber() * 2 + 1] += MoneyCodec.toTiyn(o.getSum());
            }
        }
        Set<Long> keys = new TreeSet<>(expected.keySet());
        keys.addAll(actual.keySet());
        long[] zero = new long[ShiftTally.OPERATIONS * 2];
        for (long key : keys) {
            long[] e = expected.getOrDefault(key, zero);
            long[] a = actual.getOrDefault(key, zero);
            String rate = "tax " + (key >>> 32) + "/" + (key & 0xFFFF_FFFFL);
            for (OperationTypeEnum op : OPERATIONS) {
                int i = op.getNumber() * 2;
                expect(diffs, rate + " " + op.name() + " turnover", a[i], e[i]);
                expect(diffs, rate + " " + op.name() + " sum", a[i + 1], e[i + 1]);
            }
        }
    }

    private static void expect(List<String> diffs, String field, long actual, long expected) {
        if (actual != expected) {
            diffs.add(field + " " + actual + ", expected " + expected);
        }
    }
}
