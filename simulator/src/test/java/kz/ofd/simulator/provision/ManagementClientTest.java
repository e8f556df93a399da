package kz.ofd.simulator.provision;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import kz.ofd.simulator.JsonText;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ManagementClientTest {

    private final List<String> bodies = Collections.synchronizedList(new ArrayList<>());
    private final List<String> contentTypes = Collections.synchronizedList(new ArrayList<>());
    private HttpServer http;

    private URI start(int... statuses) throws IOException {
        http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.createContext("/api/kkms", exchange -> {
            bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            contentTypes.add(exchange.getRequestHeaders().getFirst("Content-Type"));
            int status = statuses[Math.min(bodies.size(), statuses.length) - 1];
            String answer = status == 400
                ? "{\"type\":\"about:blank\",\"title\":\"Bad Request\",\"status\":400,"
                    + "\"detail\":\"bin: bad check digit \\\"x\\\"\"}"
                : "{}";
            reply(exchange, status, answer);
        });
        http.start();
        return URI.create("http://127.0.0.1:" + http.getAddress().getPort());
    }

    private static void reply(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", status == 400 ? "application/problem+json" : "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream os = exchange.getResponseBody()) {
            os.write(bytes);
        }
    }

    @AfterEach
    void stop() {
        if (http != null) {
            http.stop(0);
        }
    }

    private static long number(String json, String field) {
        Matcher m = Pattern.compile("\"" + field + "\":(\\d+)").matcher(json);
        assertTrue(m.find(), field + " in " + json);
        return Long.parseLong(m.group(1));
    }

    @Test
    void shouldPostWellFormedKkmsAndPickAnotherIdOnConflict() throws Exception {
        URI base = start(201, 409, 201);
        List<KkmCredentials> kkms = new ManagementClient(base, Duration.ofSeconds(5)).provision(2, new SplittableRandom(42));

        assertEquals(2, kkms.size());
        assertEquals(3, bodies.size());
        assertEquals(List.of("application/json", "application/json", "application/json"), contentTypes);
        String first = bodies.get(0);
        String third = bodies.get(2);
        assertEquals(kkms.get(0).id(), number(first, "id"));
        assertEquals(kkms.get(0).token(), number(first, "token"));
        assertEquals(kkms.get(1).id(), number(third, "id"));
        for (String body : bodies) {
            long id = number(body, "id");
            assertTrue(id >= ManagementClient.MIN_ID && id < ManagementClient.ID_LIMIT, body);
            long token = number(body, "token");
            assertTrue(token >= 1 && token <= 0xFFFF_FFFFL, body);
            assertTrue(Bin.isValid(JsonText.stringField(body, "bin")), body);
            assertTrue(JsonText.stringField(body, "rnm").matches("6203\\d{8}"), body);
            assertEquals("SIM" + id, JsonText.stringField(body, "serial"));
            assertEquals("OFD-SIM", JsonText.stringField(body, "model"));
            assertEquals("ТОО Симулятор", JsonText.stringField(body, "org"));
            assertEquals("г. Алматы, ул. Абая 1", JsonText.stringField(body, "address"));
        }
        assertEquals("Касса 1", JsonText.stringField(first, "point"));
        assertEquals("Касса 2", JsonText.stringField(third, "point"));
    }

    @Test
    void shouldFailWithTheProblemDetailOnBadRequest() throws Exception {
        URI base = start(400);
        ProvisioningException e = assertThrows(ProvisioningException.class,
            () -> new ManagementClient(base, Duration.ofSeconds(5)).provision(1, new SplittableRandom(1)));
        assertTrue(e.getMessage().endsWith("bin: bad check digit \"x\""), e.getMessage());
    }

    @Test
    void shouldProvisionASecondRunWithTheSameSeedOnAServerThatKeepsItsIds() throws Exception {
        java.util.Set<Long> taken = java.util.concurrent.ConcurrentHashMap.newKeySet();
        http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.createContext("/api/kkms", exchange -> {
            long id = number(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8), "id");
            reply(exchange, taken.add(id) ? 201 : 409, "{}");
        });
        http.start();
        URI base = URI.create("http://127.0.0.1:" + http.getAddress().getPort());
        ManagementClient client = new ManagementClient(base, Duration.ofSeconds(5));

        List<KkmCredentials> first = client.provision(30, new SplittableRandom(7));
        List<KkmCredentials> second = client.provision(30, new SplittableRandom(7));

        assertEquals(30, second.size());
        assertEquals(60, taken.size(), "every KKM of both runs got its own id");
        assertTrue(second.stream().noneMatch(first::contains));
    }

    @Test
    void shouldGiveUpAfterTooManyConflicts() throws Exception {
        URI base = start(409);
        ProvisioningException e = assertThrows(ProvisioningException.class,
            () -> new ManagementClient(base, Duration.ofSeconds(5)).provision(1, new SplittableRandom(1)));
        assertEquals(ManagementClient.MAX_ID_ATTEMPTS, bodies.size());
        assertTrue(e.getMessage().contains("409"), e.getMessage());
    }

    @Test
    void shouldReportAnUnexpectedStatusWithTheBody() throws Exception {
        URI base = start(503);
        ProvisioningException e = assertThrows(ProvisioningException.class,
            () -> new ManagementClient(base, Duration.ofSeconds(5)).provision(1, new SplittableRandom(1)));
        assertTrue(e.getMessage().contains("HTTP 503"), e.getMessage());
    }

    @Test
    void shouldReportAnUnreachableApi() throws Exception {
        URI base = start(201);
        http.stop(0);
        http = null;
        ProvisioningException e = assertThrows(ProvisioningException.class,
            () -> new ManagementClient(base, Duration.ofSeconds(5)).provision(1, new SplittableRandom(1)));
        assertTrue(e.getMessage().startsWith("cannot reach the management API"), e.getMessage());
    }

    @Test
    void shouldDeriveTheRegistrationNumberFromTheId() {
        assertEquals("620312345678", ManagementClient.rnm(3_912_345_678L));
        assertEquals("620300000042", ManagementClient.rnm(42));
    }
}
