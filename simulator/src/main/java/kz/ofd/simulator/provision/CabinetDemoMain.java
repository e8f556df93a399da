package kz.ofd.simulator.provision;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The demo's cabinet user ({@code ./ofd demo}): {@code pki} generates a throw-away CA and the demo person's keys
 * ({@link DemoPki}); {@code register} then does through the cabinet's REST API what an owner does in the browser —
 * signs the organization up with the AUTH key, creates a trade point, applies to register N KKMs with the SIGN key,
 * waits until KGD (the simulator) has registered them, and writes the OFD id and token of each to a KKM file for
 * {@code ./ofd simulate --kkm-file}.
 *
 * <pre>
 * CabinetDemoMain pki --dir DIR
 * CabinetDemoMain register --cabinet http://127.0.0.1:8443 --pki DIR --kkms 16 --out FILE [--timeout-seconds 60]
 * CabinetDemoMain tokens --cabinet http://127.0.0.1:8443 --pki DIR --in FILE --out FILE
 * </pre>
 * {@code tokens} logs in by signature and re-issues the token («Получить токен») of every KKM listed in a KKM file,
 * writing the new pairs. A second demo on
 * the same data directory logs in instead of signing up again, and numbers its serials apart.
 * Exit 0 done, 1 failed (the message says where), 2 usage.
 */
public final class CabinetDemoMain {

    /** The demo organization's BIN (a valid check digit, a legal entity). */
    static final String BIN = "180340021791";
    private static final String ORGANIZATION = "ТОО «Демо ОФД»";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final PrintStream out;
    private String session;

    private CabinetDemoMain(String cabinet, PrintStream out) {
        this.base = cabinet.replaceAll("/+$", "") + "/api/v1";
        this.out = out;
    }

