package kz.ofd.simulator.kgd;

import io.vertx.core.json.JsonObject;
import kz.ofd.cabinet.TestIds;
import kz.ofd.cabinet.signature.TestPki;
import kz.ofd.engine.journal.Outcome;
import kz.ofd.engine.journal.OutcomeCodec;
import kz.ofd.engine.launcher.OfdServer;
import kz.ofd.engine.launcher.ServerConfiguration;
import kz.ofd.protocol.proto.Request;
import kz.ofd.protocol.proto.Response;
import kz.ofd.protocol.proto.ResultTypeEnum;
import kz.ofd.protocol.testing.RawKkmConnection;
import kz.ofd.protocol.testing.Requests;
import kz.ofd.storage.journal.Journal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The cabinet hosted by the OFD server, end to end: an organization signs up with its AUTH certificate, applies to
 * register a KKM with its SIGN certificate, the KGD simulator approves through the application gateway, the engine
 * registers the KKM through the ring, and a register using the id and token the cabinet shows gets fiscal signs over
 * the KKM protocol. Then a token re-issue (old token refused, new accepted), a deregistration refused while the shift
 * is open and approved after CLOSE_SHIFT (the register is refused from then on, across a restart), a KGD refusal, and
 * the journal holding every status change.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
final class CabinetKkmSystemTest {

    @TempDir
    Path dir;

    private final Instant now = Instant.now();
    private final TestPki.Holder ca = TestPki.ca(TestPki.Alg.RSA, "TEST NCA RSA", now);
    private final String iin = TestIds.iin(41);
    private final String bin = TestIds.bin(41);
    /** A browser's client, for the acquirer's pages (no session, not JSON). */
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private KgdSimulator kgd;
    private OfdServer ofd;
    private CabinetClient client;
    /** How far the server's clock (and so the cabinet's billing) is ahead of real time, ms. */
    private final AtomicLong clockAhead = new AtomicLong();

    @BeforeEach
    void start() throws Exception {
        kgd = new KgdSimulator(null, 11);
        kgd.applicationDelay(Duration.ofMillis(50));
        int kgdPort = kgd.start("127.0.0.1", 0);
        Path caFile = dir.resolve("ca.cer");
        Path crlFile = dir.resolve("ca.crl");
        Files.write(caFile, ca.certificate().getEncoded());
        Files.write(crlFile, TestPki.crl(ca, now, List.of()).getEncoded());
        ofd = OfdServer.start(new ServerConfiguration().dataDir(dir.resolve("data")).kkmHost("127.0.0.1").kkmPort(0)
            .httpPort(0).snapshotIntervalSeconds(0).kgdUrl("http://127.0.0.1:" + kgdPort + KgdSimulator.DOCUMENTS_PATH)
            .cabinetPort(0).cabinetCaCerts(caFile.toString()).cabinetCrls(crlFile.toString())
            .cabinetPayments("fake").cabinetBillingInterval(Duration.ofMillis(200)).conclude(),
            () -> System.currentTimeMillis() + clockAhead.get());
        client = new CabinetClient("http://127.0.0.1:" + ofd.cabinetPort() + "/api/v1");
    }

    @AfterEach
    void stop() {
        if (ofd != null) {
            ofd.close();
        }
        kgd.close();
    }

