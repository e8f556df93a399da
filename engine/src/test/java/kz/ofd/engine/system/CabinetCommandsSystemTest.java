package kz.ofd.engine.system;

import kz.ofd.cabinet.spi.KkmEngine;
import kz.ofd.engine.cabinet.RingKkmEngine;
import kz.ofd.engine.logic.SecureTokenSource;
import kz.ofd.protocol.proto.ResultTypeEnum;
import kz.ofd.protocol.testing.Requests;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The engine side of the cabinet, {@link RingKkmEngine}, on a real server: a registration takes the next free id when
 * the proposed one is taken, the shift state it reports follows the register's documents, a re-issued token refuses
 * the old one and survives a restart (the journal replays it), a status-change line changes nothing, and a
 * deregistration refuses everything afterwards. The full cabinet flow with KGD is CabinetKkmSystemTest (simulator).
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
}
