package kz.ofd.simulator.kkm;

import kz.ofd.protocol.codec.MoneyCodec;
import kz.ofd.protocol.proto.DateTime;
import kz.ofd.protocol.proto.OperationTypeEnum;
import kz.ofd.protocol.proto.PaymentTypeEnum;
import kz.ofd.protocol.proto.TicketRequest;
import org.junit.jupiter.api.Test;

import java.time.LocalDateTime;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TicketFactoryTest {

    private static final DateTime NOW = Wire.dateTime(LocalDateTime.of(2026, 3, 15, 10, 30, 5));

    @Test
    void shouldBuildInternallyConsistentTickets() {
        SplittableRandom random = new SplittableRandom(42);
        boolean sawMixed = false;
        boolean sawCard = false;
        boolean sawChange = false;
        for (int n = 0; n < 5000; n++) {
            OperationTypeEnum op = n % 5 == 0 ? OperationTypeEnum.OPERATION_BUY : OperationTypeEnum.OPERATION_SELL;
            long drawer = n % 2 == 0 ? 0 : 100_000_000L;
            TicketFactory.Ticket t = TicketFactory.build(random, op, drawer, NOW);
            TicketRequest r = t.request();
            assertTrue(r.isInitialized());
            assertEquals(op, r.getOperation());
            assertTrue(r.getItemsCount() >= 1 && r.getItemsCount() <= TicketFactory.MAX_ITEMS);
            long itemsTotal = 0;
            for (TicketRequest.Item item : r.getItemsList()) {
                TicketRequest.Item.Commodity c = item.getCommodity();
                long price = MoneyCodec.toTiyn(c.getPrice());
                long sum = MoneyCodec.toTiyn(c.getSum());
                assertEquals(0, price * c.getQuantity() % 1000);
                assertEquals(price * c.getQuantity() / 1000, sum);
                assertEquals("1", c.getSectionCode());
                for (TicketRequest.Tax tax : c.getTaxesList()) {
                    assertEquals(TicketFactory.includedTax(sum, 12_000), MoneyCodec.toTiyn(tax.getSum()));
                    assertTrue(tax.getIsInTotalSum());
                }
                itemsTotal += sum;
            }
            long total = MoneyCodec.toTiyn(r.getAmounts().getTotal());
            assertEquals(itemsTotal, total);
            assertEquals(total, t.total());
            long cash = 0;
            long paid = 0;
            for (TicketRequest.Payment p : r.getPaymentsList()) {
                long sum = MoneyCodec.toTiyn(p.getSum());
                assertTrue(sum > 0);
                paid += sum;
                if (p.getType() == PaymentTypeEnum.PAYMENT_CASH) {
                    cash += sum;
                } else {
                    sawCard = true;
                }
            }
            assertEquals(total, paid);
            sawMixed |= r.getPaymentsCount() == 2;
            if (cash > 0) {
                long taken = MoneyCodec.toTiyn(r.getAmounts().getTaken());
                long change = MoneyCodec.toTiyn(r.getAmounts().getChange());
                assertEquals(cash, taken - change);
                sawChange |= change > 0;
            } else {
                assertFalse(r.getAmounts().hasTaken());
            }
            assertEquals(op == OperationTypeEnum.OPERATION_BUY ? -cash : cash, t.cashDelta());
            if (op == OperationTypeEnum.OPERATION_BUY && drawer == 0) {
                assertEquals(0, cash, "a BUY never pays out cash the drawer does not hold");
            }
        }
        assertTrue(sawMixed && sawCard && sawChange);
    }

    @Test
    void shouldRoundIncludedVatHalfUp() {
        assertEquals(12, TicketFactory.includedTax(112, 12_000));
        assertEquals(1_071, TicketFactory.includedTax(10_000, 12_000));
        assertEquals(0, TicketFactory.includedTax(4, 12_000));
        assertEquals(1, TicketFactory.includedTax(5, 12_000));
    }
}
