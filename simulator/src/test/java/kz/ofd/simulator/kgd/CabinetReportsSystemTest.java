package kz.ofd.simulator.kgd;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import kz.ofd.cabinet.TestIds;
import kz.ofd.cabinet.registry.proto.KkmRecord;
import kz.ofd.cabinet.signature.TestPki;
import kz.ofd.engine.launcher.OfdServer;
import kz.ofd.engine.launcher.ServerConfiguration;
import kz.ofd.protocol.proto.Money;
import kz.ofd.protocol.proto.ReportTypeEnum;
import kz.ofd.protocol.proto.Request;
import kz.ofd.protocol.proto.Response;
import kz.ofd.protocol.proto.ZXReport;
import kz.ofd.protocol.testing.RawKkmConnection;
import kz.ofd.protocol.testing.Requests;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * «Отчёты» end to end on a real OFD server hosting the cabinet: a register sells over the KKM protocol, asks for an X
 * report, sells again, asks for a second X report and closes the shift with its own Z (which disagrees with the
 * server's about the cash); the owner then sees, over the cabinet's HTTP API, the shift's two X reports as they were
 * answered and the Z next to the register's Z with the difference, the shift as a PDF, the same reports in the list
 * by dates and by shifts with their totals, and the list as CSV. The KKM is put into the cabinet's registry directly
 * and registered in the engine through the management port, so this test depends on the reports path only, not on
 * the KGD application flow ({@code CabinetKkmSystemTest} covers that).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
final class CabinetReportsSystemTest {

    private static final long OFD_ID = 920_001;
    private static final long TOKEN = 5_550_001;

    @TempDir
    Path dir;

    private final Instant now = Instant.now();
    private final TestPki.Holder ca = TestPki.ca(TestPki.Alg.RSA, "TEST NCA RSA", now);
    private final String iin = TestIds.iin(42);
    private final String bin = TestIds.bin(42);
    private KgdSimulator kgd;
    private OfdServer ofd;
    private CabinetClient client;
    private long token = TOKEN;
    private int requestNumber;

    @BeforeEach
    void start() throws Exception {
        kgd = new KgdSimulator(null, 12);
        int kgdPort = kgd.start("127.0.0.1", 0);
        Path caFile = dir.resolve("ca.cer");
        Path crlFile = dir.resolve("ca.crl");
        Files.write(caFile, ca.certificate().getEncoded());
        Files.write(crlFile, TestPki.crl(ca, now, List.of()).getEncoded());
        ofd = OfdServer.start(new ServerConfiguration().dataDir(dir.resolve("data")).kkmHost("127.0.0.1").kkmPort(0)
            .httpPort(0).snapshotIntervalSeconds(0).kgdUrl("http://127.0.0.1:" + kgdPort + KgdSimulator.DOCUMENTS_PATH)
            .cabinetPort(0).cabinetCaCerts(caFile.toString()).cabinetCrls(crlFile.toString()).conclude());
        client = new CabinetClient("http://127.0.0.1:" + ofd.cabinetPort() + "/api/v1");
    }

    @AfterEach
    void stop() {
        if (ofd != null) {
            ofd.close();
        }
        kgd.close();
    }

    private HttpResponse<String> call(String method, String uri, JsonObject body) throws Exception {
        return client.call(method, uri, body);
    }

    private static JsonObject ok(int status, HttpResponse<String> r) {
        return CabinetClient.ok(status, r);
    }

    private JsonObject get(String path) throws Exception {
        return client.get(path);
    }

    /** Signs up an organization with its AUTH certificate and signs its contract; the session is the owner's. */
    private void signUp() throws Exception {
        client.signUp(cert(TestPki.Usage.AUTH), cert(TestPki.Usage.SIGN), "+7 708 150-28-11", "г. Астана, ул. Алматы 2");
    }

    private TestPki.Holder cert(TestPki.Usage usage) {
        return TestPki.user(ca, TestPki.Alg.RSA, usage, iin, bin, now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(30)));
    }

    private Response send(Request request) throws Exception {
        requestNumber++;
        try (RawKkmConnection c = RawKkmConnection.connect("127.0.0.1", ofd.kkmPort())) {
            Response r = c.call(OFD_ID, token, requestNumber, request);
            assertEquals(0, r.getResult().getResultCode(), r.getResult().toString());
            token = c.lastFrame().header().token();
            return r;
        }
    }

    private static long tiyn(Money m) {
        return m.getBills() * 100 + m.getCoins();
    }

    @Test
    void shouldShowTheShiftsXReportsAndItsZByShiftAndByDate() throws Exception {
        signUp();
        long point = ok(201, call("POST", "/trade-points", new JsonObject().put("name", "Магазин 1")
            .put("region", "г. Астана").put("locality", "р-н Есильский").put("street", "пр. Мангилик Ел").put("building", "3")))
            .getLong("id");
        long organization = get("/me").getJsonObject("organization").getLong("id");
        long kkmId = ofd.cabinetRegistry().kkms().create(KkmRecord.newBuilder().setOrganizationId(organization)
            .setTradePointId(point).setModelCode("OFD-SIM-1").setSerialNumber("SIM-000201").setStatus("REGISTERED")
            .setOfdId(OFD_ID).build()).getId();
        HttpResponse<String> registered = call("POST", "http://127.0.0.1:" + ofd.httpPort() + "/api/kkms", new JsonObject()
            .put("id", OFD_ID).put("token", TOKEN).put("rnm", "620300144468").put("serial", "SIM-000201")
            .put("model", "OFD-SIM-1").put("bin", bin).put("org", "ТОО Тест").put("address", "г. Астана")
            .put("point", "Магазин 1"));
        assertEquals(201, registered.statusCode(), registered.body());

        send(Requests.moneyPlacement(true, 10_000));
        send(Requests.ticket(150_000));
        ZXReport x1 = send(Requests.report(ReportTypeEnum.REPORT_X)).getReport().getZxReport();
        send(Requests.ticket(25_000));
        ZXReport x2 = send(Requests.report(ReportTypeEnum.REPORT_X)).getReport().getZxReport();
        Request.Builder close = Requests.closeShift().toBuilder();
        close.getCloseShiftBuilder().setZReport(x2.toBuilder().setCashSum(Money.newBuilder().setBills(1).setCoins(0)));
        ZXReport z = send(close.build()).getReport().getZxReport();
        assertEquals(10_000 + 150_000 + 25_000, tiyn(z.getCashSum()));

        // The shift in full: two X reports as answered, then the Z next to the register's.
        JsonObject shift = await().atMost(Duration.ofSeconds(20)).until(() -> get("/kkms/" + kkmId + "/shifts/1/reports"),
            r -> r.getBoolean("closed"));
        JsonArray reports = shift.getJsonArray("reports");
        assertEquals(List.of("X", "X", "Z"), reports.stream().map(r -> ((JsonObject) r).getString("kind")).toList(),
            shift.encode());
        assertEquals(tiyn(x1.getCashSum()), reports.getJsonObject(0).getJsonObject("report").getLong("cashSum"));
        assertEquals(10_000 + 150_000, reports.getJsonObject(0).getJsonObject("report").getLong("cashSum"));
        assertNull(reports.getJsonObject(0).getJsonObject("registerReport"));
        JsonObject zView = reports.getJsonObject(2);
        assertEquals(false, zView.getBoolean("matches"));
        assertEquals(100, zView.getJsonObject("registerReport").getLong("cashSum"));
        assertTrue(zView.getJsonArray("differences").getString(0).startsWith("cash_sum"), zView.encode());

        // The same shift as a printable PDF, written from the engine's own report JSON.
        HttpResponse<byte[]> pdf = client.download("/kkms/" + kkmId + "/shifts/1/reports.pdf");
        assertEquals(200, pdf.statusCode());
        assertEquals("application/pdf", pdf.headers().firstValue("content-type").orElse(""));
        String text;
        try (PDDocument doc = Loader.loadPDF(pdf.body())) {
            text = new PDFTextStripper().getText(doc).replace("\r\n", "\n");
        }
        assertEquals(2, text.split("X-отчёт\n", -1).length - 1, text);
        String zText = text.substring(text.indexOf("Z-отчёт\n"));
        for (String line : List.of("Заводской номер (ЗНМ): SIM-000201", "Смена: 1", "Выручка 1 750,00 ₸",
            "Наличные в кассе 1 850,00 ₸", "Продажа, чеков: 2 1 750,00 ₸", "Внесения, операций: 1 100,00 ₸",
            "Расхождения с Z-отчётом кассы", "Наличные в кассе: ОФД 1 850,00 ₸, касса 1,00 ₸")) {
            assertTrue(zText.contains(line + "\n"), line + " in the Z: " + zText);
        }
        assertTrue(text.contains("Наличные в кассе 1 600,00 ₸\n"), "the first X's cash: " + text);
        assertTrue(!text.contains("?"), "every character in the font: " + text);

        // The list by dates (Kazakhstan time) and by shifts, with the key totals and the link to the shift.
        LocalDate today = LocalDate.now(ZoneOffset.ofHours(5));
        JsonObject byDate = get("/kkms/" + kkmId + "/reports?from=" + today.minusDays(1) + "&to=" + today.plusDays(1));
        JsonArray lines = byDate.getJsonArray("reports");
        assertEquals(List.of("X", "X", "Z"), lines.stream().map(r -> ((JsonObject) r).getString("kind")).toList(),
            byDate.encode());
        JsonObject first = lines.getJsonObject(0);
        assertEquals(1, first.getLong("shift"));
        assertEquals(1, first.getJsonObject("sells").getLong("count"));
        assertEquals(150_000, first.getJsonObject("sells").getLong("sum"));
        assertEquals(10_000 + 150_000, first.getLong("cash"));
        assertEquals("/api/v1/kkms/" + kkmId + "/shifts/1/reports", first.getString("href"));
        JsonObject zLine = lines.getJsonObject(2);
        assertEquals(2, zLine.getJsonObject("sells").getLong("count"));
        assertEquals(175_000, zLine.getJsonObject("sells").getLong("sum"));
        assertEquals(175_000, zLine.getLong("revenue"));
        assertEquals(false, zLine.getBoolean("matches"));
        assertTrue(Instant.parse(first.getString("receivedAt")).compareTo(Instant.parse(zLine.getString("receivedAt"))) <= 0);
        JsonObject page = get("/kkms/" + kkmId + "/reports?fromShift=1&toShift=1&limit=2");
        assertEquals(2, page.getJsonArray("reports").size());
        JsonObject rest = get("/kkms/" + kkmId + "/reports?fromShift=1&toShift=1&limit=2&cursor=" + page.getString("nextCursor"));
        assertEquals("Z", rest.getJsonArray("reports").getJsonObject(0).getString("kind"));
        assertEquals(0, get("/kkms/" + kkmId + "/reports?fromShift=2").getJsonArray("reports").size(), "shift 2 has none");
        HttpResponse<String> csv = call("GET", "/kkms/" + kkmId + "/reports.csv?fromShift=1", null);
        assertEquals(200, csv.statusCode(), csv.body());
        assertEquals(1 + 3, csv.body().split("\r\n").length, csv.body());
    }
}
