package kz.ofd.benchmarks.crash;

import kz.ofd.protocol.codec.MoneyCodec;
import kz.ofd.protocol.frame.FrameHeader;
import kz.ofd.protocol.frame.FrameHeaderCodec;
import kz.ofd.protocol.proto.CloseShiftRequest;
import kz.ofd.protocol.proto.CommandTypeEnum;
import kz.ofd.protocol.proto.Date;
import kz.ofd.protocol.proto.DateTime;
import kz.ofd.protocol.proto.MoneyPlacementEnum;
import kz.ofd.protocol.proto.MoneyPlacementRequest;
import kz.ofd.protocol.proto.OperationTypeEnum;
import kz.ofd.protocol.proto.Operator;
import kz.ofd.protocol.proto.PaymentTypeEnum;
import kz.ofd.protocol.proto.ReportRequest;
import kz.ofd.protocol.proto.ReportTypeEnum;
import kz.ofd.protocol.proto.Request;
import kz.ofd.protocol.proto.Response;
import kz.ofd.protocol.proto.ServiceRequest;
import kz.ofd.protocol.proto.Time;
import kz.ofd.protocol.proto.TicketRequest;
import kz.ofd.protocol.proto.ZXReport;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Queue;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * One virtual cash register of the crash harness, on its own thread, behaving like a real one: one connection per
 * request, and a request that got no answer (the server died) is sent again, unchanged, with the same token and
 * request number, until it is answered. It keeps its own record of every document acknowledged (the fiscal sign
 * and the exact answer) and its own tally of the shift, against which the server is checked after each restart:
 * the last acknowledged request sent again must get the identical answer, and the server's X report must show the
 * tally.
 */
final class HarnessKkm implements Runnable {

    private static final int TIMEOUT_MS = 3_000;
    private static final ZoneOffset KKM_ZONE = ZoneOffset.ofHours(5);

    /** A ticket this register sold, and how much of it was returned. */
    private static final class Sale {
        final String sign;
        final long total;
        final DateTime time;
        long returned;

        Sale(String sign, long total, DateTime time) {
            this.sign = sign;
            this.total = total;
            this.time = time;
        }
    }

    /** A request sent and not yet answered: it goes again exactly as it was. */
    private record Pending(Request request, byte[] body, long token, int requestNumber, int kind, long total, Sale parent) {
    }

    private static final int DEPOSIT = 0;
    private static final int SALE = 1;
    private static final int RETURN = 2;
    private static final int CLOSE = 3;

    private final long id;
    private final String rnm;
    private final int port;
    private final SplittableRandom random;
    private final AtomicBoolean stop;
    private final AtomicInteger round;
    private final Queue<String> failures;

    private long token;
    private int requestNumber;
    private Pending pending;
    private byte[] lastBody;
    private long lastToken;
    private int lastRequestNumber;
    private byte[] lastAnswer;
    private int seenRound;

    private long cash;
    private long shiftDocuments;
    private long sellCount;
    private long sellSum;
    private long returnCount;
    private long returnSum;
    private final List<Sale> sales = new ArrayList<>();

    final List<String> acknowledgedSigns = new ArrayList<>();
    long acknowledgedDocuments;
    long resentAfterFailure;
    long lastAnswerChecks;
    long reportChecks;

    HarnessKkm(long id, long token, String rnm, int port, long seed, AtomicBoolean stop, AtomicInteger round,
               Queue<String> failures) {
        this.id = id;
        this.token = token;
        this.rnm = rnm;
        this.port = port;
        this.random = new SplittableRandom(seed);
        this.stop = stop;
        this.round = round;
        this.failures = failures;
    }

    /** @return the register's OFD id */
    long id() {
        return id;
    }

    @Override
    public void run() {
        try {
            while (pending != null || !stop.get()) {
                int r = round.get();
                if (r != seenRound && pending == null && checkAfterRestart()) {
                    seenRound = r;
                }
                if (pending == null) {
                    pending = next();
                }
                send();
            }
        } catch (RuntimeException e) {
            failures.add("KKM " + id + ": " + e);
        }
    }

