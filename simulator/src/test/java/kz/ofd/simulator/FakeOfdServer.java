package kz.ofd.simulator;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import kz.ofd.protocol.codec.MoneyCodec;
import kz.ofd.protocol.frame.FrameHeader;
import kz.ofd.protocol.frame.KkmFrame;
import kz.ofd.protocol.frame.KkmFrameDecoder;
import kz.ofd.protocol.frame.KkmFrameEncoder;
import kz.ofd.protocol.proto.CommandTypeEnum;
import kz.ofd.protocol.proto.DateTime;
import kz.ofd.protocol.proto.MoneyPlacementEnum;
import kz.ofd.protocol.proto.OperationTypeEnum;
import kz.ofd.protocol.proto.PaymentTypeEnum;
import kz.ofd.protocol.proto.ReportResponse;
import kz.ofd.protocol.proto.ReportTypeEnum;
import kz.ofd.protocol.proto.Request;
import kz.ofd.protocol.proto.Response;
import kz.ofd.protocol.proto.Result;
import kz.ofd.protocol.proto.TicketRequest;
import kz.ofd.protocol.proto.TicketResponse;
import kz.ofd.protocol.proto.ZXReport;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A tiny in-test OFD: registered KKMs, token rotation for documents, replay of the last accepted document on a
 * retry and of an offline ticket re-sent, fiscal signs, and X/Z reports (all four ticket operations, both money
 * placements, offline counts, taxes per rate) computed from what it accepted. Faults can be switched on, and
 * answers can be held back for a while (a stall).
 */
final class FakeOfdServer implements AutoCloseable {

    /** Misbehaviour to simulate. */
    enum Fault {
        NONE,
        /** Every ticket gets the same fiscal sign. */
        DUPLICATE_SIGN,
        /** Documents are accepted but the token is never changed. */
        NO_ROTATION,
        /** Every 10th document is accepted but its answer is never sent (the retry gets the stored answer). */
        SWALLOW_EVERY_10TH_ANSWER,
    }

    private final Fault fault;
    private final MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final Map<Long, Kkm> kkms = new ConcurrentHashMap<>();
    private final AtomicLong signs = new AtomicLong(3_000_000_000L);
    private final AtomicLong closedShifts = new AtomicLong();
    private final AtomicLong reports = new AtomicLong();
    private final AtomicLong tickets = new AtomicLong();
    private final AtomicLong connections = new AtomicLong();
    private final Channel server;
    private final AtomicLong firstFrameNanos = new AtomicLong();
    private volatile long stallDelayNanos = -1;
    private volatile long stallLengthNanos;

    private FakeOfdServer(Fault fault) {
        this.fault = fault;
        this.server = new ServerBootstrap()
            .group(group)
            .channel(NioServerSocketChannel.class)
            .childHandler(new ChannelInitializer<Channel>() {
                @Override
                protected void initChannel(Channel ch) {
                    connections.incrementAndGet();
                    ch.pipeline().addLast(new KkmFrameDecoder(1 << 20), KkmFrameEncoder.INSTANCE, new Handler());
                }
            })
            .bind(new InetSocketAddress("127.0.0.1", 0))
            .syncUninterruptibly()
            .channel();
    }

    static FakeOfdServer start(Fault fault) {
        return new FakeOfdServer(fault);
    }

    int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    void register(long id, long token) {
        kkms.put(id, new Kkm(token));
    }

    long closedShifts() {
        return closedShifts.get();
    }

    long reports() {
        return reports.get();
    }

    long tickets() {
        return tickets.get();
    }

    long connections() {
        return connections.get();
    }

    /**
     * Holds back every answer to a frame that arrives in [first frame + delay, first frame + delay + length) until
     * the end of that window.
     */
    void stallAfter(long delayNanos, long lengthNanos) {
        this.stallLengthNanos = lengthNanos;
        this.stallDelayNanos = delayNanos;
    }

