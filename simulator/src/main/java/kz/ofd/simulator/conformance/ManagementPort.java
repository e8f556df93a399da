package kz.ofd.simulator.conformance;

import kz.ofd.simulator.JsonText;
import kz.ofd.simulator.provision.KkmCredentials;
import kz.ofd.simulator.provision.ManagementClient;
import kz.ofd.simulator.provision.ProvisioningException;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.SplittableRandom;

/**
 * What the kit asks of the server's management API: fresh KKMs ({@link ManagementClient}) and the operator's
 * block and unblock ({@code POST /api/kkms/{id}/block}, {@code /unblock}).
 */
final class ManagementPort {

    private final String base;
    private final Duration timeout;
    private final ManagementClient provisioning;
    private final SplittableRandom random;
    private final HttpClient http;

    ManagementPort(URI base, Duration timeout, SplittableRandom random) {
        String b = base.toString();
        this.base = b.endsWith("/") ? b.substring(0, b.length() - 1) : b;
        this.timeout = timeout;
        this.provisioning = new ManagementClient(base, timeout);
        this.random = random;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1).build();
    }

    KkmCredentials newKkm() throws ProvisioningException {
        return provisioning.provision(1, random).get(0);
    }

    void block(long id, String reason) throws IOException {
        post("/api/kkms/" + id + "/block", "{\"reason\":" + JsonText.quote(reason) + "}");
    }

    void unblock(long id) throws IOException {
        post("/api/kkms/" + id + "/unblock", "");
    }

    private void post(String path, String body) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path))
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
            .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted during POST " + path, e);
        }
        if (response.statusCode() / 100 != 2) {
            throw new IOException("POST " + base + path + " answered HTTP " + response.statusCode() + ": " + response.body());
        }
    }
}