    private Pending next() {
        int kind;
        if (shiftDocuments == 0) {
            kind = DEPOSIT;
        } else {
            int roll = random.nextInt(100);
            Sale parent = sales.isEmpty() ? null : sales.get(random.nextInt(sales.size()));
            kind = roll < 4 ? CLOSE : roll < 12 && parent != null && parent.returned < parent.total ? RETURN : SALE;
        }
        DateTime now = now();
        Request.Builder b = Request.newBuilder().setService(ServiceRequest.getDefaultInstance());
        long total = 0;
        Sale parent = null;
        switch (kind) {
            case DEPOSIT -> {
                total = 100_000 + random.nextLong(1_000_000);
                b.setCommand(CommandTypeEnum.COMMAND_MONEY_PLACEMENT).setMoneyPlacement(MoneyPlacementRequest.newBuilder()
                    .setDatetime(now).setOperation(MoneyPlacementEnum.MONEY_PLACEMENT_DEPOSIT)
                    .setSum(MoneyCodec.fromTiyn(total)).setIsOffline(false).setOperator(operator()));
            }
            case CLOSE -> b.setCommand(CommandTypeEnum.COMMAND_CLOSE_SHIFT).setCloseShift(CloseShiftRequest.newBuilder()
                .setCloseTime(now).setIsOffline(false).setWithdrawMoney(false).setOperator(operator()));
            case RETURN -> {
                List<Sale> open = sales.stream().filter(s -> s.returned < s.total).toList();
                parent = open.get(random.nextInt(open.size()));
                long left = parent.total - parent.returned;
                total = Math.min(left, 1 + random.nextLong(left));
                total = Math.min(total, cash);
                if (total <= 0) {
                    return next();
                }
                TicketRequest.Builder t = ticket(OperationTypeEnum.OPERATION_SELL_RETURN, now, total, true);
                t.setParentTicket(TicketRequest.ParentTicket.newBuilder().setParentTicketNumber(parent.sign)
                    .setParentTicketDataTime(parent.time).setKgdKkmId(rnm)
                    .setParentTicketTotal(MoneyCodec.fromTiyn(parent.total)).setParentTicketIsOffline(false));
                b.setCommand(CommandTypeEnum.COMMAND_TICKET).setTicket(t);
            }
            default -> {
                total = 100 + random.nextLong(50_000);
                b.setCommand(CommandTypeEnum.COMMAND_TICKET)
                    .setTicket(ticket(OperationTypeEnum.OPERATION_SELL, now, total, random.nextBoolean()));
            }
        }
        Request request = b.build();
        return new Pending(request, request.toByteArray(), token, (requestNumber + 1) & FrameHeader.MAX_U16, kind, total,
            parent);
    }

    private static TicketRequest.Builder ticket(OperationTypeEnum operation, DateTime now, long total, boolean cash) {
        TicketRequest.Builder t = TicketRequest.newBuilder().setOperation(operation).setDateTime(now).setOperator(operator())
            .addItems(TicketRequest.Item.newBuilder().setType(TicketRequest.Item.ItemTypeEnum.ITEM_TYPE_COMMODITY)
                .setCommodity(TicketRequest.Item.Commodity.newBuilder().setName("Товар").setSectionCode("1")
                    .setQuantity(1_000).setPrice(MoneyCodec.fromTiyn(total)).setSum(MoneyCodec.fromTiyn(total))
                    .setMeasureUnitCode("796")))
            .addPayments(TicketRequest.Payment.newBuilder()
                .setType(cash ? PaymentTypeEnum.PAYMENT_CASH : PaymentTypeEnum.PAYMENT_CARD)
                .setSum(MoneyCodec.fromTiyn(total)));
        TicketRequest.Amounts.Builder amounts = TicketRequest.Amounts.newBuilder().setTotal(MoneyCodec.fromTiyn(total));
        if (cash) {
            amounts.setTaken(MoneyCodec.fromTiyn(total)).setChange(MoneyCodec.fromTiyn(0));
        }
        return t.setAmounts(amounts);
    }

    private void send() {
        Pending p = pending;
        byte[] answer;
        FrameHeader header;
        try {
            byte[][] frame = exchange(p.token, p.requestNumber, p.body);
            header = FrameHeaderCodec.decode(frame[0]);
            answer = frame[1];
        } catch (IOException e) {
            resentAfterFailure++;
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
            return;
        }
        Response r = parse(answer);
        int code = r.getResult().getResultCode();
        if (code == 254) {   // ring full or journal trouble: try the same request again
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
            return;
        }
        if (code != 0) {
            throw new IllegalStateException("document " + p.kind + " answered " + code + " '" + r.getResult().getResultText()
                + "' (token " + p.token + ", request number " + p.requestNumber + ")");
        }
        acknowledge(p, r, answer, header.token());
    }

