package kz.ofd.simulator.kkm;

import kz.ofd.protocol.codec.MoneyCodec;
import kz.ofd.protocol.proto.MoneyPlacementEnum;
import kz.ofd.protocol.proto.MoneyPlacementRequest;
import kz.ofd.protocol.proto.OperationTypeEnum;
import kz.ofd.protocol.proto.TicketRequest;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * A KKM's own view of its open shift, from the documents the server accepted: per ticket operation (SELL, BUY,
 * SELL_RETURN, BUY_RETURN) the count, sum and offline count; per money placement (deposit, withdrawal) the
 * count, sum and offline count; the tax turnover and sum per (tax type, rate) and operation; the shift revenue;
 * and the cash in the drawer (which survives a shift close). Amounts in tiyn, counted as the server counts them.
 * Used by one thread at a time.
 */
public final class ShiftTally {

    /** Ticket operations counted (enum numbers 0..3). */
    public static final int OPERATIONS = 4;
    /** Money placement kinds counted (enum numbers 0..1). */
    public static final int PLACEMENTS = 2;

    private final long[] ticketCount = new long[OPERATIONS];
    private final long[] ticketSum = new long[OPERATIONS];
    private final long[] ticketOffline = new long[OPERATIONS];
    private final long[] placementCount = new long[PLACEMENTS];
    private final long[] placementSum = new long[PLACEMENTS];
    private final long[] placementOffline = new long[PLACEMENTS];
    /** (tax type << 32 | percent) → [turnover, sum] per operation. */
    private final Map<Long, long[]> taxes = new TreeMap<>();
    private long revenue;
    private long cash;
    private long ticketsInShift;

    /**
     * Books an accepted ticket.
     *
     * @param t         the ticket as sent
     * @param cashDelta how the drawer changed, tiyn
     */
    void ticket(TicketRequest t, long cashDelta) {
        int op = t.getOperation().getNumber();
        long total = MoneyCodec.toTiyn(t.getAmounts().getTotal());
        ticketCount[op]++;
        ticketSum[op] += total;
        if (t.hasOfflineTicketNumber()) {
            ticketOffline[op]++;
        }
        for (TicketRequest.Item item : t.getItemsList()) {
            if (item.hasCommodity()) {
                long sum = MoneyCodec.toTiyn(item.getCommodity().getSum());
                for (TicketRequest.Tax tax : item.getCommodity().getTaxesList()) {
                    long[] row = taxes.computeIfAbsent(taxKey(tax.getTaxType(), tax.getPercent()), k -> new long[OPERATIONS * 2]);
                    row[op * 2] += sum;
                    row[op * 2 + 1] += MoneyCodec.toTiyn(tax.getSum());
                }
            }
        }
        revenue += TicketFactory.direction(t.getOperation()) * total;
        cash += cashDelta;
        ticketsInShift++;
    }

    /**
     * Books an accepted money placement.
     *
     * @param mp the placement as sent
     */
    void placement(MoneyPlacementRequest mp) {
        int kind = mp.getOperation().getNumber();
        long sum = MoneyCodec.toTiyn(mp.getSum());
        placementCount[kind]++;
        placementSum[kind] += sum;
        if (mp.getIsOffline()) {
            placementOffline[kind]++;
        }
        cash += kind == MoneyPlacementEnum.MONEY_PLACEMENT_DEPOSIT_VALUE ? sum : -sum;
    }

    void closeShift() {
        Arrays.fill(ticketCount, 0);
        Arrays.fill(ticketSum, 0);
        Arrays.fill(ticketOffline, 0);
        Arrays.fill(placementCount, 0);
        Arrays.fill(placementSum, 0);
        Arrays.fill(placementOffline, 0);
        taxes.clear();
        revenue = 0;
        ticketsInShift = 0;
    }

    /**
     * @param taxType tax kind code
     * @param percent rate in thousandths of a percent
     * @return the key of {@link #taxes()}
     */
    public static long taxKey(int taxType, int percent) {
        return (Integer.toUnsignedLong(taxType) << 32) | Integer.toUnsignedLong(percent);
    }

    /**
     * @param operation a ticket operation
     * @return tickets of that operation accepted in this shift
     */
    public long ticketCount(OperationTypeEnum operation) {
        return ticketCount[operation.getNumber()];
    }

    /**
     * @param operation a ticket operation
     * @return total of that operation's tickets in this shift, tiyn
     */
    public long ticketSum(OperationTypeEnum operation) {
        return ticketSum[operation.getNumber()];
    }

    /**
     * @param operation a ticket operation
     * @return offline tickets of that operation in this shift
     */
    public long offlineCount(OperationTypeEnum operation) {
        return ticketOffline[operation.getNumber()];
    }

    /**
     * @param kind deposit or withdrawal
     * @return placements of that kind in this shift
     */
    public long placementCount(MoneyPlacementEnum kind) {
        return placementCount[kind.getNumber()];
    }

    /**
     * @param kind deposit or withdrawal
     * @return tiyn placed of that kind in this shift
     */
    public long placementSum(MoneyPlacementEnum kind) {
        return placementSum[kind.getNumber()];
    }

    /**
     * @param kind deposit or withdrawal
     * @return offline placements of that kind in this shift
     */
    public long placementOffline(MoneyPlacementEnum kind) {
        return placementOffline[kind.getNumber()];
    }

    /**
     * @return deposits in this shift
     */
    public long depositCount() {
        return placementCount(MoneyPlacementEnum.MONEY_PLACEMENT_DEPOSIT);
    }

    /**
     * @return deposited tiyn in this shift
     */
    public long depositSum() {
        return placementSum(MoneyPlacementEnum.MONEY_PLACEMENT_DEPOSIT);
    }

    /**
     * @return per {@link #taxKey} the turnover and tax sum per operation ({@code [op * 2]} turnover,
     *     {@code [op * 2 + 1]} sum), a copy
     */
    public Map<Long, long[]> taxes() {
        Map<Long, long[]> copy = new TreeMap<>();
        taxes.forEach((k, v) -> copy.put(k, v.clone()));
        return copy;
    }

    /**
     * @return cash in the drawer, tiyn
     */
    public long cash() {
        return cash;
    }

    /**
     * @return shift revenue (SELL and BUY_RETURN totals minus BUY and SELL_RETURN totals), tiyn, possibly negative
     */
    public long revenue() {
        return revenue;
    }

    /**
     * @return tickets accepted in this shift
     */
    public long ticketsInShift() {
        return ticketsInShift;
    }
}
