package kz.ofd.engine.launcher;

import kz.ofd.engine.pipeline.AdminCommand;
import kz.ofd.engine.pipeline.AdminResult;
import kz.ofd.engine.pipeline.Pipeline;
import kz.ofd.storage.journal.Journal;
import kz.ofd.storage.snapshot.SnapshotStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Takes snapshots of the logic state: every {@code ofd.snapshot.interval.seconds}, on request (management port) and
 * at shutdown. The state is encoded on the logic thread through the ring and written to disk here, on this class's
 * own thread or the caller's, never on a ring thread. A snapshot is skipped when nothing was journaled since the
 * last one, and never written while the journal has failed (the state may then be ahead of the journal).
 */
final class Snapshots implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Snapshots.class);
    private static final long RING_TIMEOUT_SECONDS = 30;

    private final Pipeline pipeline;
    private final SnapshotStore store;
    private final ScheduledExecutorService timer;
    private long lastWritten = Journal.NO_INDEX;

    /**
     * @param pipeline        the running ring
     * @param store           where snapshots go
     * @param intervalSeconds seconds between snapshots, 0 = none on a timer
     * @param recoveredFrom   journal index of the snapshot recovery started from (nothing to write before new records)
     */
    Snapshots(Pipeline pipeline, SnapshotStore store, int intervalSeconds, long recoveredFrom) {
        this.pipeline = pipeline;
        this.store = store;
        this.lastWritten = recoveredFrom;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ofd-snapshot");
            t.setDaemon(true);
            return t;
        });
        if (intervalSeconds > 0) {
            timer.scheduleWithFixedDelay(this::takeQuietly, intervalSeconds, intervalSeconds, TimeUnit.SECONDS);
        }
    }

    /**
     * Takes a snapshot now.
     *
     * @return the journal index the written snapshot covers; empty when nothing new was journaled since the last
     *     one, or the ring or the journal cannot take it
     */
    synchronized OptionalLong take() {
        AtomicReference<byte[]> state = new AtomicReference<>();
        AtomicLong journalIndex = new AtomicLong(Journal.NO_INDEX);
        CompletableFuture<AdminResult> reply = pipeline.publishAdmin(new AdminCommand.Snapshot(state, journalIndex));
        if (reply == null) {
            LOG.warn("event=snapshot_skipped reason=ring_full");
            return OptionalLong.empty();
        }
        AdminResult result;
        try {
            result = reply.get(RING_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalLong.empty();
        } catch (Exception e) {
            LOG.warn("event=snapshot_skipped reason=ring_timeout", e);
            return OptionalLong.empty();
        }
        long position = journalIndex.get();
        if (result != AdminResult.DONE || pipeline.health().failed()) {
            LOG.warn("event=snapshot_skipped reason=journal_failed");
            return OptionalLong.empty();
        }
        if (position == Journal.NO_INDEX || position == lastWritten) {
            return OptionalLong.empty();
        }
        long start = System.nanoTime();
        Path file = store.write(position, state.get());
        lastWritten = position;
        LOG.info("event=snapshot_written file={} journal_index={} bytes={} write_ms={}", file.getFileName(), position,
            state.get().length, (System.nanoTime() - start) / 1_000_000);
        return OptionalLong.of(position);
    }

    private void takeQuietly() {
        try {
            take();
        } catch (RuntimeException e) {
            LOG.error("event=snapshot_failed action=keep_older_snapshots", e);
        }
    }

    /**
     * Stops the timer and takes a last snapshot, so the next start replays nothing.
     */
    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(RING_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        takeQuietly();
    }
}
