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
 * {@code ./ofd simulate --kkm-file}. Each KKM is applied for with the one-month plan, so the account is first topped
 * up through the stand's fake acquirer (its checkout page on the cabinet, Pay pressed over HTTP) and every KKM's
 * subscription is active once KGD has registered it.
 *
 * <pre>
 * CabinetDemoMain pki --dir DIR
 * CabinetDemoMain register --cabinet http://127.0.0.1:8443 --pki DIR --kkms 16 --out FILE [--timeout-seconds 60]
 * CabinetDemoMain tokens --cabinet http://127.0.0.1:8443 --pki DIR --in FILE --out FILE
 * CabinetDemoMain summary --cabinet http://127.0.0.1:8443 --pki DIR --in FILE
 * </pre>
 * {@code summary} prints the account (balance, today's statement, subscriptions) and the public check URL of one
 * receipt a KKM of the file sold (the QR code of its answer), after opening it once.
 * {@code tokens} logs in by signature and re-issues the token («Получить токен») of every KKM listed in a KKM file,
 * writing the new pairs. A second demo on
 * the same data directory logs in instead of signing up again, and numbers its serials apart.
 * Exit 0 done, 1 failed (the message says where), 2 usage.
 */
public final class CabinetDemoMain {

    /** The demo organization's BIN (a valid check digit, a legal entity). */
    static final String BIN = "180340021791";
    private static final String ORGANIZATION = "ТОО «Демо ОФД»";
    /** The plan every demo KKM is applied for with. */
    static final String PLAN = "MONTHS_1_WIRED";
    /** The smallest top-up the cabinet takes, tiyn. */
    private static final long MIN_TOP_UP = 10_000;
    private static final java.time.ZoneId ALMATY = java.time.ZoneId.of("Asia/Almaty");

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
            err.println("usage: pki --dir DIR | register --cabinet URL --pki DIR --kkms N --out FILE [--timeout-seconds S]"
                + " | tokens --cabinet URL --pki DIR --in FILE --out FILE | summary --cabinet URL --pki DIR --in FILE");
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
            if (args[0].equals("summary")) {
                CabinetDemoMain demo = new CabinetDemoMain(option(args, "--cabinet", null), out);
                Set<Long> sold = new HashSet<>();
                for (KkmCredentials k : KkmFile.read(Path.of(option(args, "--in", null)))) {
                    sold.add(k.id());
                }
                demo.summary(DemoPki.load(Path.of(option(args, "--pki", null))), sold);
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
        payForPlans(kkms);
        List<Long> ids = new ArrayList<>();
        for (int i = 1; i <= kkms; i++) {
            JsonObject application = new JsonObject().put("name", "Касса " + i).put("model", "OFD-SIM-1")
                .put("serialNumber", String.format("DEMO-%s-%04d", run, i)).put("year", 2025).put("tradePointId", point)
                // The first month is charged from the account when KGD registers the KKM (payForPlans covered it).
                .put("tariff", PLAN).put("personalDataConsent", true);
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
        requireActiveSubscriptions(ids);
        return lines;
    }

    // ---- tariffs and the account (issue 9): the fake acquirer's checkout, subscriptions, the check URL ----

    /**
     * Tops the account up so that it pays the first month of {@code kkms} KKMs (less what is on it already): starts a
     * card top-up, follows its redirect to the fake acquirer's checkout page on the cabinet and presses Pay there.
     */
    private void payForPlans(int kkms) throws IOException, InterruptedException {
        long price = -1;
        for (Object o : expect(200, "GET", "/tariffs", null).getJsonArray("plans")) {
            if (((JsonObject) o).getString("code").equals(PLAN)) {
                price = ((JsonObject) o).getLong("priceTiyn");
            }
        }
        if (price < 0) {
            throw new IllegalStateException("the cabinet has no plan " + PLAN);
        }
        long balance = expect(200, "GET", "/account", null).getLong("balanceTiyn");
        long needed = Math.max(kkms * price - balance, MIN_TOP_UP);
        JsonObject topUp = expect(201, "POST", "/account/top-ups", new JsonObject().put("amountTiyn", needed)
            .put("idempotencyKey", "demo-" + Long.toString(System.currentTimeMillis(), 36)));
        String checkout = topUp.getString("redirectUrl");
        out.println("cabinet: top-up of " + tenge(needed) + " for " + kkms + " × «" + PLAN + "»: checkout page " + checkout);
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(checkout)).timeout(Duration.ofSeconds(20))
            .GET().build(), HttpResponse.BodyHandlers.ofString());
        if (page.statusCode() != 200) {
            throw new IllegalStateException("the checkout page answered " + page.statusCode() + ": " + page.body());
        }
        HttpResponse<String> paid = http.send(HttpRequest.newBuilder(URI.create(checkout)).timeout(Duration.ofSeconds(20))
            .header("content-type", "application/x-www-form-urlencoded").header("accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("outcome=paid")).build(), HttpResponse.BodyHandlers.ofString());
        JsonObject result = checked(200, "POST " + checkout, paid);
        if (!"PAID".equals(result.getString("status"))) {
            throw new IllegalStateException("the fake acquirer did not take the payment: " + result.encode());
        }
        out.println("cabinet: paid on the test acquirer's page; balance "
            + tenge(expect(200, "GET", "/account", null).getLong("balanceTiyn")));
    }

    /** Every KKM applied for has an active subscription (paid from the account when KGD registered it). */
    private void requireActiveSubscriptions(List<Long> kkmIds) throws IOException, InterruptedException {
        Set<Long> active = new HashSet<>();
        for (Object o : expect(200, "GET", "/subscriptions", null).getJsonArray("subscriptions")) {
            JsonObject s = (JsonObject) o;
            if (s.getString("status").equals("ACTIVE")) {
                active.add(s.getLong("kkmId"));
            }
        }
        if (!active.containsAll(kkmIds)) {
            throw new IllegalStateException("not every subscription is active: " + expect(200, "GET", "/subscriptions", null));
        }
        out.println("cabinet: " + kkmIds.size() + " subscriptions «" + PLAN + "» active, paid from the account");
    }

    /**
     * Prints the account (balance, today's statement, subscriptions) and the check URL of one receipt a KKM of
     * {@code ofdIds} sold, as its answer's QR code carries it, after opening it.
     */
    private void summary(DemoPki pki, Set<Long> ofdIds) throws IOException, InterruptedException, GeneralSecurityException {
        signUpOrLogIn(pki);
        JsonObject account = expect(200, "GET", "/account", null);
        String today = java.time.LocalDate.now(ALMATY).toString();
        JsonObject st = expect(200, "GET", "/account/statement?from=" + today + "&to=" + today, null);
        int active = 0;
        int subscriptions = 0;
        for (Object o : expect(200, "GET", "/subscriptions", null).getJsonArray("subscriptions")) {
            subscriptions++;
            active += ((JsonObject) o).getString("status").equals("ACTIVE") ? 1 : 0;
        }
        out.println("cabinet: account " + account.getLong("number") + " balance " + tenge(account.getLong("balanceTiyn"))
            + "; today: opening " + tenge(st.getLong("openingBalanceTiyn")) + ", top-ups " + tenge(st.getLong("creditsTiyn"))
            + ", charges " + tenge(st.getLong("debitsTiyn")) + ", closing " + tenge(st.getLong("closingBalanceTiyn"))
            + " (" + st.getJsonArray("entries").size() + " entries); subscriptions " + active + " active of "
            + subscriptions);
        String url = receiptCheckUrl(ofdIds);
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20))
            .GET().build(), HttpResponse.BodyHandlers.ofString());
        if (page.statusCode() != 200) {
            throw new IllegalStateException("the receipt check answered " + page.statusCode() + " for " + url);
        }
        out.println("receipt check: " + url);
        out.println("  (a real receipt's QR code; the page answered 200 — it opens while a server with this data and "
            + "ofd.check.port runs)");
    }

    /** @return the QR URL of the first receipt found of one of {@code ofdIds} received yesterday to tomorrow */
    private String receiptCheckUrl(Set<Long> ofdIds) throws IOException, InterruptedException {
        java.time.LocalDate today = java.time.LocalDate.now(java.time.ZoneOffset.ofHours(5));   // the receipts' days
        String from = today.minusDays(1).toString();
        String to = today.plusDays(1).toString();
        for (Object o : expect(200, "GET", "/kkms", null).getJsonArray("kkms")) {
            JsonObject kkm = (JsonObject) o;
            if (kkm.getLong("ofdId") == null || !ofdIds.contains(kkm.getLong("ofdId"))) {
                continue;
            }
            JsonObject page = expect(200, "GET", "/kkms/" + kkm.getLong("id") + "/receipts?from=" + from + "&to=" + to
                + "&limit=1", null);
            if (!page.getJsonArray("receipts").isEmpty()) {
                String sign = page.getJsonArray("receipts").getJsonObject(0).getString("fiscalSign");
                return expect(200, "GET", "/kkms/" + kkm.getLong("id") + "/receipts/" + sign, null).getString("qrUrl");
            }
        }
        throw new IllegalStateException("no receipt of the KKMs " + ofdIds + " is in the cabinet");
    }

    private static String tenge(long tiyn) {
        return String.format(Locale.ROOT, "%d.%02d KZT", tiyn / 100, tiyn % 100);
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
