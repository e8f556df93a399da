package kz.ofd.engine.launcher;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;

import java.lang.management.ManagementFactory;
import java.util.function.LongSupplier;

/**
 * JVM and process meters: Micrometer's standard binders ({@code jvm_*}, {@code process_*}, {@code system_*}) plus
 * {@code ofd_jvm_allocated_bytes}, the bytes allocated by the JVM's threads since start, so that a benchmark can
 * divide the difference of two scrapes by the requests answered between them. Closing it removes the GC
 * notification listener.
 */
public final class ProcessMeters implements AutoCloseable {

    private final JvmGcMetrics gc = new JvmGcMetrics();

    /**
     * Binds every meter to the registry.
     *
     * @param registry where the meters live
     */
    public ProcessMeters(MeterRegistry registry) {
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        LongSupplier allocated = allocatedBytes();
        if (allocated != null) {
            Gauge.builder("ofd_jvm_allocated_bytes", allocated, s -> s.getAsLong())
                .description("Bytes allocated on the heap by all JVM threads since start (scrape twice and divide the "
                    + "difference by the requests answered in between for bytes per request)")
                .strongReference(true)
                .register(registry);
        }
    }

    /**
     * @return total bytes allocated by the JVM's threads, or {@code null} when this JVM cannot measure them
     */
    static LongSupplier allocatedBytes() {
        if (!(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean threads)
            || !threads.isThreadAllocatedMemorySupported()) {
            return null;
        }
        if (!threads.isThreadAllocatedMemoryEnabled()) {
            threads.setThreadAllocatedMemoryEnabled(true);
        }
        try {
            // HotSpot 17.0.9+ keeps a running total that includes threads that have ended.
            if (threads.getTotalThreadAllocatedBytes() >= 0) {
                return threads::getTotalThreadAllocatedBytes;
            }
        } catch (UnsupportedOperationException e) {
            // an older 17 update: the interface's default method; fall back to the live threads' sum below
        }
        // Live threads only: what ended threads allocated is lost, which is fine for a server whose threads live
        // as long as it does.
        return () -> sumOfLiveThreads(threads);
    }

    private static long sumOfLiveThreads(com.sun.management.ThreadMXBean threads) {
        long total = 0;
        for (long bytes : threads.getThreadAllocatedBytes(threads.getAllThreadIds())) {
            if (bytes > 0) {
                total += bytes;
            }
        }
        return total;
    }

    /**
     * Unhooks the GC notification listener.
     */
    @Override
    public void close() {
        gc.close();
    }
}
