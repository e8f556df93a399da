package kz.ofd.engine.system;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import kz.ofd.engine.logic.KkmDetails;
import kz.ofd.engine.pipeline.AdminCommand;
import kz.ofd.engine.pipeline.AdminResult;
import kz.ofd.protocol.proto.OperationTypeEnum;
import kz.ofd.protocol.proto.Request;
import kz.ofd.protocol.proto.Response;
import kz.ofd.protocol.proto.TicketRequest;
import kz.ofd.protocol.testing.Requests;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The public receipt check over HTTP on a real server: a KKM sends tickets over the protocol, the test opens the QR
 * URL of the real answer (its host swapped for the check port, as a reverse proxy would) and checks the page, the
 * JSON variant, the one 404 for every wrong parameter, the 400 naming malformed ones, escaping of what the register
 * sent, and the per-client rate limit.
 */
final class ReceiptCheckSystemTest {

    static final String SCRIPT_ITEM = "<script>alert('xss')</script> Молоко «Лучшее» & Co";
    static final String ORG = "ТОО \"Ромашка\" <b>Юг</b>";
    static final long MILK_TIYN = 123_450;
    static final long VAT_TIYN = 13_227;
    static final long BREAD_TIYN = 50_000;
    static final long TOTAL_TIYN = MILK_TIYN + BREAD_TIYN;
    static final String OTHER_RNM = "010100465991";

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private EngineFixture engine;

    @AfterEach
    void stop() {
        if (engine != null) {
            engine.close();
        }
    }

    /** A server with the public check on an ephemeral loopback port and a QR base URL on another host. */
    static EngineFixture start(Path dir, Consumer<kz.ofd.engine.launcher.ServerConfiguration> more) throws Exception {
        return new EngineFixture(dir, c -> {
            c.checkPort(0).checkHost("127.0.0.1").checkUrl("https://check.ofd.test/t");
            more.accept(c);
        });
    }

    /** Registers KKM 501 with markup in its organization's name. */
    static EngineFixture.Kkm kkm(EngineFixture engine) throws IOException, InterruptedException {
        HttpResponse<String> r = engine.post("/api/kkms", new JsonObject().put("id", 501).put("token", 77_001)
            .put("rnm", EngineFixture.RNM).put("serial", "SWK00033444").put("model", "Webkassa")
            .put("bin", EngineFixture.BIN).put("org", ORG).put("address", "г. Алматы, ул. Абая 1")
            .put("point", "Касса у входа").encode());
        assertEquals(201, r.statusCode(), r.body());
        return engine.handle(501, 77_001);
    }

    /** A sale of a milk item whose name carries a script tag (with 12 % VAT) and bread, paid in cash. */
    static Request sale() {
        Request.Builder b = Requests.ticket(OperationTypeEnum.OPERATION_SELL, MILK_TIYN, BREAD_TIYN).toBuilder();
        TicketRequest.Item.Commodity.Builder milk = b.getTicketBuilder().getItemsBuilder(0).getCommodityBuilder();
        milk.setName(SCRIPT_ITEM).addTaxes(TicketRequest.Tax.newBuilder().setTaxType(100).setTaxationType(100)
            .setPercent(12_000).setSum(Requests.money(VAT_TIYN)).setIsInTotalSum(true));
        b.getTicketBuilder().getItemsBuilder(1).getCommodityBuilder().setName("Хлеб");
        return b.buildPartial();
    }

    /** The QR URL of an answer, pointed at the check port. */
    static String local(EngineFixture engine, Response answer) {
        URI qr = URI.create(answer.getTicket().getQrCode().toStringUtf8());
        return "http://127.0.0.1:" + engine.server().checkPort() + qr.getRawPath() + "?" + qr.getRawQuery();
    }