    private void acknowledge(Pending p, Response r, byte[] answer, long newToken) {
        pending = null;
        token = newToken;
        requestNumber = p.requestNumber;
        lastBody = p.body;
        lastToken = p.token;
        lastRequestNumber = p.requestNumber;
        lastAnswer = answer;
        acknowledgedDocuments++;
        shiftDocuments++;
        TicketRequest t = p.request.getTicket();
        boolean cashPaid = p.request.hasTicket() && t.getPayments(0).getType() == PaymentTypeEnum.PAYMENT_CASH;
        switch (p.kind) {
            case DEPOSIT -> cash += p.total;
            case CLOSE -> {
                shiftDocuments = 0;
                sellCount = 0;
                sellSum = 0;
                returnCount = 0;
                returnSum = 0;
            }
            case RETURN -> {
                acknowledgedSigns.add(r.getTicket().getTicketNumber());
                p.parent.returned += p.total;
                returnCount++;
                returnSum += p.total;
                cash -= p.total;
            }
            default -> {
                acknowledgedSigns.add(r.getTicket().getTicketNumber());
                sales.add(new Sale(r.getTicket().getTicketNumber(), p.total, t.getDateTime()));
                sellCount++;
                sellSum += p.total;
                if (cashPaid) {
                    cash += p.total;
                }
            }
        }
    }

    /**
     * After a restart: the last acknowledged request again must get the identical answer, and the X report must
     * show this register's own tally.
     *
     * @return true when both were checked (false when the server went down meanwhile)
     */
    private boolean checkAfterRestart() {
        try {
            if (lastBody != null) {
                byte[] again = exchange(lastToken, lastRequestNumber, lastBody)[1];
                if (!Arrays.equals(lastAnswer, again)) {
                    failures.add("KKM " + id + ": the last document sent again got a different answer: "
                        + parse(again).getResult());
                }
                lastAnswerChecks++;
            }
            Request x = Request.newBuilder().setCommand(CommandTypeEnum.COMMAND_REPORT)
                .setService(ServiceRequest.getDefaultInstance())
                .setReport(ReportRequest.newBuilder().setReport(ReportTypeEnum.REPORT_X).setDateTime(now())
                    .setIsOffline(false)).build();
            Response report = parse(exchange(token, requestNumber, x.toByteArray())[1]);
            if (report.getResult().getResultCode() != 0) {
                failures.add("KKM " + id + ": REPORT X answered " + report.getResult());
                return true;
            }
            compare(report.getReport().getZxReport());
            reportChecks++;
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private void compare(ZXReport z) {
        long[] sell = row(z, OperationTypeEnum.OPERATION_SELL);
        long[] ret = row(z, OperationTypeEnum.OPERATION_SELL_RETURN);
        long serverCash = MoneyCodec.toTiyn(z.getCashSum());
        if (serverCash != cash || sell[0] != sellCount || sell[1] != sellSum || ret[0] != returnCount || ret[1] != returnSum) {
            failures.add(String.format("KKM %d: X report cash %d, sells %d/%d, returns %d/%d; the register counted cash %d, "
                + "sells %d/%d, returns %d/%d", id, serverCash, sell[0], sell[1], ret[0], ret[1], cash, sellCount, sellSum,
                returnCount, returnSum));
        }
    }

    private static long[] row(ZXReport z, OperationTypeEnum operation) {
        for (ZXReport.TicketOperation t : z.getTicketOperationsList()) {
            if (t.getOperation() == operation) {
                return new long[] {t.getTicketsCount(), MoneyCodec.toTiyn(t.getTicketsSum())};
            }
        }
        return new long[2];
    }

    private byte[][] exchange(long presentedToken, int number, byte[] body) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), TIMEOUT_MS);
            socket.setSoTimeout(TIMEOUT_MS);
            byte[] frame = new byte[FrameHeader.LENGTH + body.length];
            FrameHeaderCodec.encode(FrameHeader.of(203, body.length, id, presentedToken, number), frame);
            System.arraycopy(body, 0, frame, FrameHeader.LENGTH, body.length);
            OutputStream out = socket.getOutputStream();
            out.write(frame);
            out.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            byte[] head = new byte[FrameHeader.LENGTH];
            in.readFully(head);
            FrameHeader h = FrameHeaderCodec.decode(head);
            byte[] answer = new byte[(int) h.size() - FrameHeader.LENGTH];
            in.readFully(answer);
            return new byte[][] {head, answer};
        }
    }

    private static Response parse(byte[] body) {
        try {
            return Response.parseFrom(body);
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new IllegalStateException("an answer is not a complete Response: " + e.getMessage(), e);
        }
    }

    private static Operator operator() {
        return Operator.newBuilder().setCode(1).setName("Кассир").build();
    }

    private static DateTime now() {
        LocalDateTime t = LocalDateTime.now(KKM_ZONE);
        return DateTime.newBuilder()
            .setDate(Date.newBuilder().setYear(t.getYear()).setMonth(t.getMonthValue()).setDay(t.getDayOfMonth()))
            .setTime(Time.newBuilder().setHour(t.getHour()).setMinute(t.getMinute()).setSecond(t.getSecond()))
            .build();
    }
}
