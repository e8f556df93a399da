package kz.ofd.simulator;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import kz.ofd.protocol.frame.FrameHeader;
import kz.ofd.protocol.frame.KkmFrame;
import kz.ofd.protocol.frame.KkmFrameDecoder;
import kz.ofd.protocol.frame.KkmFrameEncoder;

import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The benchmark's ceiling server in miniature: answers every frame it decodes with one and the same frame,
 * whatever the request was (fixed header, fixed body).
 */
final class FixedAnswerServer implements AutoCloseable {

    /** Token in the fixed answer's header. */
    static final long TOKEN = 777_777L;

    private final MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final AtomicLong frames = new AtomicLong();
    private final Channel server;

    FixedAnswerServer(byte[] body) {
        KkmFrame answer = new KkmFrame(FrameHeader.of(203, body.length, 1, TOKEN, 1), body);
        this.server = new ServerBootstrap()
            .group(group)
            .channel(NioServerSocketChannel.class)
            .childHandler(new ChannelInitializer<Channel>() {
                @Override
                protected void initChannel(Channel ch) {
                    ch.pipeline().addLast(new KkmFrameDecoder(1 << 20), KkmFrameEncoder.INSTANCE,
                        new SimpleChannelInboundHandler<Object>() {
                            @Override
                            protected void channelRead0(ChannelHandlerContext ctx, Object msg) {
                                frames.incrementAndGet();
                                ctx.writeAndFlush(answer);
                            }

                            @Override
                            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                                ctx.close();
                            }
                        });
                }
            })
            .bind(new InetSocketAddress("127.0.0.1", 0))
            .syncUninterruptibly()
            .channel();
    }

    int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    long frames() {
        return frames.get();
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
