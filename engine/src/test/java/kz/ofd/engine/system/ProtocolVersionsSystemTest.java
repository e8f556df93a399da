package kz.ofd.engine.system;

import kz.ofd.protocol.frame.ProtocolVersions;
import kz.ofd.protocol.proto.CommandTypeEnum;
import kz.ofd.protocol.proto.OperationTypeEnum;
import kz.ofd.protocol.proto.ReportTypeEnum;
import kz.ofd.protocol.proto.Request;
import kz.ofd.protocol.proto.Response;
import kz.ofd.protocol.testing.Requests;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A shift of a 2.0.2 register and of a 2.0.4 register over TCP: each answered in its own version, with the rules of
 * its version (protocol-facts §10).
 */
@ExtendWith(ServerLogWatcher.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
final class ProtocolVersionsSystemTest {

    private static final long KKM = 400_001;
    private static final long TOKEN = 5_000_001;

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

    /** Sends in the given version and checks the answer came back in it. */
    private Response send(int version, Request request) throws IOException {
        Response r = kkm.send(version, request);
        assertEquals(version, kkm.answerVersion(), "answered in the request's version");
        return r;
    }

    private static void assertOk(Response r) {
        assertEquals(0, r.getResult().getResultCode(), r.getResult().getResultText());
    }

    @Test
    void shouldServeAShiftOfA202RegisterWhoseReturnsHaveNoParentTicket() throws Exception {
        assertOk(send(ProtocolVersions.V202, Requests.moneyPlacement(true, 100_000)));
        assertOk(send(ProtocolVersions.V202, Requests.ticket(5_000)));
        assertOk(send(ProtocolVersions.V202, Requests.ticket(OperationTypeEnum.OPERATION_SELL_RETURN, 2_000)));
        Response z = send(ProtocolVersions.V202, Requests.closeShift());
        assertOk(z);
        assertEquals(103_000, tiyn(z.getReport().getZxReport().getCashSum()));
        Response system = send(ProtocolVersions.V202, Requests.system(true));
        assertFalse(system.getService().getRegInfo().hasOfd(), "2.0.2 has no OFD reg info");
    }

    @Test
    void shouldServeAShiftOfA204RegisterAndApplyItsRules() throws Exception {
        assertOk(send(ProtocolVersions.V204, Requests.for204(Requests.moneyPlacement(true, 100_000), 1)));
        assertOk(send(ProtocolVersions.V204, Requests.for204(Requests.ticket(5_000), 1)));

        Response noDomain = send(ProtocolVersions.V204, Requests.ticket(5_000));
        assertEquals(13, noDomain.getResult().getResultCode());
        assertEquals("ticket.domain is missing: it is required in protocol 2.0.4", noDomain.getResult().getResultText());

        Request.Builder ntin = Requests.for204(Requests.ticket(5_000), 1).toBuilder();
        ntin.getTicketBuilder().getItemsBuilder(0).getCommodityBuilder().setNtin("04600000000017").clearCommodityType();
        Response blocked = send(ProtocolVersions.V204, ntin.build());
        assertEquals(15, blocked.getResult().getResultCode());
        assertTrue(blocked.getResult().getResultText().contains("commodity_type"), blocked.getResult().getResultText());

        Response qr = send(ProtocolVersions.V204, Requests.command(CommandTypeEnum.COMMAND_QR_GENERATE_VALUE));
        assertEquals(CommandTypeEnum.COMMAND_QR_GENERATE, qr.getCommand());
        assertEquals(5, qr.getResult().getResultCode(), "UNSUPPORTED_COMMAND until QR payments are implemented");

        Response x = send(ProtocolVersions.V204, Requests.for204(Requests.report(ReportTypeEnum.REPORT_X), 1));
        assertOk(x);
        assertEquals(105_000, tiyn(x.getReport().getZxReport().getCashSum()));
        Response z = send(ProtocolVersions.V204, Requests.for204(Requests.closeShift(), 1));
        assertOk(z);
        assertTrue(z.getReport().getZxReport().hasOpenShiftTime(), "open_shift_time is required in 2.0.4");
        Response system = send(ProtocolVersions.V204, Requests.system(true));
        assertTrue(system.getService().getRegInfo().hasOfd(), "2.0.4 clients get the OFD's reg info");
    }

    private static long tiyn(kz.ofd.protocol.proto.Money m) {
        return m.getBills() * 100 + m.getCoins();
    }
}
