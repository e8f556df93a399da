package kz.ofd.simulator.conformance;

import kz.ofd.protocol.codec.MoneyCodec;
import kz.ofd.protocol.proto.MoneyPlacementEnum;
import kz.ofd.protocol.proto.OperationTypeEnum;
import kz.ofd.protocol.proto.Request;
import kz.ofd.protocol.proto.ReportTypeEnum;
import kz.ofd.protocol.proto.ResultTypeEnum;
import kz.ofd.protocol.proto.ZXReport;
import kz.ofd.protocol.validate.IinBin;
import kz.ofd.simulator.provision.Bin;

import java.time.LocalDateTime;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Rules of the fiscal layer: field and state rules of documents, blocking, returns, offline re-sends, reports.
 */
final class FiscalRules {

    static final int SHIFT_TIMEOUT = ResultTypeEnum.RESULT_TYPE_OPEN_SHIFT_TIMEOUT_EXPIRED_VALUE;
    static final int INCORRECT = ResultTypeEnum.RESULT_TYPE_INCORRECT_REQUEST_DATA_VALUE;
    static final int NOT_ENOUGH_CASH = ResultTypeEnum.RESULT_TYPE_NOT_ENOUGH_CASH_VALUE;
    static final int BLOCKED = ResultTypeEnum.RESULT_TYPE_BLOCKED_VALUE;
    static final int SAME_TAXPAYER = ResultTypeEnum.RESULT_TYPE_SAME_TAXPAYER_AND_CUSTOMER_VALUE;
    static final String BLOCK_REASON = "ofd conformance: blocked by the operator for a check";

    private FiscalRules() {
    }

    static List<Rule> rules() {
        return List.of(
            new Rule("ticket-fields", "a TICKET with a missing or inconsistent field (no items, total not the sum of the "
                + "items, coins above 99, an IIN with a wrong check digit) is answered 13 and changes nothing", 1, false,
                FiscalRules::ticketFields),
            new Rule("shift-number", "a document naming a shift other than the one open on the OFD is answered 13",
                1, false, FiscalRules::shiftNumber),
            new Rule("shift-timeout", "online TICKET and MONEY_PLACEMENT more than 24 h after the shift's first document "
                + "are answered 11; offline documents and CLOSE_SHIFT are accepted", 1, false, FiscalRules::shiftTimeout),
            new Rule("same-taxpayer", "a TICKET whose buyer IIN/BIN is the seller's own is answered 17", 1, false,
                FiscalRules::sameTaxpayer),
            new Rule("not-enough-cash", "a withdrawal or a cash payment out of the drawer larger than the cash in it is "
                + "answered 14", 1, false, FiscalRules::notEnoughCash),
            new Rule("blocked", "a KKM blocked by the operator is answered 15 with the reason (SYSTEM included) until "
                + "unblocked", 1, true, FiscalRules::blocked),
            new Rule("returns", "a return of this OFD's ticket naming another total, more than is left, or the wrong "
                + "operation is answered 13; a valid one is accepted", 1, false, FiscalRules::returns),
            new Rule("offline-resend", "an offline TICKET sent again gets its original answer (same fiscal sign) and "
                + "is counted once", 1, false, FiscalRules::offlineResend),
            new Rule("reports", "X report and CLOSE_SHIFT's Z report carry exactly the counts and sums sent; the next "
                + "document opens the next shift", 1, false, FiscalRules::reports));
    }

    private static void ticketFields(Probe p) throws Exception {
        Kkm k = p.kkm();
        Request.Builder noItems = Docs.sell(10_000).toBuilder();
        noItems.getTicketBuilder().clearItems();
        refusedNaming(p, k, "TICKET without items", noItems.buildPartial(), "items");
        Request.Builder wrongTotal = Docs.sell(10_000).toBuilder();
        wrongTotal.getTicketBuilder().getAmountsBuilder().setTotal(Docs.money(10_100));
        refusedNaming(p, k, "TICKET whose total is not the sum of its items", wrongTotal.build(), "total");
        Request.Builder coins = Docs.sell(10_000).toBuilder();
        coins.getTicketBuilder().getItemsBuilder(0).getCommodityBuilder().getSumBuilder().setCoins(150);
        refusedNaming(p, k, "TICKET with an item sum of 150 coins", coins.build(), "sum");
        String bin = Bin.generate(new SplittableRandom(7));
        String badIin = bin.substring(0, 11) + (char) ('0' + (bin.charAt(11) - '0' + 1) % 10);
        Request.Builder iin = Docs.sell(10_000).toBuilder();
        iin.getTicketBuilder().getExtensionOptionsBuilder().setCustomerIinOrBin(badIin);
        refusedNaming(p, k, "TICKET with buyer IIN " + badIin + " (wrong check digit)", iin.build(), "customer_iin_or_bin");
        k.ok("the valid TICKET with the same, unrotated token", Docs.sell(10_000));
    }

