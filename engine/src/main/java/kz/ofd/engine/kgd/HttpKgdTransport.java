package kz.ofd.engine.kgd;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import kz.ofd.protocol.kgd.KgdWire;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Posts batches to KGD over HTTP(S): the JSON body as is, its detached CMS signature in base64 in
 * {@code X-Ofd-Signature}; a 200 answer lists the idempotency keys KGD holds.
 */
public final class HttpKgdTransport implements KgdTransport {

    private final HttpClient http;
    private final URI documents;
    private final Duration timeout;

    /**
     * @param documents the KGD document endpoint
     * @param timeout   connect and answer timeout per batch
     */
    public HttpKgdTransport(URI documents, Duration timeout) {
        this.documents = documents;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    @Override
    public Outcome send(byte[] body, byte[] signature) {
        HttpRequest request = HttpRequest.newBuilder(documents).timeout(timeout)
            .header("content-type", "application/json")
            .header(KgdWire.SIGNATURE_HEADER, Base64.getEncoder().encodeToString(signature))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            return Outcome.failed("io", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Outcome.failed("interrupted", "interrupted while sending");
        }
        if (response.statusCode() != 200) {
            return Outcome.failed("http_" + response.statusCode(), abbreviate(response.body()));
        }
        try {
            JsonArray keys = new JsonObject(response.body()).getJsonArray("keys");
            if (keys == null) {
                return Outcome.failed("bad_answer", "200 without 'keys': " + abbreviate(response.body()));
            }
            List<String> acknowledged = new ArrayList<>(keys.size());
            for (int i = 0; i < keys.size(); i++) {
                acknowledged.add(keys.getString(i));
            }
            return Outcome.ok(acknowledged);
        } catch (DecodeException | ClassCastException e) {
            return Outcome.failed("bad_answer", "200 with a body that is not the expected JSON: " + abbreviate(response.body()));
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "...";
    }
}
