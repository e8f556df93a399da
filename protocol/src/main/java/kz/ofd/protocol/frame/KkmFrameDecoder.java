package kz.ofd.protocol.frame;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;

import java.util.List;

/**
 * Splits a TCP byte stream into {@link KkmFrame}s. Never allocates more than {@code maxFrameSize} for one frame,
 * whatever SIZE claims. On a framing error it emits one {@link FrameRejection} and discards everything after it,
 * so the handler can answer {@code PROTOCOL_ERROR} and close. Used by the server and, unchanged, by clients.
 * One instance per channel (not sharable); runs on the channel's event loop.
 */
public final class KkmFrameDecoder extends ByteToMessageDecoder {

    private final int maxFrameSize;
    private boolean failed;

    /**
     * @param maxFrameSize largest accepted SIZE (header included), at least 18
     */
    public KkmFrameDecoder(int maxFrameSize) {
        if (maxFrameSize < FrameHeader.LENGTH) {
            throw new IllegalArgumentException("maxFrameSize must be >= " + FrameHeader.LENGTH + ": " + maxFrameSize);
        }
        this.maxFrameSize = maxFrameSize;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        if (in.readableBytes() < FrameHeader.LENGTH) {
            return;
        }
        FrameHeader header = FrameHeaderCodec.decode(in, in.readerIndex());
        FrameError error = FrameHeaderCodec.check(header, maxFrameSize);
        if (error != null) {
            fail(in, out, header, error);
            return;
        }
        if (in.readableBytes() < header.size()) {
            return;
        }
        in.skipBytes(FrameHeader.LENGTH);
        byte[] body = new byte[(int) header.bodyLength()];
        in.readBytes(body);
        out.add(new KkmFrame(header, body));
    }

    @Override
    protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
        decode(ctx, in, out);
        if (!failed && in.readableBytes() >= FrameHeader.LENGTH) {
            fail(in, out, FrameHeaderCodec.decode(in, in.readerIndex()), FrameError.TRUNCATED);
        }
    }

    private void fail(ByteBuf in, List<Object> out, FrameHeader header, FrameError error) {
        failed = true;
        in.skipBytes(in.readableBytes());
        out.add(new FrameRejection(header, error));
    }
}
