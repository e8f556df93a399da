package kz.ofd.engine.system;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The management port: provisioning with RFC 9457 errors, health, metrics.
 */
@ExtendWith(ServerLogWatcher.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
final class ManagementSystemTest {

    @TempDir
    Path dir;

    private EngineFixture ofd;

    @BeforeEach
    void start() throws Exception {
        ofd = new EngineFixture(dir);
    }

    @AfterEach
    void stop() {
        ofd.close();
    }

    @Test
    void shouldRegisterOnceAndRefuseADuplicateId() throws Exception {
        assertEquals(201, ofd.registerKkm(42, 4242).statusCode());
        HttpResponse<String> duplicate = ofd.registerKkm(42, 1);
        assertEquals(409, duplicate.statusCode());
        assertProblem(duplicate, "already registered");
    }

    @Test
    void shouldRefuseMalformedRegistrationsWithProblemDetails() throws Exception {
        assertProblem(ofd.post("/api/kkms", "{not json"), "JSON");
        assertProblem(ofd.post("/api/kkms", "[1,2]"), "JSON");
        JsonObject valid = new JsonObject().put("id", 7).put("token", 70).put("rnm", EngineFixture.RNM)
            .put("serial", "S").put("model", "M").put("bin", EngineFixture.BIN).put("org", "O").put("address", "A");
        assertProblem(ofd.post("/api/kkms", valid.copy().put("bin", "180340021792").encode()), "bin");
        assertProblem(ofd.post("/api/kkms", valid.copy().put("rnm", "12345").encode()), "rnm");
        assertProblem(ofd.post("/api/kkms", valid.copy().put("id", 0).encode()), "id");
        assertProblem(ofd.post("/api/kkms", valid.copy().put("token", 4_294_967_296L).encode()), "token");
        assertProblem(ofd.post("/api/kkms", valid.copy().put("id", "7").encode()), "id");
        assertProblem(ofd.post("/api/kkms", valid.copy().put("serial", " ").encode()), "serial");
        assertEquals(201, ofd.post("/api/kkms", valid.encode()).statusCode());
    }

    @Test
    void shouldServeHealthMetricsAndProblemsForUnknownPaths() throws Exception {
        HttpResponse<String> health = ofd.get("/health");
        assertEquals(200, health.statusCode());
        assertEquals("UP", new JsonObject(health.body()).getString("status"));
        HttpResponse<String> metrics = ofd.get("/metrics");
        assertTrue(metrics.body().contains("ofd_connections_open"), metrics.body());
        HttpResponse<String> missing = ofd.get("/nothing");
        assertEquals(404, missing.statusCode());
        assertProblem(missing, "/nothing");
        assertProblem(ofd.get("/api/documents/abc"), "digits");
    }

    @Test
    void shouldShowAKkmsStateAndProblemsForBadOrUnknownIds() throws Exception {
        ofd.register(77, 7_700);
        HttpResponse<String> status = ofd.get("/api/kkms/77");
        assertEquals(200, status.statusCode(), status.body());
        JsonObject kkm = new JsonObject(status.body());
        assertEquals(EngineFixture.RNM, kkm.getString("rnm"));
        assertEquals(false, kkm.getBoolean("blocked"));
        assertEquals(1, kkm.getJsonObject("shift").getInteger("number"));
        assertEquals(false, kkm.getJsonObject("shift").getBoolean("open"));
        assertEquals(0, kkm.getJsonObject("offline").getInteger("periods"));
        HttpResponse<String> unknown = ofd.get("/api/kkms/78");
        assertEquals(404, unknown.statusCode());
        assertProblem(unknown, "78");
        HttpResponse<String> bad = ofd.get("/api/kkms/x1");
        assertEquals(400, bad.statusCode());
        assertProblem(bad, "'x1'");
    }

    private static void assertProblem(HttpResponse<String> response, String detailFragment) {
        assertTrue(response.statusCode() >= 400, response.statusCode() + " " + response.body());
        assertEquals("application/problem+json", response.headers().firstValue("content-type").orElse(""));
        JsonObject problem = new JsonObject(response.body());
        assertEquals(response.statusCode(), problem.getInteger("status"));
        assertTrue(problem.getString("detail").contains(detailFragment), problem.encodePrettily());
    }
}
