package kz.ofd.engine.logic;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.TextFormat;
import kz.ofd.engine.logic.PropertyLedger.Close;
import kz.ofd.engine.logic.PropertyLedger.Doc;
import kz.ofd.engine.logic.PropertyLedger.Line;
import kz.ofd.engine.logic.PropertyLedger.LineKind;
import kz.ofd.engine.logic.PropertyLedger.Pay;
import kz.ofd.engine.logic.PropertyLedger.Placement;
import kz.ofd.engine.logic.PropertyLedger.Sale;
import kz.ofd.protocol.codec.MoneyCodec;
import kz.ofd.protocol.codec.Violation;
import kz.ofd.protocol.frame.FrameHeader;
import kz.ofd.protocol.proto.CommandTypeEnum;
import kz.ofd.protocol.proto.DateTime;
import kz.ofd.protocol.proto.Money;
import kz.ofd.protocol.proto.MoneyPlacementEnum;
import kz.ofd.protocol.proto.OperationTypeEnum;
import kz.ofd.protocol.proto.Operator;
import kz.ofd.protocol.proto.PaymentTypeEnum;
import kz.ofd.protocol.proto.ReportTypeEnum;
import kz.ofd.protocol.proto.Request;
import kz.ofd.protocol.proto.Response;
import kz.ofd.protocol.proto.ServiceRequest;
import kz.ofd.protocol.proto.TicketRequest;
import kz.ofd.protocol.proto.ZXReport;
import kz.ofd.protocol.testing.Requests;
import kz.ofd.protocol.validate.RequestValidator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static kz.ofd.engine.logic.LogicFixture.at;
import static kz.ofd.engine.logic.PropertyLedger.OPERATIONS;
import static kz.ofd.engine.logic.PropertyLedger.direction;
import static kz.ofd.engine.logic.PropertyLedger.discount;
import static kz.ofd.engine.logic.PropertyLedger.goods;
import static kz.ofd.engine.logic.PropertyLedger.markup;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Property-based test of the report arithmetic (protocol-facts §6.4, §14.3–14.6): for each seed a KKM works 1–4
 * shifts of random but valid documents (tickets of all four operations with storno lines, item and ticket
 * modifiers, item or ticket VAT, cash / card / mixed payments, offline numbers; deposits and withdrawals; closes
 * with and without {@code withdraw_money}). Every document must be accepted; every X before a close, every Z a
 * CLOSE_SHIFT answers and REPORT Z are compared field by field with {@link PropertyLedger}, which recomputes the
 * report from the list of accepted documents; invariants across shifts are checked on the server's own Zs, and for
 * some seeds a journal replay must answer REPORT X / Z and INFO byte for byte like the live logic.
 *
 * <p>Every assertion message starts with {@code seed=<n>}; rerun one case with
 * {@code -Dofd.report.seed=<n>}.
 */
final class ShiftReportPropertyTest {

    private static final int CASES = 200;
    private static final long BASE_SEED = 0x0FD2_0250_307AL;
    private static final String SEED_PROPERTY = "ofd.report.seed";
    private static final int REPLAY_EVERY = 8;
    private static final int CASH = PaymentTypeEnum.PAYMENT_CASH_VALUE;
    private static final int BUY = OperationTypeEnum.OPERATION_BUY_VALUE;
    private static final int BUY_RETURN = OperationTypeEnum.OPERATION_BUY_RETURN_VALUE;
    private static final int SELL = OperationTypeEnum.OPERATION_SELL_VALUE;
    private static final int SELL_RETURN = OperationTypeEnum.OPERATION_SELL_RETURN_VALUE;
    private static final int DEPOSIT = MoneyPlacementEnum.MONEY_PLACEMENT_DEPOSIT_VALUE;
    private static final int WITHDRAWAL = MoneyPlacementEnum.MONEY_PLACEMENT_WITHDRAWAL_VALUE;
    private static final int SERVICE_REQUEST_NUMBER = 60_000;

    static Stream<Arguments> seeds() {
        String one = System.getProperty(SEED_PROPERTY);
        if (one != null && !one.isBlank()) {
            return Stream.of(Arguments.of(0, Long.parseLong(one.trim())));
        }
        SplittableRandom seeds = new SplittableRandom(BASE_SEED);
        long[] values = seeds.longs(CASES).toArray();
        return IntStream.range(0, CASES).mapToObj(i -> Arguments.of(i, values[i]));
    }

    @ParameterizedTest(name = "case {0}: seed={1}")
    @MethodSource("seeds")
    void reportsShouldMatchARecomputationFromTheAcceptedDocuments(int caseNumber, long seed) {
        new Run(seed, caseNumber % REPLAY_EVERY == 0).play();
    }

    /** A generated request and the document it becomes once accepted. */
    private record Generated(Request request, Doc doc) {
    }

    /** An accepted ticket a later return may name as its parent. */
    private record Issued(int operation, String sign, DateTime time, long total, boolean offline) {
    }

    /** One seed's KKM, its documents and the reports checked on the way. */
    private static final class Run {

