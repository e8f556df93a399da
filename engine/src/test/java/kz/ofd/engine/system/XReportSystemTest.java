package kz.ofd.engine.system;

import com.sun.net.httpserver.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import kz.ofd.cabinet.spi.FiscalDocuments;
import kz.ofd.engine.cabinet.EngineFiscalDocuments;
import kz.ofd.engine.journal.Outcome;
import kz.ofd.engine.journal.OutcomeCodec;
import kz.ofd.protocol.proto.ReportTypeEnum;
import kz.ofd.protocol.proto.Request;
import kz.ofd.protocol.testing.Requests;
import kz.ofd.storage.journal.Journal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * X reports as documents of the OFD's own: every X report a register asks for is journaled (an X_REPORT record) before
 * it is answered, indexed in the reports column family next to the shift's Z, still there after a restart from a
 * snapshot plus the journal after it and after a full replay with the index rebuilt, never sent to KGD, and replaying
 * it changes no counter (the same X request answers the same bytes before and after). {@code ofd verify} over X
 * reports: {@code VerifyCommandTest}.
 */
@ExtendWith(ServerLogWatcher.class)
@Timeout(value = 90, unit = TimeUnit.SECONDS)
final class XReportSystemTest {

    private static final long KKM = 710_001;
    private static final long TOKEN = 8_100_001;

    @TempDir
    Path dir;
    private EngineFixture ofd;
    private HttpServer kgd;
    /** Documents KGD holds, by idempotency key: their type. */
    private final Map<String, String> atKgd = new ConcurrentHashMap<>();

    @AfterEach
    void stop() {
        if (ofd != null) {
            ofd.close();
        }
        if (kgd != null) {
            kgd.stop(0);
        }
    }

