package kz.ofd.simulator.kgd;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import kz.ofd.protocol.kgd.BatchSigner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The KGD simulator: signed batches are kept once per idempotency key, re-sends are counted, bad signatures and
 * shapes refused, and each injected fault behaves as a client would see it.
 */
final class KgdSimulatorTest {

    private final BatchSigner ofd = BatchSigner.generate("CN=Test OFD", false);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private KgdSimulator kgd;
    private URI uri;

    @BeforeEach
    void start() throws Exception {
        kgd = new KgdSimulator(ofd.certificate(), 1);
        uri = URI.create("http://127.0.0.1:" + kgd.start("127.0.0.1", 0) + KgdSimulator.DOCUMENTS_PATH);
    }

    @AfterEach
    void stop() {
        kgd.close();
    }

    private static byte[] batch(String... keys) {
        JsonArray documents = new JsonArray();
        for (String key : keys) {
            documents.add(new JsonObject().put("idempotencyKey", key).put("fiscalSign", 1_000_000_001L));
        }
        return new JsonObject().put("documents", documents).encode().getBytes(StandardCharsets.UTF_8);
    }

    private HttpResponse<String> post(byte[] body, byte[] signature) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (signature != null) {
            b.header(KgdSimulator.SIGNATURE_HEADER, Base64.getEncoder().encodeToString(signature));
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void shouldKeepEachDocumentOnceAndCountResends() throws Exception {
        byte[] first = batch("1:10:1", "1:11:2");
        HttpResponse<String> r = post(first, ofd.sign(first));
        assertEquals(200, r.statusCode(), r.body());
        assertEquals(List.of("1:10:1", "1:11:2"), new JsonObject(r.body()).getJsonArray("keys").getList());
        byte[] again = batch("1:11:2", "1:12:3");
        JsonObject second = new JsonObject(post(again, ofd.sign(again)).body());
        assertEquals(1, second.getInteger("accepted"));
        assertEquals(1, second.getInteger("duplicates"));
        assertEquals(3, kgd.documentCount());
        assertEquals(1, kgd.duplicateCount());
        assertEquals(1_000_000_001L, kgd.document("1:12:3").getLong("fiscalSign"));
    }

    @Test
    void shouldRefuseUnsignedForeignAndTamperedBatches() throws Exception {
        byte[] body = batch("1:10:1");
        assertEquals(401, post(body, null).statusCode());
        BatchSigner stranger = BatchSigner.generate("CN=Not the OFD", false);
        HttpResponse<String> foreign = post(body, stranger.sign(body));
        assertEquals(401, foreign.statusCode());
        assertTrue(foreign.body().contains("certificate other than"), foreign.body());
        assertEquals(401, post(batch("1:10:2"), ofd.sign(body)).statusCode(), "a signature over other bytes");
        byte[] notJson = "nope".getBytes(StandardCharsets.UTF_8);
        assertEquals(400, post(notJson, ofd.sign(notJson)).statusCode());
        assertEquals(4, kgd.rejectedBatches());
        assertEquals(0, kgd.documentCount());
    }

    @Test
    void shouldInjectOutagesErrorsAndDroppedConnections() throws Exception {
        byte[] body = batch("1:10:1");
        kgd.outage(true);
        assertEquals(503, post(body, ofd.sign(body)).statusCode());
        kgd.outage(false);
        kgd.errorRate(1);
        assertEquals(500, post(body, ofd.sign(body)).statusCode());
        kgd.errorRate(0);
        kgd.dropRate(1);
        assertThrows(IOException.class, () -> post(body, ofd.sign(body)));
        kgd.dropRate(0);
        kgd.latency(Duration.ofMillis(50));
        assertEquals(200, post(body, ofd.sign(body)).statusCode());
        assertEquals(3, kgd.injectedFaults());
        assertEquals(1, kgd.documentCount());
    }
}
