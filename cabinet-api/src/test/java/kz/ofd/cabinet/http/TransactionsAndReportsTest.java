package kz.ofd.cabinet.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import kz.ofd.cabinet.registry.proto.KkmRecord;
import kz.ofd.cabinet.spi.FiscalDocuments;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * «Транзакции» and «Отчёты» over HTTP against made-up documents ({@link SyntheticDocuments}): paging, shift and date
 * filters, the page and period limits as problems, a receipt in full, CSV and XLSX downloads read back, the offline
 * mark, reports with the register's Z next to the server's, module and trade-point permissions, and an export that
 * waits for a slow client instead of gathering the file in memory. The engine's side (index scans, journal reads) is
 * tested with a real engine in the engine module.
 */
class TransactionsAndReportsTest {

    private static final long OFD = 777;
    private static final long BIG = 778;

    @TempDir
    Path dir;
    private CabinetFixture cabinet;
    private String owner;
    private long p1;
    private long p2;
    private long kkm;
    private long bigKkm;

    @BeforeEach
    void setUp() throws Exception {
        cabinet = new CabinetFixture(dir);
        owner = cabinet.signUpOrganization().json().getString("token");
        p1 = cabinet.post("/api/v1/trade-points", owner, OrganizationAndTradePointTest.point("Первая")).json().getLong("id");
        p2 = cabinet.post("/api/v1/trade-points", owner, OrganizationAndTradePointTest.point("Вторая")).json().getLong("id");
        long org = cabinet.get("/api/v1/me", owner).json().getJsonObject("organization").getLong("id");
        kkm = cabinet.registry.kkms().create(KkmRecord.newBuilder().setOrganizationId(org).setTradePointId(p1)
            .setModelCode("M").setSerialNumber("S-1").setStatus("REGISTERED").setOfdId(OFD).build()).getId();
        bigKkm = cabinet.registry.kkms().create(KkmRecord.newBuilder().setOrganizationId(org).setTradePointId(p2)
            .setModelCode("M").setSerialNumber("S-2").setStatus("REGISTERED").setOfdId(BIG).build()).getId();
        cabinet.documents.kkm(OFD, 3, 100);
    }

    @AfterEach
    void tearDown() {
        cabinet.close();
    }

    private String receipts(long id) {
        return "/api/v1/kkms/" + id + "/receipts";
    }

    @Test
    void shouldPageThroughAShiftWithACursor() throws Exception {
        Set<String> signs = new HashSet<>();
        String cursor = null;
        int pages = 0;
        do {
            String query = "?shift=2&limit=30" + (cursor == null ? "" : "&cursor=" + cursor);
            CabinetFixture.Answer a = cabinet.get(receipts(kkm) + query, owner);
            assertEquals(200, a.status(), a.raw().body());
            JsonArray page = a.json().getJsonArray("receipts");
            for (int i = 0; i < page.size(); i++) {
                JsonObject r = page.getJsonObject(i);
                assertEquals(2, r.getLong("shift"));
                assertTrue(signs.add(r.getString("fiscalSign")), "no receipt twice: " + r);
            }
            cursor = a.json().getString("nextCursor");
            pages++;
            assertTrue(pages <= 5, "the cursor ends");
        } while (cursor != null);
        assertEquals(100, signs.size());
        assertEquals(4, pages);
        JsonObject tenth = cabinet.get(receipts(kkm) + "?shift=1&limit=10", owner).json().getJsonArray("receipts")
            .getJsonObject(9);
        assertEquals("A", tenth.getString("mark"), "every tenth is offline: " + tenth);
        assertTrue(tenth.getBoolean("offline"));
        assertEquals(10_009, tenth.getLong("total"));
        assertEquals("CASH", tenth.getJsonArray("payments").getJsonObject(0).getString("type"));
        assertNull(cabinet.get(receipts(kkm) + "?shift=1&limit=1", owner).json().getJsonArray("receipts")
            .getJsonObject(0).getString("mark"));
    }

