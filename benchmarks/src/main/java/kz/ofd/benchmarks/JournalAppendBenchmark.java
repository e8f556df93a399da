package kz.ofd.benchmarks;

import kz.ofd.engine.journal.OutcomeCodec;
import kz.ofd.protocol.frame.FrameHeader;
import kz.ofd.storage.journal.Journal;
import org.agrona.ExpandableArrayBuffer;
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
import java.util.concurrent.TimeUnit;

/**
 * The journal stage's work for one ring batch: encode each accepted ticket's Outcome with {@link OutcomeCodec} and
 * append it to the Chronicle journal, then, in {@code sync} durability only, force the batch to disk. Records are
 * 3-item card tickets with the answer the real business logic gives them. Time is per batch.
 *
 * <p>Disk use is bounded: each measurement iteration writes a new journal in a temporary directory and deletes it
 * afterwards, and a journal that reaches {@link #ROLL_BYTES} within one iteration is deleted and reopened (a rare,
 * measured pause, only with very long iterations). Nothing is left behind after the trial.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class JournalAppendBenchmark {

    /** Bytes one journal may take before it is deleted and reopened within an iteration. */
    static final long ROLL_BYTES = 512L << 20;

    /**
     * The journal, the record source and the temporary directory; one batch size, async or sync.
     */
    @State(Scope.Thread)
    public abstract static class JournalState {

        private final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(4096);
        Path root;
        private Path dir;
        private Journal journal;
        private FrameHeader header;
        private byte[] request;
        private byte[] answer;
        private long sign = 1_000_000_001L;
        private long token = 1;
        private long bytes;
        private int opened;

        abstract int batch();

        abstract boolean sync();

        /**
         * Creates the temporary directory and the record contents.
         */
        @Setup(Level.Trial)
        public void setUpTrial() {
            root = Fixtures.tempDir("ofd-jmh-journal");
            request = RequestDecodeBenchmark.ticket(3).toByteArray();
            answer = Fixtures.ticketAnswer(3);
            header = FrameHeader.of(Fixtures.VERSION, request.length, 200_956, 257_152_748, 3);
        }

        /**
         * Opens a new, empty journal.
         */
        @Setup(Level.Iteration)
        public void open() {
            dir = root.resolve("journal-" + opened++);
            journal = Journal.open(dir);
            bytes = 0;
        }

        /**
         * Closes the iteration's journal and deletes it.
         */
        @TearDown(Level.Iteration)
        public void close() {
            journal.close();
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
         * Appends one batch as the journal stage does.
         *
         * @return the last record's index
         */
        public long appendBatch() {
            if (bytes >= ROLL_BYTES) {
                close();
                open();
            }
            long last = Journal.NO_INDEX;
            for (int i = 0; i < batch(); i++) {
                int length = OutcomeCodec.encodeDocument(buffer, Fixtures.RECEIVED_AT, header, Fixtures.TICKET, ++token,
                    sign++, 1, request, answer, 0);
                last = journal.append(buffer, 0, length);
                bytes += length;
            }
            if (sync()) {
                journal.sync();
            }
            return last;
        }
    }

    /** Async durability (the default): the batch is in the mapped file, not forced. */
    @State(Scope.Thread)
    public static class Async extends JournalState {
        /** Records per batch. */
        @Param({"1", "64", "512"})
        public int batch;

        @Override
        int batch() {
            return batch;
        }

        @Override
        boolean sync() {
            return false;
        }
    }

    /** Sync durability: the batch is forced to disk (msync) before it is released. */
    @State(Scope.Thread)
    public static class Sync extends JournalState {
        /** Records per batch. */
        @Param({"64"})
        public int batch;

        @Override
        int batch() {
            return batch;
        }

        @Override
        boolean sync() {
            return true;
        }
    }

    /**
     * One batch, async.
     *
     * @param state the journal
     * @return the last record's index
     */
    @Benchmark
    public long appendAsync(Async state) {
        return state.appendBatch();
    }

    /**
     * One batch, then the forced write.
     *
     * @param state the journal
     * @return the last record's index
     */
    @Benchmark
    public long appendSync(Sync state) {
        return state.appendBatch();
    }
}
