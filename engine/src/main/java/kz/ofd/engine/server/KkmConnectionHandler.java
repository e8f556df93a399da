package kz.ofd.engine.server;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.timeout.IdleStateEvent;
import kz.ofd.engine.pipeline.Pipeline;
import kz.ofd.engine.pipeline.Replier;
import kz.ofd.protocol.codec.KkmMessages;
import kz.ofd.protocol.codec.ParsedRequest;
import kz.ofd.protocol.codec.Violation;
import kz.ofd.protocol.frame.FrameRejection;
import kz.ofd.protocol.frame.KkmFrame;
import kz.ofd.protocol.frame.ProtocolVersions;
import kz.ofd.protocol.proto.ResultTypeEnum;
import kz.ofd.protocol.validate.RequestValidator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One per KKM connection. Parses each frame leniently and validates it on the I/O thread (so the single
 * business-logic thread only decides), publishes it into the ring, and writes answers in the order they come
 * back. Answers every frame until the client closes, so connection-per-request and keep-alive clients both
 * work; after the client half-closes, the connection closes once every pending answer is written.
 *
 * <p>Threading: all state is confined to the channel's event loop; {@link #reply} may be called from the
 * responder thread and hops onto the event loop.
 */
final class KkmConnectionHandler extends ChannelInboundHandlerAdapter implements Replier {

    private static final Logger LOG = LoggerFactory.getLogger(KkmConnectionHandler.class);

    private final Pipeline pipeline;
    private final ServerStats stats;
    private final AnswerClock answerClock = new AnswerClock();
    private ChannelHandlerContext ctx;
    private int pending;
    private boolean inputShutdown;

    KkmConnectionHandler(Pipeline pipeline, ServerStats stats) {
        this.pipeline = pipeline;
        this.stats = stats;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext context) {
        this.ctx = context;
    }

    @Override
    public void channelActive(ChannelHandlerContext context) {
        stats.connectionOpened();
        context.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) {
        stats.connectionClosed();
        context.fireChannelInactive();
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object msg) {
        if (msg instanceof KkmFrame frame) {
            onFrame(frame);
        } else if (msg instanceof FrameRejection rejection) {
            onRejection(rejection);
        } else {
            context.fireChannelRead(msg);
        }
    }

    private void onFrame(KkmFrame frame) {
        answerClock.started(System.nanoTime());
        ParsedRequest parsed = KkmMessages.parseRequest(frame.body());
        Violation invalid = ProtocolVersions.check(frame.header().version());
        if (invalid == null && parsed.ok() && parsed.request().hasCommand()) {
            invalid = RequestValidator.validate(parsed.request(), frame.header().version());
        }
        pending++;
        if (!pipeline.publishRequest(this, frame, parsed, invalid)) {
            Violation busy = Violation.of(ResultTypeEnum.RESULT_TYPE_SERVICE_TEMPORARILY_UNAVAILABLE,
                "the OFD is overloaded; the document was not accepted, retry later");
            byte[] body = KkmMessages.errorBody(parsed.commandNumber(), busy);
            write(new KkmFrame(frame.header().answer(body.length, frame.header().token()), body));
        }
    }

    private void onRejection(FrameRejection rejection) {
        stats.frameRejected(rejection.error());
        LOG.debug("event=frame_rejected remote={} reason={}", ctx.channel().remoteAddress(), rejection.error());
        Violation violation = Violation.of(ResultTypeEnum.RESULT_TYPE_PROTOCOL_ERROR, rejection.error().text());
        byte[] body = KkmMessages.errorBody(-1, violation);
        KkmFrame answer = new KkmFrame(rejection.header().answer(body.length, rejection.header().token()), body);
        ctx.writeAndFlush(answer).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void reply(KkmFrame frame) {
        if (ctx.executor().inEventLoop()) {
            write(frame);
        } else {
            ctx.executor().execute(() -> write(frame));
        }
    }

    private void write(KkmFrame frame) {
        pending--;
        long started = answerClock.take();
        if (!ctx.channel().isActive()) {
            return;
        }
        if (inputShutdown && pending == 0) {
            ctx.writeAndFlush(frame).addListener(ChannelFutureListener.CLOSE);
        } else {
            ctx.writeAndFlush(frame);
        }
        stats.answerWritten(started);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext context, Object evt) {
        if (evt instanceof IdleStateEvent) {
            stats.idleClosed();
            context.close();
        } else if (evt instanceof ChannelInputShutdownEvent) {
            inputShutdown = true;
            if (pending == 0) {
                context.close();
            }
        } else {
            context.fireUserEventTriggered(evt);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        LOG.debug("event=connection_error remote={} error={}", context.channel().remoteAddress(), cause.toString());
        context.close();
    }
}
