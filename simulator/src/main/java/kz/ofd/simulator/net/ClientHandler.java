package kz.ofd.simulator.net;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import kz.ofd.protocol.frame.FrameRejection;
import kz.ofd.protocol.frame.KkmFrame;

/**
 * Hands decoded answers and connection events of one KKM's connections to its {@link KkmDriver}.
 */
@ChannelHandler.Sharable
final class ClientHandler extends ChannelInboundHandlerAdapter {

    private final KkmDriver driver;

    ClientHandler(KkmDriver driver) {
        this.driver = driver;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof KkmFrame frame) {
            driver.onFrame(ctx.channel(), frame);
        } else if (msg instanceof FrameRejection rejection) {
            driver.onRejection(ctx.channel(), rejection);
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        driver.onClosed(ctx.channel());
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        driver.onError(ctx.channel(), cause);
        ctx.close();
    }
}
