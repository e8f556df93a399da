package kz.ofd.simulator.kkm;

import com.google.protobuf.ByteString;
import kz.ofd.protocol.codec.MoneyCodec;
import kz.ofd.protocol.frame.FrameHeader;
import kz.ofd.protocol.frame.KkmFrame;
import kz.ofd.protocol.proto.CommandTypeEnum;
import kz.ofd.protocol.proto.MoneyPlacementEnum;
import kz.ofd.protocol.proto.OperationTypeEnum;
import kz.ofd.protocol.proto.ReportResponse;
import kz.ofd.protocol.proto.ReportTypeEnum;
import kz.ofd.protocol.proto.Request;
import kz.ofd.protocol.proto.Response;
import kz.ofd.protocol.proto.Result;
import kz.ofd.protocol.proto.TicketRequest;
import kz.ofd.protocol.proto.TicketResponse;
import kz.ofd.protocol.proto.ZXReport;
import kz.ofd.simulator.SimulatorOptions.Mix;
import kz.ofd.simulator.provision.KkmCredentials;
import kz.ofd.simulator.stats.ErrorKinds;
import kz.ofd.simulator.stats.RunStats;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VirtualKkmTest {

    private static final long ID = 200956;
    private static final long TOKEN = 2_376_246_852L;

    private final RunStats stats = new RunStats();
    private long nextSign = 9_000_000_000L;

    private static VirtualKkm kkm(Mix mix) {
        return new VirtualKkm(new KkmCredentials(ID, TOKEN), 203, mix, 50, new SplittableRandom(1));
    }

    private static KkmFrame answer(PendingRequest sent, long token, Response.Builder response) {
        byte[] body = response.build().toByteArray();
        return new KkmFrame(sent.frame().header().answer(body.length, token), body);
    }

    private static Response.Builder ok(CommandTypeEnum command) {
        return Response.newBuilder().setCommand(command).setResult(Result.newBuilder().setResultCode(0));
    }

    private Response.Builder ticketOk() {
        String sign = Long.toString(nextSign++);
        return ok(CommandTypeEnum.COMMAND_TICKET).setTicket(TicketResponse.newBuilder().setTicketNumber(sign)
            .setQrCode(ByteString.copyFrom("http://consumer.test?i=" + sign, StandardCharsets.UTF_8)));
    }

    /** The report a correct server sends for the KKM's shift view (cash skewed by {@code cashSkew}). */
    static Response.Builder xReport(ShiftTally t, long cashSkew) {
        long revenue = t.revenue();
        ZXReport.Builder z = ZXReport.newBuilder()
            .setDateTime(Wire.dateTime(LocalDateTime.of(2026, 1, 2, 3, 4, 5)))
            .setShiftNumber(1)
            .setCashSum(MoneyCodec.fromTiyn(t.cash() + cashSkew))
            .setRevenue(ZXReport.Revenue.newBuilder().setSum(MoneyCodec.fromTiyn(Math.abs(revenue))).setIsNegative(revenue < 0));
        for (OperationTypeEnum op : OperationTypeEnum.values()) {
            z.addTicketOperations(ZXReport.TicketOperation.newBuilder().setOperation(op)
                .setTicketsTotalCount((int) t.ticketCount(op)).setTicketsCount((int) t.ticketCount(op))
                .setTicketsSum(MoneyCodec.fromTiyn(t.ticketSum(op))).setOfflineCount((int) t.offlineCount(op)));
        }
        for (MoneyPlacementEnum kind : MoneyPlacementEnum.values()) {
            z.addMoneyPlacements(ZXReport.MoneyPlacement.newBuilder().setOperation(kind)
                .setOperationsTotalCount((int) t.placementCount(kind)).setOperationsCount((int) t.placementCount(kind))
                .setOperationsSum(MoneyCodec.fromTiyn(t.placementSum(kind)))
                .setOfflineCount((int) t.placementOffline(kind)));
        }
        t.taxes().forEach((key, row) -> {
            ZXReport.Tax.Builder tax = ZXReport.Tax.newBuilder().setTaxType((int) (key >>> 32)).setPercent((int) (long) key);
            for (OperationTypeEnum op : OperationTypeEnum.values()) {
                int i = op.getNumber();
                tax.addOperations(ZXReport.Tax.TaxOperation.newBuilder().setOperation(op)
                    .setTurnover(MoneyCodec.fromTiyn(row[i * 2])).setSum(MoneyCodec.fromTiyn(row[i * 2 + 1]))
                    .setTurnoverWithoutTax(MoneyCodec.fromTiyn(row[i * 2] - row[i * 2 + 1])));
            }
            z.addTaxes(tax);
        });
        return ok(CommandTypeEnum.COMMAND_REPORT).setReport(ReportResponse.newBuilder().setReport(ReportTypeEnum.REPORT_X)
            .setZxReport(z));
    }

    private static Response.Builder zReport(ShiftTally t) {
        Response.Builder z = xReport(t, 0).setCommand(CommandTypeEnum.COMMAND_CLOSE_SHIFT);
        z.getReportBuilder().setReport(ReportTypeEnum.REPORT_Z);
        return z;
    }

    /** Accepts documents until the KKM asks for an X report, which is returned unanswered. */
    private PendingRequest untilReport(VirtualKkm kkm) {
        while (true) {
            PendingRequest p = kkm.next();
            switch (p.command()) {
                case COMMAND_REPORT -> {
                    return p;
                }
                case COMMAND_TICKET -> kkm.onAnswer(p, answer(p, kkm.token() + 1, ticketOk()), stats);
                case COMMAND_CLOSE_SHIFT -> kkm.onAnswer(p, answer(p, kkm.token() + 1, zReport(kkm.tally())), stats);
                default -> kkm.onAnswer(p, answer(p, kkm.token() + 1, ok(p.command())), stats);
            }
        }
    }

    @Test
    void shouldSendTheCurrentTokenAndCountRequestNumbersWrappingTo1() throws Exception {
        VirtualKkm kkm = kkm(Mix.TICKETS_ONLY);
        PendingRequest first = kkm.next();
        FrameHeader h = first.frame().header();
        assertEquals(FrameHeader.APP_CODE, h.appCode());
        assertEquals(203, h.version());
        assertEquals(ID, h.kkmId());
        assertEquals(TOKEN, h.token());
        assertEquals(1, h.requestNumber());
        Request request = Request.parseFrom(first.frame().body());
        assertEquals(CommandTypeEnum.COMMAND_TICKET, request.getCommand());
        assertTrue(request.hasService());
        assertEquals("Кассир", request.getTicket().getOperator().getName());
        for (int n = 2; n <= FrameHeader.MAX_U16; n++) {
            kkm.next();
        }
        assertEquals(FrameHeader.MAX_U16, kkm.requestNumber());
        assertEquals(1, kkm.next().frame().header().requestNumber());
    }

    @Test
    void shouldTakeTheNewTokenAndBookTheTicketOnlyWhenAccepted() {
        VirtualKkm kkm = kkm(Mix.TICKETS_ONLY);
        PendingRequest refused = kkm.next();
        kkm.onAnswer(refused, answer(refused, 5, ok(CommandTypeEnum.COMMAND_TICKET)
            .setResult(Result.newBuilder().setResultCode(2))), stats);
        assertEquals(TOKEN, kkm.token());
        assertEquals(0, kkm.tally().ticketsInShift());
        assertEquals(Map.of(ErrorKinds.RESULT_NOT_OK, 1L), stats.errorsByKind());

        PendingRequest accepted = kkm.next();
        kkm.onAnswer(accepted, answer(accepted, 777, ticketOk()), stats);
        assertEquals(777, kkm.token());
        assertEquals(1, kkm.tally().ticketsInShift());
        assertEquals(accepted.sumTiyn(), kkm.tally().ticketSum(accepted.operation()));
        assertEquals(777, kkm.next().frame().header().token());
        assertEquals(1, stats.errorsTotal());
    }

    @Test
    void shouldFlagAnUnrotatedTokenDuplicateSignAndBadQr() {
        VirtualKkm kkm = kkm(Mix.TICKETS_ONLY);
        PendingRequest p = kkm.next();
        kkm.onAnswer(p, answer(p, TOKEN, ok(CommandTypeEnum.COMMAND_TICKET)
            .setTicket(TicketResponse.newBuilder().setTicketNumber("42"))), stats);
        PendingRequest q = kkm.next();
        kkm.onAnswer(q, answer(q, 99, ok(CommandTypeEnum.COMMAND_TICKET)
            .setTicket(TicketResponse.newBuilder().setTicketNumber("42").setQrCode(ByteString.copyFromUtf8("https://x")))), stats);
        PendingRequest r = kkm.next();
        kkm.onAnswer(r, answer(r, 100, ok(CommandTypeEnum.COMMAND_TICKET)
            .setTicket(TicketResponse.newBuilder().setTicketNumber("12a").setQrCode(ByteString.copyFromUtf8("http://x")))), stats);
        assertEquals(Map.of(ErrorKinds.TOKEN_NOT_ROTATED, 1L, ErrorKinds.BAD_QR, 1L, ErrorKinds.DUPLICATE_FISCAL_SIGN, 1L,
            ErrorKinds.BAD_FISCAL_SIGN, 1L), stats.errorsByKind());
        assertEquals(1, stats.fiscalSigns());
    }

    @Test
    void shouldRejectAnswersWithWrongHeaderOrMissingRequiredFields() {
        VirtualKkm kkm = kkm(Mix.TICKETS_ONLY);
        PendingRequest p = kkm.next();
        byte[] body = ticketOk().build().toByteArray();
        FrameHeader h = p.frame().header();
        kkm.onAnswer(p, new KkmFrame(new FrameHeader(h.appCode(), 204, h.size(), h.kkmId(), 5, h.requestNumber() + 1)
            .answer(body.length, 5), body), stats);
        PendingRequest q = kkm.next();
        byte[] noResult = Response.newBuilder().setCommand(CommandTypeEnum.COMMAND_TICKET).buildPartial().toByteArray();
        kkm.onAnswer(q, new KkmFrame(q.frame().header().answer(noResult.length, 6), noResult), stats);
        assertEquals(Map.of(ErrorKinds.HEADER_MISMATCH, 1L, ErrorKinds.UNPARSABLE, 1L), stats.errorsByKind());
    }

    @Test
    void shouldCompareReportsWithItsOwnShiftViewAndKeepItsToken() {
        VirtualKkm kkm = kkm(Mix.BASIC);
        PendingRequest report = untilReport(kkm);
        assertTrue(kkm.tally().ticketsInShift() > 0);
        assertEquals(0, stats.errorsTotal(), stats.errorSamples().toString());
        long token = kkm.token();
        kkm.onAnswer(report, answer(report, token, xReport(kkm.tally(), 0)), stats);
        assertEquals(0, stats.errorsTotal(), stats.errorSamples().toString());

        PendingRequest again = untilReport(kkm);
        kkm.onAnswer(again, answer(again, kkm.token() + 1, xReport(kkm.tally(), 100)), stats);
        assertEquals(Map.of(ErrorKinds.REPORT_MISMATCH, 1L, ErrorKinds.TOKEN_CHANGED, 1L), stats.errorsByKind());
        assertTrue(stats.errorSamples().stream().anyMatch(e -> e.contains("cash_sum")), stats.errorSamples().toString());
        assertEquals(again.frame().header().token(), kkm.token(), "the KKM must ignore a token changed by a report");
    }

    @Test
    void shouldCloseTheShiftAfterTheConfiguredNumberOfTicketsAndKeepTheDrawer() {
        VirtualKkm kkm = new VirtualKkm(new KkmCredentials(ID, TOKEN), 203, Mix.BASIC, 3, new SplittableRandom(5));
        PendingRequest p;
        int tickets = 0;
        while ((p = kkm.next()).command() != CommandTypeEnum.COMMAND_CLOSE_SHIFT) {
            Response.Builder r = p.command() == CommandTypeEnum.COMMAND_TICKET ? ticketOk() : ok(p.command());
            if (p.command() == CommandTypeEnum.COMMAND_REPORT) {
                r = xReport(kkm.tally(), 0);
            }
            kkm.onAnswer(p, answer(p, kkm.token() + (p.isDocument() ? 1 : 0), r), stats);
            tickets += p.command() == CommandTypeEnum.COMMAND_TICKET ? 1 : 0;
        }
        assertEquals(3, tickets);
        long cash = kkm.tally().cash();
        kkm.onAnswer(p, answer(p, kkm.token() + 1, zReport(kkm.tally())), stats);
        assertEquals(0, stats.errorsTotal(), stats.errorSamples().toString());
        assertEquals(0, kkm.tally().ticketsInShift());
        assertEquals(0, kkm.tally().ticketCount(OperationTypeEnum.OPERATION_SELL));
        assertEquals(cash, kkm.tally().cash());
    }

    /** What a correct server answers to one request of the full mix (re-sends get the answer due to them). */
    private KkmFrame correctAnswer(VirtualKkm kkm, PendingRequest p, String rnm) {
        if (p.kind() != PendingRequest.Kind.NEW) {
            return new KkmFrame(p.frame().header().answer(p.expectedBody().length, kkm.token()), p.expectedBody());
        }
        long next = kkm.token() + (p.isDocument() ? 1 : 0);
        Response.Builder r = switch (p.command()) {
            case COMMAND_TICKET -> {
                String sign = Long.toString(nextSign++);
                yield ok(CommandTypeEnum.COMMAND_TICKET).setTicket(TicketResponse.newBuilder().setTicketNumber(sign)
                    .setQrCode(ByteString.copyFromUtf8("http://consumer.test?i=" + sign + "&f=" + rnm + "&s=1")));
            }
            case COMMAND_REPORT -> xReport(kkm.tally(), 0);
            case COMMAND_CLOSE_SHIFT -> zReport(kkm.tally());
            default -> ok(p.command());
        };
        return answer(p, next, r);
    }

    private record Issued(OperationTypeEnum operation, long total) {
    }

    @Test
    void shouldSendTheWholeFullMixWithReturnsOfItsOwnEarlierTicketsOnly() throws Exception {
        String rnm = "620399999999";
        VirtualKkm kkm = new VirtualKkm(new KkmCredentials(ID, TOKEN), 203, Mix.FULL, 10, new SplittableRandom(9));
        Map<String, Issued> issued = new java.util.HashMap<>();
        Map<String, Long> returned = new java.util.HashMap<>();
        Map<String, Long> seen = new java.util.TreeMap<>();
        int reconnects = 0;
        for (int n = 0; n < 4000; n++) {
            PendingRequest p = kkm.next();
            seen.merge(p.commandName(), 1L, Long::sum);
            reconnects += p.reconnect() ? 1 : 0;
            KkmFrame answer = correctAnswer(kkm, p, rnm);
            if (p.kind() == PendingRequest.Kind.NEW && p.command() == CommandTypeEnum.COMMAND_TICKET) {
                TicketRequest t = p.request().getTicket();
                seen.merge(t.getOperation().name() + (t.hasOfflineTicketNumber() ? " offline" : ""), 1L, Long::sum);
                long total = MoneyCodec.toTiyn(t.getAmounts().getTotal());
                if (t.hasParentTicket()) {
                    TicketRequest.ParentTicket parent = t.getParentTicket();
                    Issued original = issued.get(parent.getParentTicketNumber());
                    assertTrue(original != null, "a return names a ticket this KKM got a sign for: " + parent);
                    assertEquals(t.getOperation() == OperationTypeEnum.OPERATION_SELL_RETURN
                        ? OperationTypeEnum.OPERATION_SELL : OperationTypeEnum.OPERATION_BUY, original.operation());
                    assertEquals(original.total(), MoneyCodec.toTiyn(parent.getParentTicketTotal()));
                    assertEquals(rnm, parent.getKgdKkmId(), "the RNM learnt from the QR code");
                    long sum = returned.merge(parent.getParentTicketNumber(), total, Long::sum);
                    assertTrue(sum <= original.total(), "never more returned than the parent's total");
                } else {
                    String sign = Response.parseFrom(answer.body()).getTicket().getTicketNumber();
                    issued.put(sign, new Issued(t.getOperation(), total));
                }
            }
            if (p.command() == CommandTypeEnum.COMMAND_MONEY_PLACEMENT && p.kind() == PendingRequest.Kind.NEW) {
                seen.merge(p.request().getMoneyPlacement().getOperation().name(), 1L, Long::sum);
            }
            kkm.onAnswer(p, answer, stats);
        }
        assertEquals(0, stats.errorsTotal(), stats.errorSamples().toString());
        for (String kind : new String[] {"OPERATION_SELL", "OPERATION_BUY", "OPERATION_SELL_RETURN",
            "OPERATION_BUY_RETURN", "OPERATION_SELL offline", "MONEY_PLACEMENT_DEPOSIT", "MONEY_PLACEMENT_WITHDRAWAL",
            "REPORT", "CLOSE_SHIFT", "RETRY_TICKET", "OFFLINE_RESEND_TICKET"}) {
            assertTrue(seen.getOrDefault(kind, 0L) > 0, kind + " never sent: " + seen);
        }
        assertTrue(reconnects > 0, "no reconnect asked for");
        assertTrue(returned.size() > 10, "returns of several tickets: " + returned.size());
        assertTrue(returned.entrySet().stream().anyMatch(e -> e.getValue() == issued.get(e.getKey()).total()),
            "some ticket returned in full");
    }

    @Test
    void shouldSendTheSameDocumentsForTheSameSeed() {
        java.util.List<String> first = new java.util.ArrayList<>();
        java.util.List<String> second = new java.util.ArrayList<>();
        for (java.util.List<String> out : java.util.List.of(first, second)) {
            nextSign = 9_000_000_000L;
            RunStats pass = new RunStats();
            VirtualKkm kkm = new VirtualKkm(new KkmCredentials(ID, TOKEN), 203, Mix.FULL, 10, new SplittableRandom(4));
            for (int n = 0; n < 500; n++) {
                PendingRequest p = kkm.next();
                out.add(p.commandName() + " " + p.operation() + " " + p.sumTiyn() + " " + p.frame().header().requestNumber()
                    + " " + p.reconnect());
                kkm.onAnswer(p, correctAnswer(kkm, p, "620300000001"), pass);
            }
            assertEquals(0, pass.errorsTotal(), pass.errorSamples().toString());
        }
        assertEquals(first, second);
    }

    @Test
    void shouldFlagARetryAnsweredWithAnotherAnswerOrTheWrongToken() {
        VirtualKkm kkm = new VirtualKkm(new KkmCredentials(ID, TOKEN), 203, Mix.FULL, 10, new SplittableRandom(9));
        int differs = 0;
        int checked = 0;
        for (int n = 0; n < 2000 && checked < 4; n++) {
            PendingRequest p = kkm.next();
            if (p.kind() == PendingRequest.Kind.NEW) {
                kkm.onAnswer(p, correctAnswer(kkm, p, "620300000001"), stats);
                continue;
            }
            // Alternately: a fresh answer instead of the stored one, and the stored one with a stale token.
            if (checked % 2 == 0) {
                byte[] other = ticketOk().build().toByteArray();
                kkm.onAnswer(p, new KkmFrame(p.frame().header().answer(other.length, kkm.token()), other), stats);
                differs++;
            } else {
                kkm.onAnswer(p, new KkmFrame(p.frame().header().answer(p.expectedBody().length, kkm.token() + 5),
                    p.expectedBody()), stats);
            }
            checked++;
        }
        assertEquals(4, checked);
        assertEquals(Map.of(ErrorKinds.REPLAY_DIFFERS, (long) differs, ErrorKinds.REPLAY_TOKEN, (long) (checked - differs)),
            stats.errorsByKind());
    }
}
