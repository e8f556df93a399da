package kz.ofd.engine.pipeline;

import com.lmax.disruptor.AlertException;
import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.SequenceBarrier;
import com.lmax.disruptor.WaitStrategy;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A wait strategy for a machine with fewer cores than ring threads: an idle stage spins briefly, then parks until
 * it is signalled, whether it waits for the publishers or for the stage before it. Disruptor's own strategies
 * either poll (sleeping, yielding: an idle four-stage ring burned a third of a core on two cores) or block only
 * on the publishers and busy-spin on a dependent stage (blocking). Here every stage is wrapped in
 * {@link #signalling}, which publishes its sequence at the end of each batch and then signals, so the stage after
 * it wakes without polling.
 *
 * <p>A timed park ({@link #FALLBACK_NANOS}) bounds the delay should a signal ever be missed (for instance when
 * a handler throws before signalling). Thread-safe.
 */
final class ParkingWaitStrategy implements WaitStrategy {

    /** Spins with {@link Thread#onSpinWait()} before parking: a batch often follows closely under load. */
    static final int SPINS = 200;
    /** Longest park without a signal. */
    static final long FALLBACK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition moved = lock.newCondition();
    private final AtomicBoolean signalNeeded = new AtomicBoolean();

    @Override
    public long waitFor(long sequence, Sequence cursor, Sequence dependentSequence, SequenceBarrier barrier)
        throws AlertException, InterruptedException {
        long available;
        for (int i = 0; i < SPINS; i++) {
            available = dependentSequence.get();
            if (available >= sequence) {
                return available;
            }
            barrier.checkAlert();
            Thread.onSpinWait();
        }
        lock.lock();
        try {
            while (true) {
                // Announce the wait before the last look (a full fence), so a signaller that moves the sequence
                // after that look sees the flag and signals.
                signalNeeded.getAndSet(true);
                available = dependentSequence.get();
                if (available >= sequence) {
                    return available;
                }
                barrier.checkAlert();
                moved.awaitNanos(FALLBACK_NANOS);
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void signalAllWhenBlocking() {
        if (signalNeeded.getAndSet(false)) {
            lock.lock();
            try {
                moved.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    /**
     * Wraps a stage so that it publishes its progress and wakes the stages waiting for it at the end of each batch.
     *
     * @param handler the stage
     * @return the wrapped stage
     */
    EventHandler<RingEvent> signalling(EventHandler<RingEvent> handler) {
        return new Signalling(handler, this);
    }

    private static final class Signalling implements EventHandler<RingEvent> {

        private final EventHandler<RingEvent> handler;
        private final WaitStrategy wait;
        private Sequence progress;

        Signalling(EventHandler<RingEvent> handler, WaitStrategy wait) {
            this.handler = handler;
            this.wait = wait;
        }

        @Override
        public void setSequenceCallback(Sequence sequenceCallback) {
            this.progress = sequenceCallback;
            handler.setSequenceCallback(sequenceCallback);
        }

        @Override
        public void onEvent(RingEvent event, long sequence, boolean endOfBatch) throws Exception {
            handler.onEvent(event, sequence, endOfBatch);
            if (endOfBatch) {
                // The processor sets the same value right after this returns; setting it here first lets the
                // signal below carry it.
                progress.set(sequence);
                wait.signalAllWhenBlocking();
            }
        }

        @Override
        public void onStart() {
            handler.onStart();
        }

        @Override
        public void onShutdown() {
            handler.onShutdown();
        }
    }
}
