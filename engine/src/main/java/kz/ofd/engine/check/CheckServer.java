package kz.ofd.engine.check;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import kz.ofd.engine.http.HttpListeners;

import java.net.URI;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The public receipt check (domain-facts §3.4): the page a receipt's QR code opens, on its own port with no
 * authentication. {@code GET <path>?i=&f=&s=&t=} (the path of {@code ofd.check.url}) shows the receipt as HTML, or
 * as JSON for {@code Accept: application/json} and at {@code <path>.json}; only when all four parameters match a
 * stored ticket (see {@link ReceiptReader}). A receipt that is not there, or whose other parameters do not match, is
 * one and the same 404; missing or malformed parameters are a 400 naming each; a client over its rate is 429 with
 * {@code Retry-After}. JSON errors are RFC 9457 problem details.
 *
 * <p>Threading: its own Vert.x instance, one event loop (parsing, rate limit, rendering) and two worker threads for
 * the reads (RocksDB and the journal); nothing here enters the ring.
 */
public final class CheckServer implements AutoCloseable {

    /** Most reads waiting for a worker at once; beyond it the check answers 503 at once. */
    static final int MAX_IN_FLIGHT = 256;
    private static final String TYPE_BASE = "https://ofd.kz/problems/";
    private static final String HTML = "text/html; charset=utf-8";
    /** The context key of a check request's arrival time (nanoTime). */
    private static final String STARTED = "check.started";

    private final Vertx vertx;
    private final Function<CheckQuery, Optional<Receipt>> reader;
    private final int maxInFlight;
    private final TokenBuckets limits;
    private final String path;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final CheckStats stats;
    private HttpServer server;

    /**
     * @param reader   finds receipts
     * @param limits   the per-client rate limit
     * @param checkUrl the public check URL printed in QR codes; its path is where the page is served
     * @param stats    counts and times every check request
     */
    public CheckServer(ReceiptReader reader, TokenBuckets limits, String checkUrl, CheckStats stats) {
        this(reader::find, limits, checkUrl, stats, MAX_IN_FLIGHT);
    }

