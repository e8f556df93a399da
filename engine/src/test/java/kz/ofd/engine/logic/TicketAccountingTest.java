package kz.ofd.engine.logic;

import kz.ofd.protocol.proto.OperationTypeEnum;
import kz.ofd.protocol.proto.PaymentTypeEnum;
import kz.ofd.protocol.proto.TicketRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.LocalDateTime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Shift counters after single tickets (protocol-facts §6.4), checked field by field in integer tiyn.
 */
final class TicketAccountingTest {

    private static final LocalDateTime T = LocalDateTime.of(2025, 3, 7, 10, 0, 0);
    private static final int SELL = OperationTypeEnum.OPERATION_SELL_VALUE;
    private static final int BUY = OperationTypeEnum.OPERATION_BUY_VALUE;
    private static final int CASH = PaymentTypeEnum.PAYMENT_CASH_VALUE;
    private static final int CARD = PaymentTypeEnum.PAYMENT_CARD_VALUE;

    private final ShiftCounters c = new ShiftCounters(1);

    @ParameterizedTest
    @CsvSource({"OPERATION_BUY, -1", "OPERATION_BUY_RETURN, 1", "OPERATION_SELL, 1", "OPERATION_SELL_RETURN, -1"})
    void shouldGiveTheDirectionOfEachOperation(OperationTypeEnum operation, int direction) {
        assertEquals(direction, TicketAccounting.direction(Tickets.of(operation, T).commodity("1", 1).total(1)));
    }

    @Test
    void shouldAddUpOnlyCashPayments() {
        TicketRequest t = Tickets.of(OperationTypeEnum.OPERATION_SELL, T).commodity("1", 10_000)
            .pay(PaymentTypeEnum.PAYMENT_CASH, 3_000).pay(PaymentTypeEnum.PAYMENT_CARD, 5_000)
            .pay(PaymentTypeEnum.PAYMENT_CASH, 2_000).total(10_000);

        assertEquals(5_000, TicketAccounting.cashPaid(t));
    }

    @Test
    void shouldCountStornoCommodityAsMinusSumWithoutCount() {
        TicketRequest t = Tickets.of(OperationTypeEnum.OPERATION_SELL, T)
            .commodity("1", 10_000).commodity("2", 5_000).storno("1", 2_000)
            .pay(PaymentTypeEnum.PAYMENT_CARD, 13_000).total(13_000);

        TicketAccounting.apply(c, t);

        assertEquals(2, c.get(SELL, ShiftCounters.ITEM_COUNT));
        assertEquals(13_000, c.get(SELL, ShiftCounters.ITEM_SUM));
        assertArrayEquals(new long[] {0, 0, 0, 0, 1, 8_000, 0, 0}, sectionRow("1"));
        assertArrayEquals(new long[] {0, 0, 0, 0, 1, 5_000, 0, 0}, sectionRow("2"));
        assertEquals(0, c.cash, "a card payment leaves the drawer alone");
        assertEquals(13_000, c.revenue);
    }

    @Test
    void shouldCountItemAndTicketModifiersSeparatelyAndStornoModifiersAsMinusSum() {
        TicketRequest t = Tickets.of(OperationTypeEnum.OPERATION_BUY, T)
            .commodity("3", 4_000).markup(200).stornoMarkup(50).discount(100).stornoDiscount(30)
            .ticketMarkup(20).pay(PaymentTypeEnum.PAYMENT_CASH, 4_100).total(4_100);

        TicketAccounting.apply(c, t);

        assertEquals(2, c.get(BUY, ShiftCounters.MARKUP_COUNT), "item markup and ticket markup; the storno adds no count");
        assertEquals(170, c.get(BUY, ShiftCounters.MARKUP_SUM));
        assertEquals(170, c.get(BUY, ShiftCounters.TICKET_MARKUP_SUM));
        assertEquals(1, c.get(BUY, ShiftCounters.DISCOUNT_COUNT));
        assertEquals(70, c.get(BUY, ShiftCounters.DISCOUNT_SUM));
        assertEquals(70, c.get(BUY, ShiftCounters.TICKET_DISCOUNT_SUM));
        assertEquals(-4_100, c.cash, "BUY pays cash out (the business logic refuses it first if the drawer is short)");
        assertEquals(-4_100, c.revenue);
        assertEquals(4_100, c.get(BUY, ShiftCounters.NON_NULLABLE), "non-nullable sums grow for every operation");
    }

    @Test
    void shouldCountTicketsPaymentsChangeAndOffline() {
        TicketRequest online = Tickets.of(OperationTypeEnum.OPERATION_SELL, T).commodity("1", 12_000)
            .pay(PaymentTypeEnum.PAYMENT_CASH, 7_000).pay(PaymentTypeEnum.PAYMENT_CARD, 5_000)
            .cash(10_000, 3_000).total(12_000);
        TicketRequest offline = Tickets.of(OperationTypeEnum.OPERATION_SELL, T.plusHours(1)).commodity("1", 1_000)
            .pay(PaymentTypeEnum.PAYMENT_CASH, 1_000).offline(5).total(1_000);

        TicketAccounting.apply(c, online);
        TicketAccounting.apply(c, offline);

        assertEquals(2, c.get(SELL, ShiftCounters.TICKET_COUNT));
        assertEquals(2, c.get(SELL, ShiftCounters.TICKET_TOTAL_COUNT));
        assertEquals(13_000, c.get(SELL, ShiftCounters.TICKET_SUM));
        assertEquals(1, c.get(SELL, ShiftCounters.OFFLINE_COUNT), "only the ticket with offline_ticket_number is offline");
        assertEquals(3_000, c.get(SELL, ShiftCounters.CHANGE_SUM));
        assertEquals(8_000, c.get(SELL, ShiftCounters.PAYMENT_SUM + CASH));
        assertEquals(2, c.get(SELL, ShiftCounters.PAYMENT_COUNT + CASH));
        assertEquals(5_000, c.get(SELL, ShiftCounters.PAYMENT_SUM + CARD));
        assertEquals(1, c.get(SELL, ShiftCounters.PAYMENT_COUNT + CARD));
        assertEquals(8_000, c.cash, "cash payments are the amounts applied, change excluded");
        assertEquals(13_000, c.revenue);
        assertEquals(13_000, c.get(SELL, ShiftCounters.NON_NULLABLE));
        assertTrue(c.open);
        assertEquals(LogicFixture.at(T), c.openTime(), "the shift opens at the first document's own time");
        assertEquals(2, c.documents);
    }

    /** The counts and sums of a section, {@code [op * 2]} and {@code [op * 2 + 1]}. */
    private long[] sectionRow(String code) {
        for (int i = 0; i < c.sectionCount(); i++) {
            if (code.equals(new String(c.sectionCode(i), java.nio.charset.StandardCharsets.UTF_8))) {
                long[] row = new long[ShiftCounters.SECTION_ROW];
                for (int j = 0; j < row.length; j++) {
                    row[j] = c.section(i, j);
                }
                return row;
            }
        }
        return null;
    }
}
