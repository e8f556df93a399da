package kz.ofd.engine.server;

import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import kz.ofd.protocol.frame.FrameError;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The connection-level meters: every rejection reason is there at zero, and the latency timer records without
 * allocating (it runs on the I/O threads for every answer).
 */
final class ServerStatsTest {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    @AfterEach
    void close() {
        registry.close();
    }

    @Test
    void shouldShowEveryRejectionReasonAtZeroBeforeAnyHappens() {
        new ServerStats(registry);
        String text = registry.scrape();
        for (FrameError e : FrameError.values()) {
            assertTrue(text.contains("ofd_frames_rejected_total{reason=\"" + e.name() + "\"} 0.0"), e + " in\n" + text);
        }
    }

    @Test
    void shouldRecordLatencyIntoTheHistogramWithoutAllocating() {
        ServerStats stats = new ServerStats(registry);
        Timer timer = registry.get("ofd_request_latency").timer();
        for (int i = 0; i < 20_000; i++) {   // warm up: first calls may initialise lazily
            stats.answerWritten(System.nanoTime() - 1_000_000);
        }
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(thread);
        for (int i = 0; i < 100_000; i++) {
            stats.answerWritten(System.nanoTime() - 1_000_000);
        }
        long allocated = threads.getThreadAllocatedBytes(thread) - before;
        stats.answerWritten(AnswerClock.NONE);
        assertEquals(120_000, timer.count(), "NONE is not recorded");
        assertTrue(allocated < 100_000, "recording 100k latencies allocated " + allocated + " bytes");
        String text = registry.scrape();
        assertTrue(text.contains("ofd_request_latency_seconds_bucket{le=\"0.001\"}"), text);
        assertTrue(text.contains("ofd_request_latency_seconds_count 120000"), text);
    }
}
