package kz.ofd.engine.pipeline;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import kz.ofd.protocol.proto.CommandTypeEnum;
import org.agrona.collections.Int2ObjectHashMap;

/**
 * Pipeline metrics. {@link #answered} is called by the responder thread only, {@link #journaled} and
 * {@link #batch} by the journaler only, {@link #ringFull} by any I/O thread (Micrometer counters are thread-safe).
 */
public final class PipelineStats {

    private final MeterRegistry registry;
    private final Int2ObjectHashMap<Counter> answers = new Int2ObjectHashMap<>();
    private final Counter journaled;
    private final Counter ringFull;
    private final DistributionSummary batchSize;

    /**
     * @param registry where the meters live
     */
    public PipelineStats(MeterRegistry registry) {
        this.registry = registry;
        this.journaled = Counter.builder("ofd_journal_records_total")
            .description("Outcomes appended to the journal (accepted documents and registrations)")
            .register(registry);
        this.ringFull = Counter.builder("ofd_ring_full_total")
            .description("Requests answered SERVICE_TEMPORARILY_UNAVAILABLE because the ring had no free slot")
            .register(registry);
        this.batchSize = DistributionSummary.builder("ofd_journal_batch_size")
            .description("Ring events handled per journal batch (group-commit size)")
            .register(registry);
    }

    void answered(int command, int result) {
        int key = (command & 0xFFFF) << 16 | (result & 0xFFFF);
        Counter counter = answers.get(key);
        if (counter == null) {
            CommandTypeEnum known = CommandTypeEnum.forNumber(command);
            counter = Counter.builder("ofd_requests_total")
                .description("KKM requests answered, by command and result code")
                .tag("command", known != null ? known.name() : Integer.toString(command))
                .tag("result", Integer.toString(result))
                .register(registry);
            answers.put(key, counter);
        }
        counter.increment();
    }

    void journaled() {
        journaled.increment();
    }

    void batch(long size) {
        batchSize.record(size);
    }

    /**
     * Counts a request refused because the ring was full.
     */
    public void ringFull() {
        ringFull.increment();
    }
}