        private final long seed;
        private final boolean replay;
        private final SplittableRandom rnd;
        private final LogicFixture fixture = new LogicFixture();
        private final long id;
        private final long firstToken;
        private final LogicFixture.Kkm kkm;
        private final PropertyLedger ledger = new PropertyLedger();
        private final List<ZXReport> zs = new ArrayList<>();
        private final List<Issued> issued = new ArrayList<>();
        /** Sum of accepted returns per own parent's fiscal sign: a return may not take more than is left. */
        private final Map<String, Long> returned = new HashMap<>();
        private int offlineNumber;
        private int shift;

        Run(long seed, boolean replay) {
            this.seed = seed;
            this.replay = replay;
            this.rnd = new SplittableRandom(seed);
            this.id = 1 + rnd.nextLong(FrameHeader.MAX_U32);
            this.firstToken = 1 + rnd.nextLong(FrameHeader.MAX_U32 - 1);
            this.kkm = fixture.register(id, firstToken);
            this.offlineNumber = rnd.nextInt(1_000_000);
        }

        private String ctx(String what) {
            return "seed=" + seed + " shift " + shift + " " + what;
        }

        void play() {
            int shifts = 1 + rnd.nextInt(4);
            for (shift = 1; shift <= shifts; shift++) {
                playShift(shift == shifts);
            }
            shift = shifts;
            ZXReport last = zs.get(zs.size() - 1);
            ZXReport reportZ = report(ReportTypeEnum.REPORT_Z, LogicFixture.DOCUMENT_TIME.plusDays(shifts),
                "REPORT Z at the end");
            compare(ctx("REPORT Z at the end"), ledger.expected(shifts, last.getCloseShiftTime(), last.getCloseShiftTime()),
                reportZ);
            assertEquals(last, reportZ, ctx("REPORT Z at the end") + ": must be the Z the last CLOSE_SHIFT answered");
            if (replay) {
                replay("after the last close");
            }
        }

        private void playShift(boolean lastShift) {
            LocalDateTime base = LogicFixture.DOCUMENT_TIME.plusDays(shift - 1L);
            if (shift > 1 && rnd.nextInt(3) == 0) {
                checkX("X before the first document", base);
            }
            int documents = 1 + rnd.nextInt(40);
            for (int d = 0; d < documents; d++) {
                LocalDateTime time = base.plusSeconds(37L * (d + 1));
                boolean placement = d == 0 ? rnd.nextBoolean() : rnd.nextInt(100) < 12;
                Generated g = placement ? placement(time, d == 0) : ticket(time);
                send(g, "document " + (d + 1) + "/" + documents);
                if (rnd.nextInt(25) == 0) {
                    checkX("X after document " + (d + 1), time);
                }
            }
            LocalDateTime closeTime = base.plusHours(12);
            checkX("X before close", closeTime.minusMinutes(1));
            if (lastShift && replay) {
                replay("before the last close");
            }
            close(closeTime);
        }

        /** Sends a generated document that must be valid and accepted, and records it. */
        private Response send(Generated g, String what) {
            Violation v = RequestValidator.validate(g.request());
            assertNull(v, () -> ctx(what) + ": the generator made a request the validator refuses: " + v.text()
                + " in " + oneLine(g.request()));
            if (g.doc() instanceof Sale s) {
                assertEquals(s.impliedTotal(), s.total(), ctx(what) + ": generator total");
            }
            Answer a = kkm.send(g.request());
            Response r = LogicFixture.strict(a);
            assertEquals(0, a.resultCode(), () -> ctx(what) + ": every generated document must be accepted, got "
                + a.resultCode() + " '" + r.getResult().getResultText() + "' for "
                + oneLine(g.request()));
            assertTrue(a.accepted(), ctx(what) + ": accepted");
            assertEquals(shift, a.shiftNumber(), ctx(what) + ": the document belongs to the open shift");
            ledger.add(g.doc());
            if (g.doc() instanceof Sale s) {
                issued.add(new Issued(s.operation(), r.getTicket().getTicketNumber(), s.time(), s.total(), s.offline()));
                String parent = g.request().getTicket().getParentTicket().getParentTicketNumber();
                if (issued.stream().anyMatch(i -> i.sign().equals(parent))) {
                    returned.merge(parent, s.total(), Long::sum);
                }
            }
            return r;
        }

        private ZXReport report(ReportTypeEnum type, LocalDateTime time, String what) {
            Answer a = kkm.send(LogicFixture.dated(Requests.report(type), time));
            Response r = LogicFixture.strict(a);
            assertEquals(0, a.resultCode(), () -> ctx(what) + ": REPORT answered " + r.getResult().getResultText());
            assertEquals(type, r.getReport().getReport(), ctx(what) + ": report type");
            return r.getReport().getZxReport();
        }

