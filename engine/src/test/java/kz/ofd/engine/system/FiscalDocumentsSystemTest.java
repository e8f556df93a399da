package kz.ofd.engine.system;

import kz.ofd.cabinet.spi.FiscalDocuments;
import kz.ofd.engine.cabinet.EngineFiscalDocuments;
import kz.ofd.engine.cabinet.Receipts;
import kz.ofd.protocol.proto.Money;
import kz.ofd.protocol.proto.ReportTypeEnum;
import kz.ofd.protocol.proto.Request;
import kz.ofd.protocol.proto.Response;
import kz.ofd.protocol.proto.ZXReport;
import kz.ofd.protocol.testing.Requests;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The cabinet's fiscal documents read from a real engine's index and journal ({@link EngineFiscalDocuments} over
 * {@link Receipts}): receipts of a shift paged with the cursor, the time filter, the offline mark, a receipt in full
 * with its QR URL, another KKM's receipt refused, and the Z report with the register's own Z next to the
 * server's.
 */
@ExtendWith(ServerLogWatcher.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
final class FiscalDocumentsSystemTest {

    private static final long KKM = 310_001;
    private static final long OTHER = 310_002;

    @TempDir
    Path dir;
    private EngineFixture ofd;
    private FiscalDocuments documents;

    @BeforeEach
    void start() throws Exception {
        ofd = new EngineFixture(dir);
        documents = new EngineFiscalDocuments(ofd.server().receipts());
    }

    @AfterEach
    void stop() {
        ofd.close();
    }

    private static FiscalDocuments.Query shift(long kkm, long shift) {
        return new FiscalDocuments.Query(kkm, shift, shift, 0, Long.MAX_VALUE);
    }

    private List<FiscalDocuments.Receipt> all(FiscalDocuments.Query q, int limit) {
        List<FiscalDocuments.Receipt> out = new ArrayList<>();
        FiscalDocuments.Position after = null;
        for (int pages = 0; pages < 100; pages++) {
            FiscalDocuments.Page page = documents.receipts(q, after, limit);
            assertTrue(page.receipts().size() <= limit);
            out.addAll(page.receipts());
            if (page.next().isEmpty()) {
                return out;
            }
            after = page.next().get();
        }
        throw new AssertionError("the cursor never ended");
    }

    @Test
    void shouldPageReceiptsOfAShiftAndShowOneInFull() throws Exception {
        EngineFixture.Kkm kkm = ofd.kkm(KKM, 1);
        List<String> signs = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            Request.Builder t = Requests.ticket(10_000 + i).toBuilder();
            if (i == 7) {
                t.getTicketBuilder().setOfflineTicketNumber(3);
            }
            signs.add(kkm.ok(t.build()).getTicket().getTicketNumber());
        }
        ZXReport x = kkm.ok(Requests.report(ReportTypeEnum.REPORT_X)).getReport().getZxReport();
        Request.Builder close = Requests.closeShift().toBuilder();
        close.getCloseShiftBuilder().setZReport(x.toBuilder().setCashSum(Money.newBuilder().setBills(1).setCoins(0)));
        kkm.ok(close.build());
        Response late = kkm.ok(Requests.ticket(50_000));
        EngineFixture.Kkm other = ofd.kkm(OTHER, 2);
        String othersSign = other.ok(Requests.ticket(1_000)).getTicket().getTicketNumber();

        await().until(() -> all(shift(KKM, 2), 10).size() == 1 && all(shift(OTHER, 1), 10).size() == 1);
        List<FiscalDocuments.Receipt> first = all(shift(KKM, 1), 10);
        assertEquals(signs, first.stream().map(FiscalDocuments.Receipt::fiscalSign).toList(), "in order, none twice");
        assertEquals(3, pages(shift(KKM, 1), 10));
        FiscalDocuments.Receipt offline = first.get(7);
        assertTrue(offline.offline());
        assertFalse(first.get(6).offline());
        assertEquals(10_007, offline.totalTiyn());
        assertEquals("SELL", offline.operation());
        assertEquals(10_007, offline.payments().stream().mapToLong(FiscalDocuments.Payment::sumTiyn).sum());
        assertEquals(late.getTicket().getTicketNumber(), all(shift(KKM, 2), 10).get(0).fiscalSign());
        assertEquals(26, all(new FiscalDocuments.Query(KKM, 0, 0xFFFF_FFFFL, 0, Long.MAX_VALUE), 7).size(),
            "both shifts");

        long now = System.currentTimeMillis();
        assertEquals(26, all(new FiscalDocuments.Query(KKM, 0, 0xFFFF_FFFFL, now - 600_000, now + 600_000), 50).size());
        assertEquals(0, all(new FiscalDocuments.Query(KKM, 0, 0xFFFF_FFFFL, now + 600_000, now + 1_200_000), 50).size());
        assertEquals(0, all(new FiscalDocuments.Query(KKM, 0, 0xFFFF_FFFFL, 0, now - 600_000), 50).size());

        Optional<FiscalDocuments.FullReceipt> full = documents.receipt(KKM, Long.parseLong(signs.get(3)));
        assertTrue(full.isPresent());
        assertTrue(full.get().qrUrl().startsWith("http://check.test?i=" + signs.get(3)), full.get().qrUrl());
        io.vertx.core.json.JsonObject body = full.get().body();
        assertEquals(10_003, body.getJsonObject("amounts").getLong("total"), body.encode());
        assertNotNull(body.getJsonArray("items").getJsonObject(0).getJsonObject("commodity").getString("name"), body.encode());
        assertEquals("PAYMENT_CASH", body.getJsonArray("payments").getJsonObject(0).getString("type"));
        assertTrue(documents.receipt(KKM, Long.parseLong(othersSign)).isEmpty(), "another KKM's receipt");
        assertTrue(documents.receipt(OTHER, Long.parseLong(othersSign)).isPresent());
        assertTrue(documents.receipt(KKM, 1).isEmpty());

        List<FiscalDocuments.Report> reports = documents.reports(KKM, 1);
        assertEquals(List.of("X", "Z"), reports.stream().map(FiscalDocuments.Report::kind).toList(),
            "the X report answered, then the Z");
        io.vertx.core.json.JsonObject answered = reports.get(0).report();
        assertEquals(kz.ofd.protocol.codec.MoneyCodec.toTiyn(x.getCashSum()), answered.getLong("cashSum"), answered.encode());
        assertEquals(x.getShiftNumber(), answered.getLong("shiftNumber"));
        assertEquals(25, answered.getJsonArray("ticketOperations").stream()
            .mapToLong(o -> ((io.vertx.core.json.JsonObject) o).getLong("ticketsCount", 0L)).sum());
        assertTrue(reports.get(0).receivedAtMillis() > 0
            && reports.get(0).receivedAtMillis() <= reports.get(1).receivedAtMillis());
        FiscalDocuments.Report z = reports.get(1);
        assertTrue(z.receivedAtMillis() > 0);
        assertNotNull(z.registerReport());
        assertEquals(100, z.registerReport().getLong("cashSum"));
        assertEquals(1, z.differences().size(), z.differences().toString());
        assertTrue(z.differences().get(0).startsWith("cash_sum"), z.differences().toString());
        assertEquals(25, z.report().getJsonArray("ticketOperations").stream()
            .mapToLong(o -> ((io.vertx.core.json.JsonObject) o).getLong("ticketsCount", 0L)).sum());
        assertTrue(documents.reports(KKM, 2).isEmpty(), "shift 2 is open");
    }

    @Test
    void shouldStartADateQueryAtTheFirstShiftClosedAfterItsStart() throws Exception {
        EngineFixture.Kkm kkm = ofd.kkm(KKM, 1);
        List<String> shift1 = List.of(kkm.ok(Requests.ticket(1_000)).getTicket().getTicketNumber(),
            kkm.ok(Requests.ticket(1_001)).getTicket().getTicketNumber());
        kkm.ok(Requests.report(ReportTypeEnum.REPORT_X));
        kkm.ok(Requests.closeShift());
        ofd.advanceClock(java.time.Duration.ofDays(2));
        long day3 = System.currentTimeMillis() + java.time.Duration.ofDays(2).toMillis() - 1_000;
        List<String> shift2 = List.of(kkm.ok(Requests.ticket(2_000)).getTicket().getTicketNumber());
        kkm.ok(Requests.closeShift());
        ofd.advanceClock(java.time.Duration.ofDays(2));
        long day5 = day3 + java.time.Duration.ofDays(2).toMillis();
        String shift3 = kkm.ok(Requests.ticket(3_000)).getTicket().getTicketNumber();
        await().until(() -> all(shift(KKM, 3), 10).size() == 1);

        EngineFiscalDocuments engine = (EngineFiscalDocuments) documents;
        FiscalDocuments.Query fromDay3 = new FiscalDocuments.Query(KKM, 0, 0xFFFF_FFFFL, day3, Long.MAX_VALUE);
        FiscalDocuments.Query fromDay5 = new FiscalDocuments.Query(KKM, 0, 0xFFFF_FFFFL, day5, Long.MAX_VALUE);
        FiscalDocuments.Query everything = new FiscalDocuments.Query(KKM, 0, 0xFFFF_FFFFL, 1, Long.MAX_VALUE);
        assertEquals(2, engine.firstShift(fromDay3), "shift 1 was closed before day 3");
        assertEquals(3, engine.firstShift(fromDay5), "shifts 1 and 2 were closed before day 5");
        assertEquals(0, engine.firstShift(everything), "nothing is skipped from the start of time");
        assertEquals(0, engine.firstShift(shift(KKM, 0)), "nor without a date");
        assertEquals(List.of(shift2.get(0), shift3), all(fromDay3, 1).stream().map(FiscalDocuments.Receipt::fiscalSign)
            .toList());
        assertEquals(List.of(shift3), all(fromDay5, 10).stream().map(FiscalDocuments.Receipt::fiscalSign).toList());
        assertEquals(4, all(everything, 3).size());
        assertEquals(shift1, all(new FiscalDocuments.Query(KKM, 0, 0xFFFF_FFFFL, 1, day3), 10).stream()
            .map(FiscalDocuments.Receipt::fiscalSign).toList());
    }

    private int pages(FiscalDocuments.Query q, int limit) {
        FiscalDocuments.Position after = null;
        int pages = 0;
        do {
            FiscalDocuments.Page page = documents.receipts(q, after, limit);
            pages++;
            after = page.next().orElse(null);
        } while (after != null && pages < 100);
        return pages;
    }
}
