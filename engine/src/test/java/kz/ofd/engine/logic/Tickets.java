package kz.ofd.engine.logic;

import kz.ofd.protocol.proto.OperationTypeEnum;
import kz.ofd.protocol.proto.Operator;
import kz.ofd.protocol.proto.PaymentTypeEnum;
import kz.ofd.protocol.proto.TicketRequest;
import kz.ofd.protocol.testing.Requests;

import java.time.LocalDateTime;

/**
 * Hand-built tickets for accounting tests: every item kind, modifiers, payments of any type. Amounts in tiyn.
 */
final class Tickets {

    private final TicketRequest.Builder ticket = TicketRequest.newBuilder();
    private final TicketRequest.Amounts.Builder amounts = TicketRequest.Amounts.newBuilder();

    private Tickets(OperationTypeEnum operation, LocalDateTime time) {
        ticket.setOperation(operation)
            .setDateTime(Requests.dateTime(time))
            .setOperator(Operator.newBuilder().setCode(1).setName("Кассир"));
    }

    static Tickets of(OperationTypeEnum operation, LocalDateTime time) {
        return new Tickets(operation, time);
    }

    Tickets commodity(String section, long sum) {
        ticket.addItems(TicketRequest.Item.newBuilder()
            .setType(TicketRequest.Item.ItemTypeEnum.ITEM_TYPE_COMMODITY)
            .setCommodity(TicketRequest.Item.Commodity.newBuilder()
                .setName("Товар").setSectionCode(section).setQuantity(1000)
                .setPrice(Requests.money(sum)).setSum(Requests.money(sum))));
        return this;
    }

    Tickets storno(String section, long sum) {
        ticket.addItems(TicketRequest.Item.newBuilder()
            .setType(TicketRequest.Item.ItemTypeEnum.ITEM_TYPE_STORNO_COMMODITY)
            .setStornoCommodity(TicketRequest.Item.StornoCommodity.newBuilder()
                .setName("Товар").setSectionCode(section).setQuantity(1000)
                .setPrice(Requests.money(sum)).setSum(Requests.money(sum))));
        return this;
    }

    Tickets discount(long sum) {
        ticket.addItems(TicketRequest.Item.newBuilder()
            .setType(TicketRequest.Item.ItemTypeEnum.ITEM_TYPE_DISCOUNT).setDiscount(modifier(sum)));
        return this;
    }

    Tickets stornoDiscount(long sum) {
        ticket.addItems(TicketRequest.Item.newBuilder()
            .setType(TicketRequest.Item.ItemTypeEnum.ITEM_TYPE_STORNO_DISCOUNT).setStornoDiscount(modifier(sum)));
        return this;
    }

    Tickets markup(long sum) {
        ticket.addItems(TicketRequest.Item.newBuilder()
            .setType(TicketRequest.Item.ItemTypeEnum.ITEM_TYPE_MARKUP).setMarkup(modifier(sum)));
        return this;
    }

    Tickets stornoMarkup(long sum) {
        ticket.addItems(TicketRequest.Item.newBuilder()
            .setType(TicketRequest.Item.ItemTypeEnum.ITEM_TYPE_STORNO_MARKUP).setStornoMarkup(modifier(sum)));
        return this;
    }

    Tickets ticketDiscount(long sum) {
        amounts.setDiscount(modifier(sum));
        return this;
    }

    Tickets ticketMarkup(long sum) {
        amounts.setMarkup(modifier(sum));
        return this;
    }

    Tickets pay(PaymentTypeEnum type, long sum) {
        ticket.addPayments(TicketRequest.Payment.newBuilder().setType(type).setSum(Requests.money(sum)));
        return this;
    }

    Tickets cash(long taken, long change) {
        amounts.setTaken(Requests.money(taken)).setChange(Requests.money(change));
        return this;
    }

    Tickets offline(int number) {
        ticket.setOfflineTicketNumber(number);
        return this;
    }

    TicketRequest total(long total) {
        return ticket.setAmounts(amounts.setTotal(Requests.money(total))).build();
    }

    private static TicketRequest.Modifier modifier(long sum) {
        return TicketRequest.Modifier.newBuilder().setName("Скидка").setSum(Requests.money(sum)).build();
    }
}
