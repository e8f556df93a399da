package kz.ofd.engine.launcher;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Bounds a graceful stop: if closing the server takes longer than the timeout (a stuck connection, a disk that
 * stopped answering), the process is halted. Halting is safe at any moment: an acknowledged document is journaled
 * before its answer left, which the crash harness proves by SIGKILL (docs/reliability.md). The JVM ignores a
 * second SIGTERM while it runs shutdown hooks, so this timeout, or a SIGKILL, is how a stop is forced.
 */
final class ShutdownWatchdog {

    private static final Logger LOG = LoggerFactory.getLogger(ShutdownWatchdog.class);

    private final Thread thread;

    /**
     * @param timeout how long the graceful stop may take
     * @param halt    what forces the exit ({@code Runtime.getRuntime().halt(4)} in the launcher)
     */
    ShutdownWatchdog(Duration timeout, Runnable halt) {
        this.thread = new Thread(() -> {
            try {
                TimeUnit.NANOSECONDS.sleep(timeout.toNanos());
            } catch (InterruptedException e) {
                return;   // the stop finished in time
            }
            LOG.error("event=shutdown_timeout timeout_ms={} action=halt", timeout.toMillis());
            halt.run();
        }, "ofd-shutdown-watchdog");
        this.thread.setDaemon(true);
    }

    /** Starts counting. */
    void start() {
        thread.start();
    }

    /** The stop finished: no halt. */
    void cancel() {
        thread.interrupt();
    }

    /**
     * @return true while the watchdog may still halt
     */
    boolean armed() {
        return thread.isAlive();
    }
}
