package kz.ofd.engine.server;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import kz.ofd.protocol.frame.FrameError;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Connection-level metrics of the KKM port. Thread-safe (called from every I/O thread).
 */
public final class ServerStats {

    private final AtomicLong open = new AtomicLong();
    private final Counter accepted;
    private final Counter idleClosed;
    private final Map<FrameError, Counter> rejected = new EnumMap<>(FrameError.class);
    private final Timer latency;

    /**
     * @param registry where the meters live
     */
    public ServerStats(MeterRegistry registry) {
        Gauge.builder("ofd_connections_open", open, AtomicLong::get)
            .description("KKM connections open now")
            .register(registry);
        accepted = Counter.builder("ofd_connections_total")
            .description("KKM connections accepted")
            .register(registry);
        idleClosed = Counter.builder("ofd_connections_idle_closed_total")
            .description("KKM connections closed by the idle timeout")
            .register(registry);
        for (FrameError e : FrameError.values()) {
            rejected.put(e, Counter.builder("ofd_frames_rejected_total")
                .description("Frames refused at the framing level (answered PROTOCOL_ERROR where possible, then closed)")
                .tag("reason", e.name())
                .register(registry));
        }
        latency = Timer.builder("ofd_request_latency")
            .description("From a KKM frame decoded on its I/O thread to its answer written to the socket (ring answers "
                + "and busy refusals)")
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofNanos(100_000))
            .maximumExpectedValue(Duration.ofSeconds(10))
            .serviceLevelObjectives(Duration.ofMillis(1), Duration.ofMillis(10), Duration.ofMillis(100),
                Duration.ofSeconds(1))
            .register(registry);
    }

    void connectionOpened() {
        open.incrementAndGet();
        accepted.increment();
    }

    void connectionClosed() {
        open.decrementAndGet();
    }

    void idleClosed() {
        idleClosed.increment();
    }

    void frameRejected(FrameError error) {
        rejected.get(error).increment();
    }

    /**
     * Records one request's latency; allocation-free.
     *
     * @param startedNanos {@link System#nanoTime()} when its frame was decoded, or {@link AnswerClock#NONE}
     */
    void answerWritten(long startedNanos) {
        if (startedNanos != AnswerClock.NONE) {
            latency.record(System.nanoTime() - startedNanos, TimeUnit.NANOSECONDS);
        }
    }

    /**
     * @return connections open now
     */
    public long openConnections() {
        return open.get();
    }
}
