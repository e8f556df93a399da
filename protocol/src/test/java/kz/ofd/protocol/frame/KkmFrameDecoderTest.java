package kz.ofd.protocol.frame;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Decoder behaviour on an {@link EmbeddedChannel}. Every input buffer is allocated from the channel's (pooled,
 * leak-tracked) allocator and checked to be fully released after each test.
 */
final class KkmFrameDecoderTest {

    private static final int MAX_FRAME_SIZE = 1024;

    private final List<ByteBuf> inputs = new ArrayList<>();
    private EmbeddedChannel channel;

    @BeforeEach
    void setUp() {
        channel = new EmbeddedChannel(new KkmFrameDecoder(MAX_FRAME_SIZE));
    }

    @AfterEach
    void tearDown() {
        channel.finishAndReleaseAll();
        for (ByteBuf input : inputs) {
            assertEquals(0, input.refCnt(), "an input buffer was not released by the decoder");
        }
    }

    @Test
    void shouldDecodeOneFrameWrittenAtOnce() {
        byte[] body = body(30);
        assertTrue(channel.writeInbound(input(frameBytes(200_956L, 257_152_748L, 3, body))));
        KkmFrame frame = channel.readInbound();
        assertEquals(FrameHeader.of(203, 30, 200_956L, 257_152_748L, 3), frame.header());
        assertArrayEquals(body, frame.body());
        assertNull(channel.readInbound());
    }

    @Test
    void shouldDecodeAFrameSplitByteByByte() {
        byte[] body = body(40);
        byte[] bytes = frameBytes(7, 8, 9, body);
        for (int i = 0; i < bytes.length - 1; i++) {
            assertFalse(channel.writeInbound(input(new byte[] {bytes[i]})), "output before byte " + (i + 1));
        }
        assertTrue(channel.writeInbound(input(new byte[] {bytes[bytes.length - 1]})));
        KkmFrame frame = channel.readInbound();
        assertEquals(FrameHeader.of(203, 40, 7, 8, 9), frame.header());
        assertArrayEquals(body, frame.body());
        assertNull(channel.readInbound());
    }

    @Test
    void shouldDecodeTwoFramesFromOneBuffer() {
        byte[] first = frameBytes(1, 10, 1, body(5));
        byte[] second = frameBytes(1, 11, 2, body(12));
        assertTrue(channel.writeInbound(input(concat(first, second))));
        KkmFrame a = channel.readInbound();
        KkmFrame b = channel.readInbound();
        assertEquals(1, a.header().requestNumber());
        assertArrayEquals(body(5), a.body());
        assertEquals(2, b.header().requestNumber());
        assertArrayEquals(body(12), b.body());
        assertNull(channel.readInbound());
    }

    @Test
    void shouldDecodeAFrameWhoseEndArrivesWithTheStartOfTheNext() {
        byte[] first = frameBytes(1, 10, 1, body(20));
        byte[] second = frameBytes(1, 11, 2, body(20));
        byte[] all = concat(first, second);
        int cut = first.length - 5;
        assertFalse(channel.writeInbound(input(Arrays.copyOfRange(all, 0, cut))));
        assertTrue(channel.writeInbound(input(Arrays.copyOfRange(all, cut, first.length + 10))));
        assertEquals(1, channel.<KkmFrame>readInbound().header().requestNumber());
        assertNull(channel.readInbound());
        assertTrue(channel.writeInbound(input(Arrays.copyOfRange(all, first.length + 10, all.length))));
        assertEquals(2, channel.<KkmFrame>readInbound().header().requestNumber());
    }

    @Test
    void shouldDecodeAFrameWithAnEmptyBody() {
        assertTrue(channel.writeInbound(input(frameBytes(5, 6, 7, new byte[0]))));
        KkmFrame frame = channel.readInbound();
        assertEquals(18, frame.header().size());
        assertEquals(0, frame.body().length);
    }

    @Test
    void shouldAcceptAFrameOfExactlyTheMaximumSize() {
        byte[] body = body(MAX_FRAME_SIZE - FrameHeader.LENGTH);
        assertTrue(channel.writeInbound(input(frameBytes(1, 1, 1, body))));
        assertArrayEquals(body, channel.<KkmFrame>readInbound().body());
    }

