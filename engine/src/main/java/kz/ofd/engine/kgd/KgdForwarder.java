package kz.ofd.engine.kgd;

import com.google.protobuf.InvalidProtocolBufferException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import kz.ofd.engine.journal.Outcome;
import kz.ofd.engine.journal.OutcomeCodec;
import kz.ofd.engine.logic.KkmDirectory;
import kz.ofd.protocol.kgd.BatchSigner;
import kz.ofd.protocol.proto.Request;
import kz.ofd.storage.files.AtomicFiles;
import kz.ofd.storage.journal.Journal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Sends every journaled document to KGD, at least once, off the KKM path: its own thread follows the journal from a
 * persisted position, gathers documents into batches (up to {@code batchSize}, waiting up to {@code linger} for a
 * batch to fill), signs each batch ({@link BatchSigner}) and sends it. The position moves past a batch only when
 * KGD acknowledged every document in it, and is written to {@code data/kgd/position} (write, force, rename); a
 * failed batch is sent again, unchanged, after an exponential back-off with jitter, so after a crash or an outage
 * KGD may see a document twice and deduplicates it by its idempotency key. Nothing here touches the ring.
 *
 * <p>Status ({@link #status()}, {@code GET /api/kgd}, metrics): records not yet forwarded, the age of the oldest
 * unsent document against the deadline (15 minutes by law; a warning at 80 %), documents sent, failures by cause,
 * and the open days of the daily reconciliation ({@link DailyTally}), whose reports go to {@code data/reports/}.
 */
public final class KgdForwarder implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KgdForwarder.class);
    private static final Duration BACKOFF_BASE = Duration.ofMillis(200);
    private static final Duration BACKOFF_MAX = Duration.ofSeconds(30);
    private static final double WARNING_SHARE = 0.8;

    /**
     * Settings.
     *
     * @param batchSize most documents per batch
     * @param linger    longest wait for a batch to fill
     * @param deadline  how long a document may wait for KGD (warning at 80 %)
     */
    public record Settings(int batchSize, Duration linger, Duration deadline) {
    }

    private final Journal journal;
    private final KkmDirectory directory;
    private final BatchSigner signer;
    private final KgdTransport transport;
    private final Settings settings;
    private final Path positionFile;
    private final Path reports;
    private final DailyTally tally;
    private final Thread thread;
    private final SplittableRandom jitter = new SplittableRandom();
    private final ConcurrentHashMap<String, AtomicLong> failures = new ConcurrentHashMap<>();
    private final Counter sent;
    private final MeterRegistry metrics;

    private volatile boolean running = true;
    private volatile long position;
    private volatile long oldestUnsentReceivedAt;
    private volatile String lastError;
    private long lastWarningMillis;

    /**
     * Starts forwarding.
     *
     * @param journal   the journal (read on the forwarder's own thread)
     * @param directory KKM id to RNM
     * @param signer    the OFD's batch signer
     * @param transport the way to KGD
     * @param settings  batch size, linger, deadline
     * @param dir       where the position file lives ({@code data/kgd})
     * @param metrics   meter registry
     */
    public KgdForwarder(Journal journal, KkmDirectory directory, BatchSigner signer, KgdTransport transport,
                        Settings settings, Path dir, MeterRegistry metrics) {
        this.journal = journal;
        this.directory = directory;
        this.signer = signer;
        this.transport = transport;
        this.settings = settings;
        this.metrics = metrics;
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
        this.positionFile = dir.resolve("position");
        this.reports = dir.resolveSibling("reports");
        this.tally = new DailyTally(settings.deadline());
        this.position = readPosition(positionFile, tally);
        this.sent = Counter.builder("ofd_kgd_documents_sent").description("documents KGD acknowledged")
            .register(metrics);
        Gauge.builder("ofd_kgd_backlog_records", this, f -> f.backlog())
            .description("journal records not yet forwarded to KGD").register(metrics);
        Gauge.builder("ofd_kgd_oldest_unsent_seconds", this, f -> f.oldestUnsentAge().toMillis() / 1000.0)
            .description("age of the oldest document not yet acknowledged by KGD").register(metrics);
        this.thread = new Thread(this::run, "ofd-kgd");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    private void run() {
        List<Outcome.DocumentAccepted> batch = new ArrayList<>(settings.batchSize());
        long[] batchEnd = {position};
        try (Journal.Reader reader = journal.reader(position)) {
            while (running) {
                gather(reader, batch, batchEnd);
                if (batch.isEmpty()) {
                    if (batchEnd[0] != position) {
                        persist(batchEnd[0]);   // only registrations and the like: nothing to send
                    }
                    oldestUnsentReceivedAt = 0;
                    park(settings.linger());
                    continue;
                }
                oldestUnsentReceivedAt = batch.get(0).receivedAtMillis();
                if (sendUntilAcknowledged(batch)) {
                    long now = System.currentTimeMillis();
                    for (Outcome.DocumentAccepted d : batch) {
                        tally.confirmed(d.receivedAtMillis(), now);
                    }
                    Map<LocalDate, JsonObject> complete =
                        tally.completeBefore(DailyTally.day(batch.get(batch.size() - 1).receivedAtMillis()));
                    writeReports(complete);
                    persist(batchEnd[0]);
                    sent.increment(batch.size());
                    batch.clear();
                }
            }
        } catch (RuntimeException e) {
            LOG.error("event=kgd_forwarder_stopped position={} action=restart_resumes_from_position", position, e);
            lastError = e.toString();
        }
    }

    /** Fills the batch from the journal: up to batchSize documents, waiting up to linger for more. */
    private void gather(Journal.Reader reader, List<Outcome.DocumentAccepted> batch, long[] end) {
        long deadline = System.nanoTime() + settings.linger().toNanos();
        while (running && batch.size() < settings.batchSize()) {
            int read = reader.read(settings.batchSize() - batch.size(), (index, buffer, offset, length) -> {
                Outcome outcome = OutcomeCodec.decode(buffer, offset, length);
                if (outcome instanceof Outcome.DocumentAccepted d) {
                    batch.add(d);
                    tally.received(d.receivedAtMillis());
                }
                end[0] = index;
            });
            if (read == 0) {
                if (batch.isEmpty() || System.nanoTime() >= deadline) {
                    return;
                }
                park(Duration.ofMillis(5));
            }
        }
    }

    /**
     * Sends until KGD acknowledges every document of the batch, backing off between attempts.
     *
     * @return false only when stopping
     */
    private boolean sendUntilAcknowledged(List<Outcome.DocumentAccepted> batch) {
        JsonArray documents = new JsonArray();
        Set<String> keys = new HashSet<>();
        for (Outcome.DocumentAccepted d : batch) {
            String rnm = directory.rnm(d.header().kkmId());
            documents.add(KgdDocuments.json(d, parse(d), rnm == null ? "" : rnm));
            keys.add(KgdDocuments.idempotencyKey(d));
        }
        byte[] body = new JsonObject().put("ofd", signer.certificate().getSubjectX500Principal().getName())
            .put("documents", documents).encode().getBytes(StandardCharsets.UTF_8);
        byte[] signature = signer.sign(body);
        for (int attempt = 0; running; attempt++) {
            KgdTransport.Outcome outcome = transport.send(body, signature);
            if (outcome.failure() == null && outcome.acknowledged().containsAll(keys)) {
                return true;
            }
            String cause = outcome.failure() == null ? "incomplete_ack" : outcome.failure();
            failures.computeIfAbsent(cause, c -> {
                AtomicLong counter = new AtomicLong();
                FunctionCounter.builder("ofd_kgd_failures", counter, AtomicLong::get).tag("cause", c)
                    .description("batches KGD did not acknowledge, by cause").register(metrics);
                return counter;
            }).incrementAndGet();
            lastError = cause + ": " + outcome.detail();
            warnIfLate();
            long backoff = Math.min(BACKOFF_MAX.toMillis(), BACKOFF_BASE.toMillis() << Math.min(attempt, 20));
            long withJitter = backoff / 2 + jitter.nextLong(backoff / 2 + 1);
            LOG.warn("event=kgd_batch_failed cause={} documents={} attempt={} retry_in_ms={} detail=\"{}\"", cause,
                batch.size(), attempt + 1, withJitter, outcome.detail());
            park(Duration.ofMillis(withJitter));
        }
        return false;
    }

    private void warnIfLate() {
        Duration age = oldestUnsentAge();
        long now = System.currentTimeMillis();
        if (age.toMillis() > settings.deadline().toMillis() * WARNING_SHARE && now - lastWarningMillis > 60_000) {
            lastWarningMillis = now;
            LOG.warn("event=kgd_deadline_near oldest_unsent_s={} deadline_s={} backlog_records={}", age.toSeconds(),
                settings.deadline().toSeconds(), backlog());
        }
    }

    private static Request parse(Outcome.DocumentAccepted d) {
        try {
            return Request.parser().parsePartialFrom(d.request());
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("a journaled request no longer parses", e);
        }
    }

    /**
     * Writes the position with the open days of the reconciliation, in one file, atomically: a restart resumes
     * both exactly where the last acknowledged batch left them.
     */
    private void persist(long index) {
        JsonObject state = new JsonObject().put("position", index).put("days", tally.toJson());
        try {
            AtomicFiles.write(positionFile, ByteBuffer.wrap(state.encode().getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the KGD position " + positionFile, e);
        }
        position = index;
    }

    /** Writes complete days' reconciliation reports (before the position moves past them). */
    private void writeReports(Map<LocalDate, JsonObject> complete) {
        for (Map.Entry<LocalDate, JsonObject> e : complete.entrySet()) {
            Path file = reports.resolve("kgd-" + e.getKey() + ".json");
            try {
                Files.createDirectories(reports);
                AtomicFiles.write(file, ByteBuffer.wrap(e.getValue().encodePrettily().getBytes(StandardCharsets.UTF_8)));
            } catch (IOException ex) {
                throw new UncheckedIOException("cannot write the KGD report " + file, ex);
            }
            LOG.info("event=kgd_day_reconciled report={} {}", file.getFileName(), e.getValue().encode());
        }
    }

    private static long readPosition(Path file, DailyTally tally) {
        if (!Files.exists(file)) {
            return Journal.NO_INDEX;
        }
        try {
            JsonObject state = new JsonObject(Files.readString(file, StandardCharsets.UTF_8));
            tally.restore(state.getJsonObject("days", new JsonObject()));
            return state.getLong("position");
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("the KGD position " + file + " is unreadable; delete it to send the whole "
                + "journal again (KGD deduplicates)", e);
        }
    }

    private void park(Duration d) {
        if (running) {
            LockSupport.parkNanos(d.toNanos());
        }
    }

    /** @return journal records after the forwarded position */
    public long backlog() {
        return journal.countAfter(position);
    }

    /** @return how long the oldest document not yet acknowledged has waited, zero when none */
    public Duration oldestUnsentAge() {
        long oldest = oldestUnsentReceivedAt;
        return oldest == 0 ? Duration.ZERO : Duration.ofMillis(Math.max(0, System.currentTimeMillis() - oldest));
    }

    /** @return the status as JSON ({@code GET /api/kgd}) */
    public JsonObject status() {
        JsonObject byCause = new JsonObject();
        failures.forEach((cause, count) -> byCause.put(cause, count.get()));
        Duration age = oldestUnsentAge();
        return new JsonObject()
            .put("backlogRecords", backlog())
            .put("oldestUnsentSeconds", age.toSeconds())
            .put("deadlineSeconds", settings.deadline().toSeconds())
            .put("nearDeadline", age.toMillis() > settings.deadline().toMillis() * WARNING_SHARE)
            .put("documentsSent", (long) sent.count())
            .put("failures", byCause)
            .put("lastError", lastError)
            .put("position", position)
            .put("openDays", tally.toJson());
    }

    /** Stops after the batch in flight (its documents are sent again at the next start if unacknowledged). */
    @Override
    public void close() {
        running = false;
        LockSupport.unpark(thread);
        try {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
