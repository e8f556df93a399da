package kz.ofd.protocol.frame;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

final class KkmFrameEncoderTest {

    @Test
    void shouldWriteHeaderThenBodyExactly() {
        byte[] body = KkmFrameDecoderTest.body(30);
        KkmFrame frame = new KkmFrame(FrameHeader.of(203, 30, 200_956L, 257_152_748L, 3), body);
        EmbeddedChannel channel = new EmbeddedChannel(KkmFrameEncoder.INSTANCE);
        try {
            assertTrue(channel.writeOutbound(frame));
            ByteBuf out = channel.readOutbound();
            try {
                byte[] expected = KkmFrameDecoderTest.concat(
                    HexFormat.ofDelimiter(" ").parseHex("a2 81 cb 00 30 00 00 00 fc 10 03 00 ec d6 53 0f 03 00"), body);
                assertArrayEquals(expected, ByteBufUtil.getBytes(out));
                assertEquals(48, out.readableBytes());
            } finally {
                out.release();
            }
            assertNull(channel.readOutbound());
        } finally {
            channel.finishAndReleaseAll();
        }
    }

    @Test
    void shouldWriteAnEmptyBodyAsTheHeaderAlone() {
        KkmFrame frame = new KkmFrame(FrameHeader.of(203, 0, 1, 2, 3), new byte[0]);
        EmbeddedChannel channel = new EmbeddedChannel(KkmFrameEncoder.INSTANCE);
        try {
            assertTrue(channel.writeOutbound(frame));
            ByteBuf out = channel.readOutbound();
            try {
                assertArrayEquals(KkmFrameDecoderTest.headerBytes(frame.header()), ByteBufUtil.getBytes(out));
            } finally {
                out.release();
            }
        } finally {
            channel.finishAndReleaseAll();
        }
    }

    @Test
    void shouldWriteUnsignedExtremes() {
        FrameHeader header = new FrameHeader(FrameHeader.APP_CODE, 203, 19, FrameHeader.MAX_U32, FrameHeader.MAX_U32,
            FrameHeader.MAX_U16);
        KkmFrame frame = new KkmFrame(header, new byte[] {0x42});
        EmbeddedChannel channel = new EmbeddedChannel(KkmFrameEncoder.INSTANCE);
        try {
            assertTrue(channel.writeOutbound(frame));
            ByteBuf out = channel.readOutbound();
            try {
                assertEquals(header, FrameHeaderCodec.decode(out, out.readerIndex()));
                assertEquals(0x42, out.getByte(out.readerIndex() + FrameHeader.LENGTH));
            } finally {
                out.release();
            }
        } finally {
            channel.finishAndReleaseAll();
        }
    }

    @Test
    void shouldBeSharableBetweenChannels() {
        EmbeddedChannel a = new EmbeddedChannel(KkmFrameEncoder.INSTANCE);
        EmbeddedChannel b = new EmbeddedChannel(KkmFrameEncoder.INSTANCE);
        try {
            assertSame(a.pipeline().first(), b.pipeline().first());
            assertTrue(a.writeOutbound(new KkmFrame(FrameHeader.of(203, 0, 1, 1, 1), new byte[0])));
            assertTrue(b.writeOutbound(new KkmFrame(FrameHeader.of(203, 0, 2, 2, 2), new byte[0])));
        } finally {
            a.finishAndReleaseAll();
            b.finishAndReleaseAll();
        }
    }

    @Test
    void shouldRefuseAFrameWhoseBodyDisagreesWithSize() {
        FrameHeader header = FrameHeader.of(203, 5, 1, 1, 1);
        assertThrows(IllegalArgumentException.class, () -> new KkmFrame(header, new byte[4]));
    }
}
