package kz.ofd.engine.report;

import kz.ofd.protocol.codec.MoneyCodec;
import kz.ofd.protocol.proto.Money;
import kz.ofd.protocol.proto.OperationTypeEnum;
import kz.ofd.protocol.proto.ZXReport;

import java.util.ArrayList;
import java.util.List;

/**
 * Where a register's own Z report differs from the server's (issue 4: keep both, record the differences). The
 * register's checksum is opaque and not compared. Pure and stateless: the indexer and recovery compute the same
 * result from the same journal record.
 */
public final class ZReportComparison {

    private ZReportComparison() {
    }

    /**
     * @param server   the server's Z
     * @param register the register's Z as sent
     * @return one line per differing figure, e.g. {@code cash_sum: server 300.50, register 301.00}; empty when equal
     */
    public static List<String> differences(ZXReport server, ZXReport register) {
        List<String> diffs = new ArrayList<>();
        if (server.getShiftNumber() != register.getShiftNumber()) {
            diffs.add("shift_number: server " + Integer.toUnsignedString(server.getShiftNumber()) + ", register "
                + Integer.toUnsignedString(register.getShiftNumber()));
        }
        money(diffs, "cash_sum", server.getCashSum(), register.getCashSum());
        long serverRevenue = signed(server.getRevenue());
        long registerRevenue = signed(register.getRevenue());
        if (serverRevenue != registerRevenue) {
            diffs.add("revenue: server " + signedText(serverRevenue) + ", register " + signedText(registerRevenue));
        }
        for (OperationTypeEnum op : OperationTypeEnum.values()) {
            ZXReport.TicketOperation s = ticketRow(server, op);
            ZXReport.TicketOperation r = ticketRow(register, op);
            String name = "ticket_operations[" + op.name() + "]";
            if (s.getTicketsCount() != r.getTicketsCount()) {
                diffs.add(name + ".tickets_count: server " + s.getTicketsCount() + ", register " + r.getTicketsCount());
            }
            money(diffs, name + ".tickets_sum", s.getTicketsSum(), r.getTicketsSum());
            money(diffs, "non_nullable_sums[" + op.name() + "]", nonNullable(server, op), nonNullable(register, op));
        }
        return diffs;
    }

    private static ZXReport.TicketOperation ticketRow(ZXReport z, OperationTypeEnum op) {
        for (ZXReport.TicketOperation t : z.getTicketOperationsList()) {
            if (t.getOperation() == op) {
                return t;
            }
        }
        return ZXReport.TicketOperation.getDefaultInstance();
    }

    private static Money nonNullable(ZXReport z, OperationTypeEnum op) {
        for (ZXReport.NonNullableSum n : z.getNonNullableSumsList()) {
            if (n.getOperation() == op) {
                return n.getSum();
            }
        }
        return Money.getDefaultInstance();
    }

    private static void money(List<String> diffs, String field, Money server, Money register) {
        long s = tiyn(server);
        long r = tiyn(register);
        if (s != r) {
            diffs.add(field + ": server " + text(s) + ", register " + text(r));
        }
    }

    private static long signed(ZXReport.Revenue revenue) {
        long sum = tiyn(revenue.getSum());
        return revenue.getIsNegative() ? -sum : sum;
    }

    /** A register may send anything; an unreadable amount compares as -1 (shown as "invalid"). */
    private static long tiyn(Money money) {
        try {
            return MoneyCodec.toTiyn(money);
        } catch (IllegalArgumentException | ArithmeticException e) {
            return -1;
        }
    }

    private static String text(long tiyn) {
        return tiyn < 0 ? "invalid" : MoneyCodec.format(tiyn);
    }

    private static String signedText(long tiyn) {
        return tiyn < 0 ? "-" + MoneyCodec.format(-tiyn) : MoneyCodec.format(tiyn);
    }
}
