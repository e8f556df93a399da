package kz.ofd.engine.logic;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import kz.ofd.protocol.proto.DateTime;

import java.util.Arrays;

/**
 * Running counters of one KKM shift, in integer tiyn, indexed by protocol operation number
 * (BUY 0, BUY_RETURN 1, SELL 2, SELL_RETURN 3) and payment type number. Owned by the business-logic thread.
 *
 * <p>Counters that live across shifts (all-time counts, non-nullable sums, cash in the drawer) are carried into
 * the next shift by {@link #next}.
 *
 * <p>Layout, sized for a million registers in memory (docs/benchmarks.md, "Memory at national scale"): a register
 * uses one or two operations, so each operation's counters are one block of {@link #OPERATION_BLOCK} longs in a
 * single {@code long[]}, added at the operation's first use; money placements, sections and tax rates are flat
 * arrays created at first use; the open time is the document's encoded {@code DateTime}. A counter of an
 * operation without a block reads 0.
 */
public final class ShiftCounters {

    /** Number of operation types. */
    public static final int OPERATIONS = 4;
    /** Payment type numbers 0..4 (CASH, CARD, CREDIT, TARE, MOBILE). */
    public static final int PAYMENT_TYPES = 5;
    /** Money placement kinds (DEPOSIT 0, WITHDRAWAL 1). */
    public static final int PLACEMENTS = 2;

    // Offsets of the counters in an operation's block.
    static final int ITEM_COUNT = 0;
    static final int ITEM_SUM = 1;
    static final int DISCOUNT_COUNT = 2;
    static final int DISCOUNT_SUM = 3;
    static final int MARKUP_COUNT = 4;
    static final int MARKUP_SUM = 5;
    static final int TICKET_COUNT = 6;
    static final int TICKET_TOTAL_COUNT = 7;
    static final int TICKET_SUM = 8;
    static final int OFFLINE_COUNT = 9;
    static final int TICKET_DISCOUNT_SUM = 10;
    static final int TICKET_MARKUP_SUM = 11;
    static final int CHANGE_SUM = 12;
    static final int START_NON_NULLABLE = 13;
    static final int NON_NULLABLE = 14;
    /** Sums per payment type: {@code PAYMENT_SUM + type}. */
    static final int PAYMENT_SUM = 15;
    /** Counts per payment type: {@code PAYMENT_COUNT + type}. */
    static final int PAYMENT_COUNT = PAYMENT_SUM + PAYMENT_TYPES;
    /** Longs per operation block. */
    static final int OPERATION_BLOCK = PAYMENT_COUNT + PAYMENT_TYPES;

    // Offsets of a placement kind's counters: {@code kind * PLACEMENT_BLOCK + offset}.
    static final int PLACEMENT_TOTAL_COUNT = 0;
    static final int PLACEMENT_COUNT = 1;
    static final int PLACEMENT_SUM = 2;
    static final int PLACEMENT_OFFLINE = 3;
    static final int PLACEMENT_BLOCK = 4;

    /** Per section: count and sum per operation, {@code [op * 2]} and {@code [op * 2 + 1]}. */
    static final int SECTION_ROW = OPERATIONS * 2;
    /** Per tax rate: turnover and tax sum per operation, {@code [op * 2]} and {@code [op * 2 + 1]}. */
    static final int TAX_ROW = OPERATIONS * 2;

    private static final byte[][] NO_SECTIONS = new byte[0][];
    private static final long[] NO_LONGS = new long[0];
    private static final long UNKNOWN = Long.MIN_VALUE;

    final long shiftNumber;
    boolean open;
    long documents;
    long cash;
    long revenue;

    /** The first document's {@code DateTime}, encoded; {@code null} before it. */
    private byte[] openTime;
    /** {@link #openTime} in epoch milliseconds, computed on first need (not state: derived). */
    private long openMillis = UNKNOWN;

    /** Operation blocks in order of first use; {@link #slots} tells which operation each is. */
    private long[] operations = NO_LONGS;
    /** 4 bits per operation: 0 = no block, else block number + 1. */
    private int slots;
    /** {@code PLACEMENTS * PLACEMENT_BLOCK} longs, or {@code null} before the first placement. */
    private long[] placements;

