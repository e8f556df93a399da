package kz.ofd.engine.http;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import kz.ofd.engine.logic.KkmRegistration;
import kz.ofd.engine.logic.KkmStatus;
import kz.ofd.engine.logic.KkmRegistrationRules;
import kz.ofd.engine.pipeline.Pipeline;
import kz.ofd.engine.pipeline.AdminCommand;
import kz.ofd.engine.pipeline.AdminResult;
import kz.ofd.storage.index.DocumentEntry;
import kz.ofd.storage.index.DocumentIndex;
import kz.ofd.storage.index.ZReportEntry;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.concurrent.TimeUnit;

/**
 * The management HTTP port (loopback by default): KKM provisioning until the cabinet exists, document lookup
 * from the index, health and Prometheus metrics. Errors are RFC 9457 problem JSON. Registrations enter the ring
 * as events, so they are journaled and replayed like documents. Runs on its own Vert.x event loop.
 */
public final class ManagementServer implements AutoCloseable {

    private static final long MAX_U32 = 0xFFFF_FFFFL;
    private static final int MAX_BODY = 64 * 1024;

    private final Vertx vertx;
    private final Pipeline pipeline;
    private final DocumentIndex index;
    private final PrometheusMeterRegistry metrics;
    private final Supplier<OptionalLong> snapshot;
    private final Supplier<JsonObject> kgdStatus;
    private HttpServer server;

