package kz.ofd.benchmarks.e2e;

import com.google.protobuf.ByteString;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
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
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.util.ReferenceCountUtil;
import kz.ofd.protocol.frame.FrameHeader;
import kz.ofd.protocol.frame.FrameHeaderCodec;
import kz.ofd.protocol.proto.CommandTypeEnum;
import kz.ofd.protocol.proto.Response;
import kz.ofd.protocol.proto.Result;
import kz.ofd.protocol.proto.TicketResponse;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * The ceiling of {@code ofd bench}: a Netty server that does nothing per frame but answer it. Frames are cut by a
 * {@link LengthFieldBasedFrameDecoder} on the 18-byte header's SIZE field (which counts the header too), and every
 * frame is answered with the same pre-encoded frame: a {@code Response} to a ticket with result 0, a fiscal sign
 * and a QR URL, the shape and size of the answer the OFD server sends for a ticket. Epoll when available, like the
 * engine's {@code KkmServer}.
 *
 * <p>Run as a child process ({@link #main}): prints {@value #READY} with the port, then answers lines on stdin:
 * {@value #STATS_COMMAND} prints {@code stats allocated_bytes=N} (bytes allocated by all live threads of this JVM,
 * from {@code com.sun.management.ThreadMXBean}); end of stdin stops the server.
 */
public final class EchoServer implements AutoCloseable {

    /** Start of the line printed once the port listens. */
    public static final String READY = "echo server listening";
    /** The stdin line that asks for the allocation counter. */
    public static final String STATS_COMMAND = "stats";
    /** Start of the answer to {@value #STATS_COMMAND}. */
    public static final String STATS_PREFIX = "stats allocated_bytes=";

    private static final int MAX_FRAME = 1 << 20;
    private static final int SIZE_FIELD_END = FrameHeader.SIZE_OFFSET + 4;
    private static final long ANSWER_KKM_ID = 1_000_001L;
    private static final long ANSWER_TOKEN = 3_141_592_653L;
    private static final long FISCAL_SIGN = 412_345_678_901L;

    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final Class<? extends ServerChannel> channelType;
    private final String transport;
    private final ByteBuf answer;
    private Channel serverChannel;

    /**
     * @param ioThreads I/O threads
     */
    public EchoServer(int ioThreads) {
        boolean epoll = Epoll.isAvailable();
        IoHandlerFactory factory = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        this.boss = new MultiThreadIoEventLoopGroup(1, factory);
        this.workers = new MultiThreadIoEventLoopGroup(ioThreads, factory);
        this.channelType = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        this.transport = epoll ? "epoll" : "nio";
        this.answer = Unpooled.unreleasableBuffer(Unpooled.directBuffer().writeBytes(answerFrame()));
    }

    /**
     * The fixed answer: a 2.0.3 header and the body of an accepted ticket's {@code Response}.
     *
     * @return the whole frame
     */
    public static byte[] answerFrame() {
        String qr = "http://localhost:8080/check?i=" + FISCAL_SIGN + "&f=620312345678&s=12345.67&t=20261123T120000";
        byte[] body = Response.newBuilder()
            .setCommand(CommandTypeEnum.COMMAND_TICKET)
            .setResult(Result.newBuilder().setResultCode(0))
            .setTicket(TicketResponse.newBuilder()
                .setTicketNumber(Long.toString(FISCAL_SIGN))
                .setQrCode(ByteString.copyFrom(qr, StandardCharsets.UTF_8)))
            .build().toByteArray();
        byte[] frame = new byte[FrameHeader.LENGTH + body.length];
        FrameHeaderCodec.encode(FrameHeader.of(203, body.length, ANSWER_KKM_ID, ANSWER_TOKEN, 1), frame);
        System.arraycopy(body, 0, frame, FrameHeader.LENGTH, body.length);
        return frame;
    }

    /**
     * Binds 127.0.0.1.
     *
     * @param port port, 0 for any free one
     * @return the bound port
     * @throws InterruptedException if interrupted while binding
     */
    public int start(int port) throws InterruptedException {
        ChannelHandler answering = new Answering(answer);
        ServerBootstrap b = new ServerBootstrap()
            .group(boss, workers)
            .channel(channelType)
            .option(ChannelOption.SO_BACKLOG, 4096)
            .option(ChannelOption.SO_REUSEADDR, true)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childHandler(new ChannelInitializer<SocketChannel>() {
                @Override
                protected void initChannel(SocketChannel ch) {
                    ch.pipeline()
                        .addLast("frames", new LengthFieldBasedFrameDecoder(ByteOrder.LITTLE_ENDIAN, MAX_FRAME,
                            FrameHeader.SIZE_OFFSET, 4, -SIZE_FIELD_END, 0, true))
                        .addLast("answer", answering);
                }
            });
        serverChannel = b.bind("127.0.0.1", port).sync().channel();
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    /**
     * @return "epoll" or "nio"
     */
    public String transport() {
        return transport;
    }

    /**
     * @return bytes of the answer frame
     */
    public int answerBytes() {
        return answer.readableBytes();
    }

    @Override
    public void close() {
        if (serverChannel != null) {
            serverChannel.close().syncUninterruptibly();
        }
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /**
     * @return bytes allocated so far by all live threads of this JVM
     */
    public static long allocatedBytes() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long total = 0;
        for (long a : threads.getThreadAllocatedBytes(threads.getAllThreadIds())) {
            total += Math.max(0, a);
        }
        return total;
    }

    /**
     * Child-process entry: {@code [--port P] [--io-threads N]}.
     *
     * @param args options
     * @throws Exception when the port cannot be bound
     */
    public static void main(String[] args) throws Exception {
        int port = 0;
        int ioThreads = Runtime.getRuntime().availableProcessors();
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[i + 1]);
                case "--io-threads" -> ioThreads = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        PrintStream out = System.out;
        try (EchoServer server = new EchoServer(ioThreads)) {
            int bound = server.start(port);
            out.println(READY + ": port " + bound + " (transport " + server.transport() + ", answer "
                + server.answerBytes() + " bytes)");
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.trim().equals(STATS_COMMAND)) {
                    out.println(STATS_PREFIX + allocatedBytes());
                    out.flush();
                }
            }
        } catch (IOException e) {
            System.err.println("echo server: " + e);
        }
    }

    /** Answers every frame with the fixed answer; shared by all channels. */
    @ChannelHandler.Sharable
    private static final class Answering extends ChannelInboundHandlerAdapter {
        private final ByteBuf answer;

        Answering(ByteBuf answer) {
            this.answer = answer;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ReferenceCountUtil.release(msg);
            ctx.writeAndFlush(answer.duplicate(), ctx.voidPromise());
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
