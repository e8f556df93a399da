package kz.ofd.simulator.kgd;

import io.vertx.core.json.JsonObject;
import kz.ofd.engine.launcher.OfdServer;
import kz.ofd.engine.launcher.ServerConfiguration;
import kz.ofd.engine.logic.KkmRegistration;
import kz.ofd.engine.pipeline.AdminCommand;
import kz.ofd.engine.pipeline.AdminResult;
import kz.ofd.protocol.kgd.BatchSigner;
import kz.ofd.protocol.proto.Request;
import kz.ofd.protocol.proto.Response;
import kz.ofd.protocol.testing.RawKkmConnection;
import kz.ofd.protocol.testing.Requests;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The OFD server forwarding to the KGD simulator: every accepted document arrives once, unchanged; an outage grows a
 * backlog without slowing the registers, and it drains afterwards; a lost position re-sends documents that KGD
 * deduplicates; batches signed with a key KGD does not trust are refused and retried until it does.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
final class KgdGatewayIntegrationTest {

    private static final long KKM = 900_001;
    private static final long TOKEN = 9_000_001;
    private static final String RNM = "620300900001";

    @TempDir
    Path dir;

    private KgdSimulator kgd;
    private int kgdPort;
    private OfdServer ofd;
    private long token = TOKEN;
    private int reqNum;
    /** Fiscal sign -> the exact request bytes the register sent. */
    private final Map<String, byte[]> sent = new HashMap<>();
    /** Moves the server's receive clock (the reconciliation counts by day of receipt). */
    private final AtomicLong clockOffset = new AtomicLong();

    @BeforeEach
    void start() throws Exception {
        kgd = new KgdSimulator(null, 7);
        kgdPort = kgd.start("127.0.0.1", 0);
        startOfd();
        assertEquals(AdminResult.DONE, ofd.pipeline().publishAdmin(new AdminCommand.Register(new KkmRegistration(KKM,
            TOKEN, RNM, "SN1", "Test", "180340021791", "ТОО Тест", "Алматы", "Касса"))).get());
    }

    private void startOfd() throws Exception {
        ofd = OfdServer.start(new ServerConfiguration().dataDir(dir).kkmHost("127.0.0.1").kkmPort(0).httpPort(0)
            .snapshotIntervalSeconds(0).kgdUrl("http://127.0.0.1:" + kgdPort + KgdSimulator.DOCUMENTS_PATH)
            .kgdBatchSize(20).kgdLingerMillis(20).conclude(), () -> System.currentTimeMillis() + clockOffset.get());
    }

    @AfterEach
    void stop() {
        ofd.close();
        kgd.close();
    }

    private void sell(int count) throws Exception {
        for (int i = 0; i < count; i++) {
            Request ticket = Requests.ticket(100 + i);
            try (RawKkmConnection c = RawKkmConnection.connect("127.0.0.1", ofd.kkmPort())) {
                Response r = c.call(KKM, token, ++reqNum, ticket);
                assertEquals(0, r.getResult().getResultCode(), r.getResult().getResultText());
                token = c.lastFrame().header().token();
                sent.put(r.getTicket().getTicketNumber(), ticket.toByteArray());
            }
        }
    }

    /** Every ticket sold is at KGD exactly as the register sent it, labelled with its KKM. */
    private void assertAllAtKgd() {
        await().atMost(Duration.ofSeconds(30)).until(() -> kgd.documentCount() == sent.size());
        Map<String, JsonObject> bySign = new HashMap<>();
        for (String key : kgd.keys()) {
            JsonObject d = kgd.document(key);
            bySign.put(d.getString("fiscalSign"), d);
        }
        for (Map.Entry<String, byte[]> e : sent.entrySet()) {
            JsonObject d = bySign.get(e.getKey());
            assertTrue(d != null, "fiscal sign " + e.getKey() + " reached KGD");
            assertArrayEquals(e.getValue(), Base64.getDecoder().decode(d.getString("request")), "unchanged bytes");
            assertEquals(RNM, d.getString("rnm"));
            assertEquals(KKM, d.getLong("kkmId"));
            assertEquals("TICKET", d.getString("type"));
            assertEquals("SELL", d.getString("operation"));
        }
    }

    @Test
    void shouldForwardEveryDocumentOnceUnchanged() throws Exception {
        sell(45);
        assertAllAtKgd();
        assertEquals(0, kgd.duplicateCount());
        await().atMost(Duration.ofSeconds(10)).until(() -> ofd.kgd().backlog() == 0);
        JsonObject status = ofd.kgd().status();
        assertEquals(45, status.getLong("documentsSent"));
        assertEquals(0, status.getLong("oldestUnsentSeconds"));
    }

    @Test
    void shouldBuildABacklogDuringAnOutageWithoutSlowingTheRegistersAndDrainItAfter() throws Exception {
        sell(5);
        assertAllAtKgd();
        kgd.outage(true);
        sell(60);   // every register answer still comes back OK while KGD is down
        await().atMost(Duration.ofSeconds(10)).until(() -> ofd.kgd().status().getJsonObject("failures").containsKey("http_503"));
        assertTrue(ofd.kgd().backlog() >= 60 - 20, "a backlog: " + ofd.kgd().status());
        assertEquals(5, kgd.documentCount());
        kgd.outage(false);
        assertAllAtKgd();
        await().atMost(Duration.ofSeconds(10)).until(() -> ofd.kgd().backlog() == 0);
    }

    @Test
    void shouldToleratePositionLossByIdempotency() throws Exception {
        sell(30);
        assertAllAtKgd();
        ofd.close();
        Files.delete(dir.resolve("kgd").resolve("position"));   // as if the gateway lost what it had confirmed
        startOfd();
        await().atMost(Duration.ofSeconds(30)).until(() -> kgd.duplicateCount() == 30);
        assertEquals(30, kgd.documentCount(), "the re-sent documents are held once");
        sell(3);
        assertAllAtKgd();
    }

    @Test
    void shouldRetryBatchesKgdRefusesForTheirSignatureUntilItTrustsTheKey() throws Exception {
        kgd.trust(BatchSigner.generate("CN=Someone else", false).certificate());
        sell(10);
        await().atMost(Duration.ofSeconds(10)).until(() -> ofd.kgd().status().getJsonObject("failures")
            .containsKey("http_401"));
        assertTrue(kgd.rejectedBatches() > 0);
        assertEquals(0, kgd.documentCount());
        kgd.trust(BatchSigner.fromPem(dir.resolve("kgd").resolve("ofd-test.key"), dir.resolve("kgd").resolve("ofd-test.crt"))
            .certificate());
        assertAllAtKgd();
    }

    @Test
    void shouldWriteTheDailyReconciliationOnceTheDayIsComplete() throws Exception {
        sell(7);
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.ofHours(5));
        LocalDate today = now.toLocalDate();
        clockOffset.set(Duration.between(now, today.plusDays(1).atStartOfDay(ZoneOffset.ofHours(5)).plusMinutes(1))
            .toMillis());   // the next documents arrive just after midnight
        sell(2);
        Path report = dir.resolve("reports").resolve("kgd-" + today + ".json");
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(report));
        JsonObject day = new JsonObject(Files.readString(report));
        assertEquals(7, day.getLong("received"));
        assertEquals(7, day.getLong("confirmed"));
        assertEquals(7, day.getLong("confirmedWithinDeadline"));
        assertEquals(0, day.getLong("unconfirmed"));
        assertTrue(ofd.kgd().status().getJsonObject("openDays").containsKey(today.plusDays(1).toString()),
            ofd.kgd().status().encode());
    }
}
