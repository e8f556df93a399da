package kz.ofd.storage.journal;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.bytes.SyncMode;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.TailerDirection;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;

import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The append-only journal: the only source of truth for fiscal data. Each entry is an opaque byte record
 * (the engine's encoded Outcome) at a monotonically increasing Chronicle index. Files roll daily and are never
 * deleted by this class.
 *
 * <p>Threading: {@link #append} is called by exactly one thread (the journaler) once the pipeline runs;
 * {@link #replay} may be called by any thread, typically during recovery before the pipeline starts.
 * Appends go to memory-mapped files, so an appended entry survives a killed process (not a power cut).
 */
public final class Journal implements JournalAppender, AutoCloseable {

    /** Index value meaning "before the first entry". */
    public static final long NO_INDEX = -1;

    private final SingleChronicleQueue queue;
    private ExcerptAppender appender;
    /** Per-thread tailers of {@link #read(long[], JournalConsumer)}, closed with the journal. */
    private final ThreadLocal<ExcerptTailer> readTailers = new ThreadLocal<>();
    private final Set<ExcerptTailer> openReadTailers = ConcurrentHashMap.newKeySet();
    private final ThreadLocal<ExpandableArrayBuffer> readBuffers =
        ThreadLocal.withInitial(() -> new ExpandableArrayBuffer(1024));

    private Journal(SingleChronicleQueue queue) {
        this.queue = queue;
    }

    /**
     * How {@link #sync()} forces: {@code msync(MS_SYNC)} of the mapped region. Chronicle's default,
     * {@code SyncMode.NONE}, makes {@code sync()} return without touching the disk (measured here: 0.5 µs per
     * sync with NONE, ~150 µs with SYNC, as a synchronous 4 KB write costs on this disk).
     */
    static final SyncMode SYNC_MODE = SyncMode.SYNC;

    /**
     * Opens (or creates) the journal in a directory.
     *
     * @param dir directory for the queue files
     * @return the open journal
     */
    public static Journal open(Path dir) {
        SingleChronicleQueue queue = SingleChronicleQueueBuilder.binary(dir)
            .rollCycle(RollCycles.FAST_DAILY)
            .syncMode(SYNC_MODE)
            .build();
        return new Journal(queue);
    }

    /**
     * Appends one record held in an array-backed buffer (e.g. Agrona's {@code ExpandableArrayBuffer}).
     *
     * @param buffer source; must be backed by a byte array
     * @param offset first byte
     * @param length number of bytes
     * @return the record's journal index
     */
    @Override
    public long append(DirectBuffer buffer, int offset, int length) {
        byte[] array = buffer.byteArray();
        if (array == null) {
            throw new IllegalArgumentException("journal records must come from an array-backed buffer");
        }
        return append(array, buffer.wrapAdjustment() + offset, length);
    }

    /**
     * Appends one record from an array.
     *
     * @param bytes  source
     * @param offset first byte
     * @param length number of bytes
     * @return the record's journal index
     */
    public long append(byte[] bytes, int offset, int length) {
        if (appender == null) {
            appender = queue.createAppender();
        }
        try (DocumentContext dc = appender.writingDocument()) {
            dc.wire().bytes().write(bytes, offset, length);
            return dc.index();
        }
    }

    /**
     * Forces appended records to the storage device (msync of the mapped region). Used by the {@code sync}
     * durability mode; a no-op before the first append.
     */
    @Override
    public void sync() {
        if (appender != null) {
            appender.sync();
        }
    }

    /**
     * Reads every record after {@code afterIndex}, in order, on the calling thread.
     *
     * @param afterIndex index of the last record already seen, or {@link #NO_INDEX} for all
     * @param consumer   receives each record; the buffer is reused between calls
     * @return number of records read
     */
    public long replay(long afterIndex, JournalConsumer consumer) {
        long count = 0;
        try (Reader reader = reader(afterIndex)) {
            for (int read = reader.read(Integer.MAX_VALUE, consumer); read > 0;
                 read = reader.read(Integer.MAX_VALUE, consumer)) {
                count += read;
            }
        }
        return count;
    }

    /**
     * Counts the records after an index.
     *
     * @param afterIndex a record's index, or {@link #NO_INDEX} to count them all
     * @return records after it
     */
    public long countAfter(long afterIndex) {
        long last = lastIndex();
        if (last == NO_INDEX) {
            return 0;
        }
        if (afterIndex == NO_INDEX) {
            return queue.entryCount();
        }
        return afterIndex >= last ? 0 : queue.countExcerpts(afterIndex, last);
    }

    /**
     * A reader that follows the journal from a position, for one thread (e.g. the KGD forwarder): each
     * {@link Reader#read} returns what has been appended since.
     *
     * @param afterIndex index of the last record already handled, or {@link #NO_INDEX} for all
     * @return the reader; close it on the same thread
     */
    public Reader reader(long afterIndex) {
        ExcerptTailer tailer = queue.createTailer();
        if (afterIndex != NO_INDEX) {
            if (!tailer.moveToIndex(afterIndex)) {
                tailer.close();
                throw new IllegalStateException("journal has no entry at index " + afterIndex);
            }
            try (DocumentContext skipped = tailer.readingDocument()) {
                if (!skipped.isPresent()) {
                    tailer.close();
                    throw new IllegalStateException("journal entry " + afterIndex + " vanished");
                }
            }
        }
        return new Reader(tailer);
    }

    /**
     * Reads one record by its index, on the calling thread, with that thread's own tailer (any thread may call
     * this; readers never touch the appender). For the cabinet's queries and the public receipt check, which read
     * documents back by the journal index the document index holds.
     *
     * @param index    a record's journal index
     * @param consumer receives the record; the buffer is valid only during the call
     * @return whether the journal has a record at that index
     */
    public boolean read(long index, JournalConsumer consumer) {
        return read(new long[] {index}, consumer) == 1;
    }

    /**
     * Reads records by their indexes, in the order given; an index the journal does not hold is skipped. Each
     * calling thread keeps one tailer for these reads (creating a tailer costs far more than moving it; the
     * cabinet's worker pool is small and fixed), closed with the journal.
     *
     * @param indexes  records' journal indexes
     * @param consumer receives each record found; the buffer is valid only during the call
     * @return how many were found
     */
    public int read(long[] indexes, JournalConsumer consumer) {
        ExcerptTailer tailer = readTailers.get();
        if (tailer == null) {
            tailer = queue.createTailer();
            readTailers.set(tailer);
            openReadTailers.add(tailer);
        }
        ExpandableArrayBuffer buffer = readBuffers.get();
        int found = 0;
        for (long index : indexes) {
            if (!tailer.moveToIndex(index)) {
                continue;
            }
            try (DocumentContext dc = tailer.readingDocument()) {
                if (!dc.isPresent() || dc.index() != index) {
                    continue;
                }
                Bytes<?> bytes = dc.wire().bytes();
                int length = (int) bytes.readRemaining();
                buffer.checkLimit(length);
                bytes.read(buffer.byteArray(), 0, length);
                consumer.accept(dc.index(), buffer, 0, length);
                found++;
            }
        }
        return found;
    }

    /**
     * Follows the journal; single-threaded.
     */
    public static final class Reader implements AutoCloseable {

        private final ExcerptTailer tailer;
        private final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(1024);

        private Reader(ExcerptTailer tailer) {
            this.tailer = tailer;
        }

        /**
         * Reads what is there now, up to a limit.
         *
         * @param max      most records to read
         * @param consumer receives each; the buffer is reused between calls
         * @return records read (0 when nothing new)
         */
        public int read(int max, JournalConsumer consumer) {
            int count = 0;
            while (count < max) {
                try (DocumentContext dc = tailer.readingDocument()) {
                    if (!dc.isPresent()) {
                        break;
                    }
                    Bytes<?> bytes = dc.wire().bytes();
                    int length = (int) bytes.readRemaining();
                    buffer.checkLimit(length);
                    bytes.read(buffer.byteArray(), 0, length);
                    consumer.accept(dc.index(), buffer, 0, length);
                    count++;
                }
            }
            return count;
        }

        @Override
        public void close() {
            tailer.close();
        }
    }

    /**
     * Index of the last record in the journal.
     *
     * @return the index, or {@link #NO_INDEX} when empty
     */
    @Override
    public long lastIndex() {
        try (ExcerptTailer tailer = queue.createTailer()) {
            tailer.direction(TailerDirection.BACKWARD).toEnd();
            try (DocumentContext dc = tailer.readingDocument()) {
                return dc.isPresent() ? dc.index() : NO_INDEX;
            }
        }
    }

    @Override
    public void close() {
        if (appender != null) {
            appender.sync();   // a graceful stop leaves the journal on disk, whatever the durability mode
            appender.close();
        }
        // Query threads' tailers (they may belong to other threads, whose queries have ended by now).
        net.openhft.chronicle.core.io.Closeable.closeQuietly(openReadTailers);
        queue.close();
    }
}
