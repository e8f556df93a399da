package kz.ofd.engine.logic;

import kz.ofd.protocol.frame.ProtocolVersions;
import kz.ofd.protocol.proto.OperationTypeEnum;
import kz.ofd.protocol.proto.Request;
import kz.ofd.protocol.proto.Response;
import kz.ofd.protocol.testing.Requests;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static kz.ofd.protocol.proto.OperationTypeEnum.OPERATION_BUY;
import static kz.ofd.protocol.proto.OperationTypeEnum.OPERATION_BUY_RETURN;
import static kz.ofd.protocol.proto.OperationTypeEnum.OPERATION_SELL;
import static kz.ofd.protocol.proto.OperationTypeEnum.OPERATION_SELL_RETURN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Returns of tickets this OFD issued: the parent must exist, come from the KKM the return names, be of the reversed
 * operation and have the named total, and returns may not take more than is left. Parents issued elsewhere are taken
 * on the register's word. Amounts in tiyn.
 */
final class ReturnRulesTest {

    private static final int INCORRECT = 13;
    private static final String OTHER_RNM = "620300144468";

    private final LogicFixture fixture = new LogicFixture();
    private LogicFixture.Kkm shop;
    private LogicFixture.Kkm other;

    @BeforeEach
    void register() {
        shop = fixture.register(1, 1001);
        other = fixture.register(new KkmRegistration(2, 2002, OTHER_RNM, "SN-2", "Штрих-М 01", LogicFixture.BIN,
            "ТОО «Ромашка»", "г. Алматы, ул. Абая, 1", "Касса 2"));
        shop.ok(Requests.moneyPlacement(true, 10_000_000));
        other.ok(Requests.moneyPlacement(true, 10_000_000));
    }

    private static Request returnOf(OperationTypeEnum operation, String sign, String rnm, long parentTotal, long total) {
        return Requests.withParentTicket(Requests.ticket(operation, total), sign, rnm, LogicFixture.DOCUMENT_TIME,
            parentTotal);
    }

    private String sell(LogicFixture.Kkm kkm, long total) {
        return kkm.ok(Requests.ticket(OPERATION_SELL, total)).getTicket().getTicketNumber();
    }

    private void refused(LogicFixture.Kkm kkm, Request request, String text) {
        Answer a = kkm.send(request);
        Response r = LogicFixture.strict(a);
        assertEquals(INCORRECT, a.resultCode(), r.getResult().getResultText());
        assertEquals(text, r.getResult().getResultText());
        assertFalse(a.accepted());
    }

    @Test
    void partialReturnsMayTakeTheWholeTicketButNotMore() {
        String sign = sell(shop, 10_000);
        shop.ok(returnOf(OPERATION_SELL_RETURN, sign, LogicFixture.RNM, 10_000, 4_000));
        shop.ok(returnOf(OPERATION_SELL_RETURN, sign, LogicFixture.RNM, 10_000, 5_000));
        refused(shop, returnOf(OPERATION_SELL_RETURN, sign, LogicFixture.RNM, 10_000, 1_001),
            "ticket.amounts.total 10.01 exceeds what is left to return of ticket " + sign
                + ": 10.00 of 100.00 (90.00 already returned)");
        shop.ok(returnOf(OPERATION_SELL_RETURN, sign, LogicFixture.RNM, 10_000, 1_000));
        refused(shop, returnOf(OPERATION_SELL_RETURN, sign, LogicFixture.RNM, 10_000, 1),
            "ticket.amounts.total 0.01 exceeds what is left to return of ticket " + sign
                + ": 0.00 of 100.00 (100.00 already returned)");
    }

    @Test
    void aReturnMayBeMadeOnAnotherRegisterThanTheSale() {
        String sign = sell(shop, 10_000);
        other.ok(returnOf(OPERATION_SELL_RETURN, sign, LogicFixture.RNM, 10_000, 10_000));
        refused(shop, returnOf(OPERATION_SELL_RETURN, sign, LogicFixture.RNM, 10_000, 1),
            "ticket.amounts.total 0.01 exceeds what is left to return of ticket " + sign
                + ": 0.00 of 100.00 (100.00 already returned)");
    }

    @Test
    void theParentMustComeFromTheKkmTheReturnNames() {
        String sign = sell(shop, 10_000);
        refused(shop, returnOf(OPERATION_SELL_RETURN, sign, OTHER_RNM, 10_000, 10_000),
            "ticket.parent_ticket.kgd_kkm_id is " + OTHER_RNM + " but ticket " + sign + " was issued by KKM "
                + LogicFixture.RNM);
    }

