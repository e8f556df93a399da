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
 * exactly which documents it holds. It also takes KKM applications (registration, re-registration,
 * deregistration): it checks the OFD's and the owner's signatures and decides after a configurable delay (a
 * registration is approved with a new 12-digit RNM unless a rejection rule matches). Runs its own Vert.x event
 * loop; the setters are safe from any thread.
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
    private volatile Duration applicationDelay = Duration.ofMillis(200);
    private volatile Rejection rejection;
    private final Map<String, Held> applications = new ConcurrentHashMap<>();
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
        router.post("/kgd/v1/applications").handler(BodyHandler.create().setBodyLimit(MAX_BODY)).handler(this::application);
        router.get("/kgd/v1/applications/:id").handler(this::applicationStatus);
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

    /** An application KGD holds: its document and, once the delay has passed, the decision. */
    private record Held(JsonObject document, String kind, long decideAtMillis, JsonObject decision) {
    }

    private void application(RoutingContext ctx) {
        byte[] body = ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes();
        String header = ctx.request().getHeader(SIGNATURE_HEADER);
        String problem = header == null ? "the application has no " + SIGNATURE_HEADER + " header"
            : BatchVerifier.problem(body, decodeOrEmpty(header), trusted);
        JsonObject json = null;
        if (problem == null) {
            try {
                json = new JsonObject(new String(body, java.nio.charset.StandardCharsets.UTF_8));
            } catch (DecodeException e) {
                problem = "the application is not JSON";
            }
        }
        if (problem == null) {
            String owner = json.getString("ownerSignature");
            String document = json.getString("document");
            problem = owner == null || document == null ? "the application needs 'document' and 'ownerSignature'"
                : BatchVerifier.problem(document.getBytes(java.nio.charset.StandardCharsets.UTF_8), decodeOrEmpty(owner), null);
            if (problem != null) {
                problem = "the owner's signature: " + problem;
            }
        }
        if (problem != null) {
            rejected.incrementAndGet();
            problem(ctx, problem.startsWith("the owner") || problem.contains("JSON") ? 400 : 401, problem);
            return;
        }
        String id = json.getString("applicationId");
        JsonObject document = new JsonObject(json.getString("document"));
        String kind = json.getString("kind");
        applications.putIfAbsent(id, new Held(document, kind, System.currentTimeMillis() + applicationDelay.toMillis(),
            decide(kind, document)));
        ctx.response().setStatusCode(202).putHeader("content-type", "application/json")
            .end(new JsonObject().put("applicationId", id).put("status", "PENDING").encode());
    }

    private JsonObject decide(String kind, JsonObject document) {
        String rnm = document.getString("rnm");
        String invalid = switch (kind == null ? "" : kind) {
            case "REGISTRATION" -> document.getString("serialNumber", "").isBlank() ? "serialNumber is missing" : null;
            case "REREGISTRATION" -> rnm == null || !rnm.matches("\\d{12}") ? "rnm must be 12 digits" : null;
            case "DEREGISTRATION" -> rnm == null || !rnm.matches("\\d{12}") ? "rnm must be 12 digits"
                : document.getString("reason") == null ? "a deregistration needs one of the seven reasons" : null;
            default -> "unknown application kind " + kind;
        };
        if (invalid != null) {
            return new JsonObject().put("status", "REJECTED").put("code", "INVALID_DATA").put("reason", invalid);
        }
        Rejection r = rejection;
        if (r != null && document.getString("serialNumber", "").equals(r.serialNumber())) {
            return new JsonObject().put("status", "REJECTED").put("code", r.code()).put("reason", r.reason()).put("rnm", rnm);
        }
        if (kind.equals("REGISTRATION")) {
            long n;
            synchronized (random) {
                n = random.nextLong(100_000_000L);
            }
            rnm = String.format("6203%08d", n);
        }
        return new JsonObject().put("status", "APPROVED").put("rnm", rnm);
    }

    private void applicationStatus(RoutingContext ctx) {
        Held held = applications.get(ctx.pathParam("id"));
        if (held == null) {
            problem(ctx, 404, "no application " + ctx.pathParam("id"));
            return;
        }
        JsonObject answer = System.currentTimeMillis() < held.decideAtMillis()
            ? new JsonObject().put("status", "PENDING") : held.decision();
        ctx.response().putHeader("content-type", "application/json").end(answer.encode());
    }

    private static byte[] decodeOrEmpty(String base64) {
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            return new byte[0];
        }
    }

    /** A rule the simulator rejects registrations by (for tests). */
    private record Rejection(String serialNumber, String code, String reason) {
    }

    /** @param delay how long KGD takes to decide an application */
    public void applicationDelay(Duration delay) {
        this.applicationDelay = delay;
    }

    /**
     * Rejects applications for one serial number.
     *
     * @param serialNumber the factory number to reject
     * @param code         rejection code
     * @param reason       rejection reason
     */
    public void rejectSerial(String serialNumber, String code, String reason) {
        this.rejection = new Rejection(serialNumber, code, reason);
    }

    /** @return applications received */
    public int applicationCount() {
        return applications.size();
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
