package kz.ofd.engine.logic;

import com.google.protobuf.ByteString;
import kz.ofd.protocol.proto.DateTime;
import kz.ofd.protocol.proto.ZXReport;
import org.agrona.collections.Long2ObjectHashMap;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Map;

/**
 * The business logic's whole state as bytes, and back: every KKM (registration, token, last document and its
 * answer, block, offline periods, last Z, recent offline answers, the open shift's counters) and the fiscal-sign
 * sequence. The encoding is deterministic (KKMs by id, tax rows by key, sections in code order), so equal states
 * give equal bytes, which is how tests compare a restored state with a replayed one.
 *
 * <p>What is not in it: the ticket ledger's window (recovery indexes everything before the ring starts) and the
 * RNM set of {@link ReturnRules} (rebuilt from the registrations). Business-logic thread only.
 */
public final class StateSnapshot {

    /** Layout version of the bytes; a snapshot of another version is not read (recovery replays instead). */
    public static final int FORMAT = 1;

    private StateSnapshot() {
    }

    /**
     * @param logic the logic, on its own thread
     * @return its state
     */
    public static byte[] write(BusinessLogic logic) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 16);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(FORMAT);
            out.writeLong(logic.signs().last());
            Long2ObjectHashMap<KkmState> kkms = logic.states();
            long[] ids = new long[kkms.size()];
            int n = 0;
            for (Long2ObjectHashMap<KkmState>.KeyIterator it = kkms.keySet().iterator(); it.hasNext(); ) {
                ids[n++] = it.nextLong();
            }
            Arrays.sort(ids);
            out.writeInt(ids.length);
            for (long id : ids) {
                writeKkm(out, kkms.get(id));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode the logic state", e);
        }
        return bytes.toByteArray();
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
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(state))) {
            int format = in.readInt();
            if (format != FORMAT) {
                throw new IllegalStateException("snapshot state format " + format + " is not " + FORMAT);
            }
            into.signs().observe(in.readLong());
            int count = in.readInt();
            for (int i = 0; i < count; i++) {
                into.restore(readKkm(in));
            }
            if (in.read() != -1) {
                throw new IllegalStateException("snapshot state has bytes after its last KKM");
            }
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("snapshot state cannot be decoded: " + e.getMessage(), e);
        }
    }

    private static void writeKkm(DataOutputStream out, KkmState k) throws IOException {
        KkmRegistration r = k.registration;
        out.writeLong(r.id());
        out.writeLong(r.token());
        for (String s : new String[] {r.rnm(), r.serialNumber(), r.model(), r.bin(), r.orgName(), r.address(), r.pointName()}) {
            out.writeUTF(s);
        }
        out.writeLong(k.token);
        out.writeBoolean(k.hasLastDocument);
        out.writeLong(k.lastDocumentToken);
        out.writeInt(k.lastDocumentRequestNumber);
        out.writeInt(k.lastDocumentCommand);
        bytes(out, k.lastDocumentAnswer);
        out.writeBoolean(k.blockReason != null);
        if (k.blockReason != null) {
            out.writeUTF(k.blockReason);
        }
        out.writeInt(k.offlinePeriods);
        out.writeLong(k.offlineBeginMillis);
        out.writeLong(k.offlineEndMillis);
        bytes(out, k.lastZ == null ? null : k.lastZ.toByteArray());
        OfflineAnswers offline = k.offlineAnswers();
        long[] numbers = offline == null ? new long[0] : offline.numbersOldestFirst();
        out.writeInt(numbers.length);
        for (long number : numbers) {
            out.writeLong(number);
            bytes(out, offline.get(number));
        }
        writeShift(out, k.shift);
    }

    private static KkmState readKkm(DataInputStream in) throws IOException {
        KkmRegistration r = new KkmRegistration(in.readLong(), in.readLong(), in.readUTF(), in.readUTF(), in.readUTF(),
            in.readUTF(), in.readUTF(), in.readUTF(), in.readUTF());
        KkmState k = new KkmState(r);
        k.token = in.readLong();
        k.hasLastDocument = in.readBoolean();
        k.lastDocumentToken = in.readLong();
        k.lastDocumentRequestNumber = in.readInt();
        k.lastDocumentCommand = in.readInt();
        k.lastDocumentAnswer = bytes(in);
        k.blockReason = in.readBoolean() ? in.readUTF() : null;
        k.offlinePeriods = in.readInt();
        k.offlineBeginMillis = in.readLong();
        k.offlineEndMillis = in.readLong();
        byte[] z = bytes(in);
        k.lastZ = z == null ? null : ZXReport.parser().parsePartialFrom(z);
        int offline = in.readInt();
        for (int i = 0; i < offline; i++) {
            k.rememberOffline(in.readLong(), bytes(in));
        }
        k.shift = readShift(in);
        return k;
    }

    private static void writeShift(DataOutputStream out, ShiftCounters c) throws IOException {
        out.writeLong(c.shiftNumber);
        out.writeBoolean(c.open);
        bytes(out, c.openTime == null ? null : c.openTime.toByteArray());
        out.writeLong(c.documents);
        for (long[] a : flat(c)) {
            for (long v : a) {
                out.writeLong(v);
            }
        }
        out.writeInt(c.sectionSums.size());
        for (Map.Entry<ByteString, long[]> e : c.sectionSums.entrySet()) {
            bytes(out, e.getKey().toByteArray());
            longs(out, e.getValue());
        }
        long[] keys = new long[c.taxes.size()];
        int n = 0;
        for (Long2ObjectHashMap<long[]>.KeyIterator it = c.taxes.keySet().iterator(); it.hasNext(); ) {
            keys[n++] = it.nextLong();
        }
        Arrays.sort(keys);
        out.writeInt(keys.length);
        for (long key : keys) {
            out.writeLong(key);
            longs(out, c.taxes.get(key));
        }
        out.writeLong(c.cash);
        out.writeLong(c.revenue);
    }

    private static ShiftCounters readShift(DataInputStream in) throws IOException {
        ShiftCounters c = new ShiftCounters(in.readLong());
        c.open = in.readBoolean();
        byte[] openTime = bytes(in);
        c.openTime = openTime == null ? null : DateTime.parser().parsePartialFrom(openTime);
        c.documents = in.readLong();
        for (long[] a : flat(c)) {
            for (int i = 0; i < a.length; i++) {
                a[i] = in.readLong();
            }
        }
        int sections = in.readInt();
        for (int i = 0; i < sections; i++) {
            c.sectionSums.put(ByteString.copyFrom(bytes(in)), longs(in));
        }
        int taxes = in.readInt();
        for (int i = 0; i < taxes; i++) {
            c.taxes.put(in.readLong(), longs(in));
        }
        c.cash = in.readLong();
        c.revenue = in.readLong();
        return c;
    }

    /** Every fixed-size counter array of a shift, in one fixed order. */
    private static long[][] flat(ShiftCounters c) {
        long[][] fixed = {
            c.itemCount, c.itemSum, c.discountCount, c.discountSum, c.markupCount, c.markupSum,
            c.ticketCount, c.ticketTotalCount, c.ticketSum, c.offlineCount, c.ticketDiscountSum, c.ticketMarkupSum,
            c.changeSum, c.startNonNullable, c.nonNullable,
            c.placementTotalCount, c.placementCount, c.placementSum, c.placementOffline,
        };
        long[][] all = Arrays.copyOf(fixed, fixed.length + 2 * ShiftCounters.OPERATIONS);
        for (int op = 0; op < ShiftCounters.OPERATIONS; op++) {
            all[fixed.length + op] = c.paymentSum[op];
            all[fixed.length + ShiftCounters.OPERATIONS + op] = c.paymentCount[op];
        }
        return all;
    }

    private static void longs(DataOutputStream out, long[] values) throws IOException {
        out.writeInt(values.length);
        for (long v : values) {
            out.writeLong(v);
        }
    }

    private static long[] longs(DataInputStream in) throws IOException {
        long[] values = new long[checkedLength(in, in.readInt(), Long.BYTES)];
        for (int i = 0; i < values.length; i++) {
            values[i] = in.readLong();
        }
        return values;
    }

    /** A length read from the bytes must fit in what is left of them (never allocate on a corrupt length). */
    private static int checkedLength(DataInputStream in, int length, int unit) throws IOException {
        if (length < 0 || (long) length * unit > in.available()) {
            throw new IllegalStateException("length " + length + " does not fit the " + in.available() + " bytes left");
        }
        return length;
    }

    private static void bytes(DataOutputStream out, byte[] value) throws IOException {
        out.writeInt(value == null ? -1 : value.length);
        if (value != null) {
            out.write(value);
        }
    }

    private static byte[] bytes(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length == -1) {
            return null;
        }
        byte[] value = new byte[checkedLength(in, length, 1)];
        in.readFully(value);
        return value;
    }
}