    /** A KGD that holds every document it is sent and acknowledges all of them. */
    private String startKgd() throws IOException {
        kgd = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        kgd.createContext("/", exchange -> {
            JsonObject batch = new JsonObject(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            JsonArray keys = new JsonArray();
            for (Object o : batch.getJsonArray("documents")) {
                JsonObject d = (JsonObject) o;
                atKgd.put(d.getString("idempotencyKey"), d.getString("type"));
                keys.add(d.getString("idempotencyKey"));
            }
            byte[] body = new JsonObject().put("accepted", keys.size()).put("duplicates", 0).put("keys", keys).encode()
                .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("content-type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        kgd.start();
        return "http://127.0.0.1:" + kgd.getAddress().getPort() + "/kgd/v1/documents";
    }

    private List<Outcome.XReportIssued> journaledXReports() throws IOException {
        List<Outcome.XReportIssued> out = new ArrayList<>();
        try (Journal journal = Journal.open(dir.resolve("journal"))) {
            journal.replay(Journal.NO_INDEX, (index, buffer, offset, length) -> {
                if (OutcomeCodec.decode(buffer, offset, length) instanceof Outcome.XReportIssued x) {
                    out.add(x);
                }
            });
        }
        return out;
    }

    private List<byte[]> indexed(long shift) {
        return ofd.server().index().findReports(KKM, shift).stream()
            .map(r -> r.kind() + ":" + new String(r.serverReport(), StandardCharsets.ISO_8859_1))
            .map(s -> s.getBytes(StandardCharsets.ISO_8859_1)).toList();
    }

    private static byte[] tagged(char kind, byte[] report) {
        byte[] out = new byte[report.length + 2];
        out[0] = (byte) kind;
        out[1] = ':';
        System.arraycopy(report, 0, out, 2, report.length);
        return out;
    }

    private static void assertReports(List<byte[]> expected, List<byte[]> actual) {
        assertEquals(expected.size(), actual.size(), "number of reports");
        for (int i = 0; i < expected.size(); i++) {
            assertArrayEquals(expected.get(i), actual.get(i), "report " + i);
        }
    }

    @Test
    void shouldJournalIndexAndKeepXReportsWithoutSendingThemToKgd() throws Exception {
        String kgdUrl = startKgd();
        ofd = new EngineFixture(dir, c -> c.kgdUrl(kgdUrl).kgdLingerMillis(10));
        EngineFixture.Kkm kkm = ofd.kkm(KKM, TOKEN);
        kkm.ok(Requests.moneyPlacement(true, 50_000));
        kkm.ok(Requests.ticket(1_000));
        kkm.ok(Requests.ticket(2_000));
        byte[] x1 = kkm.ok(Requests.report(ReportTypeEnum.REPORT_X)).getReport().getZxReport().toByteArray();
        assertEquals(201, ofd.post("/api/snapshots", "").statusCode(), "a snapshot after the first X report");
        kkm.ok(Requests.ticket(3_000));
        byte[] x2 = kkm.ok(Requests.report(ReportTypeEnum.REPORT_X)).getReport().getZxReport().toByteArray();
        byte[] z = kkm.ok(Requests.closeShift()).getReport().getZxReport().toByteArray();
        Request nextX = Requests.report(ReportTypeEnum.REPORT_X);   // the same request time every time it is sent
        byte[] x3 = kkm.ok(nextX).getReport().getZxReport().toByteArray();

        // Indexed at once, in order, with the Z after the shift's X reports; the next shift's X on its own.
        List<byte[]> shift1 = List.of(tagged('X', x1), tagged('X', x2), tagged('Z', z));
        await().until(() -> indexed(1).size() == 3 && indexed(2).size() == 1);
        assertReports(shift1, indexed(1));
        assertReports(List.of(tagged('X', x3)), indexed(2));
        FiscalDocuments documents = new EngineFiscalDocuments(ofd.server().receipts());
        List<FiscalDocuments.Report> viewed = documents.reports(KKM, 1);
        assertEquals(List.of("X", "X", "Z"), viewed.stream().map(FiscalDocuments.Report::kind).toList());
        listReports(documents);

        // KGD gets the five documents and has read past every record, the X reports included: none of them is sent.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertEquals("5 0",
            atKgd.size() + " " + ofd.server().kgd().backlog(), ofd.server().kgd().status().encode()));
        assertEquals(List.of(1L, 3L, 1L), List.of(count("MONEY_PLACEMENT"), count("TICKET"), count("CLOSE_SHIFT")),
            atKgd.toString());
        assertEquals(5, atKgd.size(), "nothing but the documents: " + atKgd);

        ofd.stop();
        List<Outcome.XReportIssued> journaled = journaledXReports();
        assertEquals(3, journaled.size(), "one record per X report answered");
        assertArrayEquals(x2, journaled.get(1).report(), "the bytes as answered");
        assertEquals(List.of(1L, 1L, 2L), journaled.stream().map(Outcome.XReportIssued::shiftNumber).toList());
        assertEquals(KKM, journaled.get(0).kkmId());

        // Snapshot + replay: keep only the snapshot taken after the first X report, so the rest is replayed.
        try (Stream<Path> files = Files.list(dir.resolve("snapshots"))) {
            List<Path> snapshots = files.sorted().toList();
            assertEquals(2, snapshots.size(), snapshots.toString());
            Files.delete(snapshots.get(1));
        }
        ofd.start();
        assertTrue(ofd.server().recoveredRecords() >= 4, "replayed after the snapshot: " + ofd.server().recoveredRecords());
        assertArrayEquals(x3, kkm.ok(nextX).getReport().getZxReport().toByteArray(),
            "the counters after the replay are the counters before it");
        assertReports(shift1, indexed(1));
        await().until(() -> indexed(2).size() == 2);

        // Full replay with the index rebuilt from the journal.
        ofd.stop();
        deleteTree(dir.resolve("snapshots"));
        deleteTree(dir.resolve("index"));
        ofd.start();
        assertEquals(-1, ofd.server().recoveredFromSnapshot(), "no snapshot: the whole journal replayed");
        assertReports(shift1, indexed(1));
        assertReports(List.of(tagged('X', x3), tagged('X', x3)), indexed(2));
        assertArrayEquals(x3, kkm.ok(nextX).getReport().getZxReport().toByteArray());
        kkm.ok(Requests.ticket(4_000));
        ofd.stop();
        assertEquals(5, journaledXReports().size());
    }

    /** The report list over the real index: pages, the shift range, the receive-time range, the totals. */
    private static void listReports(FiscalDocuments documents) {
        FiscalDocuments.Query all = new FiscalDocuments.Query(KKM, 0, 0xFFFF_FFFFL, 0, Long.MAX_VALUE);
        FiscalDocuments.ReportPage first = documents.reports(all, null, 2);
        assertEquals(List.of("X1", "X1"), kinds(first));
        FiscalDocuments.ReportPage second = documents.reports(all, first.next().orElseThrow(), 2);
        assertEquals(List.of("Z1", "X2"), kinds(second));
        FiscalDocuments.ReportPage third = documents.reports(all, second.next().orElseThrow(), 2);
        assertEquals(List.of(), kinds(third));
        assertTrue(third.next().isEmpty());

        FiscalDocuments.ReportLine x1 = first.reports().get(0);
        assertEquals(List.of(2L, 3_000L, 0L, 0L, 53_000L, 3_000L), List.of(x1.sellCount(), x1.sellTiyn(),
            x1.sellReturnCount(), x1.sellReturnTiyn(), x1.cashTiyn(), x1.revenueTiyn()));
        assertEquals(null, x1.matchesRegister());
        FiscalDocuments.ReportLine z = second.reports().get(0);
        assertEquals(List.of(3L, 6_000L, 56_000L), List.of(z.sellCount(), z.sellTiyn(), z.cashTiyn()));
        assertEquals(null, z.matchesRegister(), "the register sent no Z of its own");

        assertEquals(List.of("X2"), kinds(documents.reports(new FiscalDocuments.Query(KKM, 2, 2, 0, Long.MAX_VALUE), null, 50)));
        assertEquals(List.of("X1", "X1", "Z1"), kinds(documents.reports(new FiscalDocuments.Query(KKM, 0, 1, 0,
            Long.MAX_VALUE), null, 50)));
        long firstAt = x1.receivedAtMillis();
        long lastAt = second.reports().get(1).receivedAtMillis();
        assertEquals(4, kinds(documents.reports(new FiscalDocuments.Query(KKM, 0, 0xFFFF_FFFFL, firstAt, lastAt + 1), null,
            50)).size());
        assertEquals(List.of(), kinds(documents.reports(new FiscalDocuments.Query(KKM, 0, 0xFFFF_FFFFL, 0, firstAt), null,
            50)), "before the first report");
        assertEquals(List.of(), kinds(documents.reports(new FiscalDocuments.Query(KKM, 0, 0xFFFF_FFFFL, lastAt + 1,
            Long.MAX_VALUE), null, 50)), "after the last one");
        assertEquals(List.of(), kinds(documents.reports(new FiscalDocuments.Query(KKM + 1, 0, 0xFFFF_FFFFL, 0,
            Long.MAX_VALUE), null, 50)), "another KKM has none");
    }

    private static List<String> kinds(FiscalDocuments.ReportPage page) {
        return page.reports().stream().map(r -> r.kind() + r.shift()).toList();
    }

    private long count(String type) {
        return atKgd.values().stream().filter(type::equals).count();
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