    /** The same over any lookup and in-flight bound (tests of the overload and failure answers). */
    CheckServer(Function<CheckQuery, Optional<Receipt>> reader, TokenBuckets limits, String checkUrl, CheckStats stats,
                int maxInFlight) {
        this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(2));
        this.stats = stats;
        this.maxInFlight = maxInFlight;
        this.reader = reader;
        this.limits = limits;
        this.path = pathOf(checkUrl);
    }

    /**
     * @param checkUrl a check URL
     * @return the path its page is served at ({@code /} for a URL with none)
     */
    static String pathOf(String checkUrl) {
        String p = URI.create(checkUrl).getPath();
        return p == null || p.isEmpty() ? "/" : p;
    }

    /**
     * @param htmlPath the page's path
     * @return the JSON variant's path: {@code /t} → {@code /t.json}, {@code /} → {@code /receipt.json}
     */
    static String jsonPathOf(String htmlPath) {
        String base = htmlPath.endsWith("/") ? htmlPath.substring(0, htmlPath.length() - 1) : htmlPath;
        return (base.isEmpty() ? "/receipt" : base) + ".json";
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
        router.route().handler(ctx -> {
            HttpServerResponse r = ctx.response();
            r.putHeader("x-content-type-options", "nosniff")
                .putHeader("content-security-policy", "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'")
                .putHeader("referrer-policy", "no-referrer")
                .putHeader("cache-control", "no-store");
            ctx.next();
        });
        router.get(jsonPathOf(path)).handler(ctx -> check(ctx, true));
        router.get(path).handler(ctx -> check(ctx, wantsJson(ctx.request().getHeader("accept"))));
        router.route().last().handler(ctx -> problem(ctx, wantsJson(ctx.request().getHeader("accept")), 404, "not-found",
            "Not Found", "no page here; the receipt check is at " + path, null, ReceiptPages.notFoundHtml()));
        router.errorHandler(500, ctx -> {
            Long started = ctx.get(STARTED);
            if (started != null) {
                stats.answered(CheckStats.Outcome.ERROR, started);
            }
            problem(ctx, wantsJson(ctx.request().getHeader("accept")), 500, "internal",
                "Internal Server Error", "the check failed inside the server", null, ReceiptPages.notFoundHtml());
        });
        server = vertx.createHttpServer().requestHandler(router).listen(port, host)
            .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        return server.actualPort();
    }

    private void check(RoutingContext ctx, boolean json) {
        long started = System.nanoTime();
        ctx.put(STARTED, started);
        String client = ctx.request().remoteAddress() == null ? "" : ctx.request().remoteAddress().hostAddress();
        long wait = limits.take(client, System.nanoTime());
        if (wait > 0) {
            stats.answered(CheckStats.Outcome.RATE_LIMITED, started);
            ctx.response().putHeader("retry-after", Long.toString(wait));
            problem(ctx, json, 429, "too-many-requests", "Too Many Requests",
                "too many receipt checks from this address; retry in " + wait + " s", null, ReceiptPages.tooManyHtml(wait));
            return;
        }
        MultiMap params = ctx.queryParams();
        CheckQuery.Parsed parsed = CheckQuery.parse(name -> params.getAll(name).size() > 1 ? "" : params.get(name));
        if (parsed.query() == null) {
            stats.answered(CheckStats.Outcome.INVALID, started);
            JsonArray errors = new JsonArray();
            parsed.malformed().forEach(m -> errors.add(new JsonObject().put("parameter", m.name()).put("message", m.message())));
            String names = String.join(", ", parsed.malformed().stream().map(CheckQuery.Malformed::name).toList());
            problem(ctx, json, 400, "invalid-receipt-parameters", "Bad Request", "malformed or missing: " + names,
                errors, ReceiptPages.badRequestHtml(parsed.malformed()));
            return;
        }
        if (inFlight.incrementAndGet() > maxInFlight) {
            inFlight.decrementAndGet();
            stats.answered(CheckStats.Outcome.BUSY, started);
            ctx.response().putHeader("retry-after", "1");
            problem(ctx, json, 503, "busy", "Service Unavailable", "the check is overloaded; retry later", null,
                ReceiptPages.tooManyHtml(1));
            return;
        }
        vertx.executeBlocking(() -> reader.apply(parsed.query()), false).onComplete(done -> {
            inFlight.decrementAndGet();
            if (done.failed()) {
                ctx.fail(500, done.cause());
                return;
            }
            answer(ctx, json, done.result());
            stats.answered(done.result().isPresent() ? CheckStats.Outcome.FOUND : CheckStats.Outcome.NOT_FOUND, started);
        });
    }

    private static void answer(RoutingContext ctx, boolean json, Optional<Receipt> receipt) {
        if (receipt.isEmpty()) {
            problem(ctx, json, 404, "receipt-not-found", "Not Found",
                "no receipt matches these parameters: the receipt is not there or its data do not match", null,
                ReceiptPages.notFoundHtml());
        } else if (json) {
            ctx.response().setStatusCode(200).putHeader("content-type", "application/json; charset=utf-8")
                .end(ReceiptPages.json(receipt.get()).encode());
        } else {
            ctx.response().setStatusCode(200).putHeader("content-type", HTML).end(ReceiptPages.html(receipt.get()));
        }
    }

    private static void problem(RoutingContext ctx, boolean json, int status, String type, String title, String detail,
                                JsonArray errors, String html) {
        if (!json) {
            ctx.response().setStatusCode(status).putHeader("content-type", HTML).end(html);
            return;
        }
        JsonObject body = new JsonObject().put("type", TYPE_BASE + type).put("title", title).put("status", status)
            .put("detail", detail).put("instance", ctx.request().path());
        if (errors != null) {
            body.put("errors", errors);
        }
        ctx.response().setStatusCode(status).putHeader("content-type", "application/problem+json").end(body.encode());
    }

    /** JSON when the client asks for it and not for HTML first (browsers ask for text/html). */
    static boolean wantsJson(String accept) {
        if (accept == null) {
            return false;
        }
        int jsonAt = accept.indexOf("application/json");
        int htmlAt = accept.indexOf("text/html");
        return jsonAt >= 0 && (htmlAt < 0 || jsonAt < htmlAt);
    }

    /**
     * @return the path the page is served at
     */
    public String path() {
        return path;
    }

    @Override
    public void close() {
        HttpListeners.close(vertx, server, "check port");
    }
}