    @Test
    void shouldRejectGarbageOnceAndDiscardEverythingAfterIt() {
        byte[] garbage = "GET / HTTP/1.1\r\nHost: ofd\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        assertTrue(garbage.length >= FrameHeader.LENGTH);
        assertTrue(channel.writeInbound(input(concat(garbage, frameBytes(1, 1, 1, body(3))))));
        FrameRejection rejection = channel.readInbound();
        assertEquals(FrameError.WRONG_APP_CODE, rejection.error());
        assertEquals('G' | 'E' << 8, rejection.header().appCode());
        assertNull(channel.readInbound());

        assertFalse(channel.writeInbound(input(frameBytes(1, 1, 2, body(3)))));
        assertFalse(channel.writeInbound(input(frameBytes(1, 1, 3, body(0)))));
        assertFalse(channel.finish());
        assertTrue(channel.inboundMessages().isEmpty());
    }

    @Test
    void shouldRejectWrongAppCodeAsSoonAsEighteenBytesArrive() {
        byte[] zeros = new byte[FrameHeader.LENGTH];
        assertFalse(channel.writeInbound(input(Arrays.copyOf(zeros, FrameHeader.LENGTH - 1))));
        assertTrue(channel.writeInbound(input(new byte[1])));
        assertEquals(FrameError.WRONG_APP_CODE, channel.<FrameRejection>readInbound().error());
        assertNull(channel.readInbound());
    }

    @Test
    void shouldEmitAFrameBeforeTheRejectionOfGarbageThatFollowsIt() {
        byte[] garbage = new byte[25];
        Arrays.fill(garbage, (byte) 0x55);
        assertTrue(channel.writeInbound(input(concat(frameBytes(1, 1, 1, body(4)), garbage))));
        assertInstanceOf(KkmFrame.class, channel.readInbound());
        assertEquals(FrameError.WRONG_APP_CODE, channel.<FrameRejection>readInbound().error());
        assertNull(channel.readInbound());
    }

    @Test
    void shouldRejectSizeBelowTheHeaderLength() {
        FrameHeader header = new FrameHeader(FrameHeader.APP_CODE, 203, 17, 1, 2, 3);
        assertTrue(channel.writeInbound(input(headerBytes(header))));
        FrameRejection rejection = channel.readInbound();
        assertEquals(new FrameRejection(header, FrameError.SIZE_BELOW_HEADER), rejection);
        assertNull(channel.readInbound());
    }

    @Test
    void shouldRejectSizeZero() {
        FrameHeader header = new FrameHeader(FrameHeader.APP_CODE, 203, 0, 1, 2, 3);
        assertTrue(channel.writeInbound(input(concat(headerBytes(header), body(10)))));
        assertEquals(FrameError.SIZE_BELOW_HEADER, channel.<FrameRejection>readInbound().error());
    }

    @Test
    void shouldRejectSizeAboveTheLimitFromTheHeaderAlone() {
        FrameHeader header = new FrameHeader(FrameHeader.APP_CODE, 203, FrameHeader.MAX_U32, 1, 2, 3);
        assertTrue(channel.writeInbound(input(headerBytes(header))));
        FrameRejection rejection = channel.readInbound();
        assertEquals(FrameError.SIZE_ABOVE_LIMIT, rejection.error());
        assertEquals(0xFFFF_FFFFL, rejection.header().size());
        assertNull(channel.readInbound());
        assertFalse(channel.writeInbound(input(body(100))));
    }

    @Test
    void shouldRejectSizeOneAboveTheLimit() {
        FrameHeader header = new FrameHeader(FrameHeader.APP_CODE, 203, MAX_FRAME_SIZE + 1, 1, 2, 3);
        assertTrue(channel.writeInbound(input(headerBytes(header))));
        assertEquals(FrameError.SIZE_ABOVE_LIMIT, channel.<FrameRejection>readInbound().error());
    }

    @Test
    void shouldRejectATruncatedFrameWhenInputCloses() {
        byte[] bytes = frameBytes(200_956L, 257_152_748L, 3, body(30));
        assertFalse(channel.writeInbound(input(Arrays.copyOf(bytes, FrameHeader.LENGTH + 10))));
        assertTrue(channel.finish());
        FrameRejection rejection = channel.readInbound();
        assertEquals(FrameError.TRUNCATED, rejection.error());
        assertEquals(FrameHeader.of(203, 30, 200_956L, 257_152_748L, 3), rejection.header());
        assertNull(channel.readInbound());
    }

