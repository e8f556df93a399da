package kz.ofd.engine.system;

import kz.ofd.cabinet.spi.KkmEngine;
import kz.ofd.engine.cabinet.RingKkmEngine;
import kz.ofd.engine.logic.SecureTokenSource;
import kz.ofd.protocol.proto.Response;
import kz.ofd.protocol.proto.ResultTypeEnum;
import kz.ofd.protocol.proto.ServiceRequest;
import kz.ofd.protocol.proto.ServiceResponse;
import kz.ofd.protocol.testing.RawKkmConnection;
import kz.ofd.protocol.testing.Requests;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The engine side of the cabinet, {@link RingKkmEngine}, on a real server: a registration takes the next free id when
 * the proposed one is taken, the shift state it reports follows the register's documents, a re-issued token refuses
 * the old one and survives a restart (the journal replays it), a status-change line changes nothing, and a
 * deregistration refuses everything afterwards; a re-registration's new data are what the register is answered with
 * from then on, after a restart from a snapshot or from the journal alone too. The full cabinet flow with KGD is
 * CabinetKkmSystemTest (simulator).
 */
@ExtendWith(ServerLogWatcher.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
final class CabinetCommandsSystemTest {

    @TempDir
    Path dir;

    private static KkmEngine engine(EngineFixture ofd) {
        return new RingKkmEngine(ofd.server().pipeline(), new SecureTokenSource(), 10_000);
    }

    private static KkmEngine.Registration registration(long proposedId) {
        return new KkmEngine.Registration(proposedId, EngineFixture.RNM, "SIM-1", "OFD simulator KKM 1", EngineFixture.BIN,
            "ТОО Тест", "г. Астана, пр. Мангилик Ел 55", "Касса 1");
    }

    @Test
    void shouldRegisterReissueTokensAndDeregisterThroughTheRing() throws Exception {
        try (EngineFixture ofd = new EngineFixture(dir)) {
            ofd.register(7, 77);
            KkmEngine.Registered r = engine(ofd).register(registration(7));
            assertEquals(8, r.ofdId(), "id 7 was registered through the management port: the next free one");
            engine(ofd).record(0, "kkm=1 organization=1 status=AWAITING_REGISTRATION");
            engine(ofd).record(r.ofdId(), "kkm=1 organization=1 status=REGISTERED");

            long old = r.token();
            assertEquals(0, ofd.call(r.ofdId(), old, 1, Requests.ticket(10_000)).getResult().getResultCode());
            long current = ofd.lastHeaderToken;
            assertTrue(engine(ofd).state(r.ofdId()).shiftOpen(), "a ticket opened the shift");

            long issued = engine(ofd).issueToken(r.ofdId());
            assertNotEquals(current, issued);
            assertEquals(ResultTypeEnum.RESULT_TYPE_INVALID_TOKEN_VALUE,
                ofd.call(r.ofdId(), current, 2, Requests.ticket(10_000)).getResult().getResultCode());
            assertEquals(ResultTypeEnum.RESULT_TYPE_INVALID_TOKEN_VALUE,
                ofd.call(r.ofdId(), old, 1, Requests.ticket(10_000)).getResult().getResultCode(),
                "not even the retry of the last document answers with the old token");

            ofd.restart();
            assertEquals(0, ofd.call(r.ofdId(), issued, 2, Requests.closeShift()).getResult().getResultCode(),
                "the re-issued token survives a restart");
            assertFalse(engine(ofd).state(r.ofdId()).shiftOpen(), "CLOSE_SHIFT closed it");

            engine(ofd).deregister(r.ofdId(), "ККМ снята с учета в КГД: Замена ККМ");
            assertEquals(ResultTypeEnum.RESULT_TYPE_BLOCKED_VALUE,
                ofd.call(r.ofdId(), ofd.lastHeaderToken, 3, Requests.ticket(10_000)).getResult().getResultCode());
            assertThrows(KkmEngine.KkmEngineException.class, () -> engine(ofd).issueToken(999));
            assertThrows(KkmEngine.KkmEngineException.class, () -> engine(ofd).state(999));
        }
    }

    @Test
    void shouldAnswerWithTheNewDataAfterAReregistrationAcrossRestarts() throws Exception {
        try (EngineFixture ofd = new EngineFixture(dir)) {
            KkmEngine.Registered r = engine(ofd).register(registration(5));
            long kkm = r.ofdId();
            assertEquals("Касса 1", regInfo(ofd, kkm, r.token()).getPos().getTitle());
            assertEquals(0, ofd.call(kkm, r.token(), 1, Requests.ticket(10_000)).getResult().getResultCode());
            long token = ofd.lastHeaderToken;

            KkmEngine.Details moved = new KkmEngine.Details("SIM-1", "OFD simulator KKM 1", EngineFixture.BIN,
                "ТОО Тест", "г. Алматы, пр. Абая 10, 2", "Касса 2 «Новая»");
            engine(ofd).updateRegistration(kkm, moved);

            assertRegisteredAt(regInfo(ofd, kkm, token), kkm, moved);
            try (RawKkmConnection c = ofd.connect()) {
                Response v204 = c.call(204, kkm, token, 2, Requests.system(true));
                assertRegisteredAt(v204.getService().getRegInfo(), kkm, moved);
                assertTrue(v204.getService().getRegInfo().hasOfd(), "2.0.4 registers get the OFD's part too");
            }
            Response ticket = ofd.call(kkm, token, 2, Requests.ticket(20_000).toBuilder()
                .setService(ServiceRequest.newBuilder().setGetRegInfo(true)).build());
            assertEquals(0, ticket.getResult().getResultCode(), "the token, request number and shift stay");
            assertRegisteredAt(ticket.getService().getRegInfo(), kkm, moved);
            token = ofd.lastHeaderToken;

            KkmEngine.Details blank = new KkmEngine.Details("SIM-1", "OFD simulator KKM 1", EngineFixture.BIN, "ТОО Тест",
                " ", "Касса 3");
            KkmEngine.KkmEngineException refused = assertThrows(KkmEngine.KkmEngineException.class,
                () -> engine(ofd).updateRegistration(kkm, blank));
            assertTrue(refused.getMessage().contains("address must not be blank"), refused.getMessage());
            KkmEngine.Details badBin = new KkmEngine.Details("SIM-1", "OFD simulator KKM 1", "180340021792", "ТОО Тест",
                "г. Алматы", "Касса 3");
            assertThrows(KkmEngine.KkmEngineException.class, () -> engine(ofd).updateRegistration(kkm, badBin));
            assertThrows(KkmEngine.KkmEngineException.class, () -> engine(ofd).updateRegistration(999, moved));
            assertRegisteredAt(regInfo(ofd, kkm, token), kkm, moved);

            ofd.restart();   // a graceful stop writes a snapshot, and the next start restores it
            assertTrue(ofd.server().recoveredFromSnapshot() >= 0, "started from the shutdown snapshot");
            assertEquals(0, ofd.server().recoveredRecords(), "nothing replayed after the snapshot");
            assertRegisteredAt(regInfo(ofd, kkm, token), kkm, moved);

            ofd.stop();
            deleteSnapshots(ofd.dataDir());
            ofd.start();
            assertEquals(-1, ofd.server().recoveredFromSnapshot(), "no snapshot: the whole journal was replayed");
            assertRegisteredAt(regInfo(ofd, kkm, token), kkm, moved);
            assertEquals(0, ofd.call(kkm, token, 3, Requests.ticket(30_000)).getResult().getResultCode());
        }
    }

    /** The reg info a version-2.0.3 INFO request is answered with (INFO does not rotate the token). */
    private static ServiceResponse.RegInfo regInfo(EngineFixture ofd, long kkm, long token) throws Exception {
        Response info = ofd.call(kkm, token, 1, Requests.info());
        assertEquals(0, info.getResult().getResultCode(), info.toString());
        return info.getService().getRegInfo();
    }

    private static void assertRegisteredAt(ServiceResponse.RegInfo regInfo, long kkm, KkmEngine.Details d) {
        assertEquals(EngineFixture.RNM, regInfo.getKkm().getFnsKkmId(), "the RNM stays");
        assertEquals(Long.toString(kkm), regInfo.getKkm().getKkmId(), "the OFD id stays");
        assertEquals(d.serialNumber(), regInfo.getKkm().getSerialNumber());
        assertEquals(d.pointName(), regInfo.getPos().getTitle());
        assertEquals(d.address(), regInfo.getPos().getAddress());
        assertEquals(d.address(), regInfo.getOrg().getAddress());
        assertEquals(d.ownerName(), regInfo.getOrg().getTitle());
        assertEquals(d.idn(), regInfo.getOrg().getInn());
    }

    private static void deleteSnapshots(Path dataDir) throws Exception {
        List<Path> files;
        try (Stream<Path> listed = Files.list(dataDir.resolve("snapshots"))) {
            files = listed.toList();
        }
        assertFalse(files.isEmpty(), "the stop wrote a snapshot");
        for (Path f : files) {
            Files.delete(f);
        }
    }
}