    private void send(ChannelHandlerContext ctx, KkmFrame frame) {
        long now = System.nanoTime();
        firstFrameNanos.compareAndSet(0, now);
        long delay = stallDelayNanos;
        if (delay >= 0) {
            long from = firstFrameNanos.get() + delay;
            long to = from + stallLengthNanos;
            if (now - from >= 0 && now - to < 0) {
                ctx.executor().schedule(() -> ctx.writeAndFlush(frame), to - now, TimeUnit.NANOSECONDS);
                return;
            }
        }
        ctx.writeAndFlush(frame);
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private final class Handler extends SimpleChannelInboundHandler<Object> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, Object msg) throws InvalidProtocolBufferException {
            if (!(msg instanceof KkmFrame frame)) {
                ctx.close();
                return;
            }
            Request request = Request.parseFrom(frame.body());
            Kkm kkm = kkms.get(frame.header().kkmId());
            if (kkm == null) {
                send(ctx, answer(frame.header(), frame.header().token(), refusal(request, 1)));
                return;
            }
            synchronized (kkm) {
                Outcome outcome = kkm.handle(frame.header(), request);
                if (outcome != null) {
                    send(ctx, answer(frame.header(), kkm.token, outcome.body));
                }
            }
        }
    }

    private record Outcome(byte[] body) {
    }

    private static KkmFrame answer(FrameHeader request, long token, byte[] body) {
        return new KkmFrame(request.answer(body.length, token), body);
    }

    private static byte[] refusal(Request request, int code) {
        return Response.newBuilder().setCommand(request.getCommand())
            .setResult(Result.newBuilder().setResultCode(code)).build().toByteArray();
    }

    /** Server-side state of one KKM; guarded by its own monitor. */
    private final class Kkm {
        private final SplittableRandom random = new SplittableRandom(7);
        private long token;
        private long lastToken = -1;
        private int lastRequestNumber = -1;
        private CommandTypeEnum lastCommand;
        private byte[] lastAnswer;
        private int documents;
        private final long[] ticketCount = new long[4];
        private final long[] ticketSum = new long[4];
        private final long[] ticketOffline = new long[4];
        private final long[] placementCount = new long[2];
        private final long[] placementSum = new long[2];
        private final long[] placementOffline = new long[2];
        private final Map<Long, long[]> taxes = new java.util.TreeMap<>();
        private final Map<Integer, byte[]> offlineAnswers = new java.util.HashMap<>();
        private long revenue;
        private long cash;
        private int shiftNumber = 1;

        Kkm(long token) {
            this.token = token;
        }

        /** Returns the answer body, or {@code null} to swallow the answer. */
        Outcome handle(FrameHeader header, Request request) {
            CommandTypeEnum command = request.getCommand();
            boolean document = command == CommandTypeEnum.COMMAND_TICKET
                || command == CommandTypeEnum.COMMAND_MONEY_PLACEMENT || command == CommandTypeEnum.COMMAND_CLOSE_SHIFT;
            if (command == CommandTypeEnum.COMMAND_REPORT) {
                reports.incrementAndGet();
                return new Outcome(ok(command).setReport(report(ReportTypeEnum.REPORT_X, request.getReport().getDateTime()))
                    .build().toByteArray());
            }
            if (!document) {
                return new Outcome(refusal(request, 5));
            }
            if (header.token() == lastToken && header.requestNumber() == lastRequestNumber && command == lastCommand) {
                return new Outcome(lastAnswer);
            }
            if (header.token() != token) {
                return new Outcome(refusal(request, 2));
            }
            if (command == CommandTypeEnum.COMMAND_TICKET && request.getTicket().hasOfflineTicketNumber()
                && offlineAnswers.containsKey(request.getTicket().getOfflineTicketNumber())) {
                return new Outcome(offlineAnswers.get(request.getTicket().getOfflineTicketNumber()));
            }
            Response.Builder answer = ok(command);
            switch (command) {
                case COMMAND_TICKET -> answer.setTicket(ticket(request.getTicket()));
                case COMMAND_MONEY_PLACEMENT -> placement(request);
                default -> answer.setReport(closeShift(request));
            }
            lastToken = header.token();
            lastRequestNumber = header.requestNumber();
            lastCommand = command;
            lastAnswer = answer.build().toByteArray();
            if (command == CommandTypeEnum.COMMAND_TICKET && request.getTicket().hasOfflineTicketNumber()) {
                offlineAnswers.put(request.getTicket().getOfflineTicketNumber(), lastAnswer);
            }
            if (fault != Fault.NO_ROTATION) {
                long next;
                do {
                    next = random.nextLong(1, FrameHeader.MAX_U32 + 1);
                } while (next == token);
                token = next;
            }
            documents++;
            if (fault == Fault.SWALLOW_EVERY_10TH_ANSWER && documents % 10 == 0) {
                return null;
            }
            return new Outcome(lastAnswer);
        }

        private TicketResponse ticket(TicketRequest t) {
            tickets.incrementAndGet();
            long total = MoneyCodec.toTiyn(t.getAmounts().getTotal());
            long cashPaid = t.getPaymentsList().stream().filter(p -> p.getType() == PaymentTypeEnum.PAYMENT_CASH)
                .mapToLong(p -> MoneyCodec.toTiyn(p.getSum())).sum();
            int op = t.getOperation().getNumber();
            int direction = t.getOperation() == OperationTypeEnum.OPERATION_SELL
                || t.getOperation() == OperationTypeEnum.OPERATION_BUY_RETURN ? 1 : -1;
            ticketCount[op]++;
            ticketSum[op] += total;
            ticketOffline[op] += t.hasOfflineTicketNumber() ? 1 : 0;
            revenue += direction * total;
            cash += direction * cashPaid;
            for (TicketRequest.Item item : t.getItemsList()) {
                for (TicketRequest.Tax tax : item.getCommodity().getTaxesList()) {
                    long[] row = taxes.computeIfAbsent(((long) tax.getTaxType() << 32) | tax.getPercent(), k -> new long[8]);
                    row[op * 2] += MoneyCodec.toTiyn(item.getCommodity().getSum());
                    row[op * 2 + 1] += MoneyCodec.toTiyn(tax.getSum());
                }
            }
            String sign = fault == Fault.DUPLICATE_SIGN ? "1234567890" : Long.toString(signs.incrementAndGet());
            String qr = "http://consumer.test-oofd.kz?i=" + sign + "&s=" + MoneyCodec.format(total);
            return TicketResponse.newBuilder().setTicketNumber(sign).setQrCode(ByteString.copyFrom(qr, StandardCharsets.UTF_8))
                .build();
        }

        private void placement(Request request) {
            long sum = MoneyCodec.toTiyn(request.getMoneyPlacement().getSum());
            int kind = request.getMoneyPlacement().getOperation().getNumber();
            placementCount[kind]++;
            placementSum[kind] += sum;
            placementOffline[kind] += request.getMoneyPlacement().getIsOffline() ? 1 : 0;
            cash += request.getMoneyPlacement().getOperation() == MoneyPlacementEnum.MONEY_PLACEMENT_DEPOSIT ? sum : -sum;
        }

        private ReportResponse closeShift(Request request) {
            closedShifts.incrementAndGet();
            ReportResponse z = report(ReportTypeEnum.REPORT_Z, request.getCloseShift().getCloseTime());
            java.util.Arrays.fill(ticketCount, 0);
            java.util.Arrays.fill(ticketSum, 0);
            java.util.Arrays.fill(ticketOffline, 0);
            java.util.Arrays.fill(placementCount, 0);
            java.util.Arrays.fill(placementSum, 0);
            java.util.Arrays.fill(placementOffline, 0);
            taxes.clear();
            revenue = 0;
            shiftNumber++;
            return z;
        }

        private ReportResponse report(ReportTypeEnum type, DateTime at) {
            ZXReport.Builder z = ZXReport.newBuilder()
                .setDateTime(at)
                .setShiftNumber(shiftNumber)
                .setCashSum(MoneyCodec.fromTiyn(cash))
                .setRevenue(ZXReport.Revenue.newBuilder().setSum(MoneyCodec.fromTiyn(Math.abs(revenue)))
                    .setIsNegative(revenue < 0));
            for (OperationTypeEnum op : OperationTypeEnum.values()) {
                int i = op.getNumber();
                z.addTicketOperations(ZXReport.TicketOperation.newBuilder().setOperation(op)
                    .setTicketsTotalCount((int) ticketCount[i]).setTicketsCount((int) ticketCount[i])
                    .setTicketsSum(MoneyCodec.fromTiyn(ticketSum[i])).setOfflineCount((int) ticketOffline[i]));
            }
            for (MoneyPlacementEnum kind : MoneyPlacementEnum.values()) {
                int i = kind.getNumber();
                z.addMoneyPlacements(ZXReport.MoneyPlacement.newBuilder().setOperation(kind)
                    .setOperationsTotalCount((int) placementCount[i]).setOperationsCount((int) placementCount[i])
                    .setOperationsSum(MoneyCodec.fromTiyn(placementSum[i])).setOfflineCount((int) placementOffline[i]));
            }
            taxes.forEach((key, row) -> {
                ZXReport.Tax.Builder tax = ZXReport.Tax.newBuilder().setTaxType((int) (key >>> 32)).setPercent((int) (long) key);
                for (OperationTypeEnum op : OperationTypeEnum.values()) {
                    int i = op.getNumber();
                    tax.addOperations(ZXReport.Tax.TaxOperation.newBuilder().setOperation(op)
                        .setTurnover(MoneyCodec.fromTiyn(row[i * 2])).setSum(MoneyCodec.fromTiyn(row[i * 2 + 1]))
                        .setTurnoverWithoutTax(MoneyCodec.fromTiyn(row[i * 2] - row[i * 2 + 1])));
                }
                z.addTaxes(tax);
            });
            return ReportResponse.newBuilder().setReport(type).setZxReport(z).build();
        }

        private Response.Builder ok(CommandTypeEnum command) {
            return Response.newBuilder().setCommand(command).setResult(Result.newBuilder().setResultCode(0));
        }
    }
}
