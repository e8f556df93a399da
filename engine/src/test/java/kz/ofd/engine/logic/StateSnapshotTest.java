package kz.ofd.engine.logic;

import kz.ofd.protocol.proto.ReportTypeEnum;
import kz.ofd.protocol.proto.Request;
import kz.ofd.protocol.testing.Requests;
import org.junit.jupiter.api.Test;

import java.time.LocalDateTime;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A snapshot restores everything a KKM's next request depends on: token, the stored answer of the last document,
 * offline answers, block, offline periods, shift counters, the last Z, and the fiscal-sign sequence.
 */
final class StateSnapshotTest {

    private final LogicFixture fixture = new LogicFixture();
    private final LogicFixture.Kkm a = fixture.register(1, 1001);
    private final LogicFixture.Kkm b = fixture.register(0xFFFF_FFFFL, 2002);
    private final LogicFixture.Kkm blocked = fixture.register(3, 3003);

    private BusinessLogic restored() {
        BusinessLogic logic = LogicFixture.freshLogic();
        StateSnapshot.read(StateSnapshot.write(fixture.logic()), logic);
        return logic;
    }

    private void busyDay() {
        a.ok(Requests.moneyPlacement(true, 500_000));
        a.ok(Requests.ticket(12_345));
        a.ok(Requests.closeShift(true));
        a.ok(Requests.ticket(1_000));
        Request.Builder offline = Requests.ticket(777).toBuilder();
        offline.getTicketBuilder().setOfflineTicketNumber(42);
        b.ok(offline.build());
        b.ok(OfflinePeriodTest.withPeriod(Requests.system(false), LocalDateTime.of(2026, 11, 1, 10, 0),
            LocalDateTime.of(2026, 11, 1, 12, 30)));
        assertTrue(fixture.logic().block(3, "Тариф не оплачен"));
    }

    @Test
    void shouldRestoreTheSameStateByteForByte() {
        busyDay();
        byte[] state = StateSnapshot.write(fixture.logic());
        BusinessLogic logic = restored();
        assertArrayEquals(state, StateSnapshot.write(logic));
        for (long id : new long[] {1, 0xFFFF_FFFFL, 3}) {
            assertEquals(fixture.logic().status(id), logic.status(id));
        }
        assertEquals(fixture.logic().lastFiscalSign(), logic.lastFiscalSign());
    }

    @Test
    void shouldAnswerTheNextRequestsOfEveryKkmAsTheLiveLogicWould() {
        busyDay();
        BusinessLogic logic = restored();
        LogicFixture.Accepted last = fixture.accepted().get(fixture.accepted().size() - 2);   // a's last ticket
        Answer retry = new Answer();
        logic.onRequest(last.header(), last.command(), parse(last.request()), null, LogicFixture.RECEIVED_AT, retry);
        assertEquals(0, retry.resultCode());
        assertArrayEquals(last.answer(), retry.body(), "a retry of the last document gets the identical answer");

        Request.Builder resend = Requests.ticket(777).toBuilder();
        resend.getTicketBuilder().setOfflineTicketNumber(42);
        Answer again = new Answer();
        byte[] body = resend.build().toByteArray();
        logic.onRequest(kz.ofd.protocol.frame.FrameHeader.of(203, body.length, b.id(), b.token(), 77), 1, resend.build(),
            null, LogicFixture.RECEIVED_AT, again);
        assertArrayEquals(fixture.accepted().get(fixture.accepted().size() - 1).answer(), again.body(),
            "an offline re-send gets its original answer");
        assertEquals(0, again.fiscalSign(), "and no new sign");

        Answer sys = new Answer();
        Request system = Requests.system(false);
        logic.onRequest(kz.ofd.protocol.frame.FrameHeader.of(203, 0, 3, 3003, 1), 0, system, null,
            LogicFixture.RECEIVED_AT, sys);
        assertEquals(15, sys.resultCode(), "still blocked");

        Answer next = new Answer();
        Request ticket = Requests.ticket(5);
        logic.onRequest(kz.ofd.protocol.frame.FrameHeader.of(203, 0, 1, a.token(), a.requestNumber() + 1), 1, ticket, null,
            LogicFixture.RECEIVED_AT, next);
        assertEquals(fixture.logic().lastFiscalSign() + 1, next.fiscalSign(), "the sign sequence goes on");
        Answer z = new Answer();
        logic.onRequest(kz.ofd.protocol.frame.FrameHeader.of(203, 0, 1, next.newToken(), 1), 3,
            LogicFixture.report(ReportTypeEnum.REPORT_X), null, LogicFixture.RECEIVED_AT, z);
        assertEquals(0, z.resultCode());
    }

    @Test
    void shouldRefuseCorruptBytesAndALogicThatIsNotFresh() {
        busyDay();
        byte[] state = StateSnapshot.write(fixture.logic());
        IllegalStateException notFresh = assertThrows(IllegalStateException.class,
            () -> StateSnapshot.read(state, fixture.logic()));
        assertEquals("a snapshot is restored into fresh logic only", notFresh.getMessage());
        assertThrows(IllegalStateException.class,
            () -> StateSnapshot.read(Arrays.copyOf(state, state.length - 3), LogicFixture.freshLogic()));
        byte[] longer = Arrays.copyOf(state, state.length + 1);
        assertThrows(IllegalStateException.class, () -> StateSnapshot.read(longer, LogicFixture.freshLogic()));
        byte[] otherFormat = state.clone();
        otherFormat[3] = 9;
        assertTrue(assertThrows(IllegalStateException.class, () -> StateSnapshot.read(otherFormat,
            LogicFixture.freshLogic())).getMessage().contains("format 9"));
    }

    private static Request parse(byte[] body) {
        try {
            return Request.parser().parsePartialFrom(body);
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new AssertionError(e);
        }
    }
}
