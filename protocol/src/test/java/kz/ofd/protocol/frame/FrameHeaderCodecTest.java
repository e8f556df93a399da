package kz.ofd.protocol.frame;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.HexFormat;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

final class FrameHeaderCodecTest {

    /** protocol-facts §1.2: version 203, 30-byte body, ID 200956, token 257152748, REQNUM 3. */
    private static final byte[] WORKED_EXAMPLE = HexFormat.ofDelimiter(" ")
        .parseHex("a2 81 cb 00 30 00 00 00 fc 10 03 00 ec d6 53 0f 03 00");
    private static final FrameHeader WORKED_HEADER = FrameHeader.of(203, 30, 200_956L, 257_152_748L, 3);

    private static final FrameHeader EXTREMES = new FrameHeader(FrameHeader.APP_CODE, FrameHeader.MAX_U16,
        FrameHeader.MAX_U32, FrameHeader.MAX_U32, FrameHeader.MAX_U32, FrameHeader.MAX_U16);

    @Test
    void shouldBuildTheWorkedExampleHeader() {
        assertEquals(new FrameHeader(0x81A2, 203, 48, 200_956L, 257_152_748L, 3), WORKED_HEADER);
        assertEquals(30, WORKED_HEADER.bodyLength());
    }

    @Test
    void shouldEncodeTheWorkedExampleIntoAByteArray() {
        byte[] out = new byte[FrameHeader.LENGTH];
        FrameHeaderCodec.encode(WORKED_HEADER, out);
        assertArrayEquals(WORKED_EXAMPLE, out);
    }

    @Test
    void shouldDecodeTheWorkedExampleFromAByteArray() {
        assertEquals(WORKED_HEADER, FrameHeaderCodec.decode(WORKED_EXAMPLE));
    }

    @Test
    void shouldEncodeTheWorkedExampleIntoAByteBufAtTheWriterIndex() {
        ByteBuf buf = Unpooled.buffer();
        try {
            buf.writeByte(0x7F);
            FrameHeaderCodec.encode(WORKED_HEADER, buf);
            assertEquals(1 + FrameHeader.LENGTH, buf.writerIndex());
            byte[] written = new byte[FrameHeader.LENGTH];
            buf.getBytes(1, written);
            assertArrayEquals(WORKED_EXAMPLE, written);
        } finally {
            buf.release();
        }
    }

    @Test
    void shouldDecodeTheWorkedExampleFromAByteBufWithoutMovingTheReaderIndex() {
        ByteBuf buf = Unpooled.buffer();
        try {
            buf.writeBytes(new byte[] {1, 2, 3});
            buf.writeBytes(WORKED_EXAMPLE);
            assertEquals(WORKED_HEADER, FrameHeaderCodec.decode(buf, 3));
            assertEquals(0, buf.readerIndex());
            assertEquals(3 + FrameHeader.LENGTH, buf.writerIndex());
        } finally {
            buf.release();
        }
    }

    @Test
    void shouldRoundTripUnsignedExtremesThroughAByteArray() {
        byte[] out = new byte[FrameHeader.LENGTH];
        FrameHeaderCodec.encode(EXTREMES, out);
        byte[] expected = HexFormat.ofDelimiter(" ")
            .parseHex("a2 81 ff ff ff ff ff ff ff ff ff ff ff ff ff ff ff ff");
        assertArrayEquals(expected, out);
        assertEquals(EXTREMES, FrameHeaderCodec.decode(out));
    }

    @Test
    void shouldRoundTripUnsignedExtremesThroughAByteBuf() {
        ByteBuf buf = Unpooled.buffer();
        try {
            FrameHeaderCodec.encode(EXTREMES, buf);
            FrameHeader decoded = FrameHeaderCodec.decode(buf, 0);
            assertEquals(EXTREMES, decoded);
            assertEquals(0xFFFF_FFFFL, decoded.token());
            assertEquals(0xFFFF_FFFFL, decoded.kkmId());
            assertEquals(65_535, decoded.requestNumber());
        } finally {
            buf.release();
        }
    }

    @Test
    void shouldRoundTripTokensAboveTwoToTheThirtyOne() {
        FrameHeader header = FrameHeader.of(203, 0, 4_000_000_001L, 2_376_246_852L, 0x8000);
        byte[] out = new byte[FrameHeader.LENGTH];
        FrameHeaderCodec.encode(header, out);
        assertEquals(header, FrameHeaderCodec.decode(out));
    }

    @Test
    void shouldRefuseToDecodeFewerThanEighteenBytes() {
        assertThrows(IllegalArgumentException.class, () -> FrameHeaderCodec.decode(new byte[FrameHeader.LENGTH - 1]));
    }

