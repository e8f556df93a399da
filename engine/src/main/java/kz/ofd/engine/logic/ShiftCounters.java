package kz.ofd.engine.logic;

import com.google.protobuf.ByteString;
import org.agrona.collections.Long2ObjectHashMap;
import kz.ofd.protocol.proto.DateTime;

import java.util.Map;
import java.util.TreeMap;

/**
 * Running counters of one KKM shift, in integer tiyn, indexed by protocol operation number
 * (BUY 0, BUY_RETURN 1, SELL 2, SELL_RETURN 3) and payment type number. Owned by the business-logic thread.
 *
 * <p>Counters that live across shifts (all-time counts, non-nullable sums, cash in the drawer) are carried into
 * the next shift by {@link #next}.
 */
public final class ShiftCounters {

    /** Number of operation types. */
    public static final int OPERATIONS = 4;
    /** Payment type numbers 0..4 (CASH, CARD, CREDIT, TARE, MOBILE). */
    public static final int PAYMENT_TYPES = 5;
    /** Money placement kinds (DEPOSIT 0, WITHDRAWAL 1). */
    public static final int PLACEMENTS = 2;

    final long shiftNumber;
    boolean open;
    DateTime openTime;
    long documents;

    final long[] itemCount = new long[OPERATIONS];
    final long[] itemSum = new long[OPERATIONS];
    final long[] discountCount = new long[OPERATIONS];
    final long[] discountSum = new long[OPERATIONS];
    final long[] markupCount = new long[OPERATIONS];
    final long[] markupSum = new long[OPERATIONS];
    // Keyed by the section code's raw UTF-8 bytes: decoding each item's code into a String on the single
    // business-logic thread showed up in profiles, and the bytes order the same way for the report.
    final Map<ByteString, long[]> sectionSums = new TreeMap<>(ByteString.unsignedLexicographicalComparator());

    // Per (tax type, percent): turnover and tax sum per operation, [op * 2] and [op * 2 + 1].
    final Long2ObjectHashMap<long[]> taxes = new Long2ObjectHashMap<>();

    final long[] ticketCount = new long[OPERATIONS];
    final long[] ticketTotalCount = new long[OPERATIONS];
    final long[] ticketSum = new long[OPERATIONS];
    final long[] offlineCount = new long[OPERATIONS];
    final long[] ticketDiscountSum = new long[OPERATIONS];
    final long[] ticketMarkupSum = new long[OPERATIONS];
    final long[] changeSum = new long[OPERATIONS];
    final long[][] paymentSum = new long[OPERATIONS][PAYMENT_TYPES];
    final long[][] paymentCount = new long[OPERATIONS][PAYMENT_TYPES];

    final long[] startNonNullable = new long[OPERATIONS];
    final long[] nonNullable = new long[OPERATIONS];

    final long[] placementTotalCount = new long[PLACEMENTS];
    final long[] placementCount = new long[PLACEMENTS];
    final long[] placementSum = new long[PLACEMENTS];
    final long[] placementOffline = new long[PLACEMENTS];

    long cash;
    long revenue;

    ShiftCounters(long shiftNumber) {
        this.shiftNumber = shiftNumber;
    }

    /**
     * The counters of the shift after this one: all-time counts, non-nullable sums and the drawer carry over,
     * everything else starts at zero.
     *
     * @return the next shift's counters
     */
    ShiftCounters next() {
        ShiftCounters n = new ShiftCounters(shiftNumber + 1);
        System.arraycopy(ticketTotalCount, 0, n.ticketTotalCount, 0, OPERATIONS);
        System.arraycopy(nonNullable, 0, n.startNonNullable, 0, OPERATIONS);
        System.arraycopy(nonNullable, 0, n.nonNullable, 0, OPERATIONS);
        System.arraycopy(placementTotalCount, 0, n.placementTotalCount, 0, PLACEMENTS);
        n.cash = cash;
        return n;
    }

    /**
     * Marks the shift open at its first document.
     *
     * @param documentTime the document's own time
     */
    void openAt(DateTime documentTime) {
        if (!open) {
            open = true;
            openTime = documentTime;
        }
        documents++;
    }

    /**
     * @param taxType tax type (100 = VAT)
     * @param percent rate in thousandths of a percent
     * @return the row for that rate, created on first use
     */
    long[] taxRow(int taxType, int percent) {
        long key = Integer.toUnsignedLong(taxType) << 32 | Integer.toUnsignedLong(percent);
        long[] row = taxes.get(key);
        if (row == null) {
            row = new long[OPERATIONS * 2];
            taxes.put(key, row);
        }
        return row;
    }

    /**
     * @return the shift number
     */
    public long shiftNumber() {
        return shiftNumber;
    }

    /**
     * @return true once a document has been accepted in this shift
     */
    public boolean isOpen() {
        return open;
    }

    /**
     * @return cash in the drawer, tiyn
     */
    public long cash() {
        return cash;
    }

    /**
     * @param operation operation number
     * @return tickets of that operation in this shift
     */
    public long ticketCount(int operation) {
        return ticketCount[operation];
    }

    /**
     * @param operation operation number
     * @return ticket totals of that operation in this shift, tiyn
     */
    public long ticketSum(int operation) {
        return ticketSum[operation];
    }

    /**
     * @return revenue of the shift, tiyn, signed
     */
    public long revenue() {
        return revenue;
    }
}
