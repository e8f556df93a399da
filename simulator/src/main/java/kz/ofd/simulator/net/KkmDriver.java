package kz.ofd.simulator.net;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import kz.ofd.protocol.frame.FrameRejection;
import kz.ofd.protocol.frame.KkmFrame;
import kz.ofd.simulator.kkm.PendingRequest;
import kz.ofd.simulator.kkm.VirtualKkm;
import kz.ofd.simulator.stats.ErrorKinds;
import kz.ofd.simulator.stats.RunStats;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs one {@link VirtualKkm} on one event loop, one request in flight at a time. Closed loop: send a request,
 * wait for its answer (or a timeout), check it, send the next at once; latency runs from the send. Open loop
 * ({@code periodNanos > 0}): request k has the intended send time {@code first + k × period}; it is sent then,
 * or, when the answer to the previous one arrives after that time, as soon as that answer is in (and counted as
 * late); its latency runs from the intended time, so a stall shows in the latency of every request it delayed
 * (no coordinated omission). A failed attempt is retried with the identical frame (same token, same request
 * number) on a fresh connection, as real KKMs do. All methods except {@link #start}, {@link #abort} and
 * {@link #unfinished} run on the KKM's event loop.
 */
public final class KkmDriver {

    /** Attempts per request before the KKM gives up and stops. */
    public static final int MAX_ATTEMPTS = 5;
    /** Pause before retrying after an I/O error, so a dead server is not hammered. */
    public static final long RETRY_DELAY_MILLIS = 200;

    private final VirtualKkm kkm;
    private final EventLoop loop;
    private final Bootstrap bootstrap;
    private final boolean keepalive;
    private final Duration readTimeout;
    private final RunStats stats;
    private final CountDownLatch done;
    private final long periodNanos;
    private final AtomicBoolean finished = new AtomicBoolean();
    private volatile boolean inFlight;

    private long deadlineNanos;
    private long intendedNanos;
    private Channel channel;
    private PendingRequest pending;
    private int attempts;
    private long startNanos;
    private ScheduledFuture<?> timeout;

    /**
     * @param kkm         the KKM to drive
     * @param transport   shared client transport
     * @param keepalive   keep one connection open (else one connection per request)
     * @param readTimeout how long to wait for an answer
     * @param stats       run counters
     * @param done        counted down once when this KKM stops
     */
    public KkmDriver(VirtualKkm kkm, ClientTransport transport, boolean keepalive, Duration readTimeout, RunStats stats,
                     CountDownLatch done) {
        this(kkm, transport, keepalive, readTimeout, stats, done, 0);
    }

    /**
     * @param kkm         the KKM to drive
     * @param transport   shared client transport
     * @param keepalive   keep one connection open (else one connection per request)
     * @param readTimeout how long to wait for an answer
     * @param stats       run counters
     * @param done        counted down once when this KKM stops
     * @param periodNanos open loop: nanoseconds between this KKM's intended send times; 0: closed loop
     */
    public KkmDriver(VirtualKkm kkm, ClientTransport transport, boolean keepalive, Duration readTimeout, RunStats stats,
                     CountDownLatch done, long periodNanos) {
        this.periodNanos = periodNanos;
        this.kkm = kkm;
        this.loop = transport.nextLoop();
        this.bootstrap = transport.bootstrap(loop, new ClientHandler(this));
        this.keepalive = keepalive;
        this.readTimeout = readTimeout;
        this.stats = stats;
        this.done = done;
    }

    /**
     * Starts the loop; no new request is sent once {@code deadline} has passed. Any thread.
     *
     * @param deadline {@link System#nanoTime()} value after which no new request starts
     */
    public void start(long deadline) {
        start(deadline, System.nanoTime());
    }

    /**
     * Starts the loop. Any thread.
     *
     * @param deadline      {@link System#nanoTime()} value after which no new request starts (open loop: no request
     *                      whose intended time is at or after it)
     * @param firstIntended open loop: the intended send time of the first request; ignored in closed loop
     */
    public void start(long deadline, long firstIntended) {
        loop.execute(() -> {
            deadlineNanos = deadline;
            intendedNanos = firstIntended;
            if (periodNanos > 0) {
                scheduleOrSend(false);
            } else {
                sendNext();
            }
        });
    }

    /**
     * @return whether a request is still waiting for its answer. Any thread.
     */
    public boolean unfinished() {
        return inFlight && !finished.get();
    }

    /**
     * Stops this KKM without counting anything more, e.g. when the run's drain time is over. Any thread.
     */
    public void abort() {
        finished.set(true);
    }

    /**
     * @return the KKM driven
     */
    public VirtualKkm kkm() {
        return kkm;
    }

    void onFrame(Channel ch, KkmFrame frame) {
        if (ch != channel || finished.get()) {
            return;
        }
        if (pending == null) {
            stats.error(ErrorKinds.UNEXPECTED_FRAME, "KKM " + kkm.id() + ": a frame arrived with no request in flight, "
                + frame.header());
            return;
        }
        cancelTimeout();
        PendingRequest sent = pending;
        pending = null;
        long from = periodNanos > 0 ? intendedNanos : startNanos;
        stats.answered(sent.commandName(), (System.nanoTime() - from) / 1_000);
        kkm.onAnswer(sent, frame, stats);
        if (!keepalive) {
            channel = null;
            ch.close();
        }
        inFlight = false;
        if (periodNanos > 0) {
            intendedNanos += periodNanos;
            scheduleOrSend(true);
        } else {
            sendNext();
        }
    }

    /**
     * Open loop: sends the request intended at {@link #intendedNanos} now if that time has come (late if
     * {@code afterAnswer}: the previous answer arrived after it), else schedules it for then.
     */
    private void scheduleOrSend(boolean afterAnswer) {
        if (finished.get()) {
            return;
        }
        if (intendedNanos - deadlineNanos >= 0) {
            finish();
            return;
        }
        long wait = intendedNanos - System.nanoTime();
        if (wait > 0) {
            loop.schedule(this::sendNow, wait, TimeUnit.NANOSECONDS);
            return;
        }
        if (afterAnswer) {
            stats.late(-wait / 1_000);
        }
        sendNow();
    }

    void onRejection(Channel ch, FrameRejection rejection) {
        failed(ch, ErrorKinds.BAD_FRAME, rejection.error().text() + ", header " + rejection.header());
    }

    void onClosed(Channel ch) {
        if (ch == channel && pending == null) {
            channel = null;
            return;
        }
        failed(ch, ErrorKinds.IO, "connection closed before the answer");
    }

    void onError(Channel ch, Throwable cause) {
        if (ch == channel && pending == null) {
            channel = null;
            ch.close();
            return;
        }
        failed(ch, ErrorKinds.IO, describe(cause));
    }

    private void sendNext() {
        if (System.nanoTime() - deadlineNanos >= 0) {
            finish();
            return;
        }
        sendNow();
    }

    private void sendNow() {
        if (finished.get()) {
            return;
        }
        pending = kkm.next();
        attempts = 0;
        inFlight = true;
        if (keepalive && pending.reconnect() && channel != null) {
            Channel old = channel;
            channel = null;
            old.close();
            stats.reconnect();
        }
        attempt();
    }

    private void attempt() {
        if (finished.get() || pending == null) {
            return;
        }
        attempts++;
        if (channel != null && channel.isActive()) {
            write(channel);
            return;
        }
        startNanos = System.nanoTime();
        ChannelFuture connect = bootstrap.connect();
        Channel ch = connect.channel();
        channel = ch;
        ChannelFutureListener onConnect = f -> {
            if (ch != channel || pending == null) {
                return;
            }
            if (f.isSuccess()) {
                write(ch);
            } else {
                String kind = f.cause() instanceof ConnectTimeoutException ? ErrorKinds.TIMEOUT : ErrorKinds.IO;
                failed(ch, kind, "connect: " + describe(f.cause()));
            }
        };
        connect.addListener(onConnect);
    }

    private void write(Channel ch) {
        if (keepalive) {
            startNanos = System.nanoTime();
        }
        timeout = loop.schedule(() -> failed(ch, ErrorKinds.TIMEOUT, "no answer within " + readTimeout.toMillis() + " ms"),
            readTimeout.toNanos(), TimeUnit.NANOSECONDS);
        ChannelFutureListener onWrite = f -> {
            if (!f.isSuccess()) {
                failed(ch, ErrorKinds.IO, "write: " + describe(f.cause()));
            }
        };
        ch.writeAndFlush(pending.frame()).addListener(onWrite);
    }

    private void failed(Channel ch, String kind, String detail) {
        if (ch != channel || finished.get()) {
            ch.close();
            return;
        }
        channel = null;
        ch.close();
        cancelTimeout();
        if (pending == null) {
            stats.error(kind, "KKM " + kkm.id() + " between requests: " + detail);
            return;
        }
        String what = "KKM " + kkm.id() + " reqnum " + pending.frame().header().requestNumber() + " "
            + pending.commandName() + " attempt " + attempts + ": ";
        stats.error(kind, what + detail);
        if (attempts >= MAX_ATTEMPTS) {
            stats.error(ErrorKinds.ABANDONED, what + "no answer after " + MAX_ATTEMPTS + " attempts; the KKM stops");
            pending = null;
            inFlight = false;
            finish();
            return;
        }
        long delay = ErrorKinds.TIMEOUT.equals(kind) ? 0 : RETRY_DELAY_MILLIS;
        loop.schedule(this::attempt, delay, TimeUnit.MILLISECONDS);
    }

    private void finish() {
        if (finished.compareAndSet(false, true)) {
            cancelTimeout();
            Channel ch = channel;
            channel = null;
            if (ch != null) {
                ch.close();
            }
            done.countDown();
        }
    }

    private void cancelTimeout() {
        if (timeout != null) {
            timeout.cancel(false);
            timeout = null;
        }
    }

    private static String describe(Throwable cause) {
        if (cause == null) {
            return "unknown failure";
        }
        return cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
    }
}
