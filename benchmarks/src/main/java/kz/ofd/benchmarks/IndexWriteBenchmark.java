package kz.ofd.benchmarks;

import kz.ofd.engine.pipeline.IndexEntries;
import kz.ofd.protocol.codec.KkmMessages;
import kz.ofd.protocol.proto.Request;
import kz.ofd.storage.index.DocumentEntry;
import kz.ofd.storage.index.DocumentIndex;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The index stage's work for one ring batch: build each accepted ticket's {@link DocumentEntry} with
 * {@link IndexEntries#of} (as the indexer does per event) and write the batch plus checkpoint as one RocksDB write
 * batch ({@link DocumentIndex#write}). Tickets of 64 KKMs, round-robin, 3 items, card-paid. Time is per batch.
 *
 * <p>Disk use is bounded: each measurement iteration writes a new index in a temporary directory and deletes it
 * afterwards; an index that reaches {@link #ROLL_ENTRIES} within one iteration is closed, deleted and reopened.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class IndexWriteBenchmark {

    /** Documents one index may take before it is deleted and reopened within an iteration. */
    static final long ROLL_ENTRIES = 4_000_000;
    private static final int KKMS = 64;

    /** Documents per write batch. */
    @Param({"64", "512"})
    public int batch;

    private final List<DocumentEntry> pending = new ArrayList<>();
    Path root;
    private Path dir;
    private DocumentIndex index;
    private Request ticket;
    private long journalIndex;
    private long sign = 1_000_000_001L;
    private long written;
    private int opened;

    /**
     * Creates the temporary directory and parses the ticket.
     */
    @Setup(Level.Trial)
    public void setUpTrial() {
        root = Fixtures.tempDir("ofd-jmh-index");
        ticket = KkmMessages.parseRequest(RequestDecodeBenchmark.ticket(3).toByteArray()).request();
    }

    /**
     * Opens a new, empty index.
     */
    @Setup(Level.Iteration)
    public void open() {
        dir = root.resolve("index-" + opened++);
        index = DocumentIndex.open(dir);
        written = 0;
    }

    /**
     * Closes the iteration's index and deletes it.
     */
    @TearDown(Level.Iteration)
    public void close() {
        index.close();
        Fixtures.delete(dir);
    }

    /**
     * Deletes the temporary directory.
     */
    @TearDown(Level.Trial)
    public void tearDownTrial() {
        Fixtures.delete(root);
    }

    /**
     * One batch of entries and its checkpoint.
     *
     * @return the checkpoint written
     */
    @Benchmark
    public long writeBatch() {
        if (written >= ROLL_ENTRIES) {
            close();
            open();
        }
        pending.clear();
        for (int i = 0; i < batch; i++) {
            journalIndex++;
            pending.add(IndexEntries.of(journalIndex, 1 + journalIndex % KKMS, ticket, sign++, 1, Fixtures.RECEIVED_AT, 0));
        }
        index.write(pending, List.of(), journalIndex);
        written += batch;
        return journalIndex;
    }
}