    /**
     * @param pipeline where registrations go
     * @param index    document lookups
     * @param metrics  scraped at /metrics
     * @param snapshot takes a snapshot now (POST /api/snapshots)
     * @param kgdStatus the KGD forwarder's status (GET /api/kgd), or {@code null} when documents are not forwarded
     */
    public ManagementServer(Pipeline pipeline, DocumentIndex index, PrometheusMeterRegistry metrics,
                            Supplier<OptionalLong> snapshot, Supplier<JsonObject> kgdStatus) {
        this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(2));
        this.pipeline = pipeline;
        this.index = index;
        this.metrics = metrics;
        this.snapshot = snapshot;
        this.kgdStatus = kgdStatus;
    }

    /**
     * Binds the port.
     *
     * @param host bind address
     * @param port port (0 = ephemeral)
     * @return the bound port
     * @throws Exception if it cannot bind within 10 s
     */
    public int start(String host, int port) throws Exception {
        Router router = Router.router(vertx);
        router.post("/api/kkms").handler(BodyHandler.create().setBodyLimit(MAX_BODY)).handler(this::registerKkm);
        router.post("/api/kkms/:id/block").handler(BodyHandler.create().setBodyLimit(MAX_BODY)).handler(this::block);
        router.post("/api/kkms/:id/unblock").handler(this::unblock);
        router.get("/api/kkms/:id").handler(this::kkmStatus);
        router.post("/api/snapshots").handler(this::takeSnapshot);
        router.get("/api/kgd").handler(ctx -> {
            if (kgdStatus == null) {
                Problem.send(ctx, 404, "kgd-off", "Not Found", "documents are not forwarded to KGD (ofd.kgd.url is empty)",
                    null);
            } else {
                json(ctx, 200, kgdStatus.get());
            }
        });
        router.get("/api/documents/:fiscalSign").handler(this::document);
        router.get("/api/kkms/:id/shifts/:shift/z-report").handler(this::zReport);
        router.get("/health").handler(this::health);
        // Some gauges read the journal and the index (index lag, KGD backlog): scraped on a worker thread.
        router.get("/metrics").handler(ctx -> vertx.executeBlocking(metrics::scrape, false).onComplete(scrape -> {
            if (scrape.succeeded()) {
                ctx.response().putHeader("content-type", "text/plain; version=0.0.4; charset=utf-8").end(scrape.result());
            } else {
                ctx.fail(500, scrape.cause());
            }
        }));
        router.route().last().handler(ctx -> Problem.send(ctx, 404, "not-found", "Not Found",
            "no resource at " + ctx.request().method() + " " + ctx.request().path(), null));
        router.errorHandler(500, ctx -> Problem.send(ctx, 500, "internal", "Internal Server Error",
            "the request failed inside the server", null));
        router.errorHandler(413, ctx -> Problem.send(ctx, 413, "too-large", "Payload Too Large",
            "request body is larger than " + MAX_BODY + " bytes", null));
        server = vertx.createHttpServer().requestHandler(router).listen(port, host)
            .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        return server.actualPort();
    }

    /**
     * @return the request body as a JSON object, or {@code null} after answering 400 when it is not one
     */
    private static JsonObject jsonBody(RoutingContext ctx) {
        JsonObject body;
        try {
            body = ctx.body().asJsonObject();
        } catch (DecodeException | ClassCastException e) {
            Problem.send(ctx, 400, "malformed-json", "Bad Request", "body is not a JSON object: " + e.getMessage(), null);
            return null;
        }
        if (body == null) {
            Problem.send(ctx, 400, "malformed-json", "Bad Request", "body must be a JSON object", null);
        }
        return body;
    }

    private void registerKkm(RoutingContext ctx) {
        JsonObject body = jsonBody(ctx);
        if (body == null) {
            return;
        }
        List<String> errors = new ArrayList<>();
        KkmRegistration registration = new KkmRegistration(
            u32(body, "id", errors), u32(body, "token", errors),
            text(body, "rnm", errors), text(body, "serial", errors), text(body, "model", errors),
            text(body, "bin", errors), text(body, "org", errors), text(body, "address", errors),
            body.getValue("point") == null ? "Касса 1" : text(body, "point", errors));
        if (errors.isEmpty()) {
            errors.addAll(KkmRegistrationRules.problems(registration));
        }
        if (!errors.isEmpty()) {
            Problem.send(ctx, 400, "invalid-kkm", "Bad Request", "the KKM registration is invalid: " + errors.get(0), errors);
            return;
        }
        CompletableFuture<AdminResult> reply = pipeline.publishAdmin(new AdminCommand.Register(registration));
        if (reply == null) {
            Problem.send(ctx, 503, "busy", "Service Unavailable", "the server is overloaded; retry later", null);
            return;
        }
        reply.whenComplete((result, failure) -> vertx.runOnContext(v -> answerRegistration(ctx, registration, result)));
    }

    private static void answerRegistration(RoutingContext ctx, KkmRegistration r, AdminResult result) {
        if (result == AdminResult.DONE) {
            json(ctx, 201, new JsonObject().put("id", r.id()).put("rnm", r.rnm()).put("serial", r.serialNumber())
                .put("status", "registered"));
        } else if (result == AdminResult.DUPLICATE_ID) {
            Problem.send(ctx, 409, "duplicate-kkm", "Conflict", "a KKM with id " + r.id() + " is already registered", null);
        } else {
            Problem.send(ctx, 503, "journal-unavailable", "Service Unavailable",
                "the journal cannot be written; the KKM was not registered", null);
        }
    }

    private void block(RoutingContext ctx) {
        JsonObject body = jsonBody(ctx);
        if (body == null) {
            return;
        }
        Object reason = body.getValue("reason");
        if (!(reason instanceof String text) || text.isBlank() || text.length() > 512) {
            Problem.send(ctx, 400, "invalid-reason", "Bad Request",
                "reason must be a non-blank string of at most 512 characters: the register shows it to the cashier", null);
            return;
        }
        blockOrUnblock(ctx, text.trim());
    }

    private void unblock(RoutingContext ctx) {
        blockOrUnblock(ctx, null);
    }

    /**
     * @return the KKM id in the path, or -1 after answering 400 when it is not one
     */
    private static long kkmId(RoutingContext ctx) {
        String raw = ctx.pathParam("id");
        long id;
        try {
            id = Long.parseLong(raw);
        } catch (NumberFormatException e) {
            id = -1;
        }
        if (id < 1 || id > MAX_U32) {
            Problem.send(ctx, 400, "invalid-kkm-id", "Bad Request", "KKM id must be an integer 1..4294967295, got '" + raw + "'",
                null);
            return -1;
        }
        return id;
    }

    /**
     * UP; DEGRADED (200) when indexing stopped after an index failure (answers are unaffected, a restart catches
     * up); DOWN (503) once the journal failed (nothing is acknowledged any more).
     */
    private void health(RoutingContext ctx) {
        boolean journalFailed = pipeline.health().failed();
        boolean indexFailed = pipeline.indexHealth().failed();
        json(ctx, journalFailed ? 503 : 200, new JsonObject()
            .put("status", journalFailed ? "DOWN" : indexFailed ? "DEGRADED" : "UP")
            .put("journal", journalFailed ? "FAILED" : "OK")
            .put("index", indexFailed ? "FAILED" : "OK"));
    }

    private void takeSnapshot(RoutingContext ctx) {
        vertx.executeBlocking(snapshot::get).onComplete(done -> {
            if (done.failed()) {
                Problem.send(ctx, 500, "snapshot-failed", "Internal Server Error",
                    "the snapshot could not be written: " + done.cause().getMessage(), null);
            } else if (done.result().isPresent()) {
                json(ctx, 201, new JsonObject().put("written", true).put("journalIndex", done.result().getAsLong()));
            } else {
                json(ctx, 200, new JsonObject().put("written", false).put("reason",
                    pipeline.health().failed() ? "the journal has failed" : "nothing new since the last snapshot"));
            }
        });
    }

    private void kkmStatus(RoutingContext ctx) {
        long kkmId = kkmId(ctx);
        if (kkmId < 0) {
            return;
        }
        AtomicReference<KkmStatus> status = new AtomicReference<>();
        CompletableFuture<AdminResult> reply = pipeline.publishAdmin(new AdminCommand.Status(kkmId, status));
        if (reply == null) {
            Problem.send(ctx, 503, "busy", "Service Unavailable", "the server is overloaded; retry later", null);
            return;
        }
        reply.whenComplete((result, failure) -> vertx.runOnContext(v -> {
            KkmStatus s = status.get();
            if (s == null) {
                Problem.send(ctx, 404, "kkm-not-found", "Not Found", "no KKM with id " + kkmId + " is registered", null);
                return;
            }
            json(ctx, 200, new JsonObject()
                .put("id", s.id()).put("rnm", s.rnm()).put("serial", s.serialNumber())
                .put("blocked", s.blockReason() != null).put("blockReason", s.blockReason())
                .put("shift", new JsonObject()
                    .put("number", s.shiftNumber()).put("open", s.shiftOpen())
                    .put("openedAt", s.shiftOpenedAt() == null ? null : s.shiftOpenedAt().toString())
                    .put("cashTiyn", s.cashTiyn()))
                .put("offline", new JsonObject()
                    .put("periods", s.offlinePeriods())
                    .put("lastBegin", s.lastOfflineBegin() == null ? null : s.lastOfflineBegin().toString())
                    .put("lastEnd", s.lastOfflineEnd() == null ? null : s.lastOfflineEnd().toString())));
        }));
    }

    private void blockOrUnblock(RoutingContext ctx, String reason) {
        long kkmId = kkmId(ctx);
        if (kkmId < 0) {
            return;
        }
        CompletableFuture<AdminResult> reply = pipeline.publishAdmin(new AdminCommand.Block(kkmId, reason));
        if (reply == null) {
            Problem.send(ctx, 503, "busy", "Service Unavailable", "the server is overloaded; retry later", null);
            return;
        }
        reply.whenComplete((result, failure) -> vertx.runOnContext(v -> {
            if (result == AdminResult.DONE) {
                json(ctx, 200, new JsonObject().put("id", kkmId).put("blocked", reason != null).put("reason", reason));
            } else if (result == AdminResult.UNKNOWN_KKM) {
                Problem.send(ctx, 404, "kkm-not-found", "Not Found", "no KKM with id " + kkmId + " is registered", null);
            } else {
                Problem.send(ctx, 503, "journal-unavailable", "Service Unavailable",
                    "the journal cannot be written; nothing was changed", null);
            }
        }));
    }

    private void zReport(RoutingContext ctx) {
        long id;
        long shift;
        try {
            id = Long.parseLong(ctx.pathParam("id"));
            shift = Long.parseLong(ctx.pathParam("shift"));
        } catch (NumberFormatException e) {
            Problem.send(ctx, 400, "invalid-path", "Bad Request", "KKM id and shift number must be digits", null);
            return;
        }
        Optional<ZReportEntry> entry = index.findZReport(id, shift);
        if (entry.isEmpty()) {
            Problem.send(ctx, 404, "z-report-not-found", "Not Found",
                "no closed shift " + shift + " of KKM " + id + " is indexed", null);
            return;
        }
        ZReportEntry z = entry.get();
        Base64.Encoder b64 = Base64.getEncoder();
        json(ctx, 200, new JsonObject().put("kkmId", id).put("shift", shift)
            .put("serverZ", b64.encodeToString(z.serverZ()))
            .put("registerZ", z.registerZ().length == 0 ? null : b64.encodeToString(z.registerZ()))
            .put("differences", new io.vertx.core.json.JsonArray(z.differences())));
    }

    private void document(RoutingContext ctx) {
        String raw = ctx.pathParam("fiscalSign");
        long sign;
        try {
            sign = Long.parseLong(raw);
        } catch (NumberFormatException e) {
            Problem.send(ctx, 400, "invalid-fiscal-sign", "Bad Request", "fiscal sign must be digits, got '" + raw + "'", null);
            return;
        }
        Optional<DocumentEntry> entry = index.findBySign(sign);
        if (entry.isEmpty()) {
            Problem.send(ctx, 404, "document-not-found", "Not Found", "no document with fiscal sign " + sign, null);
            return;
        }
        DocumentEntry e = entry.get();
        json(ctx, 200, new JsonObject().put("fiscalSign", Long.toString(e.fiscalSign())).put("kkmId", e.kkmId())
            .put("shift", e.shiftNumber()).put("command", e.command()).put("journalIndex", e.journalIndex())
            .put("receivedAtMillis", e.receivedAtMillis()).put("offline", e.offline()));
    }

    private static long u32(JsonObject body, String name, List<String> errors) {
        Object v = body.getValue(name);
        if (v instanceof Number n && !(v instanceof Double) && !(v instanceof Float)
            && n.longValue() >= 1 && n.longValue() <= MAX_U32) {
            return n.longValue();
        }
        errors.add(name + " must be an integer 1..4294967295");
        return 0;
    }

    private static String text(JsonObject body, String name, List<String> errors) {
        Object v = body.getValue(name);
        if (v instanceof String s) {
            return s.trim();
        }
        errors.add(name + " must be a string");
        return "";
    }

    private static void json(RoutingContext ctx, int status, JsonObject body) {
        ctx.response().setStatusCode(status).putHeader("content-type", "application/json").end(body.encode());
    }

    @Override
    public void close() {
        HttpListeners.close(vertx, server, "management port");
    }
}