    @Test
    void theParentMustHaveTheNamedTotal() {
        String sign = sell(shop, 10_000);
        refused(shop, returnOf(OPERATION_SELL_RETURN, sign, LogicFixture.RNM, 10_001, 10_000),
            "ticket.parent_ticket.parent_ticket_total is 100.01 but ticket " + sign + " was issued for 100.00");
    }

    @Test
    void aReturnReversesItsOwnOperationOnly() {
        String sale = sell(shop, 10_000);
        String purchase = shop.ok(Requests.ticket(OPERATION_BUY, 3_000)).getTicket().getTicketNumber();
        refused(shop, returnOf(OPERATION_BUY_RETURN, sale, LogicFixture.RNM, 10_000, 100),
            "ticket.parent_ticket.parent_ticket_number " + sale
                + " is a ticket of OPERATION_SELL; OPERATION_BUY_RETURN returns tickets of OPERATION_BUY");
        shop.ok(returnOf(OPERATION_BUY_RETURN, purchase, LogicFixture.RNM, 3_000, 3_000));
        String aReturn = shop.ok(returnOf(OPERATION_SELL_RETURN, sale, LogicFixture.RNM, 10_000, 500))
            .getTicket().getTicketNumber();
        refused(shop, returnOf(OPERATION_SELL_RETURN, aReturn, LogicFixture.RNM, 500, 500),
            "ticket.parent_ticket.parent_ticket_number " + aReturn
                + " is a ticket of OPERATION_SELL_RETURN; OPERATION_SELL_RETURN returns tickets of OPERATION_SELL");
    }

    @Test
    void parentsIssuedByAnotherOfdAreTakenOnTheRegistersWord() {
        sell(shop, 10_000);
        shop.ok(returnOf(OPERATION_SELL_RETURN, LogicFixture.FOREIGN_SIGN, LogicFixture.RNM, 1, 5_000));
        shop.ok(returnOf(OPERATION_SELL_RETURN, "999999999", LogicFixture.RNM, 1, 5_000));
        shop.ok(returnOf(OPERATION_SELL_RETURN, "99999999999999999999999", LogicFixture.RNM, 1, 5_000));
        String sign = sell(shop, 10_000);
        shop.ok(returnOf(OPERATION_SELL_RETURN, sign, "620300999999", 1, 20_000));   // a register of another OFD
    }

    @Test
    void leadingZerosNameTheSameTicket() {
        String sign = sell(shop, 10_000);
        refused(shop, returnOf(OPERATION_SELL_RETURN, "00" + sign, LogicFixture.RNM, 10_000, 10_001),
            "ticket.amounts.total 100.01 exceeds what is left to return of ticket " + sign
                + ": 100.00 of 100.00 (0.00 already returned)");
    }

    @Test
    void aRefusedReturnTakesNothing() {
        String sign = sell(shop, 10_000);
        refused(shop, returnOf(OPERATION_SELL_RETURN, sign, LogicFixture.RNM, 10_000, 10_001),
            "ticket.amounts.total 100.01 exceeds what is left to return of ticket " + sign
                + ": 100.00 of 100.00 (0.00 already returned)");
        shop.ok(returnOf(OPERATION_SELL_RETURN, sign, LogicFixture.RNM, 10_000, 10_000));
    }

    @Test
    void a202ReturnWithoutParentIsAccepted() {
        Answer a = shop.sendAt(ProtocolVersions.V202, Requests.ticket(OPERATION_SELL_RETURN, 700));
        assertEquals(0, a.resultCode(), LogicFixture.strict(a).getResult().getResultText());
        assertEquals(0, a.parentSign());
    }

    @Test
    void theAnswerNamesTheOwnParentForTheIndex() {
        String sign = sell(shop, 10_000);
        Answer a = shop.send(returnOf(OPERATION_SELL_RETURN, sign, LogicFixture.RNM, 10_000, 100));
        assertEquals(Long.parseLong(sign), a.parentSign());
        Answer foreign = shop.send(returnOf(OPERATION_SELL_RETURN, LogicFixture.FOREIGN_SIGN, LogicFixture.RNM, 1, 100));
        assertEquals(0, foreign.parentSign());
    }
}
