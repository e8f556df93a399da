package kz.ofd.simulator.kkm;

import kz.ofd.protocol.codec.MoneyCodec;
import kz.ofd.protocol.codec.Violation;
import kz.ofd.protocol.proto.CommandTypeEnum;
import kz.ofd.protocol.proto.DateTime;
import kz.ofd.protocol.proto.OperationTypeEnum;
import kz.ofd.protocol.proto.PaymentTypeEnum;
import kz.ofd.protocol.proto.Request;
import kz.ofd.protocol.proto.TicketRequest;
import kz.ofd.protocol.validate.RequestValidator;
import org.junit.jupiter.api.Test;

import java.time.LocalDateTime;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TicketFactoryTest {

    private static final DateTime NOW = Wire.dateTime(LocalDateTime.of(2026, 3, 15, 10, 30, 5));

    /** The server's own field rules accept the ticket. */
    private static void assertValid(TicketRequest t) {
        Request r = Request.newBuilder().setCommand(CommandTypeEnum.COMMAND_TICKET).setTicket(t).build();
        Violation v = RequestValidator.validate(r, 203);
        assertNull(v, () -> v.text() + " in " + t);
    }

    /** items − item discounts + item markups − ticket discount + ticket markup, as the validator adds up. */
    private static long expectedTotal(TicketRequest r) {
        long total = 0;
        for (TicketRequest.Item item : r.getItemsList()) {
            switch (item.getType()) {
                case ITEM_TYPE_COMMODITY -> total += MoneyCodec.toTiyn(item.getCommodity().getSum());
                case ITEM_TYPE_DISCOUNT -> total -= MoneyCodec.toTiyn(item.getDiscount().getSum());
                case ITEM_TYPE_MARKUP -> total += MoneyCodec.toTiyn(item.getMarkup().getSum());
                default -> throw new AssertionError("unexpected item " + item.getType());
            }
        }
        if (r.getAmounts().hasDiscount()) {
            total -= MoneyCodec.toTiyn(r.getAmounts().getDiscount().getSum());
        }
        if (r.getAmounts().hasMarkup()) {
            total += MoneyCodec.toTiyn(r.getAmounts().getMarkup().getSum());
        }
        return total;
    }

    @Test
    void shouldBuildInternallyConsistentTickets() {
        SplittableRandom random = new SplittableRandom(42);
        boolean sawMixed = false;
        boolean sawCard = false;
        boolean sawChange = false;
        boolean sawItemDiscount = false;
        boolean sawItemMarkup = false;
        boolean sawTicketDiscount = false;
        boolean sawTicketMarkup = false;
        boolean sawVat0 = false;
        boolean sawVat12 = false;
        boolean sawUntaxed = false;
        for (int n = 0; n < 5000; n++) {
            OperationTypeEnum op = n % 5 == 0 ? OperationTypeEnum.OPERATION_BUY : OperationTypeEnum.OPERATION_SELL;
            long drawer = n % 2 == 0 ? 0 : 100_000_000L;
            TicketFactory.Ticket t = TicketFactory.build(random, op, drawer, NOW);
            TicketRequest r = t.request();
            assertTrue(r.isInitialized());
            assertValid(r);
            assertEquals(op, r.getOperation());
            int commodities = 0;
            for (TicketRequest.Item item : r.getItemsList()) {
                sawItemDiscount |= item.hasDiscount();
                sawItemMarkup |= item.hasMarkup();
                if (!item.hasCommodity()) {
                    continue;
                }
                commodities++;
                TicketRequest.Item.Commodity c = item.getCommodity();
                long price = MoneyCodec.toTiyn(c.getPrice());
                long sum = MoneyCodec.toTiyn(c.getSum());
                assertEquals(0, price * c.getQuantity() % 1000);
                assertEquals(price * c.getQuantity() / 1000, sum);
                assertEquals("1", c.getSectionCode());
                sawUntaxed |= c.getTaxesCount() == 0;
                for (TicketRequest.Tax tax : c.getTaxesList()) {
                    assertEquals(TicketFactory.includedTax(sum, tax.getPercent()), MoneyCodec.toTiyn(tax.getSum()));
                    assertTrue(tax.getIsInTotalSum());
                    sawVat0 |= tax.getPercent() == 0;
                    sawVat12 |= tax.getPercent() == TicketFactory.VAT_PERCENT;
                }
            }
            assertTrue(commodities >= 1 && commodities <= TicketFactory.MAX_ITEMS);
            sawTicketDiscount |= r.getAmounts().hasDiscount();
            sawTicketMarkup |= r.getAmounts().hasMarkup();
            long total = MoneyCodec.toTiyn(r.getAmounts().getTotal());
            assertEquals(expectedTotal(r), total);
            assertTrue(total > 0);
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
        assertTrue(sawItemDiscount && sawItemMarkup && sawTicketDiscount && sawTicketMarkup);
        assertTrue(sawVat0 && sawVat12 && sawUntaxed);
    }

    @Test
    void shouldBuildReturnsThatNameTheirParentAndReturnExactlyTheAmount() {
        SplittableRandom random = new SplittableRandom(3);
        TicketFactory.Parent sell = new TicketFactory.Parent("1000000123", OperationTypeEnum.OPERATION_SELL, 123_456,
            NOW, "620300000001", false);
        TicketFactory.Parent buy = new TicketFactory.Parent("1000000124", OperationTypeEnum.OPERATION_BUY, 5_000, NOW,
            "620300000001", true);
        for (int n = 0; n < 2000; n++) {
            TicketFactory.Parent parent = n % 2 == 0 ? sell : buy;
            long amount = 1 + random.nextLong(parent.total());
            long drawer = n % 3 == 0 ? 0 : 1_000_000;
            TicketFactory.Ticket t = TicketFactory.buildReturn(random, parent, amount, drawer, NOW);
            TicketRequest r = t.request();
            assertValid(r);
            assertEquals(parent == sell ? OperationTypeEnum.OPERATION_SELL_RETURN : OperationTypeEnum.OPERATION_BUY_RETURN,
                r.getOperation());
            TicketRequest.ParentTicket p = r.getParentTicket();
            assertEquals(parent.sign(), p.getParentTicketNumber());
            assertEquals(parent.total(), MoneyCodec.toTiyn(p.getParentTicketTotal()));
            assertEquals(parent.rnm(), p.getKgdKkmId());
            assertEquals(parent.offline(), p.getParentTicketIsOffline());
            assertEquals(parent.dateTime(), p.getParentTicketDataTime());
            assertEquals(amount, t.total());
            assertEquals(amount, expectedTotal(r));
            long cash = r.getPaymentsList().stream().filter(x -> x.getType() == PaymentTypeEnum.PAYMENT_CASH)
                .mapToLong(x -> MoneyCodec.toTiyn(x.getSum())).sum();
            assertEquals(TicketFactory.direction(r.getOperation()) * cash, t.cashDelta());
            if (parent == sell && drawer == 0) {
                assertEquals(0, cash, "a SELL_RETURN never pays out cash the drawer does not hold");
            }
        }
    }

    @Test
    void shouldRoundIncludedVatHalfUp() {
        assertEquals(12, TicketFactory.includedTax(112, 12_000));
        assertEquals(1_071, TicketFactory.includedTax(10_000, 12_000));
        assertEquals(0, TicketFactory.includedTax(4, 12_000));
        assertEquals(1, TicketFactory.includedTax(5, 12_000));
    }
}
