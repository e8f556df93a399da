package kz.ofd.engine.pipeline;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import kz.ofd.protocol.proto.CommandTypeEnum;
import kz.ofd.protocol.proto.ResultTypeEnum;
import kz.ofd.storage.index.DocumentIndex;
import kz.ofd.storage.journal.Journal;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Pipeline metrics. {@link #answered} is called by the responder thread only, {@link #journaled}, {@link #batch}
 * and {@link #journalWritten} by the journaler only, {@link #ringFull} by any I/O thread (Micrometer meters are
 * thread-safe). Nothing here allocates or locks once a (command, result) pair has been seen: the counters are cached
 * in an array, and the pairs a register normally gets (every command answered OK) are registered up front.
 */
public final class PipelineStats {

    /** Command numbers below this get their own slot; the rest share {@code UNKNOWN}. */
    private static final int COMMAND_SLOTS = 128;
    /** Result codes are one byte on the wire; anything else shares {@code OTHER}. */
    private static final int RESULT_SLOTS = 256;
    private static final String REQUESTS = "ofd_requests_total";
    private static final String REQUESTS_HELP = "KKM requests answered through the ring, by command and result code "
        + "(refusals for a full ring are in ofd_ring_full_total, broken frames in ofd_frames_rejected_total)";

    private final MeterRegistry registry;
    /** [command slot, COMMAND_SLOTS for unknown][result code, RESULT_SLOTS for other]; filled on first use. */
    private final Counter[][] answers = new Counter[COMMAND_SLOTS + 1][RESULT_SLOTS + 1];
    private final Counter journaled;
    private final Counter ringFull;
    private final DistributionSummary batchSize;
    private final Timer journalWrite;

    /**
     * @param registry where the meters live
     */
    public PipelineStats(MeterRegistry registry) {
        this.registry = registry;
        this.journaled = Counter.builder("ofd_journal_records_total")
            .description("Outcomes appended to the journal (accepted documents, offline periods, registrations, blocks)")
            .register(registry);
        this.ringFull = Counter.builder("ofd_ring_full_total")
            .description("Requests answered SERVICE_TEMPORARILY_UNAVAILABLE because the ring had no free slot")
            .register(registry);
        this.batchSize = DistributionSummary.builder("ofd_journal_batch_size")
            .description("Ring events handled per journal batch (group-commit size)")
            .register(registry);
        this.journalWrite = Timer.builder("ofd_journal_flush")
            .description("Time the journal stage spends on one batch that has records: appending them and, with "
                + "ofd.durability=sync, forcing them to disk (the answers of the batch wait for it)")
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofNanos(10_000))
            .maximumExpectedValue(Duration.ofSeconds(10))
            .register(registry);
        for (CommandTypeEnum command : CommandTypeEnum.values()) {
            counter(command.getNumber(), ResultTypeEnum.RESULT_TYPE_OK_VALUE);
        }
    }

    /**
     * Registers the gauges that read the ring and the storage (called once, when the ring exists). They are read
     * on the scraping thread only.
     *
     * @param pipeline the ring
     * @param journal  the journal
     * @param index    the document index
     */
    public void watch(Pipeline pipeline, Journal journal, DocumentIndex index) {
        Gauge.builder("ofd_ring_remaining_capacity", pipeline, Pipeline::remainingCapacity)
            .description("Free slots in the ring now (the ring size when idle; at 0 requests are refused as busy)")
            .register(registry);
        LongSupplier lag = () -> journal.countAfter(index.checkpoint());
        Gauge.builder("ofd_index_lag_records", lag, LongSupplier::getAsLong)
            .description("Journal records not yet in the document index (0 when idle; grows while indexing is slow "
                + "or has stopped after an index write failure)")
            .strongReference(true)
            .register(registry);
    }

    void answered(int command, int result) {
        counter(command, result).increment();
    }

    private Counter counter(int command, int result) {
        int c = command >= 0 && command < COMMAND_SLOTS && CommandTypeEnum.forNumber(command) != null
            ? command : COMMAND_SLOTS;
        int r = result >= 0 && result < RESULT_SLOTS ? result : RESULT_SLOTS;
        Counter counter = answers[c][r];
        if (counter == null) {
            counter = Counter.builder(REQUESTS)
                .description(REQUESTS_HELP)
                .tag("command", c == COMMAND_SLOTS ? "UNKNOWN" : CommandTypeEnum.forNumber(c).name())
                .tag("result", r == RESULT_SLOTS ? "OTHER" : Integer.toString(r))
                .register(registry);
            answers[c][r] = counter;
        }
        return counter;
    }

    void journaled() {
        journaled.increment();
    }

    void batch(long size) {
        batchSize.record(size);
    }

    void journalWritten(long nanos) {
        journalWrite.record(nanos, TimeUnit.NANOSECONDS);
    }

    /**
     * Counts a request refused because the ring was full.
     */
    public void ringFull() {
        ringFull.increment();
    }
}