        private void checkX(String what, LocalDateTime time) {
            ZXReport x = report(ReportTypeEnum.REPORT_X, time, what);
            compare(ctx(what), ledger.expected(shift, at(time), null), x);
            for (int op : OPERATIONS) {
                long start = tiyn(byOperation(x.getStartShiftNonNullableSumsList(), r -> r.getOperation(), op).getSum());
                long now = tiyn(byOperation(x.getNonNullableSumsList(), r -> r.getOperation(), op).getSum());
                assertTrue(now >= start, ctx(what) + ": non_nullable_sums[" + name(op) + "] " + now
                    + " below start_shift_non_nullable_sums " + start);
                long previous = zs.isEmpty() ? 0
                    : tiyn(byOperation(zs.get(zs.size() - 1).getNonNullableSumsList(), r -> r.getOperation(), op).getSum());
                assertEquals(previous, start, ctx(what) + ": start_shift_non_nullable_sums[" + name(op)
                    + "] = non_nullable_sums of the previous Z");
            }
        }

        private void close(LocalDateTime closeTime) {
            boolean withdraw = rnd.nextBoolean();
            Request.Builder b = LogicFixture.dated(Requests.closeShift(withdraw), closeTime).toBuilder();
            if (rnd.nextInt(3) == 0) {
                b.getCloseShiftBuilder().setFrShiftNumber(shift);
            }
            String what = "CLOSE_SHIFT" + (withdraw ? " with withdraw_money" : "");
            Response r = send(new Generated(b.build(), new Close(shift, withdraw, at(closeTime))), what);
            assertEquals(ReportTypeEnum.REPORT_Z, r.getReport().getReport(), ctx(what) + ": answer is a Z");
            ZXReport z = r.getReport().getZxReport();
            compare(ctx("Z of " + what), ledger.expected(shift, at(closeTime), at(closeTime)), z);
            zs.add(z);
            invariants();
            ZXReport reportZ = report(ReportTypeEnum.REPORT_Z, closeTime.plusMinutes(1), "REPORT Z after close");
            assertEquals(z, reportZ, ctx("REPORT Z after close") + ": the Z of the last close");
        }

        /** Relations between the server's own Zs, independent of the recomputation. */
        private void invariants() {
            String c = ctx("invariants across shifts");
            int n = zs.size();
            ZXReport z = zs.get(n - 1);
            assertEquals(n, z.getShiftNumber(), c + ": shift numbers start at 1 and go up by one");
            long expectedCash = 0;
            for (ZXReport k : zs) {
                expectedCash += tiyn(byKind(k, DEPOSIT).getOperationsSum()) - tiyn(byKind(k, WITHDRAWAL).getOperationsSum());
                for (int op : OPERATIONS) {
                    expectedCash += direction(op) * byOperation(k.getTicketOperationsList(), r -> r.getOperation(), op)
                        .getPaymentsList().stream().filter(p -> p.getPayment().getNumber() == CASH)
                        .mapToLong(p -> tiyn(p.getSum())).sum();
                }
            }
            assertEquals(expectedCash, tiyn(z.getCashSum()),
                c + ": cash_sum = deposits - withdrawals + cash of tickets over all shifts");
            long revenue = 0;
            for (int op : OPERATIONS) {
                Function<ZXReport, ZXReport.TicketOperation> row =
                    k -> byOperation(k.getTicketOperationsList(), r -> r.getOperation(), op);
                String o = "[" + name(op) + "]";
                long start = tiyn(byOperation(z.getStartShiftNonNullableSumsList(), r -> r.getOperation(), op).getSum());
                long now = tiyn(byOperation(z.getNonNullableSumsList(), r -> r.getOperation(), op).getSum());
                long before = n == 1 ? 0
                    : tiyn(byOperation(zs.get(n - 2).getNonNullableSumsList(), r -> r.getOperation(), op).getSum());
                assertEquals(before, start, c + ": start_shift_non_nullable_sums" + o + " = previous Z's non_nullable_sums");
                assertTrue(now >= before, c + ": non_nullable_sums" + o + " decreased from " + before + " to " + now);
                assertEquals(now - start, tiyn(row.apply(z).getTicketsSum()),
                    c + ": non_nullable_sums - start" + o + " = tickets_sum of the shift");
                assertEquals(zs.stream().mapToLong(k -> row.apply(k).getTicketsCount()).sum(),
                    row.apply(z).getTicketsTotalCount(), c + ": tickets_total_count" + o + " is all-time");
                revenue += direction(op) * tiyn(row.apply(z).getTicketsSum());
            }
            assertEquals(revenue, signed(z.getRevenue()), c + ": revenue = tickets_sum in - tickets_sum out");
            for (int kind : new int[] {DEPOSIT, WITHDRAWAL}) {
                assertEquals(zs.stream().mapToLong(k -> byKind(k, kind).getOperationsCount()).sum(),
                    byKind(z, kind).getOperationsTotalCount(), c + ": money placements operations_total_count is all-time");
            }
        }

