package kz.ofd.engine.logic;

import kz.ofd.protocol.codec.MoneyCodec;
import kz.ofd.protocol.proto.DateTime;
import kz.ofd.protocol.proto.OperationTypeEnum;
import kz.ofd.protocol.proto.PaymentTypeEnum;
import kz.ofd.protocol.proto.ReportTypeEnum;
import kz.ofd.protocol.proto.Request;
import kz.ofd.protocol.proto.TicketRequest;
import kz.ofd.protocol.proto.ZXReport;
import kz.ofd.protocol.testing.Requests;
import org.junit.jupiter.api.Test;

import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A snapshot restores everything a KKM's next request depends on: token, the stored answer of the last document,
 * offline answers, block, offline periods, shift counters, the last Z, and the fiscal-sign sequence.
 */
final class StateSnapshotTest {

    private static final LocalDateTime T = LocalDateTime.of(2025, 3, 7, 10, 0, 0);

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
        assertTrue(fixture.logic().updateRegistration(0xFFFF_FFFFL, new KkmDetails("SN-B", "Меркурий-185Ф",
            "180340021791", "ТОО «Жаңа»", "г. Алматы, пр. Абая 150/230, офис 12", "Касса на втором этаже")));
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

    /**
     * Counters held sparsely (operation blocks in order of first use, sections and tax rates in sorted arrays) encode
     * the same whatever order they were created in, and a restored shift reports exactly as the live one, also
     * after both count the same next ticket.
     */
    @Test
    void shouldCarryAReregistrationsNewDataAndKeepTheRest() {
        busyDay();
        KkmRegistration before = fixture.logic().kkm(0xFFFF_FFFFL).registration();
        KkmDetails shorter = new KkmDetails("Б", "М", "180340021791", "О", "А", "Т");
        assertTrue(fixture.logic().updateRegistration(0xFFFF_FFFFL, shorter));
        assertFalse(fixture.logic().updateRegistration(4, shorter), "an unknown KKM");

        BusinessLogic logic = restored();
        KkmRegistration after = logic.kkm(0xFFFF_FFFFL).registration();
        assertEquals(shorter, after.details());
        assertEquals(before.rnm(), after.rnm());
        assertEquals(before.token(), after.token());
        assertEquals(fixture.logic().status(0xFFFF_FFFFL), logic.status(0xFFFF_FFFFL));
        assertEquals(fixture.logic().kkm(1).registration(), logic.kkm(1).registration(), "other KKMs untouched");
        assertArrayEquals(StateSnapshot.write(fixture.logic()), StateSnapshot.write(logic));
    }

    @Test
    void shouldRestoreSparseCountersWhateverOrderTheyGrewIn() {
        KkmRegistration text = new KkmRegistration(7, 7007, "620300000007", "ЗН-№ 7", "Меркурий-185Ф", "180340021791",
            "ИП «Әлем»", "г. Шымкент, мкр. Нурсат, 7", "Касса №2");
        fixture.register(text);
        KkmState live = fixture.logic().kkm(7);
        TicketAccounting.apply(live.counters(), taxed(Tickets.of(OperationTypeEnum.OPERATION_BUY, T).commodity("10", 4_000)
            .storno("10", 500).pay(PaymentTypeEnum.PAYMENT_CASH, 3_500).total(3_500), 100, 12_000, 375));
        TicketAccounting.apply(live.counters(), taxed(Tickets.of(OperationTypeEnum.OPERATION_SELL, T.plusMinutes(5))
            .commodity("2", 1_000).commodity("1", 2_000).discount(100).pay(PaymentTypeEnum.PAYMENT_MOBILE, 2_900)
            .offline(9).total(2_900), 100, 0, 0));
        TicketAccounting.apply(live.counters(), taxed(Tickets.of(OperationTypeEnum.OPERATION_SELL_RETURN, T.plusMinutes(9))
            .commodity("1", 700).pay(PaymentTypeEnum.PAYMENT_CARD, 700).total(700), 100, 12_000, 75));
        live.counters().addPlacement(1, ShiftCounters.PLACEMENT_SUM, 250);
        assertTrue(fixture.logic().block(7, "Блок \uDC00 без пары"));

        BusinessLogic logic = restored();
        KkmState back = logic.kkm(7);
        assertEquals(text, back.registration(), "the registration's text, non-ASCII included");
        assertEquals("Блок \uDC00 без пары", logic.status(7).blockReason());
        DateTime now = LogicFixture.at(T.plusHours(1));
        assertEquals(ReportBuilder.build(live.shift(), now, null), ReportBuilder.build(back.shift(), now, null));
        assertEquals(List.of("1", "10", "2"), ReportBuilder.build(back.shift(), now, null).getSectionsList().stream()
            .map(ZXReport.Section::getSectionCode).toList(), "sections in code order");

        TicketRequest next = Tickets.of(OperationTypeEnum.OPERATION_BUY_RETURN, T.plusMinutes(20)).commodity("0", 10)
            .pay(PaymentTypeEnum.PAYMENT_CASH, 10).total(10);
        TicketAccounting.apply(live.counters(), taxed(next, 100, 16_000, 1));
        TicketAccounting.apply(back.counters(), taxed(next, 100, 16_000, 1));
        assertArrayEquals(StateSnapshot.write(fixture.logic()), StateSnapshot.write(logic));
        assertEquals(ReportBuilder.build(live.shift(), now, now), ReportBuilder.build(back.shift(), now, now));
    }

    @Test
    void shouldKeepAKkmWithoutDocumentsWithoutCountersUntilItsFirst() {
        assertNull(fixture.logic().kkm(1).countersOrNull(), "no counters before the first document");
        assertEquals(1, fixture.logic().kkm(1).shift().shiftNumber());
        a.ok(Requests.closeShift());
        assertEquals(2, fixture.logic().kkm(1).countersOrNull().shiftNumber(), "closing shift 1 starts shift 2");
        BusinessLogic logic = restored();
        assertNull(logic.kkm(3).countersOrNull());
        assertEquals(2, logic.kkm(1).shift().shiftNumber());
        assertArrayEquals(StateSnapshot.write(fixture.logic()), StateSnapshot.write(logic));
    }

    /** The ticket with one tax of the given rate on the ticket and on its first item. */
    private static TicketRequest taxed(TicketRequest ticket, int type, int percent, long sum) {
        TicketRequest.Tax tax = TicketRequest.Tax.newBuilder().setTaxType(type).setPercent(percent)
            .setSum(MoneyCodec.fromTiyn(sum)).setIsInTotalSum(true).build();
        TicketRequest.Builder t = ticket.toBuilder().addTaxes(tax);
        if (t.getItems(0).hasCommodity()) {
            t.getItemsBuilder(0).getCommodityBuilder().addTaxes(tax.toBuilder().setPercent(percent + 1));
        }
        return t.build();
    }

    private static Request parse(byte[] body) {
        try {
            return Request.parser().parsePartialFrom(body);
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new AssertionError(e);
        }
    }
}
