package kz.ofd.engine.server;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import kz.ofd.protocol.frame.FrameError;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Connection-level metrics of the KKM port. Thread-safe (called from every I/O thread).
 */
public final class ServerStats {

    private final AtomicLong open = new AtomicLong();
    private final Counter accepted;
    private final Counter idleClosed;
    private final Map<FrameError, Counter> rejected = new EnumMap<>(FrameError.class);

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
     * @return connections open now
     */
    public long openConnections() {
        return open.get();
    }
}
