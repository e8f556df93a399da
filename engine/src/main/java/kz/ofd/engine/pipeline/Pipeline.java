package kz.ofd.engine.pipeline;

import com.lmax.disruptor.BlockingWaitStrategy;
import com.lmax.disruptor.EventTranslatorOneArg;
import com.lmax.disruptor.ExceptionHandler;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.SleepingWaitStrategy;
import com.lmax.disruptor.TimeoutException;
import com.lmax.disruptor.WaitStrategy;
import com.lmax.disruptor.YieldingWaitStrategy;
import com.lmax.disruptor.dsl.Disruptor;
import com.lmax.disruptor.dsl.ProducerType;
import kz.ofd.engine.logic.BusinessLogic;
import kz.ofd.protocol.codec.ParsedRequest;
import kz.ofd.protocol.codec.Violation;
import kz.ofd.protocol.frame.KkmFrame;
import kz.ofd.engine.logic.TicketLedger;
import kz.ofd.storage.index.IndexWriter;
import kz.ofd.storage.journal.JournalAppender;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * The ingestion ring: business logic, then journal, then responder and indexer in parallel.
 *
 * <pre>
 *   publishers (Netty I/O, management port)
 *        -> [1] business logic -> [2] journal -> [3a] responder
 *                                            -> [3b] indexer
 * </pre>
 *
 * Publishing never blocks: a full ring returns false and the caller answers {@code SERVICE_TEMPORARILY_UNAVAILABLE}.
 * Thread-safe for publishers; {@link #start} and {@link #close} are called by the lifecycle owner.
 */
public final class Pipeline implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Pipeline.class);

    private static final EventTranslatorOneArg<RingEvent, AdminSlot> ADMIN = (event, seq, slot) -> {
        event.clear();
        event.kind = RingEvent.Kind.ADMIN;
        event.receivedAtMillis = slot.receivedAtMillis;
        event.admin = slot.command;
        event.adminReply = slot.reply;
    };

    private final Disruptor<RingEvent> disruptor;
    private final RingBuffer<RingEvent> ring;
    private final PipelineStats stats;
    private final JournalHealth health;
    private final IndexHealth indexHealth;
    private final LongSupplier clock;

    /**
     * @param ringSize power of two
     * @param logic    the business logic (already recovered)
     * @param journal  the journal
     * @param index    the document index (already caught up)
     * @param ledger   the logic's ticket ledger, told what the index holds
     * @param sync     true for group commit with a forced write per batch
     * @param wait     how idle stages wait: {@code sleeping}, {@code blocking} or {@code yielding}
     * @param stats    metrics
     * @param clock    epoch-millisecond clock stamped on each event at publish time
     */
    public Pipeline(int ringSize, BusinessLogic logic, JournalAppender journal, IndexWriter index, TicketLedger ledger,
                    boolean sync, String wait, PipelineStats stats, LongSupplier clock) {
        this.stats = stats;
        this.clock = clock;
        this.health = new JournalHealth();
        this.indexHealth = new IndexHealth();
        this.disruptor = new Disruptor<>(RingEvent::new, ringSize, threads(), ProducerType.MULTI, waitStrategy(wait));
        this.disruptor.setDefaultExceptionHandler(new LoggingExceptionHandler());
        JournalHandler journaler = new JournalHandler(journal, sync, health, stats);
        this.disruptor.handleEventsWith(new BusinessLogicHandler(logic, health))
            .then(journaler)
            .then(new ResponseHandler(stats), new IndexHandler(index, ledger, indexHealth));
        this.ring = disruptor.getRingBuffer();
        journaler.ring(ring);
    }

    /**
     * Starts the stage threads.
     */
    public void start() {
        disruptor.start();
    }

    /**
     * Publishes a KKM frame without blocking.
     *
     * @param replier where the answer goes
     * @param frame   the frame
     * @param parsed  the leniently parsed body
     * @param invalid a validation violation, or {@code null}
     * @return false when the ring is full (nothing was published)
     */
    public boolean publishRequest(Replier replier, KkmFrame frame, ParsedRequest parsed, Violation invalid) {
        long sequence;
        try {
            sequence = ring.tryNext();
        } catch (com.lmax.disruptor.InsufficientCapacityException e) {
            stats.ringFull();
            return false;
        }
        try {
            RingEvent event = ring.get(sequence);
            event.clear();
            event.kind = RingEvent.Kind.KKM_REQUEST;
            event.receivedAtMillis = clock.getAsLong();
            event.replier = replier;
            event.header = frame.header();
            event.body = frame.body();
            event.request = parsed.request();
            event.commandNumber = parsed.commandNumber();
            event.violation = parsed.violation() != null ? parsed.violation() : invalid;
        } finally {
            ring.publish(sequence);
        }
        return true;
    }

    /**
     * Publishes an operator command without blocking.
     *
     * @param command a command whose values are valid
     * @return completes when the command is journaled (or refused); {@code null} when the ring is full
     */
    public CompletableFuture<AdminResult> publishAdmin(AdminCommand command) {
        AdminSlot slot = new AdminSlot(command, clock.getAsLong(), new CompletableFuture<>());
        if (!ring.tryPublishEvent(ADMIN, slot)) {
            stats.ringFull();
            return null;
        }
        return slot.reply;
    }

    /**
     * @return free slots in the ring now (read by the metrics scraper; no lock, no effect on the stages)
     */
    public long remainingCapacity() {
        return ring.remainingCapacity();
    }

    /**
     * @return the index stage's health (failed once an index write failed)
     */
    public IndexHealth indexHealth() {
        return indexHealth;
    }

    /**
     * @return journal health (failed once a journal write failed)
     */
    public JournalHealth health() {
        return health;
    }

    /**
     * Drains what is in the ring (bounded wait), then stops the stage threads.
     */
    @Override
    public void close() {
        try {
            disruptor.shutdown(10, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            LOG.warn("event=ring_drain_timeout action=halt");
            disruptor.halt();
        }
    }

    /**
     * Disruptor's BlockingWaitStrategy parks only while waiting for publishers; a stage waiting for the stage
     * before it busy-spins. With four stages and the I/O threads on two cores that spinning starves the threads
     * doing the work, so the default is SleepingWaitStrategy: spin briefly, yield, then park.
     */
    static WaitStrategy waitStrategy(String name) {
        switch (name) {
            case "sleeping":
                return new SleepingWaitStrategy();
            case "blocking":
                return new BlockingWaitStrategy();
            case "yielding":
                return new YieldingWaitStrategy();
            default:
                throw new IllegalArgumentException("unknown wait strategy " + name);
        }
    }

    private static ThreadFactory threads() {
        AtomicInteger n = new AtomicInteger();
        String[] names = {"ofd-logic", "ofd-journal", "ofd-responder", "ofd-indexer"};
        return r -> {
            int i = n.getAndIncrement();
            Thread t = new Thread(r, i < names.length ? names[i] : "ofd-ring-" + i);
            t.setDaemon(false);
            return t;
        };
    }

    private record AdminSlot(AdminCommand command, long receivedAtMillis, CompletableFuture<AdminResult> reply) {
    }

    private static final class LoggingExceptionHandler implements ExceptionHandler<RingEvent> {
        @Override
        public void handleEventException(Throwable ex, long sequence, RingEvent event) {
            LOG.error("event=ring_handler_failed sequence={} kind={}", sequence, event.kind, ex);
        }

        @Override
        public void handleOnStartException(Throwable ex) {
            LOG.error("event=ring_start_failed", ex);
        }

        @Override
        public void handleOnShutdownException(Throwable ex) {
            LOG.error("event=ring_shutdown_failed", ex);
        }
    }
}
