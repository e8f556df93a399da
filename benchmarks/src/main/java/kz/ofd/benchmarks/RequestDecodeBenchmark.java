package kz.ofd.benchmarks;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import kz.ofd.protocol.codec.KkmMessages;
import kz.ofd.protocol.codec.MoneyCodec;
import kz.ofd.protocol.codec.ParsedRequest;
import kz.ofd.protocol.codec.Violation;
import kz.ofd.protocol.frame.FrameHeader;
import kz.ofd.protocol.frame.FrameHeaderCodec;
import kz.ofd.protocol.proto.CommandTypeEnum;
import kz.ofd.protocol.proto.Date;
import kz.ofd.protocol.proto.DateTime;
import kz.ofd.protocol.proto.OperationTypeEnum;
import kz.ofd.protocol.proto.Operator;
import kz.ofd.protocol.proto.PaymentTypeEnum;
import kz.ofd.protocol.proto.Request;
import kz.ofd.protocol.proto.ServiceRequest;
import kz.ofd.protocol.proto.TicketRequest;
import kz.ofd.protocol.proto.Time;
import kz.ofd.protocol.validate.RequestValidator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * What the Netty I/O thread does per frame before publishing into the ring: read the 18-byte header, parse the
 * body leniently, validate. Each invocation checks its result so a broken codec cannot report a fast time.
 * {@code parse} and {@code validate} measure the two halves alone, so it can be told which one dominates.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RequestDecodeBenchmark {

    /** Items per ticket. */
    @Param({"1", "10", "30"})
    public int items;

    private ByteBuf frame;
    private byte[] body;
    private Request parsedTicket;

    /**
     * Builds one realistic ticket frame.
     */
    @Setup
    public void setUp() {
        body = ticket(items).toByteArray();
        frame = Unpooled.buffer(FrameHeader.LENGTH + body.length);
        FrameHeaderCodec.encode(FrameHeader.of(203, body.length, 200_956, 257_152_748, 3), frame);
        frame.writeBytes(body);
        parsedTicket = KkmMessages.parseRequest(body).request();
    }

    /**
     * Releases the frame buffer.
     */
    @TearDown
    public void tearDown() {
        frame.release();
    }

    /**
     * Header decode + lenient parse + validation.
     *
     * @return the parsed request (consumed by JMH)
     */
    @Benchmark
    public ParsedRequest decodeParseValidate() {
        FrameHeader header = FrameHeaderCodec.decode(frame, 0);
        if (FrameHeaderCodec.check(header, 1 << 20) != null) {
            throw new IllegalStateException("frame refused");
        }
        ParsedRequest parsed = KkmMessages.parseRequest(body);
        Violation v = RequestValidator.validate(parsed.request(), header.version());
        if (!parsed.ok() || v != null) {
            throw new IllegalStateException("valid ticket refused: " + v);
        }
        return parsed;
    }

    /**
     * The lenient protobuf parse alone.
     *
     * @return the parsed request
     */
    @Benchmark
    public ParsedRequest parse() {
        ParsedRequest parsed = KkmMessages.parseRequest(body);
        if (!parsed.ok()) {
            throw new IllegalStateException("valid ticket not parsed: " + parsed.violation());
        }
        return parsed;
    }

    /**
     * Validation alone, of a request parsed once in setup.
     *
     * @return the (absent) violation
     */
    @Benchmark
    public Violation validate() {
        Violation v = RequestValidator.validate(parsedTicket, Fixtures.VERSION);
        if (v != null) {
            throw new IllegalStateException("valid ticket refused: " + v);
        }
        return v;
    }

    /**
     * A card-paid sale of {@code items} commodities, as the benchmarks send it.
     *
     * @param items number of items
     * @return the request
     */
    public static Request ticket(int items) {
        TicketRequest.Builder t = TicketRequest.newBuilder()
            .setOperation(OperationTypeEnum.OPERATION_SELL)
            .setDateTime(DateTime.newBuilder()
                .setDate(Date.newBuilder().setYear(2026).setMonth(11).setDay(23))
                .setTime(Time.newBuilder().setHour(12).setMinute(30).setSecond(5)))
            .setOperator(Operator.newBuilder().setCode(1).setName("Кассир"));
        long total = 0;
        for (int i = 0; i < items; i++) {
            long sum = 1_000 + 17L * i;
            total += sum;
            t.addItems(TicketRequest.Item.newBuilder()
                .setType(TicketRequest.Item.ItemTypeEnum.ITEM_TYPE_COMMODITY)
                .setCommodity(TicketRequest.Item.Commodity.newBuilder()
                    .setName("Товар " + i).setSectionCode("1").setQuantity(1_000)
                    .setPrice(MoneyCodec.fromTiyn(sum)).setSum(MoneyCodec.fromTiyn(sum)).setMeasureUnitCode("796")));
        }
        t.addPayments(TicketRequest.Payment.newBuilder()
            .setType(PaymentTypeEnum.PAYMENT_CARD)
            .setSum(MoneyCodec.fromTiyn(total)));
        t.setAmounts(TicketRequest.Amounts.newBuilder().setTotal(MoneyCodec.fromTiyn(total)));
        return Request.newBuilder().setCommand(CommandTypeEnum.COMMAND_TICKET).setTicket(t)
            .setService(ServiceRequest.newBuilder()).build();
    }
}
