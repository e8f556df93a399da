package kz.ofd.engine.pipeline;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import kz.ofd.protocol.proto.CommandTypeEnum;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Request counters stay bounded in cardinality and cost nothing per request once their pair has been seen.
 */
final class PipelineStatsTest {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    @AfterEach
    void close() {
        registry.close();
    }

    @Test
    void shouldRegisterEveryCommandAnsweredOkAtZero() {
        new PipelineStats(registry);
        String text = registry.scrape();
        for (CommandTypeEnum c : CommandTypeEnum.values()) {
            assertTrue(text.contains("ofd_requests_total{command=\"" + c.name() + "\",result=\"0\"} 0.0"), c + " in\n" + text);
        }
    }

    @Test
    void shouldFoldUnknownCommandsAndOutOfRangeResultsIntoOneSeriesEach() {
        PipelineStats stats = new PipelineStats(registry);
        int before = registry.getMeters().size();
        for (int command = -1; command < 5_000; command += 7) {
            if (CommandTypeEnum.forNumber(command) == null) {
                stats.answered(command, 3);
            }
        }
        stats.answered(CommandTypeEnum.COMMAND_TICKET_VALUE, 70_000);
        stats.answered(CommandTypeEnum.COMMAND_TICKET_VALUE, -2);
        assertEquals(before + 2, registry.getMeters().size(), "one UNKNOWN/3 series and one COMMAND_TICKET/OTHER");
        assertEquals(2.0, registry.get("ofd_requests_total").tags("command", "COMMAND_TICKET", "result", "OTHER")
            .counter().count());
        assertTrue(registry.get("ofd_requests_total").tags("command", "UNKNOWN", "result", "3").counter().count() > 700);
    }

    @Test
    void shouldCountAnswersWithoutAllocatingOnceThePairIsKnown() {
        PipelineStats stats = new PipelineStats(registry);
        for (int i = 0; i < 20_000; i++) {
            stats.answered(CommandTypeEnum.COMMAND_TICKET_VALUE, i & 15);
            stats.journalWritten(150_000);
            stats.batch(3);
        }
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(thread);
        for (int i = 0; i < 100_000; i++) {
            stats.answered(CommandTypeEnum.COMMAND_TICKET_VALUE, i & 15);
            stats.journalWritten(150_000);
            stats.batch(3);
        }
        long allocated = threads.getThreadAllocatedBytes(thread) - before;
        assertTrue(allocated < 100_000, "100k answers, journal writes and batches allocated " + allocated + " bytes");
        assertEquals(120_000.0 / 16, registry.get("ofd_requests_total").tags("command", "COMMAND_TICKET", "result", "15")
            .counter().count());
    }
}
