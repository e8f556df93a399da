package kz.ofd.engine.server;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.EventExecutor;
import kz.ofd.engine.pipeline.Pipeline;
import kz.ofd.protocol.frame.KkmFrameDecoder;
import kz.ofd.protocol.frame.KkmFrameEncoder;

import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The KKM port: Netty with epoll when the native transport is available (NIO otherwise, or when asked).
 * {@link #start} binds, {@link #close} stops accepting and closes connections.
 */
public final class KkmServer implements AutoCloseable {

    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final Class<? extends ServerChannel> channelType;
    private final String transport;
    private final String host;
    private final int port;
    private final int maxFrameSize;
    private final long idleTimeoutMillis;
    private final Pipeline pipeline;
    private final ServerStats stats;
    private final Map<EventExecutor, ReplyQueue> replyQueues = new ConcurrentHashMap<>();
    private Channel serverChannel;

    /**
     * @param host              address to bind
     * @param port              port (0 = ephemeral)
     * @param ioThreads         I/O threads
     * @param useEpoll          use epoll if available
     * @param maxFrameSize      largest accepted frame, header included
     * @param idleTimeoutMillis close connections idle this long
     * @param pipeline          where requests go
     * @param stats             connection metrics
     */
    public KkmServer(String host, int port, int ioThreads, boolean useEpoll, int maxFrameSize, long idleTimeoutMillis,
                     Pipeline pipeline, ServerStats stats) {
        boolean epoll = useEpoll && Epoll.isAvailable();
        IoHandlerFactory factory = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        this.boss = new MultiThreadIoEventLoopGroup(1, factory);
        this.workers = new MultiThreadIoEventLoopGroup(ioThreads, factory);
        this.channelType = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        this.transport = epoll ? "epoll" : "nio";
        this.host = host;
        this.port = port;
        this.maxFrameSize = maxFrameSize;
        this.idleTimeoutMillis = idleTimeoutMillis;
        this.pipeline = pipeline;
        this.stats = stats;
    }

    /**
     * Binds the port.
     *
     * @return the bound port
     * @throws InterruptedException if interrupted while binding
     */
    public int start() throws InterruptedException {
        ServerBootstrap b = new ServerBootstrap()
            .group(boss, workers)
            .channel(channelType)
            .option(ChannelOption.SO_BACKLOG, 4096)
            .option(ChannelOption.SO_REUSEADDR, true)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
            .childHandler(new ChannelInitializer<SocketChannel>() {
                @Override
                protected void initChannel(SocketChannel ch) {
                    ch.pipeline()
                        .addLast("idle", new IdleStateHandler(0, 0, idleTimeoutMillis, TimeUnit.MILLISECONDS))
                        .addLast("decoder", new KkmFrameDecoder(maxFrameSize))
                        .addLast("encoder", KkmFrameEncoder.INSTANCE)
                        .addLast("handler", new KkmConnectionHandler(pipeline, stats, replyQueues));
                }
            });
        serverChannel = b.bind(host, port).sync().channel();
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    /**
     * @return "epoll" or "nio"
     */
    public String transport() {
        return transport;
    }

    /**
     * Stops accepting connections (existing ones keep being served until {@link #close}).
     */
    public void stopAccepting() {
        if (serverChannel != null) {
            serverChannel.close().syncUninterruptibly();
        }
    }

    @Override
    public void close() {
        stopAccepting();
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