        /** Rebuilds a fresh logic from the journal and asks it what the live one is asked. */
        private void replay(String when) {
            String c = ctx("replay " + when);
            BusinessLogic fresh = LogicFixture.freshLogic();
            assertTrue(fresh.register(LogicFixture.registration(id, firstToken)), c + ": register");
            for (LogicFixture.Accepted d : fixture.accepted()) {
                fresh.replayDocument(d.header(), parse(d.request()), d.fiscalSign(), d.newToken(), d.answer());
            }
            assertEquals(kkm.token(), fresh.kkm(id).token(), c + ": same current token");
            byte[] liveState = StateSnapshot.write(fixture.logic());
            assertArrayEquals(liveState, StateSnapshot.write(fresh), c + ": replayed state = live state, field by field");
            BusinessLogic restored = LogicFixture.freshLogic();
            StateSnapshot.read(liveState, restored);
            assertArrayEquals(liveState, StateSnapshot.write(restored), c + ": a snapshot restores the state exactly");
            for (Request q : List.of(LogicFixture.report(ReportTypeEnum.REPORT_X),
                LogicFixture.report(ReportTypeEnum.REPORT_Z), Requests.info())) {
                Answer live = ask(fixture.logic(), q);
                Answer again = ask(fresh, q);
                assertEquals(0, live.resultCode(), c + ": " + q.getCommand() + " answered");
                assertArrayEquals(live.body(), again.body(), c + ": " + q.getCommand() + " "
                    + (q.hasReport() ? q.getReport().getReport() : "") + " answer bytes");
                assertArrayEquals(live.body(), ask(restored, q).body(), c + ": " + q.getCommand() + " from the snapshot");
            }
        }

        private Answer ask(BusinessLogic logic, Request request) {
            byte[] body = request.toByteArray();
            Answer answer = new Answer();
            logic.onRequest(FrameHeader.of(LogicFixture.VERSION, body.length, id, kkm.token(), SERVICE_REQUEST_NUMBER),
                request.getCommand().getNumber(), request, null, LogicFixture.RECEIVED_AT, answer);
            return answer;
        }

        private Generated placement(LocalDateTime time, boolean opening) {
            long drawer = ledger.drawer();
            boolean deposit = opening || drawer == 0 || rnd.nextInt(3) != 0;
            long sum;
            if (deposit) {
                sum = 1 + rnd.nextLong(rnd.nextBoolean() ? 50_000 : 5_000_000);
            } else {
                sum = rnd.nextInt(4) == 0 ? drawer : 1 + rnd.nextLong(drawer);
            }
            boolean offline = rnd.nextInt(8) == 0;
            Request.Builder b = LogicFixture.dated(Requests.moneyPlacement(deposit, sum), time).toBuilder();
            b.getMoneyPlacementBuilder().setIsOffline(offline);
            if (rnd.nextInt(4) == 0) {
                b.getMoneyPlacementBuilder().setFrShiftNumber(shift);
            }
            return new Generated(b.build(), new Placement(shift, deposit ? DEPOSIT : WITHDRAWAL, sum, offline, at(time)));
        }

        private Generated ticket(LocalDateTime time) {
            int roll = rnd.nextInt(100);
            int op = roll < 40 ? SELL : roll < 55 ? BUY : roll < 75 ? SELL_RETURN : BUY_RETURN;
            boolean itemTaxes = rnd.nextInt(3) == 0;
            TicketRequest.Builder t = TicketRequest.newBuilder()
                .setOperation(OperationTypeEnum.forNumber(op))
                .setDateTime(at(time))
                .setOperator(Operator.newBuilder().setCode(Requests.OPERATOR_CODE).setName(Requests.OPERATOR_NAME));
            List<Line> lines = items(t, itemTaxes);
            long net = lines.stream().mapToLong(l -> goods(l) - discount(l) + markup(l)).sum();
            TicketRequest.Amounts.Builder amounts = TicketRequest.Amounts.newBuilder();
            long ticketDiscount = -1;
            long ticketMarkup = -1;
            roll = rnd.nextInt(100);
            if (roll < 20 && net >= 3) {
                ticketDiscount = 1 + rnd.nextLong(net / 3);
                amounts.setDiscount(modifier("Скидка на чек", ticketDiscount));
            } else if (roll < 35) {
                ticketMarkup = 1 + rnd.nextLong(50_000);
                amounts.setMarkup(modifier("Наценка на чек", ticketMarkup));
            }
            long total = net - Math.max(0, ticketDiscount) + Math.max(0, ticketMarkup);
            amounts.setTotal(money(total));
            int taxPercent = -1;
            long taxSum = 0;
            if (!itemTaxes && rnd.nextInt(3) == 0) {
                taxPercent = rnd.nextInt(5) == 0 ? 0 : 12_000;
                taxSum = includedVat(total, taxPercent);
                t.addTaxes(tax(taxPercent, taxSum));
            }
            List<Pay> pays = payments(op, total);
            long change = -1;
            if (pays.stream().anyMatch(p -> p.type() == CASH)) {
                long cash = pays.stream().filter(p -> p.type() == CASH).mapToLong(Pay::sum).sum();
                change = pays.size() > 1 || rnd.nextBoolean() ? 0 : Requests.cashTaken(total) - total;
                amounts.setTaken(money(cash + change)).setChange(money(change));
            }
            for (Pay p : pays) {
                t.addPayments(TicketRequest.Payment.newBuilder().setType(PaymentTypeEnum.forNumber(p.type()))
                    .setSum(money(p.sum())));
            }
            t.setAmounts(amounts);
            parent(t, op, time, total);
            boolean offline = rnd.nextInt(10) == 0;
            if (offline) {
                offlineNumber += 1 + rnd.nextInt(3);
                t.setOfflineTicketNumber(offlineNumber);
            }
            if (rnd.nextInt(4) == 0) {
                t.setFrShiftNumber(shift);
            }
            Request request = Request.newBuilder().setCommand(CommandTypeEnum.COMMAND_TICKET)
                .setService(ServiceRequest.getDefaultInstance()).setTicket(t).build();
            return new Generated(request, new Sale(shift, op, at(time), List.copyOf(lines), ticketDiscount, ticketMarkup,
                taxPercent, taxSum, pays, change, offline, total));
        }

