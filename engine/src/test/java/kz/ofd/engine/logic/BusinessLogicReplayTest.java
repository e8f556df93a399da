package kz.ofd.engine.logic;

import com.google.protobuf.InvalidProtocolBufferException;
import kz.ofd.protocol.frame.FrameHeader;
import kz.ofd.protocol.proto.OperationTypeEnum;
import kz.ofd.protocol.proto.ReportTypeEnum;
import kz.ofd.protocol.proto.Request;
import kz.ofd.protocol.testing.Requests;
import org.junit.jupiter.api.Test;

import java.util.List;

import static kz.ofd.engine.logic.LogicFixture.VERSION;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Replaying the accepted documents of a live logic into a fresh one rebuilds the same state and the same next
 * behaviour (event sourcing, protocol-facts §3.2 retries included).
 */
final class BusinessLogicReplayTest {

    private static final long A = 11;
    private static final long B = 0xFFFF_FFFFL;

    @Test
    void shouldRebuildTheSameStateAndBehaviourFromTheAcceptedDocuments() throws Exception {
        LogicFixture live = new LogicFixture();
        LogicFixture.Kkm a = live.register(A, 100);
        LogicFixture.Kkm b = live.register(B, 0xFFFF_FFFEL);
        runADay(live, a, b);

        BusinessLogic replayed = replay(live.accepted(), A, 100, B, 0xFFFF_FFFEL);

        assertEquals(live.logic().kkmCount(), replayed.kkmCount());
        assertEquals(live.logic().lastFiscalSign(), replayed.lastFiscalSign());
        for (LogicFixture.Kkm kkm : List.of(a, b)) {
            assertEquals(kkm.token(), replayed.kkm(kkm.id()).token(), "same current token for KKM " + kkm.id());
            for (Request service : List.of(LogicFixture.report(ReportTypeEnum.REPORT_X),
                LogicFixture.report(ReportTypeEnum.REPORT_Z), Requests.info())) {
                Answer expected = ask(live.logic(), kkm.id(), kkm.token(), 60_000, service);
                Answer actual = ask(replayed, kkm.id(), kkm.token(), 60_000, service);
                assertEquals(0, expected.resultCode());
                assertArrayEquals(expected.body(), actual.body(), service.getCommand() + " of KKM " + kkm.id());
                assertEquals(expected.headerToken(), actual.headerToken());
            }
        }

        // A retry of the last document gets the identical stored answer from both.
        LogicFixture.Accepted last = live.accepted().get(live.accepted().size() - 1);
        Request lastRequest = Request.parser().parsePartialFrom(last.request());
        Answer liveRetry = new Answer();
        Answer replayedRetry = new Answer();
        live.logic().onRequest(last.header(), last.command(), lastRequest, null, LogicFixture.RECEIVED_AT, liveRetry);
        replayed.onRequest(last.header(), last.command(), lastRequest, null, LogicFixture.RECEIVED_AT, replayedRetry);
        assertEquals(0, replayedRetry.resultCode());
        assertFalse(replayedRetry.accepted());
        assertArrayEquals(last.answer(), replayedRetry.body());
        assertArrayEquals(liveRetry.body(), replayedRetry.body());
        assertEquals(liveRetry.headerToken(), replayedRetry.headerToken());

        // The next new document is answered identically: same sign, same new token.
        Request ticket = LogicFixture.dated(Requests.ticket(4_321), LogicFixture.DOCUMENT_TIME);
        Answer liveNext = ask(live.logic(), a.id(), a.token(), 60_001, ticket);
        Answer replayedNext = ask(replayed, a.id(), a.token(), 60_001, ticket);
        assertTrue(replayedNext.accepted());
        assertArrayEquals(liveNext.body(), replayedNext.body());
        assertEquals(liveNext.fiscalSign(), replayedNext.fiscalSign());
        assertEquals(liveNext.newToken(), replayedNext.newToken());
        assertEquals(liveNext.shiftNumber(), replayedNext.shiftNumber());
    }

    @Test
    void shouldNeverReissueAFiscalSignAfterReplay() {
        LogicFixture live = new LogicFixture();
        LogicFixture.Kkm a = live.register(A, 100);
        a.ok(Requests.ticket(100));
        a.ok(Requests.ticket(200));

        BusinessLogic replayed = replay(live.accepted(), A, 100, B, 5);

        assertEquals(FiscalSigns.FIRST + 1, replayed.lastFiscalSign());
        Answer next = ask(replayed, B, 5, 1, Requests.ticket(300));
        assertEquals(FiscalSigns.FIRST + 2, next.fiscalSign());
    }

    private static void runADay(LogicFixture live, LogicFixture.Kkm a, LogicFixture.Kkm b) {
        a.ok(Requests.moneyPlacement(true, 100_000));
        b.ok(Requests.ticket(OperationTypeEnum.OPERATION_SELL, 1_000, 2_550));
        a.ok(Requests.ticket(12_345));
        assertEquals(14, a.send(Requests.moneyPlacement(false, 10_000_000)).resultCode(), "refused: not replayed");
        LogicFixture.Accepted lastOfA = live.accepted().get(live.accepted().size() - 1);
        Answer retry = live.send(VERSION, A, lastOfA.header().token(), lastOfA.header().requestNumber(),
            lastOfA.command(), parse(lastOfA.request()), null);
        assertFalse(retry.accepted(), "a retry is not journaled");
        a.ok(LogicFixture.returnTicket(OperationTypeEnum.OPERATION_SELL_RETURN, 345));
        b.ok(Requests.closeShift(true));
        a.ok(Requests.closeShift());
        b.ok(Requests.moneyPlacement(true, 500));
        a.ok(Requests.ticket(OperationTypeEnum.OPERATION_BUY, 1_000));
        a.ok(Requests.system(true));
        b.ok(LogicFixture.returnTicket(OperationTypeEnum.OPERATION_BUY_RETURN, 77));
        assertEquals(9, live.accepted().size());
    }

    private static BusinessLogic replay(List<LogicFixture.Accepted> accepted, long idA, long tokenA, long idB,
                                        long tokenB) {
        BusinessLogic fresh = LogicFixture.freshLogic();
        assertTrue(fresh.register(LogicFixture.registration(idA, tokenA)));
        assertTrue(fresh.register(LogicFixture.registration(idB, tokenB)));
        for (LogicFixture.Accepted d : accepted) {
            fresh.replayDocument(d.header(), parse(d.request()), d.fiscalSign(), d.newToken(), d.answer());
        }
        return fresh;
    }

    private static Answer ask(BusinessLogic logic, long id, long token, int reqnum, Request request) {
        byte[] body = request.toByteArray();
        Answer answer = new Answer();
        logic.onRequest(FrameHeader.of(VERSION, body.length, id, token, reqnum),
            request.getCommand().getNumber(), request, null, LogicFixture.RECEIVED_AT, answer);
        return answer;
    }

    private static Request parse(byte[] body) {
        try {
            return Request.parser().parsePartialFrom(body);
        } catch (InvalidProtocolBufferException e) {
            throw new AssertionError(e);
        }
    }
}
