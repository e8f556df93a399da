package kz.ofd.engine.system;

import kz.ofd.protocol.proto.OperationTypeEnum;
import kz.ofd.protocol.proto.Request;
import kz.ofd.protocol.proto.Response;
import kz.ofd.protocol.testing.Requests;
import org.agrona.IoUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Returns of this OFD's own tickets over TCP, across restarts: what was returned is remembered whether the parent
 * and its returns are still in memory, already in the index, or rebuilt into a deleted index from the journal.
 */
@ExtendWith(ServerLogWatcher.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
final class ReturnsSystemTest {

    private static final long KKM = 300_001;
    private static final long TOKEN = 4_000_001;
    private static final LocalDateTime SALE_TIME = LocalDateTime.of(2026, 11, 20, 12, 0);

    @TempDir
    Path dir;

    private EngineFixture ofd;
    private EngineFixture.Kkm kkm;

    @BeforeEach
    void start() throws Exception {
        ofd = new EngineFixture(dir);
        kkm = ofd.kkm(KKM, TOKEN);
    }

    @AfterEach
    void stop() {
        ofd.close();
    }


    private Request returnOf(String sign, long total) {
        return Requests.withParentTicket(Requests.ticket(OperationTypeEnum.OPERATION_SELL_RETURN, total), sign,
            EngineFixture.RNM, SALE_TIME, 10_000);
    }

    private void assertRefused(Response r, String sign, String left, String returned) {
        assertEquals(13, r.getResult().getResultCode());
        assertEquals("ticket.amounts.total 100.00 exceeds what is left to return of ticket " + sign + ": " + left
            + " of 100.00 (" + returned + " already returned)", r.getResult().getResultText());
    }

    @Test
    void shouldRememberWhatWasReturnedAcrossRestartsAndAnIndexRebuild() throws Exception {
        kkm.send(Requests.moneyPlacement(true, 1_000_000));
        Response sale = kkm.send(Requests.ticket(10_000));
        assertEquals(0, sale.getResult().getResultCode(), sale.getResult().getResultText());
        String sign = sale.getTicket().getTicketNumber();

        assertEquals(0, kkm.send(returnOf(sign, 3_000)).getResult().getResultCode());
        assertRefused(kkm.send(returnOf(sign, 10_000)), sign, "70.00", "30.00");

        ofd.restart();   // the parent and the return are read from the index now
        assertRefused(kkm.send(returnOf(sign, 10_000)), sign, "70.00", "30.00");
        assertEquals(0, kkm.send(returnOf(sign, 2_000)).getResult().getResultCode());
        assertRefused(kkm.send(returnOf(sign, 10_000)), sign, "50.00", "50.00");

        ofd.stop();
        IoUtil.delete(ofd.dataDir().resolve("index").toFile(), false);
        ofd.start();   // the index is rebuilt from the journal, returns included
        assertRefused(kkm.send(returnOf(sign, 10_000)), sign, "50.00", "50.00");
        Response rest = kkm.send(returnOf(sign, 5_000));
        assertEquals(0, rest.getResult().getResultCode(), rest.getResult().getResultText());
    }

    @Test
    void shouldRefuseAReturnThatNamesAnotherTotalOverTcp() throws Exception {
        kkm.send(Requests.moneyPlacement(true, 1_000_000));
        String sign = kkm.send(Requests.ticket(20_000)).getTicket().getTicketNumber();
        Response r = kkm.send(returnOf(sign, 1_000));
        assertEquals(13, r.getResult().getResultCode());
        assertEquals("ticket.parent_ticket.parent_ticket_total is 100.00 but ticket " + sign + " was issued for 200.00",
            r.getResult().getResultText());
    }

}