        /**
         * 1–8 commodities with storno lines of earlier ones, item discounts and markups and their storno mixed in;
         * the running net never goes below zero.
         */
        private List<Line> items(TicketRequest.Builder t, boolean itemTaxes) {
            List<Line> lines = new ArrayList<>();
            List<Integer> stornoable = new ArrayList<>();
            List<Integer> modifiers = new ArrayList<>();
            int commodities = 1 + rnd.nextInt(8);
            int added = 0;
            while (added < commodities) {
                long net = lines.stream().mapToLong(l -> goods(l) - discount(l) + markup(l)).sum();
                int roll = rnd.nextInt(100);
                if (roll < 12 && !stornoable.isEmpty()) {
                    Integer k = stornoable.get(rnd.nextInt(stornoable.size()));
                    if (lines.get(k).sum() <= net) {
                        stornoable.remove(k);
                        storno(t, lines, k);
                    }
                } else if (roll < 22 && net >= 4) {
                    modifiers.add(lines.size());
                    itemModifier(t, lines, LineKind.DISCOUNT, 1 + rnd.nextLong(net / 4));
                } else if (roll < 30) {
                    modifiers.add(lines.size());
                    itemModifier(t, lines, LineKind.MARKUP, 1 + rnd.nextLong(30_000));
                } else if (roll < 36 && !modifiers.isEmpty()) {
                    Integer k = modifiers.get(rnd.nextInt(modifiers.size()));
                    Line m = lines.get(k);
                    if (m.kind() == LineKind.DISCOUNT || m.sum() <= net) {
                        modifiers.remove(k);
                        itemModifier(t, lines, m.kind() == LineKind.DISCOUNT ? LineKind.STORNO_DISCOUNT
                            : LineKind.STORNO_MARKUP, m.sum());
                    }
                } else {
                    stornoable.add(lines.size());
                    commodity(t, lines, itemTaxes);
                    added++;
                }
            }
            return lines;
        }

        private void commodity(TicketRequest.Builder t, List<Line> lines, boolean itemTaxes) {
            String section = Integer.toString(1 + rnd.nextInt(3));
            long quantity = rnd.nextBoolean() ? 1000 : 2000;
            long price = 1 + rnd.nextLong(rnd.nextInt(4) == 0 ? 5_000_000 : 200_000);
            long sum = price * quantity / 1000;
            TicketRequest.Item.Commodity.Builder c = TicketRequest.Item.Commodity.newBuilder()
                .setName("Товар " + (lines.size() + 1))
                .setSectionCode(section)
                .setQuantity(quantity)
                .setPrice(money(price))
                .setSum(money(sum))
                .setMeasureUnitCode(Requests.MEASURE_UNIT_PIECE);
            int percent = -1;
            long taxSum = 0;
            if (itemTaxes && rnd.nextInt(10) < 7) {
                percent = rnd.nextInt(4) == 0 ? 0 : 12_000;
                taxSum = includedVat(sum, percent);
                c.addTaxes(tax(percent, taxSum));
            }
            t.addItems(TicketRequest.Item.newBuilder().setType(TicketRequest.Item.ItemTypeEnum.ITEM_TYPE_COMMODITY)
                .setCommodity(c));
            lines.add(new Line(LineKind.COMMODITY, section, sum, percent, taxSum));
        }

        /** Storno of the commodity at line {@code k}: same section, quantity, price, sum and taxes. */
        private static void storno(TicketRequest.Builder t, List<Line> lines, int k) {
            TicketRequest.Item.Commodity c = t.getItems(k).getCommodity();
            t.addItems(TicketRequest.Item.newBuilder().setType(TicketRequest.Item.ItemTypeEnum.ITEM_TYPE_STORNO_COMMODITY)
                .setStornoCommodity(TicketRequest.Item.StornoCommodity.newBuilder()
                    .setName(c.getName())
                    .setSectionCode(c.getSectionCode())
                    .setQuantity(c.getQuantity())
                    .setPrice(c.getPrice())
                    .setSum(c.getSum())
                    .addAllTaxes(c.getTaxesList())
                    .setMeasureUnitCode(c.getMeasureUnitCode())));
            Line original = lines.get(k);
            lines.add(new Line(LineKind.STORNO_COMMODITY, original.section(), original.sum(), original.taxPercent(),
                original.taxSum()));
        }