    private static void refusedNaming(Probe p, Kkm k, String what, Request request, String field) throws Exception {
        Answer a = k.refused(what, INCORRECT, request);
        String text = a.response().getResult().getResultText();
        p.check(what + ": result_text", "a text naming " + field, "\"" + text + "\"", text.contains(field));
    }

    private static void shiftNumber(Probe p) throws Exception {
        Kkm k = p.kkm();
        k.ok("TICKET (opens a shift)", Docs.sell(10_000));
        int shift = k.x().getShiftNumber();
        Request.Builder wrong = Docs.sell(10_000).toBuilder();
        wrong.getTicketBuilder().setFrShiftNumber(shift + 5);
        k.refused("TICKET with fr_shift_number " + (shift + 5) + " (open: " + shift + ")", INCORRECT, wrong.build());
        Request.Builder wrongPlacement = Docs.placement(true, 10_000).toBuilder();
        wrongPlacement.getMoneyPlacementBuilder().setFrShiftNumber(shift + 5);
        k.refused("MONEY_PLACEMENT with fr_shift_number " + (shift + 5), INCORRECT, wrongPlacement.build());
        Request.Builder right = Docs.sell(10_000).toBuilder();
        right.getTicketBuilder().setFrShiftNumber(shift);
        k.ok("TICKET with fr_shift_number " + shift, right.build());
    }

    private static void shiftTimeout(Probe p) throws Exception {
        Kkm k = p.kkm();
        LocalDateTime opened = LocalDateTime.now(Docs.KKM_ZONE).minusHours(25);
        k.ok("TICKET dated 25 h ago (opens the shift)", Docs.ticket(OperationTypeEnum.OPERATION_SELL, 10_000, true,
            Docs.dateTime(opened)));
        k.refused("TICKET now, 25 h after the shift opened", SHIFT_TIMEOUT, Docs.sell(10_000));
        k.refused("MONEY_PLACEMENT now", SHIFT_TIMEOUT, Docs.placement(true, 10_000));
        Request.Builder offline = Docs.sell(10_000).toBuilder();
        offline.getTicketBuilder().setOfflineTicketNumber(1 + (int) (System.nanoTime() & 0xFFFFFF));
        k.ok("an offline TICKET (never refused for the time limit)", offline.build());
        k.ok("CLOSE_SHIFT", Docs.closeShift());
        k.ok("TICKET now (opens the next shift)", Docs.sell(10_000));
    }

    private static void sameTaxpayer(Probe p) throws Exception {
        Kkm k = p.kkm();
        String bin = k.regInfo().getOrg().getInn();
        p.check("seller's BIN in reg_info.org.inn", "a valid 12-digit IIN/BIN", bin, IinBin.isValid(bin));
        Request.Builder same = Docs.sell(10_000).toBuilder();
        same.getTicketBuilder().getExtensionOptionsBuilder().setCustomerIinOrBin(bin);
        k.refused("TICKET whose buyer is the seller " + bin, SAME_TAXPAYER, same.build());
        String other = Bin.generate(new SplittableRandom(bin.hashCode()));
        if (other.equals(bin)) {
            other = Bin.generate(new SplittableRandom(bin.hashCode() + 1L));
        }
        Request.Builder buyer = Docs.sell(10_000).toBuilder();
        buyer.getTicketBuilder().getExtensionOptionsBuilder().setCustomerIinOrBin(other);
        k.ok("TICKET whose buyer is " + other, buyer.build());
    }

