package kz.ofd.engine.server;

import io.netty.util.concurrent.EventExecutor;
import kz.ofd.protocol.frame.KkmFrame;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The answers bound for the connections of one event loop. The journal thread adds answers; the event loop
 * writes every answer queued so far in one task and then flushes each connection once, so a ring batch costs one
 * task (and at most one wake-up) per event loop instead of one per answer. Answers to one connection keep the
 * order they were added in (one FIFO queue per loop).
 *
 * <p>Thread-safe: {@link #add} from any thread, {@link #run} on the event loop only.
 */
final class ReplyQueue implements Runnable {

    private final EventExecutor loop;
    private final Queue<Pending> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final List<KkmConnectionHandler> toFlush = new ArrayList<>();

    ReplyQueue(EventExecutor loop) {
        this.loop = loop;
    }

    void add(KkmConnectionHandler handler, KkmFrame frame) {
        queue.offer(new Pending(handler, frame));
        if (!scheduled.get() && scheduled.compareAndSet(false, true)) {
            loop.execute(this);
        }
    }

    @Override
    public void run() {
        // Cleared before draining: an answer added after the drain below sees false and schedules the next task.
        scheduled.set(false);
        Pending p;
        while ((p = queue.poll()) != null) {
            if (p.handler.writeQueued(p.frame)) {
                toFlush.add(p.handler);
            }
        }
        for (int i = 0; i < toFlush.size(); i++) {
            toFlush.get(i).flushQueued();
        }
        toFlush.clear();
    }

    private record Pending(KkmConnectionHandler handler, KkmFrame frame) {
    }
}
