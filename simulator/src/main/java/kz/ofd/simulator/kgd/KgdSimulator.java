package kz.ofd.simulator.kgd;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import kz.ofd.protocol.kgd.BatchVerifier;
import kz.ofd.protocol.kgd.KgdWire;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A stand-in for the tax authority's (KGD) receiving end, for tests and the demo. The real OFD→KGD interface is not
 * public (domain-facts §2.1); this one is the project's own design (docs/kgd.md): batches of documents as JSON,
 * each with an idempotency key, signed with a detached CMS signature in the {@code X-Ofd-Signature} header.
 *
 * <p>It checks every batch's signature (against the OFD's certificate when one is configured), keeps each document
 * once by its idempotency key and counts re-sent ones, and answers with the keys it now holds. Faults are injected
 * on demand: a full outage (503), a random error rate (500), added latency, and dropped connections. It reports
 * exactly which documents it holds. Runs its own Vert.x event loop; the fault setters are safe from any thread.
 */
public final class KgdSimulator implements AutoCloseable {

    /** Path of the document endpoint. */
    public static final String DOCUMENTS_PATH = KgdWire.DOCUMENTS_PATH;
    /** Header carrying the base64 detached CMS signature of the request body. */
    public static final String SIGNATURE_HEADER = KgdWire.SIGNATURE_HEADER;

    private static final int MAX_BODY = 64 << 20;

    private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(2));
    private volatile X509Certificate trusted;
    private final Map<String, JsonObject> documents = new ConcurrentHashMap<>();
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong faults = new AtomicLong();
    private final SplittableRandom random;
    private volatile boolean outage;
    private volatile double errorRate;
    private volatile double dropRate;
    private volatile Duration latency = Duration.ZERO;
    private HttpServer server;

    /**
     * @param trusted the OFD certificate batches must be signed with, or {@code null} to accept any valid signer
     * @param seed    seed of the injected error and drop decisions
     */
    public KgdSimulator(X509Certificate trusted, long seed) {
        this.trusted = trusted;
        this.random = new SplittableRandom(seed);
    }

    /**
     * Binds the port.
     *
     * @param host bind address
     * @param port port, 0 for any free one
     * @return the bound port
     * @throws Exception when it cannot bind within 10 s
     */
    public int start(String host, int port) throws Exception {
        Router router = Router.router(vertx);
        router.post(DOCUMENTS_PATH).handler(BodyHandler.create().setBodyLimit(MAX_BODY)).handler(this::documents);
        router.get("/kgd/v1/status").handler(ctx -> ctx.response().putHeader("content-type", "application/json")
            .end(status().encode()));
        server = vertx.createHttpServer().requestHandler(router).listen(port, host)
            .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        return server.actualPort();
    }

    private void documents(RoutingContext ctx) {
        if (!latency.isZero()) {
            vertx.setTimer(Math.max(1, latency.toMillis()), id -> receive(ctx));
        } else {
            receive(ctx);
        }
    }

    private void receive(RoutingContext ctx) {
        if (outage) {
            faults.incrementAndGet();
            problem(ctx, 503, "KGD is unavailable (injected outage)");
            return;
        }
        double roll;
        synchronized (random) {
            roll = random.nextDouble();
        }
        if (roll < dropRate) {
            faults.incrementAndGet();
            ctx.request().connection().close();
            return;
        }
        if (roll < dropRate + errorRate) {
            faults.incrementAndGet();
            problem(ctx, 500, "KGD failed to process the batch (injected error)");
            return;
        }
        byte[] body = ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes();
        String header = ctx.request().getHeader(SIGNATURE_HEADER);
        String problem;
        if (header == null) {
            problem = "the batch has no " + SIGNATURE_HEADER + " header";
        } else {
            try {
                problem = BatchVerifier.problem(body, Base64.getDecoder().decode(header), trusted);
            } catch (IllegalArgumentException e) {
                problem = SIGNATURE_HEADER + " is not base64";
            }
        }
        if (problem != null) {
            rejected.incrementAndGet();
            problem(ctx, 401, problem);
            return;
        }
        JsonArray list;
        try {
            list = new JsonObject(new String(body, java.nio.charset.StandardCharsets.UTF_8)).getJsonArray("documents");
        } catch (DecodeException | ClassCastException e) {
            rejected.incrementAndGet();
            problem(ctx, 400, "the batch is not a JSON object with a 'documents' array");
            return;
        }
        if (list == null) {
            rejected.incrementAndGet();
            problem(ctx, 400, "the batch has no 'documents' array");
            return;
        }
        JsonArray keys = new JsonArray();
        int newOnes = 0;
        for (int i = 0; i < list.size(); i++) {
            JsonObject document = list.getJsonObject(i);
            String key = document.getString("idempotencyKey");
            if (key == null) {
                rejected.incrementAndGet();
                problem(ctx, 400, "documents[" + i + "] has no idempotencyKey");
                return;
            }
            if (documents.putIfAbsent(key, document) == null) {
                newOnes++;
            } else {
                duplicates.incrementAndGet();
            }
            keys.add(key);
        }
        batches.incrementAndGet();
        ctx.response().putHeader("content-type", "application/json").end(new JsonObject()
            .put("accepted", newOnes).put("duplicates", list.size() - newOnes).put("keys", keys).encode());
    }

    private static void problem(RoutingContext ctx, int status, String detail) {
        ctx.response().setStatusCode(status).putHeader("content-type", "application/problem+json")
            .end(new JsonObject().put("status", status).put("title", "KGD refused the batch").put("detail", detail)
                .encode());
    }

    /** @param certificate the OFD certificate batches must now be signed with, {@code null} for any valid signer */
    public void trust(X509Certificate certificate) {
        this.trusted = certificate;
    }

    /** @param down true: every batch gets 503 until set false */
    public void outage(boolean down) {
        this.outage = down;
    }

    /** @param rate share of batches answered 500 (0..1) */
    public void errorRate(double rate) {
        this.errorRate = rate;
    }

    /** @param rate share of batches whose connection is closed without an answer (0..1) */
    public void dropRate(double rate) {
        this.dropRate = rate;
    }

    /** @param delay added before each batch is handled */
    public void latency(Duration delay) {
        this.latency = delay;
    }

    /** @return idempotency keys of every document held */
    public List<String> keys() {
        return List.copyOf(documents.keySet());
    }

    /**
     * @param key an idempotency key
     * @return the document held under it, or {@code null}
     */
    public JsonObject document(String key) {
        return documents.get(key);
    }

    /** @return documents held, each once */
    public long documentCount() {
        return documents.size();
    }

    /** @return documents received again after they were held */
    public long duplicateCount() {
        return duplicates.get();
    }

    /** @return batches refused for their signature or shape */
    public long rejectedBatches() {
        return rejected.get();
    }

    /** @return batches answered with an injected fault */
    public long injectedFaults() {
        return faults.get();
    }

    /** @return the counters as JSON (also at {@code GET /kgd/v1/status}) */
    public JsonObject status() {
        return new JsonObject().put("documents", documents.size()).put("batches", batches.get())
            .put("duplicates", duplicates.get()).put("rejectedBatches", rejected.get()).put("injectedFaults", faults.get())
            .put("outage", outage);
    }

    @Override
    public void close() {
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the KGD simulator did not stop", e);
        }
    }
}
