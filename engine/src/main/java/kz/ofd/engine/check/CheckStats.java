package kz.ofd.engine.check;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Meters of the public receipt check: {@code ofd_check_requests_total{outcome}} (every outcome shown from 0) and
 * {@code ofd_check_latency_seconds} from the request's arrival to its answer. Thread-safe.
 */
public final class CheckStats {

    /** What a check request came to. */
    public enum Outcome {
        /** 200: every parameter matched a stored ticket. */
        FOUND,
        /** 404: no ticket with that sign, or its RNM, total or time differ. */
        NOT_FOUND,
        /** 400: a parameter missing or malformed. */
        INVALID,
        /** 429: the client address is over its rate. */
        RATE_LIMITED,
        /** 503: too many reads waiting for the worker threads. */
        BUSY,
        /** 500: the read failed inside the server. */
        ERROR
    }

    private final Map<Outcome, Counter> requests = new EnumMap<>(Outcome.class);
    private final Timer latency;

    /**
     * @param registry where the meters live
     */
    public CheckStats(MeterRegistry registry) {
        for (Outcome o : Outcome.values()) {
            requests.put(o, Counter.builder("ofd_check_requests_total")
                .description("Receipt check requests (the QR code's page) by outcome")
                .tag("outcome", o.name().toLowerCase(Locale.ROOT))
                .register(registry));
        }
        latency = Timer.builder("ofd_check_latency")
            .description("Receipt check requests from arrival to the answer: rate limit, parsing, the index and journal "
                + "reads, rendering")
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofNanos(100_000))
            .maximumExpectedValue(Duration.ofSeconds(10))
            .serviceLevelObjectives(Duration.ofMillis(10), Duration.ofMillis(100), Duration.ofSeconds(1))
            .register(registry);
    }

    /**
     * Counts one answered request and times it.
     *
     * @param outcome      what it came to
     * @param startedNanos {@link System#nanoTime()} when it arrived
     */
    void answered(Outcome outcome, long startedNanos) {
        requests.get(outcome).increment();
        latency.record(System.nanoTime() - startedNanos, TimeUnit.NANOSECONDS);
    }
}
