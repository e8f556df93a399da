package kz.ofd.engine.system;

import io.vertx.core.json.JsonObject;
import kz.ofd.engine.launcher.StorageSeam;
import kz.ofd.protocol.proto.ReportTypeEnum;
import kz.ofd.protocol.proto.Request;
import kz.ofd.protocol.proto.Response;
import kz.ofd.protocol.testing.Requests;
import kz.ofd.storage.index.DocumentEntry;
import kz.ofd.storage.index.DocumentIndex;
import kz.ofd.storage.index.IndexWriter;
import kz.ofd.storage.index.ReportEntry;
import kz.ofd.storage.index.ZReportEntry;
import kz.ofd.storage.journal.Journal;
import kz.ofd.storage.journal.JournalAppender;
import org.agrona.DirectBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Storage failures while running, injected through {@link StorageSeam} into the unchanged ring stages: a journal
 * that cannot be written (disk full) stops every acknowledgement, and a restart on a healthy disk accepts the
 * re-sent document once; an index that cannot be written stops indexing only, and a restart catches up. The
 * server logs ERRORs here on purpose, so this class does not use {@link ServerLogWatcher}.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
final class FaultInjectionSystemTest {

    private static final long KKM = 700_001;
    private static final long TOKEN = 8_000_001;

    @TempDir
    Path dir;

    private final AtomicBoolean journalBroken = new AtomicBoolean();
    private final AtomicBoolean indexBroken = new AtomicBoolean();
    private final AtomicInteger journalFailures = new AtomicInteger();
    private EngineFixture ofd;
    private EngineFixture.Kkm kkm;

    /** Fails appends and syncs while {@link #journalBroken}, writes to the index while {@link #indexBroken}. */
    private final StorageSeam seam = new StorageSeam() {
        @Override
        public JournalAppender journal(Journal journal) {
            return new JournalAppender() {
                @Override
                public long append(DirectBuffer buffer, int offset, int length) {
                    if (journalBroken.get()) {
                        throw new UncheckedIOException(new IOException("No space left on device (injected)"));
                    }
                    return journal.append(buffer, offset, length);
                }

                @Override
                public void sync() {
                    journal.sync();
                }

                @Override
                public long lastIndex() {
                    return journal.lastIndex();
                }
            };
        }

        @Override
        public IndexWriter index(DocumentIndex index) {
            return (List<DocumentEntry> documents, List<ZReportEntry> closed, List<ReportEntry> reports, long checkpoint) -> {
                if (indexBroken.get()) {
                    throw new IllegalStateException("RocksDB: IO error (injected)");
                }
                index.write(documents, closed, reports, checkpoint);
            };
        }
    };

    @AfterEach
    void stop() {
        ofd.close();
    }

    private void start() throws Exception {
        ofd = new EngineFixture(dir, c -> c.snapshotIntervalSeconds(0), seam, journalFailures::incrementAndGet);
        kkm = ofd.kkm(KKM, TOKEN);
    }

    @Test
    void aFailedJournalStopsEveryAcknowledgementAndARestartAcceptsTheResentDocumentOnce() throws Exception {
        start();
        kkm.ok(Requests.moneyPlacement(true, 100_000));
        long firstSign = Long.parseLong(kkm.ok(Requests.ticket(1_000)).getTicket().getTicketNumber());

        journalBroken.set(true);
        Request ticket = Requests.ticket(2_000);
        long presented = kkm.token();
        Response refused = kkm.send(ticket);
        assertEquals(254, refused.getResult().getResultCode());
        assertEquals(presented, ofd.lastHeaderToken, "no new token on a refusal");
        assertEquals(254, kkm.send(Requests.system(false)).getResult().getResultCode(), "nothing is served");
        HttpResponse<String> health = ofd.get("/health");
        assertEquals(503, health.statusCode());
        assertEquals("DOWN", new JsonObject(health.body()).getString("status"));
        assertEquals(1, journalFailures.get(), "the fail-fast action runs once");

        journalBroken.set(false);   // the disk has room again; the supervisor restarts the server
        ofd.restart();
        Response accepted = kkm.send(ticket);   // the register sends the refused document again
        assertEquals(0, accepted.getResult().getResultCode(), accepted.getResult().getResultText());
        assertEquals(firstSign + 1, Long.parseLong(accepted.getTicket().getTicketNumber()),
            "the sign the failed attempt held is issued now, once");
        Response x = kkm.ok(Requests.report(ReportTypeEnum.REPORT_X));
        assertEquals(2, x.getReport().getZxReport().getTicketOperationsList().stream()
            .filter(o -> o.getOperation() == kz.ofd.protocol.proto.OperationTypeEnum.OPERATION_SELL)
            .findFirst().orElseThrow().getTicketsCount(), "two tickets, not three");
    }

    @Test
    void anXReportTheJournalCannotTakeIsNotAnswered() throws Exception {
        start();
        kkm.ok(Requests.ticket(1_000));
        journalBroken.set(true);
        Response x = kkm.send(Requests.report(ReportTypeEnum.REPORT_X));
        assertEquals(254, x.getResult().getResultCode(), "the X report is answered only once it is journaled");
        assertTrue(!x.hasReport(), "no report in the refusal");
        assertEquals(1, journalFailures.get(), "its append was the one that failed");
    }

    @Test
    void aFailedIndexWriteLeavesAnswersAloneAndARestartCatchesTheIndexUp() throws Exception {
        start();
        indexBroken.set(true);
        Response sale = kkm.ok(Requests.ticket(1_500));
        await().atMost(Duration.ofSeconds(10)).until(() -> new JsonObject(ofd.get("/health").body())
            .getString("status").equals("DEGRADED"));
        kkm.ok(Requests.ticket(2_500));   // answers go on
        String sign = sale.getTicket().getTicketNumber();
        assertEquals(404, ofd.get("/api/documents/" + sign).statusCode(), "not indexed while the index is broken");

        indexBroken.set(false);
        ofd.restart();
        HttpResponse<String> found = ofd.get("/api/documents/" + sign);
        assertEquals(200, found.statusCode(), found.body());
        assertEquals(KKM, new JsonObject(found.body()).getLong("kkmId"));
        assertTrue(new JsonObject(ofd.get("/health").body()).getString("status").equals("UP"));
    }
}