    @Test
    void shouldFilterByDatesInKazakhstanTime() throws Exception {
        // One receipt a minute from 22:00 (+05): 120 on 1 March, the other 180 on 2 March.
        CabinetFixture.Answer first = cabinet.get(receipts(kkm) + "?from=2026-03-01&to=2026-03-01&limit=500", owner);
        assertEquals(120, first.json().getJsonArray("receipts").size(), first.raw().body());
        assertNull(first.json().getString("nextCursor"));
        CabinetFixture.Answer second = cabinet.get(receipts(kkm) + "?from=2026-03-02&to=2026-03-31&limit=500", owner);
        assertEquals(180, second.json().getJsonArray("receipts").size());
        CabinetFixture.Answer both = cabinet.get(receipts(kkm) + "?shift=2&from=2026-03-02&to=2026-03-02&limit=500", owner);
        assertEquals(80, both.json().getJsonArray("receipts").size(), "shift 2 after midnight");
    }

    @Test
    void shouldAnswerLimitsAndBadFiltersWithProblems() throws Exception {
        CabinetFixture.Answer page = cabinet.get(receipts(kkm) + "?shift=1&limit=501", owner);
        assertEquals(400, page.status());
        assertEquals("page-too-large", page.type());
        CabinetFixture.Answer period = cabinet.get(receipts(kkm) + "?from=2026-01-01&to=2026-02-01", owner);
        assertEquals(400, period.status());
        assertEquals("period-too-long", period.type());
        assertEquals(200, download("/api/v1/kkms/" + kkm + "/receipts.csv?from=2025-03-02&to=2026-03-02", owner)
            .statusCode(), "a download may cover a year and a day");
        CabinetFixture.Answer year = cabinet.get("/api/v1/kkms/" + kkm + "/receipts.csv?from=2025-03-01&to=2026-03-02",
            owner);
        assertEquals(400, year.status());
        assertEquals("period-too-long", year.type(), "but not more");
        CabinetFixture.Answer none = cabinet.get(receipts(kkm), owner);
        assertEquals(400, none.status());
        assertTrue(none.errorCodes().contains("from:required"), none.errorCodes().toString());
        assertEquals(List.of("shift:type", "to:date-format"),
            cabinet.get(receipts(kkm) + "?shift=x&from=2026-03-01&to=1.3.2026", owner).errorCodes());
        assertEquals(List.of("cursor:type"), cabinet.get(receipts(kkm) + "?shift=1&cursor=zz", owner).errorCodes());
        assertEquals(List.of("to:before-from"),
            cabinet.get(receipts(kkm) + "?from=2026-03-02&to=2026-03-01", owner).errorCodes());
    }

    @Test
    void shouldShowOneReceiptInFull() throws Exception {
        long sign = SyntheticDocuments.sign(3, 5);
        CabinetFixture.Answer a = cabinet.get(receipts(kkm) + "/" + sign, owner);
        assertEquals(200, a.status(), a.raw().body());
        assertEquals(Long.toString(sign), a.json().getString("fiscalSign"));
        assertEquals("https://check.ofd.kz/t?i=" + sign, a.json().getString("qrUrl"));
        assertEquals("Хлеб", a.json().getJsonObject("ticket").getJsonArray("items").getJsonObject(0)
            .getJsonObject("commodity").getString("name"));
        assertEquals("receipt-not-found", cabinet.get(receipts(kkm) + "/" + SyntheticDocuments.sign(4, 1), owner).type());
        assertEquals("receipt-not-found", cabinet.get(receipts(bigKkm) + "/" + sign, owner).type(),
            "another KKM's receipt is not found through this KKM");
        assertEquals("receipt-not-found", cabinet.get(receipts(kkm) + "/abc", owner).type());
    }

