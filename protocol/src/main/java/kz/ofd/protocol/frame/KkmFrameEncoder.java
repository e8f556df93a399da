package kz.ofd.protocol.frame;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;

/**
 * Writes a {@link KkmFrame} as header plus body. Stateless and sharable; encoding happens on the channel's event
 * loop, so threads outside Netty can simply {@code writeAndFlush} a frame.
 */
@ChannelHandler.Sharable
public final class KkmFrameEncoder extends MessageToByteEncoder<KkmFrame> {

    /** The shared instance. */
    public static final KkmFrameEncoder INSTANCE = new KkmFrameEncoder();

    private KkmFrameEncoder() {
        super(KkmFrame.class);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, KkmFrame frame, ByteBuf out) {
        FrameHeaderCodec.encode(frame.header(), out);
        out.writeBytes(frame.body());
    }

    @Override
    protected ByteBuf allocateBuffer(ChannelHandlerContext ctx, KkmFrame frame, boolean preferDirect) {
        int size = FrameHeader.LENGTH + frame.body().length;
        return preferDirect ? ctx.alloc().ioBuffer(size) : ctx.alloc().heapBuffer(size);
    }
}
