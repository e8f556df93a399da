package kz.ofd.engine.logic;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import kz.ofd.protocol.proto.DateTime;
import kz.ofd.protocol.proto.ZXReport;
import org.agrona.collections.Long2ObjectHashMap;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The business logic's whole state as bytes, and back: every KKM (registration, token, last document and its
 * answer, block, offline periods, last Z, recent offline answers, the open shift's counters) and the fiscal-sign
 * sequence. The encoding is deterministic (KKMs by id, tax rows by key, sections in code order), so equal states
 * give equal bytes, which is how tests compare a restored state with a replayed one.
 *
 * <p>What is not in it: the ticket ledger's window (recovery indexes everything before the ring starts) and the
 * RNM set of {@link ReturnRules} (rebuilt from the registrations). Business-logic thread only.
 *
 * <p>Layout ({@link #FORMAT} 2): the format as a 4-byte big-endian int (where format 1 had it too), then protobuf
 * varints: unsigned for counts, ids, tokens and lengths, zigzag for money and counters (which storno lines can
 * make negative), and per KKM only what it has (flags say which of last document, block, offline periods, last Z,
 * offline answers and shift counters follow; a shift only the operation blocks it has). Strings the state keeps as
 * {@code String} (RNM, block reason) are written as UTF-16 code units, so any string comes back equal. Format 1
 * (fixed-width, every counter written) is not read: recovery skips such a snapshot and replays the journal.
 */
public final class StateSnapshot {

    /** Layout version of the bytes; a snapshot of another version is not read (recovery replays instead). */
    public static final int FORMAT = 2;

    private static final int HAS_LAST_DOCUMENT = 1;
    private static final int BLOCKED = 1 << 1;
    private static final int OFFLINE_PERIODS = 1 << 2;
    private static final int LAST_Z = 1 << 3;
    private static final int OFFLINE_ANSWERS = 1 << 4;
    private static final int SHIFT = 1 << 5;
    private static final int KKM_FLAGS = (1 << 6) - 1;

    private static final int SHIFT_OPEN = 1;
    private static final int SHIFT_PLACEMENTS = 1 << 1;
    private static final int SHIFT_FLAGS = (1 << 2) - 1;

    /** Bytes of the output buffer between writes into the growing array. */
    private static final int BUFFER = 1 << 16;
    /** A first guess of the bytes per KKM, to size the array once for most states. */
    private static final int BYTES_PER_KKM_GUESS = 192;

    private StateSnapshot() {
    }

    /**
     * @param logic the logic, on its own thread
     * @return its state
     */
    public static byte[] write(BusinessLogic logic) {
        Long2ObjectHashMap<KkmState> kkms = logic.states();
        long[] ids = new long[kkms.size()];
        int n = 0;
        for (Long2ObjectHashMap<KkmState>.KeyIterator it = kkms.keySet().iterator(); it.hasNext(); ) {
            ids[n++] = it.nextLong();
        }
        Arrays.sort(ids);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(
            (int) Math.min(Integer.MAX_VALUE - 8, 64L + (long) ids.length * BYTES_PER_KKM_GUESS));
        CodedOutputStream out = CodedOutputStream.newInstance(bytes, BUFFER);
        try {
            out.writeFixed32NoTag(Integer.reverseBytes(FORMAT));   // big-endian, where format 1 had its number
            out.writeUInt64NoTag(logic.signs().last());
            out.writeUInt32NoTag(ids.length);
            long previous = 0;
            for (long id : ids) {
                out.writeUInt64NoTag(id - previous);   // ascending ids: small steps
                previous = id;
                writeKkm(out, kkms.get(id));
            }
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode the logic state", e);
        }
        return bytes.toByteArray();
    }

    /**
     * @param state bytes from {@link #write} (or an older format)
     * @return the format number the bytes start with, or -1 when they are too short to have one
     */
    public static int format(byte[] state) {
        return state.length < Integer.BYTES ? -1 : ByteBuffer.wrap(state).getInt(0);
    }

    /**
     * Restores a state into logic that has nothing yet.
     *
     * @param state bytes from {@link #write}
     * @param into  a fresh logic (no KKMs, no signs)
     * @throws IllegalStateException when the bytes are not a state of this format, or {@code into} is not fresh
     */
    public static void read(byte[] state, BusinessLogic into) {
        if (into.kkmCount() != 0 || into.lastFiscalSign() != FiscalSigns.FIRST - 1) {
            throw new IllegalStateException("a snapshot is restored into fresh logic only");
        }
        int format = format(state);
        if (format != FORMAT) {
            throw new IllegalStateException("snapshot state format " + format + " is not " + FORMAT
                + (format == 1 ? " (an older server's layout; recovery replays the journal instead)" : ""));
        }
        try {
            CodedInputStream in = CodedInputStream.newInstance(state, Integer.BYTES, state.length - Integer.BYTES);
            into.signs().observe(in.readUInt64());
            int count = checkedCount(in, state, in.readUInt32(), 2);
            long id = 0;
            for (int i = 0; i < count; i++) {
                long step = in.readUInt64();
                if (i > 0 && step == 0) {
                    throw new IllegalStateException("KKM " + id + " is in the snapshot twice");
                }
                id += step;
                into.restore(readKkm(in, state, id));
            }
            if (!in.isAtEnd()) {
                throw new IllegalStateException("snapshot state has bytes after its last KKM");
            }
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("snapshot state cannot be decoded: " + e.getMessage(), e);
        }
    }

    private static void writeKkm(CodedOutputStream out, KkmState k) throws IOException {
        OfflineAnswers offline = k.offlineAnswers();
        long[] numbers = offline == null ? null : offline.numbersOldestFirst();
        ShiftCounters shift = k.countersOrNull();
        int flags = (k.hasLastDocument ? HAS_LAST_DOCUMENT : 0) | (k.blockReason != null ? BLOCKED : 0)
            | (k.offlinePeriods != 0 ? OFFLINE_PERIODS : 0) | (k.lastZ != null ? LAST_Z : 0)
            | (numbers != null ? OFFLINE_ANSWERS : 0) | (shift != null ? SHIFT : 0);
        out.writeUInt32NoTag(flags);
        out.writeUInt64NoTag(k.firstToken);
        chars(out, k.rnm);
        out.writeByteArrayNoTag(k.details());
        out.writeUInt64NoTag(k.token);
        if (k.hasLastDocument) {
            out.writeUInt64NoTag(k.lastDocumentToken);
            out.writeUInt32NoTag(k.lastDocumentRequestNumber);
            out.writeInt32NoTag(k.lastDocumentCommand);
            out.writeByteArrayNoTag(k.lastDocumentAnswer);
        }
        if (k.blockReason != null) {
            chars(out, k.blockReason);
        }
        if (k.offlinePeriods != 0) {
            out.writeUInt32NoTag(k.offlinePeriods);
            out.writeSInt64NoTag(k.offlineBeginMillis);
            out.writeSInt64NoTag(k.offlineEndMillis);
        }
        if (k.lastZ != null) {
            out.writeByteArrayNoTag(k.lastZ);
        }
        if (numbers != null) {
            out.writeUInt32NoTag(numbers.length);
            for (long number : numbers) {
                out.writeUInt64NoTag(number);
                out.writeByteArrayNoTag(offline.get(number));
            }
        }
        if (shift != null) {
            writeShift(out, shift);
        }
    }

    private static KkmState readKkm(CodedInputStream in, byte[] state, long id) throws IOException {
        int flags = in.readUInt32();
        if ((flags & ~KKM_FLAGS) != 0) {
            throw new IllegalStateException("KKM " + id + " has unknown flags " + flags);
        }
        long firstToken = in.readUInt64();
        String rnm = chars(in, state);
        KkmState k = new KkmState(id, firstToken, rnm, in.readByteArray());
        k.registration();   // the registration's text must decode now, not at the first INFO
        k.token = in.readUInt64();
        if ((flags & HAS_LAST_DOCUMENT) != 0) {
            k.hasLastDocument = true;
            k.lastDocumentToken = in.readUInt64();
            k.lastDocumentRequestNumber = in.readUInt32();
            k.lastDocumentCommand = in.readInt32();
            k.lastDocumentAnswer = in.readByteArray();
        }
        if ((flags & BLOCKED) != 0) {
            k.blockReason = chars(in, state);
        }
        if ((flags & OFFLINE_PERIODS) != 0) {
            k.offlinePeriods = in.readUInt32();
            k.offlineBeginMillis = in.readSInt64();
            k.offlineEndMillis = in.readSInt64();
        }
        if ((flags & LAST_Z) != 0) {
            k.lastZ = in.readByteArray();
            ZXReport.parser().parsePartialFrom(k.lastZ);   // must decode now, not at the first REPORT
        }
        if ((flags & OFFLINE_ANSWERS) != 0) {
            int offline = checkedCount(in, state, in.readUInt32(), 2);
            for (int i = 0; i < offline; i++) {
                k.rememberOffline(in.readUInt64(), in.readByteArray());
            }
        }
        if ((flags & SHIFT) != 0) {
            k.startShift(readShift(in, state));
        }
        return k;
    }

    private static void writeShift(CodedOutputStream out, ShiftCounters c) throws IOException {
        out.writeUInt64NoTag(c.shiftNumber);
        out.writeUInt32NoTag((c.open ? SHIFT_OPEN : 0) | (c.hasPlacements() ? SHIFT_PLACEMENTS : 0));
        if (c.open) {
            out.writeByteArrayNoTag(c.openTimeBytes());
        }
        out.writeUInt64NoTag(c.documents);
        out.writeSInt64NoTag(c.cash);
        out.writeSInt64NoTag(c.revenue);
        int operations = 0;
        for (int op = 0; op < ShiftCounters.OPERATIONS; op++) {
            operations |= c.hasOperation(op) ? 1 << op : 0;
        }
        out.writeUInt32NoTag(operations);
        for (int op = 0; op < ShiftCounters.OPERATIONS; op++) {
            if (c.hasOperation(op)) {
                for (int i = 0; i < ShiftCounters.OPERATION_BLOCK; i++) {
                    out.writeSInt64NoTag(c.get(op, i));
                }
            }
        }
        if (c.hasPlacements()) {
            for (int kind = 0; kind < ShiftCounters.PLACEMENTS; kind++) {
                for (int i = 0; i < ShiftCounters.PLACEMENT_BLOCK; i++) {
                    out.writeSInt64NoTag(c.placement(kind, i));
                }
            }
        }
        out.writeUInt32NoTag(c.sectionCount());
        for (int s = 0; s < c.sectionCount(); s++) {
            out.writeByteArrayNoTag(c.sectionCode(s));
            for (int i = 0; i < ShiftCounters.SECTION_ROW; i++) {
                out.writeSInt64NoTag(c.section(s, i));
            }
        }
        out.writeUInt32NoTag(c.taxCount());
        for (int t = 0; t < c.taxCount(); t++) {
            out.writeUInt64NoTag(c.taxKey(t));
            for (int i = 0; i < ShiftCounters.TAX_ROW; i++) {
                out.writeSInt64NoTag(c.tax(t, i));
            }
        }
    }

    private static ShiftCounters readShift(CodedInputStream in, byte[] state) throws IOException {
        ShiftCounters c = new ShiftCounters(in.readUInt64());
        int flags = in.readUInt32();
        if ((flags & ~SHIFT_FLAGS) != 0) {
            throw new IllegalStateException("shift " + c.shiftNumber + " has unknown flags " + flags);
        }
        if ((flags & SHIFT_OPEN) != 0) {
            c.open = true;
            byte[] openTime = in.readByteArray();
            DateTime.parser().parsePartialFrom(openTime);   // must decode now, not at the next document
            c.restoreOpenTime(openTime);
        }
        c.documents = in.readUInt64();
        c.cash = in.readSInt64();
        c.revenue = in.readSInt64();
        int operations = in.readUInt32();
        if (operations >>> ShiftCounters.OPERATIONS != 0) {
            throw new IllegalStateException("shift " + c.shiftNumber + " names operations " + operations);
        }
        for (int op = 0; op < ShiftCounters.OPERATIONS; op++) {
            if ((operations & 1 << op) != 0) {
                for (int i = 0; i < ShiftCounters.OPERATION_BLOCK; i++) {
                    c.set(op, i, in.readSInt64());
                }
            }
        }
        if ((flags & SHIFT_PLACEMENTS) != 0) {
            for (int kind = 0; kind < ShiftCounters.PLACEMENTS; kind++) {
                for (int i = 0; i < ShiftCounters.PLACEMENT_BLOCK; i++) {
                    c.addPlacement(kind, i, in.readSInt64());
                }
            }
        }
        int sections = checkedCount(in, state, in.readUInt32(), 1 + ShiftCounters.SECTION_ROW);
        for (int s = 0; s < sections; s++) {
            byte[] code = in.readByteArray();
            int row = c.sectionRow(ByteString.copyFrom(code));
            if (row != s * ShiftCounters.SECTION_ROW) {
                throw new IllegalStateException("sections of shift " + c.shiftNumber + " are not in order");
            }
            for (int i = 0; i < ShiftCounters.SECTION_ROW; i++) {
                c.addSection(row, i, in.readSInt64());
            }
        }
        int taxes = checkedCount(in, state, in.readUInt32(), 1 + ShiftCounters.TAX_ROW);
        for (int t = 0; t < taxes; t++) {
            long key = in.readUInt64();
            int row = c.taxRow((int) (key >>> 32), (int) key);
            if (row != t * ShiftCounters.TAX_ROW) {
                throw new IllegalStateException("tax rates of shift " + c.shiftNumber + " are not in order");
            }
            for (int i = 0; i < ShiftCounters.TAX_ROW; i++) {
                c.addTax(row, i, in.readSInt64());
            }
        }
        return c;
    }

    /** A string as its UTF-16 code units: whatever it holds, it reads back equal. */
    private static void chars(CodedOutputStream out, String s) throws IOException {
        out.writeUInt32NoTag(s.length());
        for (int i = 0; i < s.length(); i++) {
            out.writeUInt32NoTag(s.charAt(i));
        }
    }

    private static String chars(CodedInputStream in, byte[] state) throws IOException {
        char[] chars = new char[checkedCount(in, state, in.readUInt32(), 1)];
        for (int i = 0; i < chars.length; i++) {
            int c = in.readUInt32();
            if (c > Character.MAX_VALUE) {
                throw new IllegalStateException("character " + c + " is not UTF-16");
            }
            chars[i] = (char) c;
        }
        return new String(chars);
    }

    /** A count read from the bytes must fit in what is left of them (never allocate on a corrupt count). */
    private static int checkedCount(CodedInputStream in, byte[] state, int count, int minBytesEach) {
        long left = state.length - Integer.BYTES - (long) in.getTotalBytesRead();
        if (count < 0 || (long) count * minBytesEach > left) {
            throw new IllegalStateException("count " + count + " does not fit the " + left + " bytes left");
        }
        return count;
    }
}