    private static void notEnoughCash(Probe p) throws Exception {
        Kkm k = p.kkm();
        long cash = MoneyCodec.toTiyn(k.x().getCashSum());
        k.refused("withdrawal of the drawer (" + MoneyCodec.format(cash) + ") + 100.00", NOT_ENOUGH_CASH,
            Docs.placement(false, cash + 10_000));
        k.ok("deposit of 500.00", Docs.placement(true, 50_000));
        cash += 50_000;
        k.refused("withdrawal of the drawer + 0.01", NOT_ENOUGH_CASH, Docs.placement(false, cash + 1));
        Request buy = Docs.ticket(OperationTypeEnum.OPERATION_BUY, cash + 100, true, Docs.now());
        k.refused("cash BUY of the drawer + 1.00", NOT_ENOUGH_CASH, buy);
        k.ok("withdrawal of 200.00", Docs.placement(false, 20_000));
        p.expectEqual("cash_sum of the X report, tiyn", cash - 20_000, MoneyCodec.toTiyn(k.x().getCashSum()));
    }

    private static void blocked(Probe p) throws Exception {
        ManagementPort manage = p.manage();
        Kkm k = p.kkm();
        manage.block(k.id(), BLOCK_REASON);
        try {
            Answer system = k.refused("SYSTEM while blocked", BLOCKED, Docs.system(false));
            String text = system.response().getResult().getResultText();
            p.check("result_text of the 15", "the operator's reason", "\"" + text + "\"", text.contains(BLOCK_REASON));
            k.refused("TICKET while blocked", BLOCKED, Docs.sell(10_000));
        } finally {
            manage.unblock(k.id());
        }
        k.ok("SYSTEM after unblocking", Docs.system(false));
        k.ok("TICKET after unblocking", Docs.sell(10_000));
    }

    private static void returns(Probe p) throws Exception {
        Kkm k = p.kkm();
        String rnm = k.regInfo().getKkm().getFnsKkmId();
        String sale = k.ok("SELL of 200.00", Docs.sell(20_000)).response().getTicket().getTicketNumber();
        OperationTypeEnum sellReturn = OperationTypeEnum.OPERATION_SELL_RETURN;
        k.refused("SELL_RETURN naming total 100.00 for a 200.00 sale", INCORRECT,
            Docs.returnOf(sellReturn, 5_000, sale, rnm, 10_000));
        k.refused("BUY_RETURN of a SELL", INCORRECT,
            Docs.returnOf(OperationTypeEnum.OPERATION_BUY_RETURN, 5_000, sale, rnm, 20_000));
        String ret = k.ok("SELL_RETURN of 150.00", Docs.returnOf(sellReturn, 15_000, sale, rnm, 20_000))
            .response().getTicket().getTicketNumber();
        k.refused("SELL_RETURN of 100.00 more (50.00 left)", INCORRECT, Docs.returnOf(sellReturn, 10_000, sale, rnm, 20_000));
        k.refused("SELL_RETURN of the return " + ret, INCORRECT, Docs.returnOf(sellReturn, 1_000, ret, rnm, 15_000));
        k.ok("SELL_RETURN of the 50.00 left", Docs.returnOf(sellReturn, 5_000, sale, rnm, 20_000));
    }

    private static void offlineResend(Probe p) throws Exception {
        Kkm k = p.kkm();
        Request.Builder offline = Docs.sell(25_000).toBuilder();
        offline.getTicketBuilder().setOfflineTicketNumber(1 + (int) (System.nanoTime() & 0xFFFFFF));
        Answer first = k.ok("offline TICKET", offline.build());
        long token = first.token();
        Answer again = k.send("the same offline TICKET in a new request", offline.build());
        p.expectCode("the same offline TICKET in a new request", 0, again);
        p.expectEqual("fiscal sign of the re-sent offline TICKET", first.response().getTicket().getTicketNumber(),
            again.response().getTicket().getTicketNumber());
        p.check("body of the answer to the re-send", "identical to the original answer",
            again.sameBody(first) ? "identical" : "different bytes", again.sameBody(first));
        p.expectEqual("token after the re-send (not rotated again)", token, again.token());
        ZXReport x = k.x();
        expectTickets(p, x, OperationTypeEnum.OPERATION_SELL, 1, 25_000);
        ZXReport.TicketOperation sell = row(x, OperationTypeEnum.OPERATION_SELL);
        p.expectEqual("X report SELL offline_count", 1, sell == null ? 0 : sell.getOfflineCount());
    }

