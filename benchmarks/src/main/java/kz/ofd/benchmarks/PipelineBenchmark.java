package kz.ofd.benchmarks;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import kz.ofd.engine.launcher.ServerConfiguration;
import kz.ofd.engine.logic.BusinessLogic;
import kz.ofd.engine.logic.TicketLedger;
import kz.ofd.engine.pipeline.IndexedTickets;
import kz.ofd.engine.pipeline.Pipeline;
import kz.ofd.engine.pipeline.PipelineStats;
import kz.ofd.engine.pipeline.Replier;
import kz.ofd.protocol.codec.KkmMessages;
import kz.ofd.protocol.codec.ParsedRequest;
import kz.ofd.protocol.frame.FrameHeader;
import kz.ofd.protocol.frame.KkmFrame;
import kz.ofd.storage.index.DocumentIndex;
import kz.ofd.storage.journal.Journal;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The whole ring in process: an already decoded and validated ticket is published into the engine's
 * {@link Pipeline} (real business logic, Chronicle journal in async durability, RocksDB index, the default
 * {@code sleeping} wait strategy), and the operation ends when the responder has handed every answer to its
 * {@link Replier}. No network and no protobuf parsing: what is left is the pipeline's own cost and its thread
 * hand-offs. Closed loop with a bounded number of requests in flight: one, or one per KKM of a window of 64. The
 * benchmark thread parks while it waits (a Netty event loop would wait in epoll), and the last answer unparks it.
 *
 * <p>Each measurement iteration builds a new pipeline over a new journal and index in a temporary directory and
 * deletes them afterwards, so disk use is bounded by one iteration's requests and nothing is left behind.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PipelineBenchmark {

    /** KKMs registered; each has at most one document in flight, as a real register does. */
    static final int KKMS = 64;
    private static final long WAIT_LIMIT_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final long[] tokens = new long[KKMS];
    private final int[] requestNumbers = new int[KKMS];
    private final AtomicInteger outstanding = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();
    private long ringFull;
    private final Replier replier = this::onAnswer;
    private volatile Thread waiter;
    Path root;
    private Path dir;
    private Journal journal;
    private DocumentIndex index;
    private Pipeline pipeline;
    private byte[] body;
    private ParsedRequest parsed;
    private long tokenCounter;
    private int next;
    private int opened;

    /**
     * Creates the temporary directory and parses the ticket once (the I/O thread's work is not measured here).
     */
    @Setup(Level.Trial)
    public void setUpTrial() {
        root = Fixtures.tempDir("ofd-jmh-pipeline");
        body = RequestDecodeBenchmark.ticket(3).toByteArray();
        parsed = KkmMessages.parseRequest(body);
    }

    /**
     * Builds and starts a pipeline over a new journal and index, with the KKMs registered.
     */
    @Setup(Level.Iteration)
    public void start() {
        dir = root.resolve("data-" + opened++);
        journal = Journal.open(dir.resolve("journal"));
        index = DocumentIndex.open(dir.resolve("index"));
        TicketLedger ledger = new TicketLedger(new IndexedTickets(index));
        BusinessLogic logic = new BusinessLogic(Fixtures.settings(), previous -> ++tokenCounter, ledger);
        for (int i = 0; i < KKMS; i++) {
            tokens[i] = ++tokenCounter;
            requestNumbers[i] = 0;
            logic.register(Fixtures.registration(i + 1, tokens[i]));
        }
        pipeline = new Pipeline(ServerConfiguration.RING_SIZE_DEFAULT, logic, journal, index, ledger, false, "sleeping",
            new PipelineStats(new SimpleMeterRegistry()), () -> Fixtures.RECEIVED_AT);
        pipeline.start();
    }

    /**
     * Drains and stops the pipeline, closes the stores and deletes them.
     */
    @TearDown(Level.Iteration)
    public void stop() {
        if (pipeline == null) {
            return;   // already stopped by a failure
        }
        pipeline.close();
        pipeline = null;
        index.close();
        journal.close();
        Fixtures.delete(dir);
        if (ringFull > 0) {
            System.out.println("PipelineBenchmark: the ring was full " + ringFull + " times (the indexer lagged)");
            ringFull = 0;
        }
    }

    /**
     * Deletes the temporary directory.
     */
    @TearDown(Level.Trial)
    public void tearDownTrial() {
        Fixtures.delete(root);
    }

    /**
     * One request in flight at a time, round-robin over the KKMs.
     *
     * @return the KKM that was answered
     */
    @Benchmark
    public int inFlight1() {
        int kkm = next;
        next = (next + 1) % KKMS;
        waiter = Thread.currentThread();
        outstanding.set(1);
        publish(kkm);
        awaitAnswers();
        return kkm;
    }

    /**
     * A window of 64 requests (one per KKM) published together, then all 64 answers awaited.
     *
     * @return the number of requests answered
     */
    @Benchmark
    @OperationsPerInvocation(KKMS)
    public int inFlight64() {
        waiter = Thread.currentThread();
        outstanding.set(KKMS);
        for (int kkm = 0; kkm < KKMS; kkm++) {
            publish(kkm);
        }
        awaitAnswers();
        return KKMS;
    }

    private void publish(int kkm) {
        requestNumbers[kkm] = (requestNumbers[kkm] + 1) & 0xFFFF;
        FrameHeader header = FrameHeader.of(Fixtures.VERSION, body.length, kkm + 1, tokens[kkm], requestNumbers[kkm]);
        KkmFrame frame = new KkmFrame(header, body);
        long deadline = System.nanoTime() + WAIT_LIMIT_NANOS;
        while (!pipeline.publishRequest(replier, frame, parsed, null)) {
            // The ring's free space is set by its slowest stage, the indexer, which may lag the answers on a
            // loaded machine; the server would answer 254 here, the benchmark waits for a free slot instead.
            ringFull++;
            LockSupport.parkNanos(this, 100_000);
            if (System.nanoTime() > deadline) {
                fail("the ring stayed full for 10 s");
            }
        }
    }

    private void awaitAnswers() {
        long deadline = System.nanoTime() + WAIT_LIMIT_NANOS;
        while (outstanding.get() > 0) {
            LockSupport.parkNanos(this, 1_000_000);
            if (refused.get() != 0) {
                fail(refused.get() + " tickets were refused");
            }
            if (System.nanoTime() > deadline) {
                fail(outstanding.get() + " answers missing after 10 s");
            }
        }
    }

    /** Stops and deletes everything first: JMH skips the teardown of a failed iteration. */
    private void fail(String why) {
        try {
            stop();
            tearDownTrial();
        } catch (RuntimeException e) {
            IllegalStateException failure = new IllegalStateException(why);
            failure.addSuppressed(e);
            throw failure;
        }
        throw new IllegalStateException(why);
    }

    /** Responder thread: the answer's header carries the token the KKM must present next. */
    private void onAnswer(KkmFrame answer) {
        int kkm = (int) answer.header().kkmId() - 1;
        long token = answer.header().token();
        if (token == tokens[kkm]) {
            refused.incrementAndGet();   // a refusal keeps the token; an accepted ticket always rotates it
        }
        tokens[kkm] = token;
        if (outstanding.decrementAndGet() == 0) {
            LockSupport.unpark(waiter);
        }
    }
}