    @Test
    void shouldDownloadCsv() throws Exception {
        HttpResponse<byte[]> r = download("/api/v1/kkms/" + kkm + "/receipts.csv?shift=1", owner);
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("content-disposition").orElse("").contains("attachment"));
        String csv = new String(r.body(), StandardCharsets.UTF_8);
        assertTrue(csv.startsWith("\uFEFFФискальный признак,"), csv.substring(0, 40));
        String[] lines = csv.split("\r\n");
        assertEquals(101, lines.length);
        assertEquals(List.of(Long.toString(SyntheticDocuments.sign(1, 9)), "2026-03-01T22:00:00", "2026-03-01T17:09:00Z",
            "1", "SELL", "A", "100.09", "CASH 99.09; CARD 1.00"), List.of(lines[10].split(",")));
    }

    @Test
    void shouldDownloadXlsxThatReadsBack() throws Exception {
        HttpResponse<byte[]> r = download("/api/v1/kkms/" + kkm + "/receipts.xlsx?shift=3", owner);
        assertEquals(200, r.statusCode());
        Map<String, String> parts = new HashMap<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(r.body()), StandardCharsets.UTF_8)) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                parts.put(e.getName(), new String(zip.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        assertEquals(Set.of("[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels",
            "xl/worksheets/sheet1.xml"), parts.keySet());
        String sheet = parts.get("xl/worksheets/sheet1.xml");
        List<List<String>> rows = rows(sheet);
        assertEquals(101, rows.size());
        assertEquals("Фискальный признак", rows.get(0).get(0));
        assertEquals(List.of(Long.toString(SyntheticDocuments.sign(3, 9)), "2026-03-01T22:00:00", "2026-03-01T20:29:00Z",
            "3", "SELL", "A", "100.09", "CASH 99.09; CARD 1.00"), rows.get(10));
        assertTrue(sheet.contains("<c><v>100.09</v></c>"), "the sum is a number");
    }

    /** The cells of each {@code <row>}, inline strings and numbers alike. */
    private static List<List<String>> rows(String sheet) {
        List<List<String>> rows = new java.util.ArrayList<>();
        Matcher row = Pattern.compile("<row>(.*?)</row>").matcher(sheet);
        Pattern cell = Pattern.compile("<c[^>]*>(?:<is><t>(.*?)</t></is>|<v>(.*?)</v>)</c>");
        while (row.find()) {
            List<String> cells = new java.util.ArrayList<>();
            Matcher c = cell.matcher(row.group(1));
            while (c.find()) {
                cells.add(c.group(1) != null ? c.group(1) : c.group(2));
            }
            rows.add(cells);
        }
        return rows;
    }

    private HttpResponse<byte[]> download(String path, String token) throws Exception {
        return cabinet.http.send(HttpRequest.newBuilder(URI.create(cabinet.base + path)).timeout(Duration.ofSeconds(30))
            .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void shouldShowReportsWithTheRegistersZ() throws Exception {
        cabinet.documents.reports.put(OFD * 1_000_000 + 2, List.of(
            new FiscalDocuments.Report("X", 2, 1_000, new JsonObject().put("revenue", 5), null, List.of()),
            new FiscalDocuments.Report("Z", 2, 2_000, new JsonObject().put("revenue", 7),
                new JsonObject().put("revenue", 8), List.of("revenue: server 0.07, register 0.08"))));
        CabinetFixture.Answer a = cabinet.get("/api/v1/kkms/" + kkm + "/shifts/2/reports", owner);
        assertEquals(200, a.status(), a.raw().body());
        assertTrue(a.json().getBoolean("closed"));
        JsonArray reports = a.json().getJsonArray("reports");
        assertEquals("X", reports.getJsonObject(0).getString("kind"));
        JsonObject z = reports.getJsonObject(1);
        assertEquals(false, z.getBoolean("matches"));
        assertEquals(8, z.getJsonObject("registerReport").getInteger("revenue"));
        assertEquals("revenue: server 0.07, register 0.08", z.getJsonArray("differences").getString(0));
        CabinetFixture.Answer open = cabinet.get("/api/v1/kkms/" + kkm + "/shifts/3/reports?download=true", owner);
        assertEquals(false, open.json().getBoolean("closed"));
        assertTrue(open.raw().headers().firstValue("content-disposition").orElse("").contains("attachment"));
        assertEquals(List.of("shift:type"), cabinet.get("/api/v1/kkms/" + kkm + "/shifts/0/reports", owner).errorCodes());
    }

    private String reportList(long id) {
        return "/api/v1/kkms/" + id + "/reports";
    }

    @Test
    void shouldListReportsByDatesWithTheirTotals() throws Exception {
        // Shift 1 (X 22:49:30, Z 23:39:30) falls on 1 March; shifts 2 and 3 (from 23:40) report on 2 March.
        CabinetFixture.Answer first = cabinet.get(reportList(kkm) + "?from=2026-03-01&to=2026-03-01", owner);
        assertEquals(200, first.status(), first.raw().body());
        JsonArray reports = first.json().getJsonArray("reports");
        assertEquals(List.of("X", "Z"), reports.stream().map(r -> ((JsonObject) r).getString("kind")).toList());
        JsonObject x = reports.getJsonObject(0);
        assertEquals(1, x.getLong("shift"));
        assertEquals("2026-03-01T17:49:30Z", x.getString("receivedAt"));
        assertEquals(50, x.getJsonObject("sells").getLong("count"));
        assertEquals(50 * 10_000 + 50 * 49 / 2, x.getJsonObject("sells").getLong("sum"));
        assertEquals(0, x.getJsonObject("sellReturns").getLong("sum"));
        assertEquals(50 * 10_000 + 50 * 49 / 2, x.getLong("cash"));
        assertNull(x.getBoolean("matches"), "an X report has no register report to match");
        assertEquals("/api/v1/kkms/" + kkm + "/shifts/1/reports", x.getString("href"));
        assertEquals(true, reports.getJsonObject(1).getBoolean("matches"));
        assertNull(first.json().getString("nextCursor"));
        JsonArray second = cabinet.get(reportList(kkm) + "?from=2026-03-02&to=2026-03-02", owner).json()
            .getJsonArray("reports");
        assertEquals(List.of("X2", "Z2", "X3", "Z3"), second.stream()
            .map(r -> ((JsonObject) r).getString("kind") + ((JsonObject) r).getLong("shift")).toList());
        assertEquals(false, second.getJsonObject(3).getBoolean("matches"), "shift 3's register Z differs");
        assertEquals(0, cabinet.get(reportList(kkm) + "?from=2026-03-03&to=2026-03-31", owner).json()
            .getJsonArray("reports").size());
    }

    @Test
    void shouldListReportsByShiftsAPageAtATime() throws Exception {
        CabinetFixture.Answer page = cabinet.get(reportList(kkm) + "?fromShift=2&toShift=3&limit=3", owner);
        assertEquals(200, page.status(), page.raw().body());
        assertEquals(3, page.json().getJsonArray("reports").size());
        String cursor = page.json().getString("nextCursor");
        assertTrue(cursor != null, page.raw().body());
        CabinetFixture.Answer rest = cabinet.get(reportList(kkm) + "?fromShift=2&toShift=3&limit=3&cursor=" + cursor, owner);
        assertEquals(List.of("Z3"), rest.json().getJsonArray("reports").stream()
            .map(r -> ((JsonObject) r).getString("kind") + ((JsonObject) r).getLong("shift")).toList());
        assertNull(rest.json().getString("nextCursor"));
        assertEquals(2, cabinet.get(reportList(kkm) + "?fromShift=3", owner).json().getJsonArray("reports").size(),
            "fromShift alone: from there on");
        assertEquals(4, cabinet.get(reportList(kkm) + "?toShift=2", owner).json().getJsonArray("reports").size(),
            "toShift alone: up to there");
        assertEquals(List.of("X2", "Z2"), cabinet.get(reportList(kkm) + "?fromShift=2&toShift=2&from=2026-03-02&to=2026-03-02",
            owner).json().getJsonArray("reports").stream()
            .map(r -> ((JsonObject) r).getString("kind") + ((JsonObject) r).getLong("shift")).toList(), "both filters");
    }

    @Test
    void shouldAnswerBadReportListFiltersWithProblems() throws Exception {
        CabinetFixture.Answer none = cabinet.get(reportList(kkm), owner);
        assertEquals(400, none.status());
        assertEquals(List.of("from:required"), none.errorCodes());
        assertEquals(List.of("from:date-format"), cabinet.get(reportList(kkm) + "?from=1.3.2026&to=2026-03-02", owner)
            .errorCodes());
        assertEquals(List.of("to:required"), cabinet.get(reportList(kkm) + "?fromShift=1&from=2026-03-01", owner)
            .errorCodes(), "from without to, even with shifts");
        assertEquals(List.of("to:before-from"), cabinet.get(reportList(kkm) + "?from=2026-03-02&to=2026-03-01", owner)
            .errorCodes());
        CabinetFixture.Answer period = cabinet.get(reportList(kkm) + "?from=2026-01-01&to=2026-02-01", owner);
        assertEquals(400, period.status());
        assertEquals("period-too-long", period.type());
        assertEquals(200, download(reportList(kkm) + ".csv?from=2025-03-02&to=2026-03-02", owner).statusCode(),
            "the CSV may cover a year and a day");
        assertEquals("period-too-long", cabinet.get(reportList(kkm) + ".csv?from=2025-03-01&to=2026-03-02", owner).type(),
            "but not more");
        assertEquals(List.of("fromShift:type", "toShift:type"),
            cabinet.get(reportList(kkm) + "?fromShift=0&toShift=4294967296", owner).errorCodes());
        assertEquals(List.of("fromShift:type"), cabinet.get(reportList(kkm) + "?fromShift=x", owner).errorCodes());
        assertEquals(List.of("toShift:before-fromShift"), cabinet.get(reportList(kkm) + "?fromShift=3&toShift=2", owner)
            .errorCodes());
        CabinetFixture.Answer big = cabinet.get(reportList(kkm) + "?fromShift=1&limit=501", owner);
        assertEquals(400, big.status());
        assertEquals("page-too-large", big.type());
        assertEquals(List.of("limit:type"), cabinet.get(reportList(kkm) + "?fromShift=1&limit=0", owner).errorCodes());
        assertEquals(List.of("cursor:type"), cabinet.get(reportList(kkm) + "?fromShift=1&cursor=zz", owner).errorCodes());
        assertEquals("kkm-not-found", cabinet.get(reportList(999) + "?fromShift=1", owner).type());
    }

    @Test
    void shouldDownloadTheReportListAsCsv() throws Exception {
        HttpResponse<byte[]> r = download(reportList(kkm) + ".csv?from=2026-03-02&to=2026-03-02", owner);
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("content-disposition").orElse("").contains("attachment"));
        String csv = new String(r.body(), StandardCharsets.UTF_8);
        assertTrue(csv.startsWith("\uFEFFОтчёт,Смена,"), csv.substring(0, 20));
        String[] lines = csv.split("\r\n");
        assertEquals(5, lines.length, csv);
        long sum = 100 * 10_000 + 100 * 99 / 2;
        String tenge = sum / 100 + "." + (sum % 100 < 10 ? "0" : "") + sum % 100;
        assertEquals(List.of("Z", "3", "2026-03-01T21:59:30Z", "100", tenge, "0", "0.00", tenge, tenge, "нет"),
            List.of(lines[4].split(",")));
        assertEquals("X", lines[1].split(",")[0]);
        assertEquals(10, (lines[1] + " ").split(",").length, "an X report's match cell is empty");
    }

    @Test
    void shouldNeedTheModuleOnTheKkmsTradePoint() throws Exception {
        cabinet.addUser(owner, 1, CabinetFixture.grant("kkms:view"));
        String kkmsOnly = cabinet.login("user1@example.kz");
        CabinetFixture.Answer noModule = cabinet.get(receipts(kkm) + "?shift=1", kkmsOnly);
        assertEquals(403, noModule.status());
        assertEquals("transactions:view", noModule.json().getString("permission"));
        assertEquals(403, cabinet.get("/api/v1/kkms/" + kkm + "/shifts/1/reports", kkmsOnly).status());

        JsonObject onP2 = CabinetFixture.grant("transactions:view", "reports:view").put("allTradePoints", false)
            .put("tradePointIds", new JsonArray().add(p2));
        cabinet.addUser(owner, 2, onP2);
        String other = cabinet.login("user2@example.kz");
        CabinetFixture.Answer outside = cabinet.get(receipts(kkm) + "?shift=1", other);
        assertEquals(403, outside.status(), "the KKM is on p1, the grant on p2: " + outside.raw().body());
        assertEquals("forbidden", outside.type());
        assertEquals(403, cabinet.get(receipts(kkm) + "/" + SyntheticDocuments.sign(1, 0), other).status());
        assertEquals(403, download("/api/v1/kkms/" + kkm + "/receipts.csv?shift=1", other).statusCode());
        assertEquals(403, cabinet.get("/api/v1/kkms/" + kkm + "/shifts/1/reports", other).status());
        CabinetFixture.Answer list = cabinet.get(reportList(kkm) + "?fromShift=1", other);
        assertEquals(403, list.status(), "the report list outside the grant's trade points: " + list.raw().body());
        assertEquals("reports:view", list.json().getString("permission"));
        assertEquals(403, download(reportList(kkm) + ".csv?fromShift=1", other).statusCode());
        assertEquals(200, cabinet.get(reportList(bigKkm) + "?fromShift=1", other).status(), "p2's KKM is in scope");
        assertEquals(403, cabinet.get(reportList(kkm) + "?fromShift=1", kkmsOnly).status(), "no reports module");
        assertEquals(200, cabinet.get(receipts(bigKkm) + "?shift=1", other).status(), "p2's KKM is in scope");
        assertEquals(404, cabinet.get(receipts(999) + "?shift=1", owner).status());
    }

    @Test
    void shouldStreamAnExportAtTheClientsPace() throws Exception {
        int total = 200_000;
        cabinet.documents.kkm(BIG, 1, total);
        AtomicLong produced = cabinet.documents.produced;
        produced.set(0);
        URI base = URI.create(cabinet.base);
        try (Socket socket = new Socket()) {
            socket.setReceiveBufferSize(4096);
            socket.connect(new java.net.InetSocketAddress(base.getHost(), base.getPort()), 5_000);
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET /api/v1/kkms/" + bigKkm + "/receipts.csv?shift=1 HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Authorization: Bearer " + owner + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] head = in.readNBytes(2048);
            assertTrue(new String(head, StandardCharsets.ISO_8859_1).startsWith("HTTP/1.1 200"));
            // The client reads nothing more: the export must stop and wait, not run on into memory.
            AtomicLong seen = new AtomicLong(-1);
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(300))
                .until(() -> produced.get() > 0 && produced.get() == seen.getAndSet(produced.get()));
            long whileBlocked = produced.get();
            assertTrue(whileBlocked < total / 2, "the writer waits for the client: " + whileBlocked + " of " + total + " read");
            ByteArrayOutputStream rest = new ByteArrayOutputStream();
            rest.write(head);
            in.transferTo(rest);
            String body = dechunk(rest.toByteArray());
            assertEquals(total + 1, body.split("\r\n").length, "every receipt arrives once the client reads");
            assertEquals(total, produced.get());
        }
    }

    /** The body of a chunked HTTP/1.1 response. */
    private static String dechunk(byte[] response) throws IOException {
        String raw = new String(response, StandardCharsets.ISO_8859_1);
        int at = raw.indexOf("\r\n\r\n") + 4;
        assertTrue(raw.substring(0, at).toLowerCase(java.util.Locale.ROOT).contains("transfer-encoding: chunked"));
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            int eol = raw.indexOf("\r\n", at);
            int size = Integer.parseInt(raw.substring(at, eol).trim(), 16);
            if (size == 0) {
                break;
            }
            body.write(response, eol + 2, size);
            at = eol + 2 + size + 2;
        }
        return body.toString(StandardCharsets.UTF_8);
    }
}
