package kz.ofd.engine.launcher;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.function.LongSupplier;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The JVM and process meters, in particular the allocation total a benchmark divides by requests.
 */
final class ProcessMetersTest {

    private static volatile byte[] sink;

    @Test
    void shouldCountBytesAllocatedByAThreadThatHasEnded() throws Exception {
        LongSupplier allocated = ProcessMeters.allocatedBytes();
        assertNotNull(allocated, "HotSpot measures allocation per thread");
        long before = allocated.getAsLong();
        Thread allocator = new Thread(() -> {
            for (int i = 0; i < 100; i++) {
                sink = new byte[100_000];
            }
        });
        allocator.start();
        allocator.join();
        // join() returns once the thread is TERMINATED, a moment before HotSpot moves its bytes to the total of
        // ended threads (it is counted as neither live nor ended in between: seen once in a full build), so wait.
        long[] after = new long[1];
        await().atMost(Duration.ofSeconds(10)).until(() -> (after[0] = allocated.getAsLong()) - before >= 10_000_000L);
        assertTrue(after[0] - before >= 10_000_000L, "allocated " + (after[0] - before) + " bytes, expected at least 10 MB");
    }

    @Test
    void shouldExposeJvmProcessAndAllocationMetersAndUnhookOnClose() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (ProcessMeters meters = new ProcessMeters(registry)) {
            String text = registry.scrape();
            for (String name : new String[] {"# HELP ofd_jvm_allocated_bytes ", "ofd_jvm_allocated_bytes ",
                "jvm_memory_used_bytes", "jvm_gc_", "jvm_threads_live_threads", "jvm_classes_loaded_classes",
                "process_cpu_usage", "process_cpu_time_ns_total", "process_uptime_seconds", "process_files_open_files",
                "system_cpu_count"}) {
                assertTrue(text.contains(name), name + " missing from\n" + text);
            }
            assertNotNull(meters);
        } finally {
            registry.close();
        }
    }
}