    /** Section codes (raw UTF-8, the report's order: unsigned lexicographic) and their rows. */
    private byte[][] sectionCodes = NO_SECTIONS;
    private long[] sectionRows = NO_LONGS;

    /** Tax keys ({@code unsigned type << 32 | unsigned percent}) in ascending (signed) order, and their rows. */
    private long[] taxKeys = NO_LONGS;
    private long[] taxRows = NO_LONGS;

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
        for (int op = 0; op < OPERATIONS; op++) {
            long tickets = get(op, TICKET_TOTAL_COUNT);
            long nonNullable = get(op, NON_NULLABLE);
            if (tickets != 0 || nonNullable != 0) {
                n.set(op, TICKET_TOTAL_COUNT, tickets);
                n.set(op, START_NON_NULLABLE, nonNullable);
                n.set(op, NON_NULLABLE, nonNullable);
            }
        }
        for (int kind = 0; kind < PLACEMENTS; kind++) {
            long total = placement(kind, PLACEMENT_TOTAL_COUNT);
            if (total != 0) {
                n.addPlacement(kind, PLACEMENT_TOTAL_COUNT, total);
            }
        }
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
            openTime = documentTime.toByteArray();
            openMillis = UNKNOWN;
        }
        documents++;
    }

    /**
     * @return the time of the shift's first document, or {@code null} before it
     */
    DateTime openTime() {
        if (openTime == null) {
            return null;
        }
        try {
            return DateTime.parser().parsePartialFrom(openTime);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("open time of shift " + shiftNumber + " does not decode", e);
        }
    }

    /**
     * @return the open time's encoding, or {@code null} (for the snapshot)
     */
    byte[] openTimeBytes() {
        return openTime;
    }

    void restoreOpenTime(byte[] encoded) {
        openTime = encoded;
        openMillis = UNKNOWN;
    }

    /**
     * @param settings the time zone
     * @return {@link #openTime} in epoch milliseconds (the shift must be open)
     */
    long openEpochMillis(LogicSettings settings) {
        if (openMillis == UNKNOWN) {
            openMillis = settings.epochMillis(openTime());
        }
        return openMillis;
    }

    /**
     * @param op     operation number
     * @param offset a counter's offset in the operation block
     * @return the counter, 0 when the operation was not used
     */
    long get(int op, int offset) {
        int slot = (slots >>> (op * 4)) & 0xF;
        return slot == 0 ? 0 : operations[(slot - 1) * OPERATION_BLOCK + offset];
    }

    void add(int op, int offset, long delta) {
        int block = block(op);   // before reading the field: it may grow the array
        operations[block + offset] += delta;
    }

    void set(int op, int offset, long value) {
        int block = block(op);
        operations[block + offset] = value;
    }

    /**
     * @return true when the operation has a block (used in this shift or carried into it)
     */
    boolean hasOperation(int op) {
        return ((slots >>> (op * 4)) & 0xF) != 0;
    }

    /** The start of the operation's block, created on first use. */
    private int block(int op) {
        int slot = (slots >>> (op * 4)) & 0xF;
        if (slot == 0) {
            slot = operations.length / OPERATION_BLOCK + 1;
            operations = Arrays.copyOf(operations, operations.length + OPERATION_BLOCK);
            slots |= slot << (op * 4);
        }
        return (slot - 1) * OPERATION_BLOCK;
    }

    /**
     * @param kind   placement kind
     * @param offset a counter's offset in the kind's block
     * @return the counter
     */
    long placement(int kind, int offset) {
        return placements == null ? 0 : placements[kind * PLACEMENT_BLOCK + offset];
    }

    void addPlacement(int kind, int offset, long delta) {
        if (placements == null) {
            placements = new long[PLACEMENTS * PLACEMENT_BLOCK];
        }
        placements[kind * PLACEMENT_BLOCK + offset] += delta;
    }

    /**
     * @return true once a placement counter exists (for the snapshot)
     */
    boolean hasPlacements() {
        return placements != null;
    }

    /**
     * @return number of sections counted
     */
    int sectionCount() {
        return sectionCodes.length;
    }

    /**
     * @param i section number, in report order
     * @return its code, raw UTF-8 (not to be modified)
     */
    byte[] sectionCode(int i) {
        return sectionCodes[i];
    }

    /**
     * @param i      section number, in report order
     * @param offset {@code op * 2} for the count, {@code op * 2 + 1} for the sum
     * @return the value
     */
    long section(int i, int offset) {
        return sectionRows[i * SECTION_ROW + offset];
    }

    /**
     * @param code a section code, raw UTF-8
     * @return the start of its row, created on first use
     */
    int sectionRow(ByteString code) {
        int low = 0;
        int high = sectionCodes.length - 1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            int c = compare(sectionCodes[mid], code);
            if (c < 0) {
                low = mid + 1;
            } else if (c > 0) {
                high = mid - 1;
            } else {
                return mid * SECTION_ROW;
            }
        }
        byte[][] codes = new byte[sectionCodes.length + 1][];
        System.arraycopy(sectionCodes, 0, codes, 0, low);
        codes[low] = code.toByteArray();
        System.arraycopy(sectionCodes, low, codes, low + 1, sectionCodes.length - low);
        long[] rows = new long[sectionRows.length + SECTION_ROW];
        System.arraycopy(sectionRows, 0, rows, 0, low * SECTION_ROW);
        System.arraycopy(sectionRows, low * SECTION_ROW, rows, (low + 1) * SECTION_ROW, sectionRows.length - low * SECTION_ROW);
        sectionCodes = codes;
        sectionRows = rows;
        return low * SECTION_ROW;
    }

    void addSection(int row, int offset, long delta) {
        sectionRows[row + offset] += delta;
    }

    /** Unsigned lexicographic order of raw bytes, as {@link ByteString#unsignedLexicographicalComparator()}. */
    private static int compare(byte[] a, ByteString b) {
        int n = Math.min(a.length, b.size());
        for (int i = 0; i < n; i++) {
            int c = Integer.compare(a[i] & 0xFF, b.byteAt(i) & 0xFF);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.length, b.size());
    }

    /**
     * @return number of tax rates counted
     */
    int taxCount() {
        return taxKeys.length;
    }

    /**
     * @param i tax rate number, in ascending key order
     * @return its key, {@code unsigned type << 32 | unsigned percent}
     */
    long taxKey(int i) {
        return taxKeys[i];
    }

    /**
     * @param i      tax rate number
     * @param offset {@code op * 2} for the turnover, {@code op * 2 + 1} for the tax sum
     * @return the value
     */
    long tax(int i, int offset) {
        return taxRows[i * TAX_ROW + offset];
    }

    /**
     * @param taxType tax type (100 = VAT)
     * @param percent rate in thousandths of a percent
     * @return the start of the rate's row, created on first use
     */
    int taxRow(int taxType, int percent) {
        long key = Integer.toUnsignedLong(taxType) << 32 | Integer.toUnsignedLong(percent);
        int i = Arrays.binarySearch(taxKeys, key);
        if (i >= 0) {
            return i * TAX_ROW;
        }
        int at = -i - 1;
        long[] keys = new long[taxKeys.length + 1];
        System.arraycopy(taxKeys, 0, keys, 0, at);
        keys[at] = key;
        System.arraycopy(taxKeys, at, keys, at + 1, taxKeys.length - at);
        long[] rows = new long[taxRows.length + TAX_ROW];
        System.arraycopy(taxRows, 0, rows, 0, at * TAX_ROW);
        System.arraycopy(taxRows, at * TAX_ROW, rows, (at + 1) * TAX_ROW, taxRows.length - at * TAX_ROW);
        taxKeys = keys;
        taxRows = rows;
        return at * TAX_ROW;
    }

    void addTax(int row, int offset, long delta) {
        taxRows[row + offset] += delta;
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
        return get(operation, TICKET_COUNT);
    }

    /**
     * @param operation operation number
     * @return ticket totals of that operation in this shift, tiyn
     */
    public long ticketSum(int operation) {
        return get(operation, TICKET_SUM);
    }

    /**
     * @return revenue of the shift, tiyn, signed
     */
    public long revenue() {
        return revenue;
    }
}