    /**
     * @param args see the class comment
     */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0) {
            err.println("usage: pki --dir DIR | register --cabinet URL --pki DIR --kkms N --out FILE [--timeout-seconds S]");
            return 2;
        }
        try {
            if (args[0].equals("pki")) {
                Path dir = Path.of(option(args, "--dir", null));
                DemoPki.generate(dir, demoIin(), BIN, ORGANIZATION);
                out.println("demo PKI written to " + dir + " (ca.cer, ca.crl, auth.p12, sign.p12)");
                return 0;
            }
            if (args[0].equals("register")) {
                CabinetDemoMain demo = new CabinetDemoMain(option(args, "--cabinet", null), out);
                int kkms = Integer.parseInt(option(args, "--kkms", "16"));
                long timeout = Long.parseLong(option(args, "--timeout-seconds", "60"));
                List<String> lines = demo.register(DemoPki.load(Path.of(option(args, "--pki", null))), kkms,
                    Duration.ofSeconds(timeout));
                Path file = Path.of(option(args, "--out", null));
                Files.write(file, lines, StandardCharsets.UTF_8);
                out.println("cabinet: " + kkms + " KKMs registered; id and token of each in " + file);
                return 0;
            }
            if (args[0].equals("tokens")) {
                CabinetDemoMain demo = new CabinetDemoMain(option(args, "--cabinet", null), out);
                Set<Long> wanted = new HashSet<>();
                for (KkmCredentials k : KkmFile.read(Path.of(option(args, "--in", null)))) {
                    wanted.add(k.id());
                }
                List<String> lines = demo.tokens(DemoPki.load(Path.of(option(args, "--pki", null))), wanted);
                Path file = Path.of(option(args, "--out", null));
                Files.write(file, lines, StandardCharsets.UTF_8);
                out.println("cabinet: new tokens issued to " + (lines.size() - 1) + " KKMs; written to " + file);
                return 0;
            }
            err.println("unknown command " + args[0]);
            return 2;
        } catch (IllegalArgumentException e) {
            err.println("usage: " + e.getMessage());
            return 2;
        } catch (IOException | GeneralSecurityException | IllegalStateException e) {
            err.println("cabinet demo failed: " + e);
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    private static String option(String[] args, String name, String fallback) {
        for (int i = 1; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        if (fallback == null) {
            throw new IllegalArgumentException(name + " is required");
        }
        return fallback;
    }

    /** @return a valid IIN (a person born 1990-01-01) for the demo user */
    static String demoIin() {
        for (int serial = 3001; ; serial++) {
            String first11 = "900101" + serial + "1";
            int check = Bin.checkDigit(first11.substring(0, 11));
            if (check >= 0) {
                return first11.substring(0, 11) + check;
            }
        }
    }

    /** Signs the demo organization up by signature, or logs in by signature when it already is. */
    private void signUpOrLogIn(DemoPki pki) throws IOException, InterruptedException, GeneralSecurityException {
        JsonObject challenge = expect(200, "GET", "/auth/challenge", null);
        String signature = pki.signWithAuthKey(Base64.getDecoder().decode(challenge.getString("payload")));
        HttpResponse<String> step1 = send("POST", "/sign-up/signature", new JsonObject()
            .put("challengeId", challenge.getString("challengeId")).put("signature", signature));
        if (step1.statusCode() == 409) {
            challenge = expect(200, "GET", "/auth/challenge", null);
            session = expect(201, "POST", "/sessions/signature", new JsonObject()
                .put("challengeId", challenge.getString("challengeId"))
                .put("signature", pki.signWithAuthKey(Base64.getDecoder().decode(challenge.getString("payload")))))
                .getString("token");
            out.println("cabinet: logged in by signature (BIN " + BIN + " is signed up already)");
            return;
        }
        JsonObject identity = checked(201, "POST /sign-up/signature", step1);
        session = expect(201, "POST", "/sign-up/complete", new JsonObject()
            .put("registrationId", identity.getString("registrationId")).put("password", "Demo-Pass1")
            .put("phone", "+7 701 000-00-01").put("legalAddress", "г. Астана, пр. Мангилик Ел 55")
            .put("actualSameAsLegal", true)).getString("token");
        out.println("cabinet: signed up " + identity.getString("organizationName") + " (BIN " + BIN + ") by signature");
    }

    /** Signs the contract's accession application with the signing key, unless signed before (KKM registration needs it). */
    private void signContract(DemoPki pki) throws IOException, InterruptedException, GeneralSecurityException {
        JsonObject contract = expect(200, "GET", "/contract", null);
        if ("NOT_SIGNED".equals(contract.getString("status"))) {
            byte[] application = Base64.getDecoder().decode(contract.getJsonObject("application").getString("document"));
            contract = expect(201, "POST", "/contract", new JsonObject().put("signature", pki.signWithSigningKey(application)));
        }
        out.println("cabinet: " + contract.getString("statusText"));
    }

    private List<String> tokens(DemoPki pki, Set<Long> ofdIds)
        throws IOException, InterruptedException, GeneralSecurityException {
        signUpOrLogIn(pki);
        List<String> lines = new ArrayList<>();
        lines.add("# id token — tokens re-issued through the cabinet by ./ofd demo");
        for (Object o : expect(200, "GET", "/kkms", null).getJsonArray("kkms")) {
            JsonObject kkm = (JsonObject) o;
            if (kkm.getString("status").equals("REGISTERED") && ofdIds.contains(kkm.getLong("ofdId"))) {
                JsonObject t = expect(200, "POST", "/kkms/" + kkm.getLong("id") + "/token", null);
                lines.add(t.getLong("ofdId") + " " + t.getLong("token"));
            }
        }
        return lines;
    }

    private List<String> register(DemoPki pki, int kkms, Duration timeout)
        throws IOException, InterruptedException, GeneralSecurityException {
        signUpOrLogIn(pki);
        signContract(pki);
        String run = Long.toString(System.currentTimeMillis() / 1000 % 1_000_000, 36).toUpperCase(Locale.ROOT);
        long point = expect(201, "POST", "/trade-points", new JsonObject().put("name", "Демо-магазин")
            .put("region", "г. Астана").put("locality", "р-н Есильский").put("street", "пр. Мангилик Ел")
            .put("building", "55")).getLong("id");
        List<Long> ids = new ArrayList<>();
        for (int i = 1; i <= kkms; i++) {
            JsonObject application = new JsonObject().put("name", "Касса " + i).put("model", "OFD-SIM-1")
                .put("serialNumber", String.format("DEMO-%s-%04d", run, i)).put("year", 2025).put("tradePointId", point)
                // No plan: a KKM with a plan is charged from the account when KGD registers it, and the demo
                // organization's account is empty (a stand without a payment provider cannot top it up).
                .put("personalDataConsent", true);
            JsonObject doc = expect(200, "POST", "/kkms/application-document", application.copy().put("kind", "REGISTRATION"));
            String signature = pki.signWithSigningKey(Base64.getDecoder().decode(doc.getString("document")));
            ids.add(expect(202, "POST", "/kkms", application.put("signature", signature)).getLong("id"));
        }
        out.println("cabinet: " + kkms + " registration applications signed and sent to KGD; waiting for KGD");
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> lines = new ArrayList<>();
        lines.add("# id token rnm — KKMs registered through the cabinet by ./ofd demo");
        for (long id : ids) {
            JsonObject kkm;
            while (true) {
                kkm = expect(200, "GET", "/kkms/" + id, null);
                if (!kkm.getString("status").startsWith("AWAITING")) {
                    break;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("KGD did not decide KKM " + id + " within " + timeout.toSeconds() + " s");
                }
                Thread.sleep(200);   // a bounded poll of a remote decision, not a test wait
            }
            if (!kkm.getString("status").equals("REGISTERED")) {
                throw new IllegalStateException("KKM " + id + " is " + kkm.getString("statusText") + ": " + kkm.encode());
            }
            lines.add(kkm.getLong("ofdId") + " " + kkm.getLong("token") + " # RNM " + kkm.getString("rnm"));
        }
        out.println("cabinet: all " + kkms + " KKMs «" + "Зарегистрирована" + "», e.g. " + lines.get(1));
        return lines;
    }

    private JsonObject expect(int status, String method, String path, JsonObject body) throws IOException, InterruptedException {
        return checked(status, method + " " + path, send(method, path, body));
    }

    private static JsonObject checked(int status, String what, HttpResponse<String> r) {
        if (r.statusCode() != status) {
            throw new IllegalStateException(what + " answered " + r.statusCode() + ": " + r.body());
        }
        return new JsonObject(r.body());
    }

    private HttpResponse<String> send(String method, String path, JsonObject body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20))
            .header("content-type", "application/json")
            .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body.encode()));
        if (session != null) {
            b.header("authorization", "Bearer " + session);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