        private static void itemModifier(TicketRequest.Builder t, List<Line> lines, LineKind kind, long sum) {
            TicketRequest.Item.Builder item = TicketRequest.Item.newBuilder();
            switch (kind) {
                case DISCOUNT:
                    item.setType(TicketRequest.Item.ItemTypeEnum.ITEM_TYPE_DISCOUNT).setDiscount(modifier("Скидка", sum));
                    break;
                case STORNO_DISCOUNT:
                    item.setType(TicketRequest.Item.ItemTypeEnum.ITEM_TYPE_STORNO_DISCOUNT)
                        .setStornoDiscount(modifier("Скидка", sum));
                    break;
                case MARKUP:
                    item.setType(TicketRequest.Item.ItemTypeEnum.ITEM_TYPE_MARKUP).setMarkup(modifier("Наценка", sum));
                    break;
                case STORNO_MARKUP:
                    item.setType(TicketRequest.Item.ItemTypeEnum.ITEM_TYPE_STORNO_MARKUP)
                        .setStornoMarkup(modifier("Наценка", sum));
                    break;
                default:
                    throw new IllegalArgumentException("not a modifier: " + kind);
            }
            t.addItems(item);
            lines.add(new Line(kind, null, sum, -1, 0));
        }

        /**
         * Cash only, card (or mobile) only, or mixed; cash out of the drawer (BUY, SELL_RETURN) only as far as the
         * drawer covers it. A zero total is paid with nothing.
         */
        private List<Pay> payments(int op, long total) {
            if (total == 0) {
                return List.of();
            }
            boolean paysOut = direction(op) < 0;
            long drawer = ledger.drawer();
            int nonCash = rnd.nextInt(8) == 0 ? PaymentTypeEnum.PAYMENT_MOBILE_VALUE : PaymentTypeEnum.PAYMENT_CARD_VALUE;
            int roll = rnd.nextInt(100);
            if (roll < 45 && (!paysOut || total <= drawer)) {
                return List.of(new Pay(CASH, total));
            }
            if (roll >= 80 && total >= 2) {
                long cash = 1 + rnd.nextLong(total - 1);
                if (paysOut && cash > drawer) {
                    if (drawer == 0) {
                        return List.of(new Pay(nonCash, total));
                    }
                    cash = 1 + rnd.nextLong(drawer);
                }
                List<Pay> mixed = new ArrayList<>(List.of(new Pay(CASH, cash), new Pay(nonCash, total - cash)));
                if (rnd.nextBoolean()) {
                    Collections.reverse(mixed);
                }
                return List.copyOf(mixed);
            }
            return List.of(new Pay(nonCash, total));
        }

        /**
         * A return names an earlier accepted ticket of the operation it reverses with enough left to return, or a
         * plausible older one another OFD issued (a sign far above any issued here).
         */
        private void parent(TicketRequest.Builder t, int op, LocalDateTime time, long total) {
            if (op != SELL_RETURN && op != BUY_RETURN) {
                return;
            }
            int originalOp = op == SELL_RETURN ? SELL : BUY;
            List<Issued> candidates = issued.stream()
                .filter(i -> i.operation() == originalOp && i.total() - returned.getOrDefault(i.sign(), 0L) >= total)
                .collect(Collectors.toList());
            TicketRequest.ParentTicket.Builder p = TicketRequest.ParentTicket.newBuilder().setKgdKkmId(LogicFixture.RNM);
            if (candidates.isEmpty() || rnd.nextInt(5) == 0) {
                p.setParentTicketNumber(Long.toString(5_000_000_000L + rnd.nextLong(4_000_000_000L)))
                    .setParentTicketDataTime(at(time.minusDays(1 + rnd.nextInt(30))))
                    .setParentTicketTotal(money(total))
                    .setParentTicketIsOffline(false);
            } else {
                Issued o = candidates.get(rnd.nextInt(candidates.size()));
                p.setParentTicketNumber(o.sign())
                    .setParentTicketDataTime(o.time())
                    .setParentTicketTotal(money(o.total()))
                    .setParentTicketIsOffline(o.offline());
            }
            t.setParentTicket(p);
        }
    }

    // ----- field-by-field comparison -------------------------------------------------------------------------

