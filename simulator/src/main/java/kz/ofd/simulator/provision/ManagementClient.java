package kz.ofd.simulator.provision;

import kz.ofd.simulator.JsonText;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Registers fresh KKMs through the server's management API ({@code POST /api/kkms}), choosing ids, tokens,
 * registration numbers and BINs from a seeded random so that runs are repeatable.
 */
public final class ManagementClient {

    /** Smallest id chosen. */
    public static final long MIN_ID = 1_000_000L;
    /** Ids are chosen below this. */
    public static final long ID_LIMIT = 4_000_000_000L;
    /** How many ids are tried for one KKM before giving up when the server keeps answering 409. */
    public static final int MAX_ID_ATTEMPTS = 20;

    private static final int HTTP_CONFLICT = 409;
    private static final int HTTP_BAD_REQUEST = 400;
    private static final int MAX_BODY_IN_MESSAGE = 300;

    private final URI endpoint;
    private final HttpClient http;
    private final Duration timeout;
    private final SplittableRandom conflictIds = new SplittableRandom();

    /**
     * @param base    management API base, e.g. {@code http://127.0.0.1:8080}
     * @param timeout per-request timeout
     */
    public ManagementClient(URI base, Duration timeout) {
        String b = base.toString();
        this.endpoint = URI.create((b.endsWith("/") ? b.substring(0, b.length() - 1) : b) + "/api/kkms");
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1).build();
    }

    /**
     * Creates {@code count} KKMs one after another.
     *
     * @param count  how many
     * @param random seeded source for ids, tokens and registration data
     * @return their credentials, in creation order
     * @throws ProvisioningException on the first KKM the server refuses or cannot take
     */
    public List<KkmCredentials> provision(int count, SplittableRandom random) throws ProvisioningException {
        List<KkmCredentials> result = new ArrayList<>(count);
        for (int n = 1; n <= count; n++) {
            result.add(provisionOne(n, random));
        }
        return result;
    }

    private KkmCredentials provisionOne(int pointNumber, SplittableRandom random) throws ProvisioningException {
        SplittableRandom ids = random;
        for (int attempt = 0; attempt < MAX_ID_ATTEMPTS; attempt++) {
            // After a conflict the seeded sequence is likely the one an earlier run with the same seed used up,
            // so further ids come from an unseeded stream.
            long id = ids.nextLong(MIN_ID, ID_LIMIT);
            long token = random.nextLong(1, KkmCredentials.MAX_U32 + 1);
            String body = requestBody(id, token, Bin.generate(random), pointNumber);
            HttpResponse<String> response = post(body, id);
            int status = response.statusCode();
            if (status / 100 == 2) {
                return new KkmCredentials(id, token);
            }
            if (status == HTTP_CONFLICT) {
                ids = conflictIds;
                continue;
            }
            String detail = JsonText.stringField(response.body(), "detail");
            if (status == HTTP_BAD_REQUEST && detail != null) {
                throw new ProvisioningException("the management API refused KKM " + id + ": " + detail);
            }
            throw new ProvisioningException("the management API answered HTTP " + status + " for KKM " + id + ": "
                + (detail != null ? detail : abbreviate(response.body())));
        }
        throw new ProvisioningException("no free KKM id after " + MAX_ID_ATTEMPTS + " attempts (HTTP 409 each time)");
    }

    private HttpResponse<String> post(String body, long id) throws ProvisioningException {
        HttpRequest request = HttpRequest.newBuilder(endpoint)
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .header("Accept", "application/json, application/problem+json")
            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
            .build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ProvisioningException("cannot reach the management API at " + endpoint + " (KKM " + id + "): " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProvisioningException("interrupted while provisioning KKM " + id, e);
        }
    }

    /**
     * The JSON body of a {@code POST /api/kkms}.
     *
     * @param id          KKM id
     * @param token       first token
     * @param bin         owner's BIN
     * @param pointNumber cash desk number, for the point name
     * @return the JSON text
     */
    public static String requestBody(long id, long token, String bin, int pointNumber) {
        return "{\"id\":" + id
            + ",\"token\":" + token
            + ",\"rnm\":" + JsonText.quote(rnm(id))
            + ",\"serial\":" + JsonText.quote("SIM" + id)
            + ",\"model\":" + JsonText.quote("OFD-SIM")
            + ",\"bin\":" + JsonText.quote(bin)
            + ",\"org\":" + JsonText.quote("ТОО Симулятор")
            + ",\"address\":" + JsonText.quote("г. Алматы, ул. Абая 1")
            + ",\"point\":" + JsonText.quote("Касса " + pointNumber)
            + "}";
    }

    /**
     * The 12-digit KGD registration number used for a simulated KKM.
     *
     * @param id KKM id
     * @return {@code 6203} followed by the id's last eight digits
     */
    public static String rnm(long id) {
        return String.format("6203%08d", id % 100_000_000L);
    }

    private static String abbreviate(String text) {
        String t = text == null ? "" : text.strip();
        return t.length() <= MAX_BODY_IN_MESSAGE ? t : t.substring(0, MAX_BODY_IN_MESSAGE) + "...";
    }
}