    @Test
    void shouldRejectAHeaderWithoutItsBodyWhenInputCloses() {
        byte[] bytes = frameBytes(1, 2, 3, body(1));
        assertFalse(channel.writeInbound(input(Arrays.copyOf(bytes, FrameHeader.LENGTH))));
        assertTrue(channel.finish());
        assertEquals(FrameError.TRUNCATED, channel.<FrameRejection>readInbound().error());
    }

    @Test
    void shouldEmitTheCompleteFrameAndThenTruncatedWhenInputCloses() {
        byte[] whole = frameBytes(1, 2, 3, body(4));
        byte[] partial = Arrays.copyOf(frameBytes(1, 2, 4, body(10)), 20);
        assertTrue(channel.writeInbound(input(concat(whole, partial))));
        assertEquals(3, channel.<KkmFrame>readInbound().header().requestNumber());
        assertTrue(channel.finish());
        FrameRejection rejection = channel.readInbound();
        assertEquals(FrameError.TRUNCATED, rejection.error());
        assertEquals(4, rejection.header().requestNumber());
    }

    @Test
    void shouldEmitNothingWhenFewerThanEighteenBytesPrecedeTheClose() {
        byte[] bytes = frameBytes(1, 2, 3, body(4));
        assertFalse(channel.writeInbound(input(Arrays.copyOf(bytes, FrameHeader.LENGTH - 1))));
        assertFalse(channel.finish());
        assertNull(channel.readInbound());
    }

    @Test
    void shouldEmitNothingWhenInputClosesCleanlyBetweenFrames() {
        assertTrue(channel.writeInbound(input(frameBytes(1, 2, 3, body(4)))));
        assertInstanceOf(KkmFrame.class, channel.readInbound());
        assertFalse(channel.finish());
        assertNull(channel.readInbound());
    }

    @Test
    void shouldRefuseAMaximumBelowTheHeaderLength() {
        assertThrows(IllegalArgumentException.class, () -> new KkmFrameDecoder(FrameHeader.LENGTH - 1));
    }

    @Test
    void shouldAcceptOnlyEmptyBodiesWithTheSmallestMaximum() {
        EmbeddedChannel small = new EmbeddedChannel(new KkmFrameDecoder(FrameHeader.LENGTH));
        try {
            ByteBuf empty = small.alloc().buffer().writeBytes(frameBytes(1, 1, 1, new byte[0]));
            ByteBuf oneByte = small.alloc().buffer().writeBytes(frameBytes(1, 1, 2, new byte[1]));
            inputs.add(empty);
            inputs.add(oneByte);
            assertTrue(small.writeInbound(empty));
            assertInstanceOf(KkmFrame.class, small.readInbound());
            assertTrue(small.writeInbound(oneByte));
            assertEquals(FrameError.SIZE_ABOVE_LIMIT, small.<FrameRejection>readInbound().error());
        } finally {
            small.finishAndReleaseAll();
        }
    }

    @Test
    void shouldRoundTripThroughTheEncoder() {
        KkmFrame frame = new KkmFrame(FrameHeader.of(203, 7, 42, 43, 44), body(7));
        EmbeddedChannel encoder = new EmbeddedChannel(KkmFrameEncoder.INSTANCE);
        try {
            assertTrue(encoder.writeOutbound(frame));
            ByteBuf encoded = encoder.readOutbound();
            inputs.add(encoded);
            assertTrue(channel.writeInbound(encoded));
            KkmFrame decoded = channel.readInbound();
            assertEquals(frame.header(), decoded.header());
            assertArrayEquals(frame.body(), decoded.body());
        } finally {
            encoder.finishAndReleaseAll();
        }
    }

    private ByteBuf input(byte[] bytes) {
        ByteBuf buf = channel.alloc().buffer(bytes.length);
        buf.writeBytes(bytes);
        inputs.add(buf);
        return buf;
    }

    static byte[] frameBytes(long kkmId, long token, int requestNumber, byte[] body) {
        return concat(headerBytes(FrameHeader.of(203, body.length, kkmId, token, requestNumber)), body);
    }

    static byte[] headerBytes(FrameHeader header) {
        byte[] out = new byte[FrameHeader.LENGTH];
        FrameHeaderCodec.encode(header, out);
        return out;
    }

    static byte[] body(int length) {
        byte[] body = new byte[length];
        for (int i = 0; i < length; i++) {
            body[i] = (byte) (i * 31 + 7);
        }
        return body;
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
