package kz.ofd.engine.logic;

import kz.ofd.protocol.proto.DateTime;
import kz.ofd.protocol.proto.Request;
import kz.ofd.protocol.proto.ServiceRequest;
import kz.ofd.protocol.testing.Requests;
import org.junit.jupiter.api.Test;

import java.time.LocalDateTime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code service.offline_period} is recorded per KKM when it describes an outage (end after begin), on any command;
 * a period sent with begin = end on every request is not one (protocol-facts §5).
 */
final class OfflinePeriodTest {

    private static final LocalDateTime BEGIN = LocalDateTime.of(2026, 11, 22, 21, 10, 0);
    private static final LocalDateTime END = LocalDateTime.of(2026, 11, 23, 8, 45, 30);

    private final LogicFixture fixture = new LogicFixture();
    private final LogicFixture.Kkm kkm = fixture.register(1, 1001);

    static Request withPeriod(Request request, LocalDateTime begin, LocalDateTime end) {
        Request.Builder b = request.toBuilder();
        b.getServiceBuilder().setOfflinePeriod(ServiceRequest.OfflinePeriod.newBuilder()
            .setBeginTime(Requests.dateTime(begin)).setEndTime(Requests.dateTime(end)));
        return b.buildPartial();
    }

    private KkmStatus status() {
        return fixture.logic().status(kkm.id());
    }

    @Test
    void aPeriodWithTheEndAfterTheBeginIsRecordedFromSystem() {
        Answer a = kkm.send(withPeriod(Requests.system(false), BEGIN, END));
        assertEquals(0, a.resultCode());
        assertTrue(a.offlinePeriodReported(), "to be journaled on its own: SYSTEM is not a document");
        KkmStatus s = status();
        assertEquals(1, s.offlinePeriods());
        assertEquals(BEGIN, s.lastOfflineBegin());
        assertEquals(END, s.lastOfflineEnd());
    }

    @Test
    void beginEqualToEndOnEveryRequestIsNotAnOutage() {
        Answer a = kkm.send(withPeriod(Requests.ticket(1_000), END, END));
        assertEquals(0, a.resultCode());
        assertFalse(a.offlinePeriodReported());
        assertEquals(0, status().offlinePeriods());
        assertNull(status().lastOfflineBegin());
    }

    @Test
    void aRefreshedEndExtendsThePeriodAndALaterBeginStartsAnother() {
        kkm.send(withPeriod(Requests.system(false), BEGIN, END.minusHours(1)));
        assertTrue(kkm.send(withPeriod(Requests.system(false), BEGIN, END)).offlinePeriodReported());
        assertFalse(kkm.send(withPeriod(Requests.system(false), BEGIN, END)).offlinePeriodReported(), "nothing new");
        assertFalse(kkm.send(withPeriod(Requests.system(false), BEGIN.minusDays(2), BEGIN.minusDays(1)))
            .offlinePeriodReported(), "an older period again");
        assertEquals(1, status().offlinePeriods());
        assertEquals(END, status().lastOfflineEnd());
        kkm.send(withPeriod(Requests.system(false), END.plusHours(2), END.plusHours(3)));
        assertEquals(2, status().offlinePeriods());
        assertEquals(END.plusHours(2), status().lastOfflineBegin());
    }

    @Test
    void aMalformedPeriodIsIgnoredAndTheRequestStillServed() {
        Request.Builder b = Requests.system(false).toBuilder();
        b.getServiceBuilder().setOfflinePeriod(ServiceRequest.OfflinePeriod.newBuilder()
            .setBeginTime(DateTime.newBuilder().setDate(Requests.dateTime(BEGIN).getDate().toBuilder().setMonth(13))
                .setTime(Requests.dateTime(BEGIN).getTime()))
            .setEndTime(Requests.dateTime(END)));
        Answer a = kkm.send(b.buildPartial());
        assertEquals(0, a.resultCode());
        assertEquals(0, status().offlinePeriods());
    }

    @Test
    void aWrongTokenRecordsNothing() {
        Request r = withPeriod(Requests.system(false), BEGIN, END);
        Answer a = fixture.send(LogicFixture.VERSION, kkm.id(), kkm.token() + 1, 1, r.getCommand().getNumber(), r, null);
        assertEquals(2, a.resultCode());
        assertEquals(0, status().offlinePeriods());
    }

    @Test
    void anAcceptedDocumentCarriesItsPeriodIntoReplay() {
        kkm.ok(withPeriod(Requests.moneyPlacement(true, 500), BEGIN, END));
        BusinessLogic replayed = LogicFixture.freshLogic();
        replayed.register(LogicFixture.registration(1, 1001));
        for (LogicFixture.Accepted d : fixture.accepted()) {
            replayed.replayDocument(d.header(), parse(d.request()), d.fiscalSign(), d.newToken(), d.answer());
        }
        assertEquals(status(), replayed.status(kkm.id()));
        replayed.replayOfflinePeriod(kkm.id(), 0, 1);
        assertEquals(1, replayed.status(kkm.id()).offlinePeriods(), "an older period does not count again");
    }

    private static Request parse(byte[] body) {
        try {
            return Request.parser().parsePartialFrom(body);
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new AssertionError(e);
        }
    }
}