    private static void compare(String ctx, ZXReport expected, ZXReport actual) {
        assertEquals(expected.getShiftNumber(), actual.getShiftNumber(), ctx + ": shift_number");
        assertEquals(expected.getDateTime(), actual.getDateTime(), ctx + ": date_time");
        assertEquals(expected.getOpenShiftTime(), actual.getOpenShiftTime(), ctx + ": open_shift_time");
        assertEquals(expected.hasCloseShiftTime(), actual.hasCloseShiftTime(), ctx + ": close_shift_time present (Z only)");
        assertEquals(expected.getCloseShiftTime(), actual.getCloseShiftTime(), ctx + ": close_shift_time");
        assertEquals(tiyn(expected.getCashSum()), tiyn(actual.getCashSum()), ctx + ": cash_sum");
        assertEquals(signed(expected.getRevenue()), signed(actual.getRevenue()), ctx + ": revenue (signed)");
        assertEquals(expected.getRevenue().getIsNegative(), actual.getRevenue().getIsNegative(), ctx + ": revenue.is_negative");
        compareRows(ctx + ": operations", expected.getOperationsList(), actual.getOperationsList());
        compareRows(ctx + ": discounts", expected.getDiscountsList(), actual.getDiscountsList());
        compareRows(ctx + ": markups", expected.getMarkupsList(), actual.getMarkupsList());
        compareRows(ctx + ": total_result", expected.getTotalResultList(), actual.getTotalResultList());
        assertEquals(expected.getSectionsList().stream().map(ZXReport.Section::getSectionCode).collect(Collectors.toList()),
            actual.getSectionsList().stream().map(ZXReport.Section::getSectionCode).collect(Collectors.toList()),
            ctx + ": section codes");
        for (int i = 0; i < expected.getSectionsCount(); i++) {
            compareRows(ctx + ": sections[" + expected.getSections(i).getSectionCode() + "]",
                expected.getSections(i).getOperationsList(), actual.getSections(i).getOperationsList());
        }
        compareTaxes(ctx, expected, actual);
        compareNonNullable(ctx + ": start_shift_non_nullable_sums", expected.getStartShiftNonNullableSumsList(),
            actual.getStartShiftNonNullableSumsList());
        compareNonNullable(ctx + ": non_nullable_sums", expected.getNonNullableSumsList(), actual.getNonNullableSumsList());
        compareTicketOperations(ctx, expected, actual);
        comparePlacements(ctx, expected, actual);
        assertEquals(expected, actual.toBuilder().clearChecksum().build(),
            ctx + ": the report differs outside the fields compared one by one (row order or an unexpected field)");
    }

    private static void compareRows(String ctx, List<ZXReport.Operation> expected, List<ZXReport.Operation> actual) {
        assertOneRowPerOperation(ctx, actual.stream().map(ZXReport.Operation::getOperation));
        for (int op : OPERATIONS) {
            ZXReport.Operation e = byOperation(expected, ZXReport.Operation::getOperation, op);
            ZXReport.Operation a = byOperation(actual, ZXReport.Operation::getOperation, op);
            assertEquals(e.getCount(), a.getCount(), ctx + "[" + name(op) + "].count");
            assertEquals(tiyn(e.getSum()), tiyn(a.getSum()), ctx + "[" + name(op) + "].sum");
        }
    }

    private static void compareNonNullable(String ctx, List<ZXReport.NonNullableSum> expected,
                                           List<ZXReport.NonNullableSum> actual) {
        assertOneRowPerOperation(ctx, actual.stream().map(ZXReport.NonNullableSum::getOperation));
        for (int op : OPERATIONS) {
            assertEquals(tiyn(byOperation(expected, ZXReport.NonNullableSum::getOperation, op).getSum()),
                tiyn(byOperation(actual, ZXReport.NonNullableSum::getOperation, op).getSum()), ctx + "[" + name(op) + "]");
        }
    }

    private static void compareTaxes(String ctx, ZXReport expected, ZXReport actual) {
        Function<ZXReport.Tax, String> key = t -> t.getTaxType() + "/" + t.getPercent();
        assertEquals(expected.getTaxesList().stream().map(key).collect(Collectors.toList()),
            actual.getTaxesList().stream().map(key).collect(Collectors.toList()), ctx + ": taxes (tax_type/percent)");
        for (int i = 0; i < expected.getTaxesCount(); i++) {
            String c = ctx + ": taxes[" + key.apply(expected.getTaxes(i)) + "]";
            List<ZXReport.Tax.TaxOperation> e = expected.getTaxes(i).getOperationsList();
            List<ZXReport.Tax.TaxOperation> a = actual.getTaxes(i).getOperationsList();
            assertOneRowPerOperation(c, a.stream().map(ZXReport.Tax.TaxOperation::getOperation));
            for (int op : OPERATIONS) {
                ZXReport.Tax.TaxOperation eo = byOperation(e, ZXReport.Tax.TaxOperation::getOperation, op);
                ZXReport.Tax.TaxOperation ao = byOperation(a, ZXReport.Tax.TaxOperation::getOperation, op);
                assertEquals(tiyn(eo.getTurnover()), tiyn(ao.getTurnover()), c + "[" + name(op) + "].turnover");
                assertEquals(tiyn(eo.getSum()), tiyn(ao.getSum()), c + "[" + name(op) + "].sum");
                assertEquals(tiyn(eo.getTurnoverWithoutTax()), tiyn(ao.getTurnoverWithoutTax()),
                    c + "[" + name(op) + "].turnover_without_tax");
            }
        }
    }