    HttpResponse<String> get(String url, String accept) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET();
        if (accept != null) {
            b.header("accept", accept);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Opens a URL until the index has the ticket (it may lag the answer by a batch). */
    HttpResponse<String> awaitFound(String url) {
        List<HttpResponse<String>> last = new ArrayList<>();
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            HttpResponse<String> r = get(url, null);
            last.add(0, r);
            return r.statusCode() == 200;
        });
        return last.get(0);
    }

    @Test
    void shouldShowTheReceiptOfARealQrCodeWithEveryFieldAndEscapeWhatTheRegisterSent() throws Exception {
        engine = start(dir, c -> { });
        EngineFixture.Kkm kkm = kkm(engine);
        Response answer = kkm.ok(sale());
        String qr = answer.getTicket().getQrCode().toStringUtf8();
        String sign = answer.getTicket().getTicketNumber();
        assertTrue(qr.startsWith("https://check.ofd.test/t?i=" + sign + "&f=" + EngineFixture.RNM + "&s=1734.50&t="), qr);

        HttpResponse<String> page = awaitFound(local(engine, answer));

        assertEquals("text/html; charset=utf-8", page.headers().firstValue("content-type").orElseThrow());
        assertTrue(page.headers().firstValue("content-security-policy").orElseThrow().contains("default-src 'none'"));
        String html = page.body();
        for (String expected : List.of("ТОО &quot;Ромашка&quot; &lt;b&gt;Юг&lt;/b&gt;", EngineFixture.BIN,
            "г. Алматы, ул. Абая 1", "Касса у входа", EngineFixture.RNM, "SWK00033444", "Продажа",
            "&lt;script&gt;alert(&#39;xss&#39;)&lt;/script&gt; Молоко «Лучшее» &amp; Co", "Хлеб", "1234.50", "500.00",
            "НДС 12%", "132.27", "Оплата: наличные", "1734.50", "<span id=\"fiscal-sign\">" + sign + "</span>", "OFD Engine",
            Requests.OPERATOR_NAME)) {
            assertTrue(html.contains(expected), () -> "missing " + expected + " in " + html);
        }
        assertFalse(html.contains("<script"), "a register's text must never become markup");
        assertFalse(html.contains("<b>"), "a registration's text must never become markup");
        assertFalse(html.contains("id=\"offline\""), "an online ticket has no offline mark");
        // The receipt's time shown is the ticket's own.
        String t = qr.substring(qr.indexOf("&t=") + 3);
        LocalDateTime time = LocalDateTime.parse(t, DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss"));
        assertTrue(html.contains(DateTimeFormatter.ofPattern("dd.MM.yyyy HH:mm:ss").format(time)), html);
    }

    @Test
    void shouldAnswerTheSameNotFoundPageForAWrongSignAndForEachMismatchedParameter() throws Exception {
        engine = start(dir, c -> { });
        EngineFixture.Kkm kkm = kkm(engine);
        Response first = kkm.ok(sale());
        Response other = kkm.ok(Requests.ticket(99_900));
        String url = local(engine, first);
        awaitFound(url);
        awaitFound(local(engine, other));
        String sign = first.getTicket().getTicketNumber();
        String t = url.substring(url.indexOf("&t=") + 3);
        LocalDateTime time = LocalDateTime.parse(t, DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss"));
        String base = url.substring(0, url.indexOf('?'));

        HttpResponse<String> unknownSign = get(base + "?i=9" + sign + "&f=" + EngineFixture.RNM + "&s=1734.50&t=" + t, null);
        List<String> mismatches = List.of(
            "?i=" + other.getTicket().getTicketNumber() + "&f=" + EngineFixture.RNM + "&s=1734.50&t=" + t,
            "?i=" + sign + "&f=" + OTHER_RNM + "&s=1734.50&t=" + t,
            "?i=" + sign + "&f=" + EngineFixture.RNM + "&s=1734.51&t=" + t,
            "?i=" + sign + "&f=" + EngineFixture.RNM + "&s=1734&t=" + t,
            "?i=" + sign + "&f=" + EngineFixture.RNM + "&s=1734.50&t="
                + DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss").format(time.plusSeconds(1)));

        assertEquals(404, unknownSign.statusCode());
        assertTrue(unknownSign.body().contains("Чек не найден или данные не совпадают"), unknownSign.body());
        for (String query : mismatches) {
            HttpResponse<String> r = get(base + query, null);
            assertEquals(404, r.statusCode(), query);
            assertEquals(unknownSign.body(), r.body(), () -> "a mismatch must look like an unknown sign: " + query);
            assertFalse(r.body().contains(EngineFixture.BIN), query);
        }
        // The same total written with one decimal or none is the same total.
        assertEquals(200, get(base + "?i=" + sign + "&f=" + EngineFixture.RNM + "&s=1734.5&t=" + t, null).statusCode());
        String otherUrl = local(engine, other);
        assertTrue(otherUrl.contains("&s=999.00&"), otherUrl);
        assertEquals(200, get(otherUrl.replace("&s=999.00&", "&s=999&"), null).statusCode());
    }

    @Test
    void shouldNameEveryMalformedParameterWithA400AndShowNoData() throws Exception {
        engine = start(dir, c -> { });
        EngineFixture.Kkm kkm = kkm(engine);
        Response answer = kkm.ok(sale());
        String url = local(engine, answer);
        awaitFound(url);
        String base = url.substring(0, url.indexOf('?'));
        String sign = answer.getTicket().getTicketNumber();
        String t = url.substring(url.indexOf("&t=") + 3);

        HttpResponse<String> none = get(base, null);
        assertEquals(400, none.statusCode());
        for (String p : List.of("i", "f", "s", "t")) {
            assertTrue(none.body().contains("id=\"param-" + p + "\""), () -> p + " missing from " + none.body());
        }
        List<String[]> cases = List.of(
            new String[] {"i", "?i=12ab&f=" + EngineFixture.RNM + "&s=1734.50&t=" + t},
            new String[] {"f", "?i=" + sign + "&f=62030014446&s=1734.50&t=" + t},
            new String[] {"s", "?i=" + sign + "&f=" + EngineFixture.RNM + "&s=1734.505&t=" + t},
            new String[] {"s", "?i=" + sign + "&f=" + EngineFixture.RNM + "&s=-1734.50&t=" + t},
            new String[] {"t", "?i=" + sign + "&f=" + EngineFixture.RNM + "&s=1734.50&t=20261301T120000"},
            new String[] {"t", "?i=" + sign + "&f=" + EngineFixture.RNM + "&s=1734.50&t=2026-11-23T12:00:00"});
        for (String[] c : cases) {
            HttpResponse<String> r = get(base + c[1], null);
            assertEquals(400, r.statusCode(), c[1]);
            assertTrue(r.body().contains("id=\"param-" + c[0] + "\""), () -> c[0] + " not named for " + c[1]);
            assertEquals(1, r.body().split("id=\"param-").length - 1, () -> "only " + c[0] + " is wrong in " + c[1]);
            assertFalse(r.body().contains(EngineFixture.BIN), c[1]);
        }

        HttpResponse<String> json = get(base + cases.get(2)[1], "application/json");
        assertEquals(400, json.statusCode());
        assertEquals("application/problem+json", json.headers().firstValue("content-type").orElseThrow());
        JsonObject problem = new JsonObject(json.body());
        assertEquals("https://ofd.kz/problems/invalid-receipt-parameters", problem.getString("type"));
        assertEquals("s", problem.getJsonArray("errors").getJsonObject(0).getString("parameter"));
    }

    @Test
    void shouldServeTheReceiptAsJsonForAppsAndProblemJsonForErrors() throws Exception {
        engine = start(dir, c -> { });
        EngineFixture.Kkm kkm = kkm(engine);
        Response answer = kkm.ok(sale());
        String url = local(engine, answer);
        awaitFound(url);
        String sign = answer.getTicket().getTicketNumber();

        HttpResponse<String> byAccept = get(url, "application/json");
        HttpResponse<String> byPath = get(url.replace("/t?", "/t.json?"), null);

        assertEquals(200, byAccept.statusCode(), byAccept.body());
        assertEquals(200, byPath.statusCode(), byPath.body());
        assertEquals(byAccept.body(), byPath.body());
        assertTrue(byAccept.headers().firstValue("content-type").orElseThrow().startsWith("application/json"));
        JsonObject r = new JsonObject(byAccept.body());
        assertEquals(sign, r.getString("fiscalSign"));
        assertEquals(ORG, r.getJsonObject("seller").getString("name"), "JSON carries the text as sent, unescaped");
        assertEquals(EngineFixture.BIN, r.getJsonObject("seller").getString("bin"));
        assertEquals(EngineFixture.RNM, r.getJsonObject("kkm").getString("rnm"));
        assertEquals("SWK00033444", r.getJsonObject("kkm").getString("serialNumber"));
        assertEquals("SELL", r.getString("operation"));
        assertEquals(TOTAL_TIYN, r.getLong("totalTiyn"));
        assertEquals("1734.50", r.getString("total"));
        assertFalse(r.getBoolean("offline"));
        JsonArray items = r.getJsonArray("items");
        assertEquals(2, items.size());
        assertEquals(SCRIPT_ITEM, items.getJsonObject(0).getString("name"));
        assertEquals(1000, items.getJsonObject(0).getLong("quantityThousandths"));
        assertEquals(MILK_TIYN, items.getJsonObject(0).getLong("sumTiyn"));
        JsonObject vat = r.getJsonArray("taxes").getJsonObject(0);
        assertEquals(12_000, vat.getLong("percentThousandths"));
        assertEquals(VAT_TIYN, vat.getLong("sumTiyn"));
        JsonObject cash = r.getJsonArray("payments").getJsonObject(0);
        assertEquals("CASH", cash.getString("type"));
        assertEquals(TOTAL_TIYN, cash.getLong("sumTiyn"));
        assertEquals("OFD Engine", r.getJsonObject("ofd").getString("name"));

        HttpResponse<String> missing = get(url.replace("&s=1734.50&", "&s=1734.49&"), "application/json");
        assertEquals(404, missing.statusCode());
        assertEquals("application/problem+json", missing.headers().firstValue("content-type").orElseThrow());
        assertEquals("https://ofd.kz/problems/receipt-not-found", new JsonObject(missing.body()).getString("type"));
    }

    @Test
    void shouldLimitEachClientAddressWithA429AndRetryAfter() throws Exception {
        engine = start(dir, c -> c.checkBurst(3).checkRatePerMinute(1));
        EngineFixture.Kkm kkm = kkm(engine);
        Response answer = kkm.ok(sale());
        String url = local(engine, answer);

        for (int i = 0; i < 3; i++) {
            int status = get(url, null).statusCode();
            assertTrue(status == 200 || status == 404, "within the burst: " + status);
        }
        HttpResponse<String> refused = get(url, null);
        HttpResponse<String> refusedJson = get(url, "application/json");

        assertEquals(429, refused.statusCode());
        long retryAfter = Long.parseLong(refused.headers().firstValue("retry-after").orElseThrow());
        assertTrue(retryAfter >= 1 && retryAfter <= 60, "one token a minute: " + retryAfter);
        assertTrue(refused.body().contains("Слишком много запросов"));
        assertEquals(429, refusedJson.statusCode());
        assertEquals("https://ofd.kz/problems/too-many-requests", new JsonObject(refusedJson.body()).getString("type"));
    }

    @Test
    void shouldCountEveryCheckRequestByOutcomeAndTimeItOnTheMetricsPage() throws Exception {
        engine = start(dir, c -> c.checkBurst(4).checkRatePerMinute(1));
        EngineFixture.Kkm kkm = kkm(engine);
        Response answer = kkm.ok(sale());
        String sign = answer.getTicket().getTicketNumber();
        // Wait on the management port, not the check page, so that only the requests below are counted.
        await().atMost(Duration.ofSeconds(20)).until(() -> engine.get("/api/documents/" + sign).statusCode() == 200);
        String url = local(engine, answer);
        String base = url.substring(0, url.indexOf('?'));
        assertEquals(0.0, checkRequests("found"));

        assertEquals(200, get(url, null).statusCode());
        assertEquals(404, get(url.replace("&s=1734.50&", "&s=1734.49&"), null).statusCode());
        assertEquals(400, get(base + "?i=12ab", null).statusCode());
        assertEquals(404, get(base + "?i=9" + url.substring(url.indexOf("?i=") + 3), "application/json").statusCode());
        assertEquals(429, get(url, null).statusCode(), "the burst of four is spent");
        assertEquals(404, get(base.replace("/t", "/elsewhere"), null).statusCode(), "not a check: not counted");

        assertEquals(1.0, checkRequests("found"));
        assertEquals(2.0, checkRequests("not_found"));
        assertEquals(1.0, checkRequests("invalid"));
        assertEquals(1.0, checkRequests("rate_limited"));
        assertEquals(0.0, checkRequests("busy"));
        assertEquals(0.0, checkRequests("error"));
        assertEquals(5.0, metric("ofd_check_latency_seconds_count "), "every check is timed");
    }

    /** @return {@code ofd_check_requests_total} of one outcome, from the management port's /metrics */
    private double checkRequests(String outcome) throws IOException, InterruptedException {
        return metric("ofd_check_requests_total{outcome=\"" + outcome + "\"");
    }

    /** @return the value of the first /metrics sample whose line starts with {@code prefix} (name and labels) */
    private double metric(String prefix) throws IOException, InterruptedException {
        return engine.get("/metrics").body().lines().filter(l -> l.startsWith(prefix))
            .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).findFirst()
            .orElseThrow(() -> new AssertionError("no " + prefix + " on /metrics"));
    }

    @Test
    void shouldShowTheTradePointTheKkmIsRegisteredAtNowAfterAReRegistration() throws Exception {
        engine = start(dir, c -> { });
        EngineFixture.Kkm kkm = kkm(engine);
        Response answer = kkm.ok(sale());
        String url = local(engine, answer);
        assertTrue(awaitFound(url).body().contains("г. Алматы, ул. Абая 1"));

        AdminResult moved = engine.server().pipeline().publishAdmin(new AdminCommand.UpdateRegistration(501,
            new KkmDetails("SWK00033444", "Webkassa", EngineFixture.BIN, ORG, "г. Астана, пр. Мангилик Ел 1", "Касса 2")))
            .get(10, TimeUnit.SECONDS);

        assertEquals(AdminResult.DONE, moved);
        String html = get(url, null).body();
        assertTrue(html.contains("г. Астана, пр. Мангилик Ел 1") && html.contains("Касса 2"), html);
        assertFalse(html.contains("ул. Абая"), html);
    }
}
