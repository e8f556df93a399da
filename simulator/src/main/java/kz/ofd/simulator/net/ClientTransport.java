package kz.ofd.simulator.net;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import kz.ofd.protocol.frame.KkmFrameDecoder;
import kz.ofd.protocol.frame.KkmFrameEncoder;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The Netty client side shared by all virtual KKMs: one event-loop group (epoll when available, else NIO) and
 * bootstraps that put the KKM frame codec in front of a KKM's handler.
 */
public final class ClientTransport implements AutoCloseable {

    /** Largest answer frame accepted (1 MiB). */
    public static final int MAX_FRAME_SIZE = 1 << 20;

    private static final long SHUTDOWN_TIMEOUT_SECONDS = 5;

    private final MultiThreadIoEventLoopGroup group;
    private final Class<? extends Channel> channelType;
    private final InetSocketAddress target;
    private final int connectTimeoutMillis;
    private final boolean epoll;

    /**
     * @param target         resolved server address
     * @param connectTimeout connect timeout
     * @param threads        event-loop threads
     */
    public ClientTransport(InetSocketAddress target, Duration connectTimeout, int threads) {
        this.epoll = Epoll.isAvailable();
        this.group = new MultiThreadIoEventLoopGroup(threads, epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        this.channelType = epoll ? EpollSocketChannel.class : NioSocketChannel.class;
        this.target = target;
        this.connectTimeoutMillis = (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis());
    }

    /**
     * @return the event loop for the next KKM (round robin)
     */
    public EventLoop nextLoop() {
        return group.next();
    }

    /**
     * A bootstrap whose connections all live on {@code loop}, so one KKM's callbacks never run concurrently.
     *
     * @param loop    the KKM's event loop
     * @param handler the KKM's (sharable) handler, placed after the frame decoder and encoder
     * @return the bootstrap; call {@code connect()} for each connection
     */
    public Bootstrap bootstrap(EventLoop loop, ChannelHandler handler) {
        return new Bootstrap()
            .group(loop)
            .channel(channelType)
            .remoteAddress(target)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectTimeoutMillis)
            .option(ChannelOption.TCP_NODELAY, true)
            .handler(new ChannelInitializer<Channel>() {
                @Override
                protected void initChannel(Channel ch) {
                    ch.pipeline().addLast(new KkmFrameDecoder(MAX_FRAME_SIZE), KkmFrameEncoder.INSTANCE, handler);
                }
            });
    }

    /**
     * @return {@code epoll} or {@code nio}
     */
    public String transportName() {
        return epoll ? "epoll" : "nio";
    }

    /**
     * Closes every connection and stops the event loops (bounded wait).
     */
    @Override
    public void close() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(SHUTDOWN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }
}