    private TestPki.Holder cert(TestPki.Usage usage) {
        return TestPki.user(ca, TestPki.Alg.RSA, usage, iin, bin, now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(30)));
    }

    private HttpResponse<String> call(String method, String path, JsonObject body) throws Exception {
        return client.call(method, path, body);
    }

    private static JsonObject ok(int status, HttpResponse<String> r) {
        return CabinetClient.ok(status, r);
    }

    private void signUp() throws Exception {
        client.signUp(cert(TestPki.Usage.AUTH), cert(TestPki.Usage.SIGN), "+7 708 150-28-10", "г. Астана, ул. Алматы 1");
    }

    /** Signs the cabinet's document for {@code request} with the SIGN key and sends it to {@code path}. */
    private HttpResponse<String> signed(String path, JsonObject request, String kind) throws Exception {
        JsonObject doc = ok(200, call("POST", "/kkms/application-document", request.copy().put("kind", kind)));
        byte[] bytes = Base64.getDecoder().decode(doc.getString("document"));
        return call("POST", path, request.copy().put("signature", TestPki.cms(cert(TestPki.Usage.SIGN), bytes)));
    }

    private JsonObject awaitStatus(long kkmId, String status) {
        JsonObject[] last = new JsonObject[1];
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
            last[0] = ok(200, call("GET", "/kkms/" + kkmId, null));
            return status.equals(last[0].getString("status"));
        });
        return last[0];
    }

    /** A register as its client sees it: one connection per request, the token taken from every answer with 0. */
    private final class Register {
        final long id;
        long token;
        int requestNumber;

        Register(long id, long token) {
            this.id = id;
            this.token = token;
        }

        Response send(Request request) throws Exception {
            requestNumber++;
            try (RawKkmConnection c = RawKkmConnection.connect("127.0.0.1", ofd.kkmPort())) {
                Response r = c.call(id, token, requestNumber, request);
                if (r.getResult().getResultCode() == 0) {
                    token = c.lastFrame().header().token();
                }
                return r;
            }
        }
    }

    /** Moves the registered KKM to a second point through KGD and checks the register is answered with it. */
    private void reregister(long kkmId, Register register, String rnm) throws Exception {
        assertEquals("Магазин 1", register.send(Requests.info()).getService().getRegInfo().getPos().getTitle());
        long other = ok(201, call("POST", "/trade-points", new JsonObject().put("name", "Магазин 2")
            .put("region", "г. Алматы").put("locality", "р-н Медеуский").put("street", "пр. Абая").put("building", "10")))
            .getLong("id");
        JsonObject move = new JsonObject().put("kkmId", kkmId).put("tradePointId", other);
        assertEquals("AWAITING_REREGISTRATION",
            ok(202, signed("/kkms/" + kkmId + "/reregistration", move, "REREGISTRATION")).getString("status"));
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
            .until(() -> ok(200, call("GET", "/kkms/" + kkmId, null)).getLong("tradePointId") == other);
        assertEquals("REGISTERED", ok(200, call("GET", "/kkms/" + kkmId, null)).getString("status"));
        Response moved = register.send(Requests.info());
        assertEquals(0, moved.getResult().getResultCode(), moved.getResult().toString());
        assertEquals("Магазин 2", moved.getService().getRegInfo().getPos().getTitle(), "the engine answers with the new point");
        assertEquals("г. Алматы, р-н Медеуский, пр. Абая 10", moved.getService().getRegInfo().getPos().getAddress());
        assertEquals(rnm, moved.getService().getRegInfo().getKkm().getFnsKkmId(), "the RNM stays");
        assertEquals(0, register.send(Requests.ticket(30_000)).getResult().getResultCode(), "the token stays");
    }

    @Test
    void shouldBlockAnUnpaidRegisterOverTheKkmProtocolAndUnblockItOnceTheAccountPaysIt() throws Exception {
        signUp();
        long point = ok(201, call("POST", "/trade-points", new JsonObject().put("name", "Магазин 2")
            .put("region", "г. Астана").put("locality", "р-н Есильский").put("street", "пр. Мангилик Ел").put("building", "7")))
            .getLong("id");
        JsonObject application = new JsonObject().put("name", "Касса 2").put("model", "OFD-SIM-1")
            .put("serialNumber", "SIM-000101").put("year", 2025).put("tradePointId", point).put("tariff", "MONTHS_1_WIRED")
            .put("personalDataConsent", true);
        long kkmId = ok(202, signed("/kkms", application, "REGISTRATION")).getLong("id");
        JsonObject kkm = awaitStatus(kkmId, "REGISTERED");
        JsonObject subscription = ok(200, call("GET", "/subscriptions", null)).getJsonArray("subscriptions").getJsonObject(0);
        assertEquals("AWAITING_PAYMENT", subscription.getString("status"), "an empty account does not pay the first month");

        Register register = new Register(kkm.getLong("ofdId"), kkm.getLong("token"));
        Response blocked = register.send(Requests.ticket(150_000));
        assertEquals(ResultTypeEnum.RESULT_TYPE_BLOCKED_VALUE, blocked.getResult().getResultCode(), blocked.toString());
        assertTrue(blocked.getResult().getResultText().contains("Подписка не оплачена"), blocked.getResult().toString());

        payThroughTheFakeAcquirer(300_000, "unpaid-0001");
        assertEquals(50_000, ok(200, call("GET", "/account", null)).getLong("balanceTiyn"));
        assertEquals("ACTIVE", ok(200, call("GET", "/subscriptions", null)).getJsonArray("subscriptions").getJsonObject(0)
            .getString("status"));
        Response ticket = register.send(Requests.ticket(150_000));
        assertEquals(0, ticket.getResult().getResultCode(), "paid: the register works again " + ticket.getResult());
    }

    @Test
    void shouldTakeAKkmFromApplicationToFiscalSignsToDeregistration() throws Exception {
        signUp();
        long point = ok(201, call("POST", "/trade-points", new JsonObject().put("name", "Магазин 1")
            .put("region", "г. Астана").put("locality", "р-н Есильский").put("street", "пр. Мангилик Ел").put("building", "55")))
            .getLong("id");
        JsonObject application = new JsonObject().put("name", "Касса 1").put("model", "OFD-SIM-1")
            .put("serialNumber", "SIM-000001").put("year", 2025).put("tradePointId", point).put("personalDataConsent", true);
        assertEquals(400, call("POST", "/kkms", application).statusCode(), "an unsigned application is refused");
        JsonObject sent = ok(202, signed("/kkms", application, "REGISTRATION"));
        assertEquals("AWAITING_REGISTRATION", sent.getString("status"));
        long kkmId = sent.getLong("id");

        JsonObject kkm = awaitStatus(kkmId, "REGISTERED");
        assertTrue(kkm.getString("rnm").matches("\\d{12}"), kkm.encode());
        Register register = new Register(kkm.getLong("ofdId"), kkm.getLong("token"));
        Response ticket = register.send(Requests.ticket(150_000));
        assertEquals(0, ticket.getResult().getResultCode(), ticket.getResult().toString());
        assertNotEquals(0, ticket.getTicket().getTicketNumber().length(), "a fiscal sign was issued");

        long old = register.token;
        JsonObject reissued = ok(200, call("POST", "/kkms/" + kkmId + "/token", null));
        assertNotEquals(old, reissued.getLong("token"));
        assertNotEquals(0, register.send(Requests.ticket(10_000)).getResult().getResultCode(), "the old token is refused");
        register.token = reissued.getLong("token");
        assertEquals(0, register.send(Requests.ticket(20_000)).getResult().getResultCode(), "the new token is accepted");
        reregister(kkmId, register, kkm.getString("rnm"));

        JsonObject leave = new JsonObject().put("kkmId", kkmId).put("reason", "CASH_ACTIVITY_STOPPED")
            .put("personalDataConsent", true);
        HttpResponse<String> open = signed("/kkms/" + kkmId + "/deregistration", leave, "DEREGISTRATION");
        assertEquals(409, open.statusCode(), open.body());
        assertTrue(open.body().contains("shift-open"), open.body());
        assertEquals(0, register.send(Requests.closeShift()).getResult().getResultCode());
        readShiftBackOverHttp(kkmId, ticket.getTicket().getTicketNumber());
        ok(202, signed("/kkms/" + kkmId + "/deregistration", leave, "DEREGISTRATION"));
        kkm = awaitStatus(kkmId, "DEREGISTERED");
        assertEquals("Снята с учета", kkm.getString("statusText"));
        assertEquals(ResultTypeEnum.RESULT_TYPE_BLOCKED_VALUE, register.send(Requests.ticket(5_000)).getResult().getResultCode(),
            "a deregistered register is refused");

        kgd.rejectSerial("SIM-000002", "INVALID_DATA", "заводской номер не найден в реестре");
        long refused = ok(202, signed("/kkms", application.copy().put("serialNumber", "SIM-000002"), "REGISTRATION"))
            .getLong("id");
        assertEquals("заводской номер не найден в реестре",
            awaitStatus(refused, "REFUSED_BY_KGD").getJsonObject("lastRefusal").getString("reason"));

        Path data = ofd.config().dataDir();
        ofd.close();
        ofd = null;
        List<String> events = new ArrayList<>();
        int tokens = 0;
        int reregistrations = 0;
        try (Journal journal = Journal.open(data.resolve("journal")); Journal.Reader reader = journal.reader(-1)) {
            List<Outcome> outcomes = new ArrayList<>();
            while (reader.read(1000, (index, buffer, offset, length) ->
                outcomes.add(OutcomeCodec.decode(buffer, offset, length))) > 0) {
                // keep reading
            }
            for (Outcome o : outcomes) {
                if (o instanceof Outcome.CabinetEvent e) {
                    events.add(e.event().replaceAll(".* status=(\\w+).*", "$1"));
                } else if (o instanceof Outcome.KkmTokenIssued) {
                    tokens++;
                } else if (o instanceof Outcome.KkmRegistrationUpdated u) {
                    reregistrations++;
                    assertEquals("Магазин 2", u.details().pointName());
                }
            }
        }
        assertEquals(List.of("AWAITING_REGISTRATION", "REGISTERED", "AWAITING_REREGISTRATION", "REGISTERED",
            "AWAITING_DEREGISTRATION", "DEREGISTERED", "AWAITING_REGISTRATION", "REFUSED_BY_KGD"), events,
            "the journal is the audit trail");
        assertEquals(1, tokens);
        assertEquals(1, reregistrations, "the engine journaled the new data itself");

        ofd = OfdServer.start(new ServerConfiguration().dataDir(data).kkmHost("127.0.0.1").kkmPort(0).httpPort(0)
            .snapshotIntervalSeconds(0).kgdUrl("http://127.0.0.1:1" + KgdSimulator.DOCUMENTS_PATH).cabinetPort(0).conclude());
        client.base("http://127.0.0.1:" + ofd.cabinetPort() + "/api/v1");
        Response afterRestart = register.send(Requests.ticket(5_000));
        assertEquals(ResultTypeEnum.RESULT_TYPE_BLOCKED_VALUE, afterRestart.getResult().getResultCode(),
            "still refused after a restart replayed the journal");
        assertEquals("Магазин 2", afterRestart.getService().getRegInfo().getPos().getTitle(),
            "the re-registered data survive the restart (the BLOCKED answer carries the reg info)");
        assertEquals("DEREGISTERED", ok(200, call("GET", "/kkms/" + kkmId, null)).getString("status"),
            "the registry keeps the KKM and the session");
    }

    /**
     * «Транзакции», «Отчёты» and «Документы» over HTTP, read from the real engine's index and journal: shift 1 holds
     * the three accepted receipts (the first, one with the re-issued token, one after the re-registration; the one
     * with the old token was refused) and, closed, its Z report.
     */
    private void readShiftBackOverHttp(long kkmId, String sign) throws Exception {
        JsonObject receipts = await().until(() -> ok(200, call("GET", "/kkms/" + kkmId + "/receipts?shift=1", null)),
            r -> r.getJsonArray("receipts").size() == 3);
        assertEquals(sign, receipts.getJsonArray("receipts").getJsonObject(0).getString("fiscalSign"));
        assertEquals(150_000, receipts.getJsonArray("receipts").getJsonObject(0).getLong("total"));
        JsonObject full = ok(200, call("GET", "/kkms/" + kkmId + "/receipts/" + sign, null));
        assertTrue(full.getString("qrUrl").contains("i=" + sign), full.encode());
        assertEquals(150_000, full.getJsonObject("ticket").getJsonObject("amounts").getLong("total"));
        HttpResponse<String> csv = call("GET", "/kkms/" + kkmId + "/receipts.csv?shift=1", null);
        assertEquals(1 + 3, csv.body().split("\r\n").length, csv.body());
        JsonObject reports = await().until(() -> ok(200, call("GET", "/kkms/" + kkmId + "/shifts/1/reports", null)),
            r -> r.getBoolean("closed"));
        assertEquals("Z", reports.getJsonArray("reports").getJsonObject(0).getString("kind"));
        assertEquals(List.of("CONTRACT_ACCESSION", "REGISTRATION"), ok(200, call("GET", "/documents", null))
            .getJsonArray("documents").stream().map(d -> ((JsonObject) d).getString("kind")).limit(2).toList(),
            "the signed contract and registration application are among the documents");
    }

    // ---- Tariffs and the account on the real engine (issue 9): the fake acquirer, the billing scheduler, the clock ----

    /** The price of MONTHS_1_WIRED, tiyn. */
    private static final long MONTH_WIRED = 250_000;

    /**
     * Tops the account up as the owner does in a browser: starts the top-up, follows its {@code redirectUrl} to the fake
     * acquirer's checkout page on the cabinet and presses Pay; then posts Pay again (a repeated callback).
     *
     * @return the top-up as started
     */
    private JsonObject payThroughTheFakeAcquirer(long amountTiyn, String key) throws Exception {
        JsonObject started = ok(201, call("POST", "/account/top-ups", new JsonObject().put("amountTiyn", amountTiyn)
            .put("idempotencyKey", key)));
        String checkout = started.getString("redirectUrl");
        assertTrue(checkout.startsWith("http://127.0.0.1:" + ofd.cabinetPort() + "/fake-acquirer/checkout/"), checkout);
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(checkout)).timeout(Duration.ofSeconds(20))
            .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, page.statusCode(), page.body());
        assertTrue(page.body().contains("Тестовый эквайер") && !page.body().contains("<input"), page.body());
        for (int i = 0; i < 2; i++) {
            HttpResponse<String> paid = http.send(HttpRequest.newBuilder(URI.create(checkout)).timeout(Duration.ofSeconds(20))
                .header("content-type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("outcome=paid")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, paid.statusCode(), paid.body());
            assertTrue(paid.body().contains("data-status=\"PAID\""), paid.body());
        }
        return started;
    }

    /** @return the server's time now (real time plus how far the test moved the clock) */
    private Instant serverNow() {
        return Instant.ofEpochMilli(System.currentTimeMillis() + clockAhead.get());
    }

    /** @return a sale dated at the server's time, as a register whose clock runs with it sends it */
    private Request saleNow(long tiyn) {
        Request sale = Requests.ticket(tiyn);
        return sale.toBuilder().setTicket(sale.getTicket().toBuilder().setDateTime(
            Requests.dateTime(java.time.LocalDateTime.ofInstant(serverNow(), Requests.KKM_ZONE)))).build();
    }

    private JsonObject onlySubscription() throws Exception {
        return ok(200, call("GET", "/subscriptions", null)).getJsonArray("subscriptions").getJsonObject(0);
    }

    @Test
    void shouldBlockAnExpiredSubscriptionOverTheKkmProtocolAndRenewItByATopUpThroughTheFakeAcquirer() throws Exception {
        signUp();
        Instant start = serverNow();
        payThroughTheFakeAcquirer(MONTH_WIRED, "month-0001");
        assertEquals(MONTH_WIRED, ok(200, call("GET", "/account", null)).getLong("balanceTiyn"), "credited once");
        long point = ok(201, call("POST", "/trade-points", new JsonObject().put("name", "Магазин 3")
            .put("region", "г. Астана").put("locality", "р-н Есильский").put("street", "пр. Мангилик Ел").put("building", "9")))
            .getLong("id");
        JsonObject application = new JsonObject().put("name", "Касса 3").put("model", "OFD-SIM-1")
            .put("serialNumber", "SIM-000301").put("year", 2025).put("tradePointId", point).put("tariff", "MONTHS_1_WIRED")
            .put("personalDataConsent", true);
        long kkmId = ok(202, signed("/kkms", application, "REGISTRATION")).getLong("id");
        JsonObject kkm = awaitStatus(kkmId, "REGISTERED");
        assertEquals("ACTIVE", onlySubscription().getString("status"), "the balance paid the first month");
        assertEquals(0, ok(200, call("GET", "/account", null)).getLong("balanceTiyn"));
        Register register = new Register(kkm.getLong("ofdId"), kkm.getLong("token"));
        assertEquals(0, register.send(saleNow(120_000)).getResult().getResultCode(), "a paid register sells");
        assertEquals(0, register.send(Requests.closeShift()).getResult().getResultCode(), "the day ends");

        // The month runs out with nothing on the account: the scheduler (every 200 ms, on the server's clock) expires
        // the subscription and the engine refuses the register with the readable reason.
        clockAhead.set(Duration.ofDays(35).toMillis());
        Response[] refused = new Response[1];
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> {
            refused[0] = register.send(saleNow(5_000));
            return refused[0].getResult().getResultCode() == ResultTypeEnum.RESULT_TYPE_BLOCKED_VALUE;
        });
        assertEquals(kz.ofd.cabinet.billing.Billing.EXPIRED_REASON, refused[0].getResult().getResultText(),
            refused[0].getResult().toString());
        client.session(ok(201, call("POST", "/sessions/password", new JsonObject().put("login", iin)
            .put("password", "Secret-Pass1"))).getString("token"));   // 35 days later the session has ended
        assertEquals("EXPIRED", onlySubscription().getString("status"));

        // A top-up through the acquirer's page pays a new month from now and lifts the block.
        payThroughTheFakeAcquirer(MONTH_WIRED, "month-0002");
        Response[] accepted = new Response[1];
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> {
            accepted[0] = register.send(saleNow(7_000));
            return accepted[0].getResult().getResultCode() == 0;
        });
        assertNotEquals(0, accepted[0].getTicket().getTicketNumber().length(), "a fiscal sign again");
        JsonObject renewed = onlySubscription();
        assertEquals("ACTIVE", renewed.getString("status"));
        assertTrue(Instant.parse(renewed.getString("periodFrom")).isAfter(start.plus(Duration.ofDays(34))),
            "the new month starts when it was paid, not back-dated: " + renewed.encode());

        // The statement: two top-ups and two monthly charges, nothing twice however many ticks ran meanwhile.
        String period = "?from=" + start.atZone(kz.ofd.cabinet.billing.Billing.ZONE).toLocalDate() + "&to="
            + serverNow().atZone(kz.ofd.cabinet.billing.Billing.ZONE).toLocalDate();
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() -> {
            JsonObject st = ok(200, call("GET", "/account/statement" + period, null));
            return st.getLong("creditsTiyn") == 2 * MONTH_WIRED && st.getLong("debitsTiyn") == 2 * MONTH_WIRED
                && st.getJsonArray("entries").size() == 4;
        });
        JsonObject statement = ok(200, call("GET", "/account/statement" + period, null));
        List<String> kinds = new ArrayList<>();
        statement.getJsonArray("entries").forEach(e -> kinds.add(((JsonObject) e).getString("kind")));
        assertEquals(List.of("TOP_UP", "CHARGE", "TOP_UP", "CHARGE"), kinds, statement.encode());
        assertEquals(0, statement.getLong("openingBalanceTiyn"));
        assertEquals(0, statement.getLong("closingBalanceTiyn"));
        assertEquals(0, ok(200, call("GET", "/account", null)).getLong("balanceTiyn"));
    }
}
