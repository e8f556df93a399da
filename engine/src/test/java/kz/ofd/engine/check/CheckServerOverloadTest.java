package kz.ofd.engine.check;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The receipt check's answers that a real index cannot be made to give on demand: 503 when more reads wait than the
 * bound allows, 500 when a read fails; each counted under its outcome and timed.
 */
@Timeout(30)
final class CheckServerOverloadTest {

    private static final String QUERY = "?i=1000000001&f=620300000001&s=10.00&t=20261123T120000";

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private CheckServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private double count(String outcome) {
        return registry.get("ofd_check_requests_total").tag("outcome", outcome).counter().count();
    }

    private HttpRequest get(int port) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/t" + QUERY)).timeout(Duration.ofSeconds(10))
            .GET().build();
    }

    @Test
    void shouldAnswer503BusyWhileTheReadsAreAtTheirBoundAndCountIt() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        server = new CheckServer(q -> {
            entered.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Optional.empty();
        }, new TokenBuckets(600_000, 100_000, 100), "https://check.test/t", new CheckStats(registry), 1);
        int port = server.start("127.0.0.1", 0);

        CompletableFuture<HttpResponse<String>> first = http.sendAsync(get(port), HttpResponse.BodyHandlers.ofString());
        assertTrue(entered.await(10, TimeUnit.SECONDS), "the first read is waiting");
        HttpResponse<String> second = http.send(get(port), HttpResponse.BodyHandlers.ofString());
        assertEquals(503, second.statusCode(), second.body());
        assertEquals("1", second.headers().firstValue("retry-after").orElseThrow());
        release.countDown();
        assertEquals(404, first.get(10, TimeUnit.SECONDS).statusCode());

        await().atMost(Duration.ofSeconds(5)).until(() -> count("not_found") == 1.0);
        assertEquals(1.0, count("busy"));
        assertEquals(0.0, count("found"));
        assertEquals(2, registry.get("ofd_check_latency").timer().count());
    }

    @Test
    void shouldAnswer500WhenTheReadFailsAndCountItAsAnError() throws Exception {
        server = new CheckServer(q -> {
            throw new IllegalStateException("the index is gone");
        }, new TokenBuckets(600_000, 100_000, 100), "https://check.test/t", new CheckStats(registry), 4);
        int port = server.start("127.0.0.1", 0);

        HttpResponse<String> r = http.send(get(port), HttpResponse.BodyHandlers.ofString());

        assertEquals(500, r.statusCode(), r.body());
        assertEquals(1.0, count("error"));
        assertEquals(0.0, count("not_found"));
    }
}