    static Stream<Arguments> outOfRange() {
        long u32 = FrameHeader.MAX_U32;
        int u16 = FrameHeader.MAX_U16;
        return Stream.of(
            Arguments.of("appCode -1", -1, 203, 18L, 1L, 1L, 1),
            Arguments.of("appCode 65536", u16 + 1, 203, 18L, 1L, 1L, 1),
            Arguments.of("version -1", FrameHeader.APP_CODE, -1, 18L, 1L, 1L, 1),
            Arguments.of("version 65536", FrameHeader.APP_CODE, u16 + 1, 18L, 1L, 1L, 1),
            Arguments.of("size -1", FrameHeader.APP_CODE, 203, -1L, 1L, 1L, 1),
            Arguments.of("size 2^32", FrameHeader.APP_CODE, 203, u32 + 1, 1L, 1L, 1),
            Arguments.of("kkmId -1", FrameHeader.APP_CODE, 203, 18L, -1L, 1L, 1),
            Arguments.of("kkmId 2^32", FrameHeader.APP_CODE, 203, 18L, u32 + 1, 1L, 1),
            Arguments.of("token -1", FrameHeader.APP_CODE, 203, 18L, 1L, -1L, 1),
            Arguments.of("token 2^32", FrameHeader.APP_CODE, 203, 18L, 1L, u32 + 1, 1),
            Arguments.of("requestNumber -1", FrameHeader.APP_CODE, 203, 18L, 1L, 1L, -1),
            Arguments.of("requestNumber 65536", FrameHeader.APP_CODE, 203, 18L, 1L, 1L, u16 + 1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("outOfRange")
    void shouldRejectOutOfRangeValuesInTheConstructor(String label, int appCode, int version, long size, long kkmId,
                                                      long token, int requestNumber) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> new FrameHeader(appCode, version, size, kkmId, token, requestNumber));
        assertEquals(label.substring(0, label.indexOf(' ')), e.getMessage().substring(0, e.getMessage().indexOf(' ')));
    }

    @Test
    void shouldAcceptZeroInEveryField() {
        FrameHeader zero = new FrameHeader(0, 0, 0, 0, 0, 0);
        assertEquals(-FrameHeader.LENGTH, zero.bodyLength());
    }

    @Test
    void shouldEchoAppCodeVersionIdAndRequestNumberInTheAnswer() {
        FrameHeader answer = WORKED_HEADER.answer(100, 0xFFFF_FFFFL);
        assertEquals(FrameHeader.APP_CODE, answer.appCode());
        assertEquals(203, answer.version());
        assertEquals(200_956L, answer.kkmId());
        assertEquals(3, answer.requestNumber());
        assertEquals(118, answer.size());
        assertEquals(100, answer.bodyLength());
        assertEquals(0xFFFF_FFFFL, answer.token());
    }

    @Test
    void shouldEchoTheRequestVersionEvenWhenItIsNot203() {
        FrameHeader request = FrameHeader.of(204, 5, FrameHeader.MAX_U32, 1, FrameHeader.MAX_U16);
        FrameHeader answer = request.answer(0, 77);
        assertEquals(new FrameHeader(FrameHeader.APP_CODE, 204, 18, FrameHeader.MAX_U32, 77, FrameHeader.MAX_U16), answer);
    }

    @Test
    void shouldKeepTheSameTokenWhenTheAnswerDoesNotRotateIt() {
        assertEquals(WORKED_HEADER, WORKED_HEADER.answer(30, WORKED_HEADER.token()));
    }

    static Stream<Arguments> checks() {
        return Stream.of(
            Arguments.of(new FrameHeader(0x81A3, 203, 48, 1, 1, 1), 1024, FrameError.WRONG_APP_CODE),
            Arguments.of(new FrameHeader(0xA281, 203, 48, 1, 1, 1), 1024, FrameError.WRONG_APP_CODE),
            Arguments.of(new FrameHeader(0, 203, 0, 1, 1, 1), 1024, FrameError.WRONG_APP_CODE),
            Arguments.of(new FrameHeader(FrameHeader.APP_CODE, 203, 0, 1, 1, 1), 1024, FrameError.SIZE_BELOW_HEADER),
            Arguments.of(new FrameHeader(FrameHeader.APP_CODE, 203, 17, 1, 1, 1), 1024, FrameError.SIZE_BELOW_HEADER),
            Arguments.of(new FrameHeader(FrameHeader.APP_CODE, 203, 1025, 1, 1, 1), 1024, FrameError.SIZE_ABOVE_LIMIT),
            Arguments.of(new FrameHeader(FrameHeader.APP_CODE, 203, FrameHeader.MAX_U32, 1, 1, 1), Integer.MAX_VALUE,
                FrameError.SIZE_ABOVE_LIMIT),
            Arguments.of(new FrameHeader(FrameHeader.APP_CODE, 203, 18, 1, 1, 1), 1024, null),
            Arguments.of(new FrameHeader(FrameHeader.APP_CODE, 203, 1024, 1, 1, 1), 1024, null),
            Arguments.of(new FrameHeader(FrameHeader.APP_CODE, 0, 48, 0, 0, 0), 1024, null),
            Arguments.of(WORKED_HEADER, 48, null));
    }

    @ParameterizedTest
    @MethodSource("checks")
    void shouldCheckAppCodeAndSizeAgainstTheLimit(FrameHeader header, int maxFrameSize, FrameError expected) {
        assertEquals(expected, FrameHeaderCodec.check(header, maxFrameSize));
    }

    @Test
    void shouldReportTheAppCodeBeforeTheSize() {
        assertEquals(FrameError.WRONG_APP_CODE, FrameHeaderCodec.check(new FrameHeader(1, 203, 0, 1, 1, 1), 1024));
    }

    @Test
    void shouldReturnNullForAValidHeader() {
        assertNull(FrameHeaderCodec.check(WORKED_HEADER, 1024));
    }
}
