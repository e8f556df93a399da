package kz.ofd.simulator.kgd;

import io.vertx.core.json.JsonObject;
import kz.ofd.cabinet.signature.TestPki;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The owner's side of the cabinet hosted by a real OFD server, for the system tests: JSON calls with the session's
 * bearer token, sign-up by signature and the contract's signature (KKM registration needs it).
 */
final class CabinetClient {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private String base;
    private String session;

    /** @param base the API's base URL, {@code http://host:port/api/v1} */
    CabinetClient(String base) {
        this.base = base;
    }

    /** @param base the API's base URL after the server restarted on another port */
    void base(String base) {
        this.base = base;
    }

    /** @param token the session's bearer token from now on */
    void session(String token) {
        this.session = token;
    }

    /**
     * @param path a path under the API's base, or an absolute URL (another listener of the server)
     * @param body JSON body, or {@code null}
     */
    HttpResponse<String> call(String method, String path, JsonObject body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(path.startsWith("http") ? path : base + path))
            .timeout(Duration.ofSeconds(20))
            .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body.encode()));
        if (session != null) {
            b.header("authorization", "Bearer " + session);
        }
        return http.send(b.header("content-type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
    }

    /** @return {@code GET path} with the session, the body as bytes (a PDF, a CSV) */
    HttpResponse<byte[]> download(String path) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20)).GET();
        if (session != null) {
            b.header("authorization", "Bearer " + session);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** @return the body as JSON after checking the status */
    static JsonObject ok(int status, HttpResponse<String> r) {
        assertEquals(status, r.statusCode(), r.body());
        return new JsonObject(r.body());
    }

    /** @return {@code GET path}'s JSON, which must be 200 */
    JsonObject get(String path) throws Exception {
        return ok(200, call("GET", path, null));
    }

    /**
     * Signs an organization up with its AUTH certificate (the session is then the owner's) and signs its contract
     * with the SIGN certificate.
     */
    void signUp(TestPki.Holder auth, TestPki.Holder sign, String phone, String legalAddress) throws Exception {
        JsonObject challenge = get("/auth/challenge");
        byte[] payload = Base64.getDecoder().decode(challenge.getString("payload"));
        JsonObject step1 = ok(201, call("POST", "/sign-up/signature", new JsonObject()
            .put("challengeId", challenge.getString("challengeId")).put("signature", TestPki.cms(auth, payload))));
        session = ok(201, call("POST", "/sign-up/complete", new JsonObject()
            .put("registrationId", step1.getString("registrationId")).put("password", "Secret-Pass1")
            .put("phone", phone).put("legalAddress", legalAddress).put("actualSameAsLegal", true)))
            .getString("token");
        JsonObject contract = get("/contract");
        byte[] application = Base64.getDecoder().decode(contract.getJsonObject("application").getString("document"));
        ok(201, call("POST", "/contract", new JsonObject().put("signature", TestPki.cms(sign, application))));
    }
}
