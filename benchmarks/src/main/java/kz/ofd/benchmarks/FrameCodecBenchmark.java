package kz.ofd.benchmarks;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import kz.ofd.protocol.frame.FrameHeader;
import kz.ofd.protocol.frame.FrameHeaderCodec;
import kz.ofd.protocol.frame.KkmFrame;
import kz.ofd.protocol.frame.KkmFrameDecoder;
import kz.ofd.protocol.frame.KkmFrameEncoder;
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
 * Framing alone, without protobuf: the 18-byte header plus body of a ticket request (decode) and of its answer
 * (encode), with buffers from the allocator the server's channels use ({@link ByteBufAllocator#DEFAULT}), each
 * released before the invocation ends.
 *
 * <ul>
 *   <li>{@code decodeCodec} / {@code encodeCodec}: the codec calls the decoder and encoder make per frame
 *       (header decode and check, body copy into the frame's array; header encode, body copy), on a buffer
 *       allocated and filled per invocation as a socket read or a write would.</li>
 *   <li>{@code decodeChannel} / {@code encodeChannel}: the real {@link KkmFrameDecoder} and {@link KkmFrameEncoder}
 *       in a Netty pipeline ({@link EmbeddedChannel}), so the {@code ByteToMessageDecoder} and
 *       {@code MessageToByteEncoder} machinery is included.</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FrameCodecBenchmark {

    private static final int MAX_FRAME = 1 << 20;

    /** Items of the ticket whose request and answer are framed. */
    @Param({"1", "30"})
    public int items;

    private final ByteBufAllocator alloc = ByteBufAllocator.DEFAULT;
    private byte[] requestFrame;
    private KkmFrame answer;
    private EmbeddedChannel inbound;
    private EmbeddedChannel outbound;

    /**
     * Builds the request frame's bytes and the answer frame, and the two channels.
     */
    @Setup
    public void setUp() {
        byte[] body = RequestDecodeBenchmark.ticket(items).toByteArray();
        FrameHeader header = FrameHeader.of(Fixtures.VERSION, body.length, 200_956, 257_152_748, 3);
        requestFrame = new byte[FrameHeader.LENGTH + body.length];
        FrameHeaderCodec.encode(header, requestFrame);
        System.arraycopy(body, 0, requestFrame, FrameHeader.LENGTH, body.length);
        byte[] answerBody = Fixtures.ticketAnswer(items);
        answer = new KkmFrame(header.answer(answerBody.length, 1_234_567), answerBody);
        inbound = new EmbeddedChannel(new KkmFrameDecoder(MAX_FRAME));
        outbound = new EmbeddedChannel(KkmFrameEncoder.INSTANCE);
    }

    /**
     * Closes the channels.
     */
    @TearDown
    public void tearDown() {
        inbound.finishAndReleaseAll();
        outbound.finishAndReleaseAll();
    }

    /**
     * A request frame arrives in a buffer; its header is decoded and checked and its body copied out.
     *
     * @return the frame
     */
    @Benchmark
    public KkmFrame decodeCodec() {
        ByteBuf in = received();
        try {
            FrameHeader header = FrameHeaderCodec.decode(in, in.readerIndex());
            if (FrameHeaderCodec.check(header, MAX_FRAME) != null || in.readableBytes() < header.size()) {
                throw new IllegalStateException("frame refused");
            }
            in.skipBytes(FrameHeader.LENGTH);
            byte[] body = new byte[(int) header.bodyLength()];
            in.readBytes(body);
            return new KkmFrame(header, body);
        } finally {
            in.release();
        }
    }

    /**
     * The same through the server's decoder in a channel pipeline (the decoder releases the buffer).
     *
     * @return the frame
     */
    @Benchmark
    public KkmFrame decodeChannel() {
        inbound.writeInbound(received());
        Object frame = inbound.readInbound();
        if (!(frame instanceof KkmFrame f)) {
            throw new IllegalStateException("no frame decoded: " + frame);
        }
        return f;
    }

    /**
     * The answer frame is written into a new buffer, which is then released (as after the socket write).
     *
     * @return a value read back from the buffer, so the writes are used
     */
    @Benchmark
    public long encodeCodec() {
        ByteBuf out = alloc.ioBuffer(FrameHeader.LENGTH + answer.body().length);
        try {
            FrameHeaderCodec.encode(answer.header(), out);
            out.writeBytes(answer.body());
            return out.getUnsignedIntLE(FrameHeader.SIZE_OFFSET) + out.getByte(out.writerIndex() - 1);
        } finally {
            out.release();
        }
    }

    /**
     * The same through the server's encoder in a channel pipeline.
     *
     * @return a value read back from the encoded buffer
     */
    @Benchmark
    public long encodeChannel() {
        outbound.writeOutbound(answer);
        ByteBuf out = outbound.readOutbound();
        try {
            return out.getUnsignedIntLE(FrameHeader.SIZE_OFFSET) + out.getByte(out.writerIndex() - 1);
        } finally {
            out.release();
        }
    }

    private ByteBuf received() {
        ByteBuf in = alloc.ioBuffer(requestFrame.length);
        in.writeBytes(requestFrame);
        return in;
    }
}