    private static void compareTicketOperations(String ctx, ZXReport expected, ZXReport actual) {
        assertOneRowPerOperation(ctx + ": ticket_operations",
            actual.getTicketOperationsList().stream().map(ZXReport.TicketOperation::getOperation));
        for (int op : OPERATIONS) {
            ZXReport.TicketOperation e = byOperation(expected.getTicketOperationsList(), r -> r.getOperation(), op);
            ZXReport.TicketOperation a = byOperation(actual.getTicketOperationsList(), r -> r.getOperation(), op);
            String c = ctx + ": ticket_operations[" + name(op) + "]";
            assertEquals(e.getTicketsTotalCount(), a.getTicketsTotalCount(), c + ".tickets_total_count");
            assertEquals(e.getTicketsCount(), a.getTicketsCount(), c + ".tickets_count");
            assertEquals(tiyn(e.getTicketsSum()), tiyn(a.getTicketsSum()), c + ".tickets_sum");
            assertEquals(payments(e), payments(a), c + ".payments (type sum x count)");
            assertEquals(e.getOfflineCount(), a.getOfflineCount(), c + ".offline_count");
            assertEquals(tiyn(e.getDiscountSum()), tiyn(a.getDiscountSum()), c + ".discount_sum");
            assertEquals(tiyn(e.getMarkupSum()), tiyn(a.getMarkupSum()), c + ".markup_sum");
            assertEquals(tiyn(e.getChangeSum()), tiyn(a.getChangeSum()), c + ".change_sum");
        }
    }

    private static List<String> payments(ZXReport.TicketOperation row) {
        return row.getPaymentsList().stream()
            .map(p -> p.getPayment() + " " + tiyn(p.getSum()) + " x" + p.getCount())
            .collect(Collectors.toList());
    }

    private static void comparePlacements(String ctx, ZXReport expected, ZXReport actual) {
        assertEquals(List.of(MoneyPlacementEnum.MONEY_PLACEMENT_DEPOSIT, MoneyPlacementEnum.MONEY_PLACEMENT_WITHDRAWAL),
            actual.getMoneyPlacementsList().stream().map(ZXReport.MoneyPlacement::getOperation).sorted()
                .collect(Collectors.toList()), ctx + ": one money_placements row per kind");
        for (int kind : new int[] {DEPOSIT, WITHDRAWAL}) {
            ZXReport.MoneyPlacement e = byKind(expected, kind);
            ZXReport.MoneyPlacement a = byKind(actual, kind);
            String c = ctx + ": money_placements[" + MoneyPlacementEnum.forNumber(kind) + "]";
            assertEquals(e.getOperationsTotalCount(), a.getOperationsTotalCount(), c + ".operations_total_count");
            assertEquals(e.getOperationsCount(), a.getOperationsCount(), c + ".operations_count");
            assertEquals(tiyn(e.getOperationsSum()), tiyn(a.getOperationsSum()), c + ".operations_sum");
            assertEquals(e.getOfflineCount(), a.getOfflineCount(), c + ".offline_count");
        }
    }

    // ----- small helpers ---------------------------------------------------------------------------------------

    private static void assertOneRowPerOperation(String ctx, Stream<OperationTypeEnum> operations) {
        assertEquals(List.of(OperationTypeEnum.OPERATION_BUY, OperationTypeEnum.OPERATION_BUY_RETURN,
                OperationTypeEnum.OPERATION_SELL, OperationTypeEnum.OPERATION_SELL_RETURN),
            operations.sorted().collect(Collectors.toList()), ctx + ": one row for every operation (§14.6)");
    }

    private static <T> T byOperation(List<T> rows, Function<T, OperationTypeEnum> operationOf, int op) {
        return rows.stream().filter(r -> operationOf.apply(r).getNumber() == op).findFirst()
            .orElseThrow(() -> new AssertionError("no row for " + name(op)));
    }

    private static ZXReport.MoneyPlacement byKind(ZXReport report, int kind) {
        return report.getMoneyPlacementsList().stream().filter(m -> m.getOperation().getNumber() == kind).findFirst()
            .orElseThrow(() -> new AssertionError("no money_placements row for " + MoneyPlacementEnum.forNumber(kind)));
    }

    private static String name(int op) {
        return OperationTypeEnum.forNumber(op).name();
    }

    private static long tiyn(Money money) {
        return MoneyCodec.toTiyn(money);
    }

    private static long signed(ZXReport.Revenue revenue) {
        return revenue.getIsNegative() ? -tiyn(revenue.getSum()) : tiyn(revenue.getSum());
    }

    private static Money money(long tiyn) {
        return MoneyCodec.fromTiyn(tiyn);
    }

    /** VAT included in a sum: sum × p / (100 % + p), rounded down to the tiyn (percent in thousandths). */
    private static long includedVat(long sum, int percent) {
        return sum * percent / (100_000L + percent);
    }

    private static TicketRequest.Tax tax(int percent, long sum) {
        return TicketRequest.Tax.newBuilder().setTaxType(PropertyLedger.VAT).setPercent(percent).setSum(money(sum))
            .setIsInTotalSum(true).build();
    }

    private static TicketRequest.Modifier modifier(String name, long sum) {
        return TicketRequest.Modifier.newBuilder().setName(name).setSum(money(sum)).build();
    }

    private static String oneLine(Request request) {
        return TextFormat.printer().emittingSingleLine(true).escapingNonAscii(false).printToString(request);
    }

    private static Request parse(byte[] body) {
        try {
            return Request.parser().parsePartialFrom(body);
        } catch (InvalidProtocolBufferException e) {
            throw new AssertionError(e);
        }
    }
}