    private static void reports(Probe p) throws Exception {
        Kkm k = p.kkm();
        long cash0 = MoneyCodec.toTiyn(k.x().getCashSum());
        k.ok("deposit of 3000.00", Docs.placement(true, 300_000));
        k.ok("cash SELL of 1234.56", Docs.sell(123_456));
        k.ok("card SELL of 789.00", Docs.ticket(OperationTypeEnum.OPERATION_SELL, 78_900, false, Docs.now()));
        k.ok("card BUY of 250.00", Docs.ticket(OperationTypeEnum.OPERATION_BUY, 25_000, false, Docs.now()));
        k.ok("withdrawal of 500.00", Docs.placement(false, 50_000));
        ZXReport x = k.x();
        long shift = x.getShiftNumber();
        expectFigures(p, "X", x, cash0);
        Answer close = k.ok("CLOSE_SHIFT", Docs.closeShift());
        boolean hasZ = close.response().hasReport() && close.response().getReport().hasZxReport();
        p.check("CLOSE_SHIFT answer carries report.zx_report", "present", hasZ ? "present" : "absent", hasZ);
        ZXReport z = close.response().getReport().getZxReport();
        p.expectEqual("Z report shift_number", shift, (long) z.getShiftNumber());
        expectFigures(p, "Z", z, cash0);
        Answer lastZ = k.ok("REPORT Z", Docs.report(ReportTypeEnum.REPORT_Z));
        p.expectEqual("REPORT Z shift_number (the closed shift)", shift,
            (long) lastZ.response().getReport().getZxReport().getShiftNumber());
        k.ok("cash SELL of 10.00 (opens the next shift)", Docs.sell(1_000));
        ZXReport next = k.x();
        p.expectEqual("X report shift_number of the next shift", shift + 1, (long) next.getShiftNumber());
        expectTickets(p, next, OperationTypeEnum.OPERATION_SELL, 1, 1_000);
    }

    private static void expectFigures(Probe p, String kind, ZXReport r, long cash0) throws Mismatch {
        expectTickets(p, r, OperationTypeEnum.OPERATION_SELL, 2, 123_456 + 78_900);
        expectTickets(p, r, OperationTypeEnum.OPERATION_BUY, 1, 25_000);
        expectPlacements(p, r, MoneyPlacementEnum.MONEY_PLACEMENT_DEPOSIT, 1, 300_000);
        expectPlacements(p, r, MoneyPlacementEnum.MONEY_PLACEMENT_WITHDRAWAL, 1, 50_000);
        p.expectEqual(kind + " report cash_sum, tiyn", cash0 + 300_000 + 123_456 - 50_000, MoneyCodec.toTiyn(r.getCashSum()));
        long revenue = MoneyCodec.toTiyn(r.getRevenue().getSum()) * (r.getRevenue().getIsNegative() ? -1 : 1);
        p.expectEqual(kind + " report revenue, tiyn", 123_456L + 78_900 - 25_000, revenue);
    }

    /** The report's row for {@code op} must show {@code count} tickets for {@code sum} tiyn. */
    static void expectTickets(Probe p, ZXReport r, OperationTypeEnum op, long count, long sum) throws Mismatch {
        ZXReport.TicketOperation row = row(r, op);
        String actual = row == null ? "no row" : row.getTicketsCount() + " for " + MoneyCodec.format(MoneyCodec.toTiyn(
            row.getTicketsSum()));
        p.expectEqual("report ticket_operations " + op.name().substring("OPERATION_".length()) + " (count for sum)",
            count + " for " + MoneyCodec.format(sum), actual);
    }

    private static void expectPlacements(Probe p, ZXReport r, MoneyPlacementEnum op, long count, long sum) throws Mismatch {
        String actual = "no row";
        for (ZXReport.MoneyPlacement row : r.getMoneyPlacementsList()) {
            if (row.getOperation() == op) {
                actual = row.getOperationsCount() + " for " + MoneyCodec.format(MoneyCodec.toTiyn(row.getOperationsSum()));
            }
        }
        p.expectEqual("report money_placements " + op.name().substring("MONEY_PLACEMENT_".length()) + " (count for sum)",
            count + " for " + MoneyCodec.format(sum), actual);
    }

    private static ZXReport.TicketOperation row(ZXReport r, OperationTypeEnum op) {
        for (ZXReport.TicketOperation row : r.getTicketOperationsList()) {
            if (row.getOperation() == op) {
                return row;
            }
        }
        return null;
    }
}
