package kz.ofd.engine.system;

import io.vertx.core.json.JsonObject;
import kz.ofd.engine.launcher.OfdServer;
import kz.ofd.engine.launcher.ServerConfiguration;
import kz.ofd.engine.launcher.StorageSeam;
import kz.ofd.protocol.proto.Request;
import kz.ofd.protocol.proto.Response;
import kz.ofd.protocol.testing.RawKkmConnection;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Starts a real server on ephemeral ports and a temp data directory, registers KKMs through the management
 * port, and talks to it over loopback TCP. {@link #restart()} stops and starts it on the same data directory.
 */
final class EngineFixture implements AutoCloseable {

    static final String RNM = "620300144467";
    static final String BIN = "180340021791";

    private final Path dataDir;
    private final Consumer<ServerConfiguration> tuning;
    private final StorageSeam seam;
    private final Runnable onJournalFailure;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final AtomicLong clockOffset = new AtomicLong();
    private OfdServer server;

    EngineFixture(Path dataDir) throws Exception {
        this(dataDir, c -> { });
    }

    EngineFixture(Path dataDir, Consumer<ServerConfiguration> tuning) throws Exception {
        this(dataDir, tuning, StorageSeam.NONE, () -> { });
    }

    /** A server whose ring writes go through a fault-injection seam. */
    EngineFixture(Path dataDir, Consumer<ServerConfiguration> tuning, StorageSeam seam, Runnable onJournalFailure)
        throws Exception {
        this.dataDir = dataDir;
        this.tuning = tuning;
        this.seam = seam;
        this.onJournalFailure = onJournalFailure;
        start();
    }

    void start() throws Exception {
        ServerConfiguration config = new ServerConfiguration()
            .dataDir(dataDir)
            .kkmHost("127.0.0.1")
            .kkmPort(0)
            .httpPort(0)
            .checkUrl("http://check.test");
        tuning.accept(config);
        server = OfdServer.start(config.conclude(), () -> System.currentTimeMillis() + clockOffset.get(), seam,
            onJournalFailure);
    }

    /** Moves the server's receive clock forward (the shift time limit is measured with it). */
    void advanceClock(Duration by) {
        clockOffset.addAndGet(by.toMillis());
    }

    void restart() throws Exception {
        server.close();
        start();
    }

    void stop() {
        server.close();
    }

    OfdServer server() {
        return server;
    }

    Path dataDir() {
        return dataDir;
    }

    int kkmPort() {
        return server.kkmPort();
    }

    String managementUrl() {
        return "http://127.0.0.1:" + server.httpPort();
    }

    RawKkmConnection connect() throws IOException {
        return RawKkmConnection.connect("127.0.0.1", kkmPort());
    }

    /** One request on its own connection, as real KKMs do. */
    Response call(long kkmId, long token, int reqNum, Request request) throws IOException {
        try (RawKkmConnection c = connect()) {
            Response response = c.call(kkmId, token, reqNum, request);
            lastHeaderToken = c.lastFrame().header().token();
            return response;
        }
    }

    long lastHeaderToken;

    /**
     * Registers a KKM and returns its client-side handle.
     *
     * @param id    KKM id
     * @param token first token
     * @return the handle
     */
    Kkm kkm(long id, long token) throws IOException, InterruptedException {
        register(id, token);
        return new Kkm(id, token);
    }

    /**
     * The client-side handle of a KKM registered by other means (e.g. a test's own registration body).
     *
     * @param id    KKM id
     * @param token its first token
     * @return the handle
     */
    Kkm handle(long id, long token) {
        return new Kkm(id, token);
    }

    /**
     * A registered KKM as its client sees it: one connection per request, the request number going up by one per
     * request, and the token taken from every answer with result 0 (protocol-facts §15.7).
     */
    final class Kkm {

        private final long id;
        private long token;
        private int requestNumber;
        private int answerVersion;

        private Kkm(long id, long token) {
            this.id = id;
            this.token = token;
        }

        /** @return the token the client holds */
        long token() {
            return token;
        }

        /** @return the header VERSION of the last answer */
        int answerVersion() {
            return answerVersion;
        }

        /** @return the last request number sent */
        int requestNumber() {
            return requestNumber;
        }

        /** Sends a request of protocol 2.0.3 with the next request number. */
        Response send(Request request) throws IOException {
            return send(RawKkmConnection.VERSION, request);
        }

        /** Sends a request in a frame of the given version with the next request number. */
        Response send(int version, Request request) throws IOException {
            requestNumber = (requestNumber + 1) & 0xFFFF;
            try (RawKkmConnection c = connect()) {
                Response r = c.call(version, id, token, requestNumber, request);
                if (r.getResult().getResultCode() == 0) {
                    token = c.lastFrame().header().token();
                }
                lastHeaderToken = c.lastFrame().header().token();
                answerVersion = c.lastFrame().header().version();
                return r;
            }
        }

        /** Sends a request that must be answered with result 0. */
        Response ok(Request request) throws IOException {
            Response r = send(request);
            if (r.getResult().getResultCode() != 0) {
                throw new AssertionError("expected result 0, got " + r.getResult());
            }
            return r;
        }
    }

    HttpResponse<String> registerKkm(long id, long token) throws IOException, InterruptedException {
        return post("/api/kkms", new JsonObject().put("id", id).put("token", token).put("rnm", RNM)
            .put("serial", "SN" + id).put("model", "Test KKM").put("bin", BIN).put("org", "ТОО Тест")
            .put("address", "г. Алматы, ул. Абая 1").put("point", "Касса 1").encode());
    }

    void register(long id, long token) throws IOException, InterruptedException {
        HttpResponse<String> r = registerKkm(id, token);
        if (r.statusCode() != 201) {
            throw new AssertionError("registration failed: " + r.statusCode() + " " + r.body());
        }
    }

    HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(managementUrl() + path))
            .timeout(Duration.ofSeconds(10))
            .header("content-type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(managementUrl() + path))
            .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
        server.close();
    }
}
