package kz.ofd.storage.index;

import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;

/**
 * Fixed-width big-endian key and value layouts of the document index, so that byte order equals numeric order
 * and range scans come out sorted.
 *
 * <pre>
 * doc_by_sign       key:   fiscal sign u64
 * doc_by_kkm_shift  key:   kkm id u32 | shift u32 | journal index u64
 * both              value: fiscal sign u64 | kkm id u32 | shift u32 | command u8 | journal index u64 | received ms u64
 *                   | offline u8 | operation u8 (0xFF: not a ticket) | total tiyn u64 | parent sign u64
 * returns_by_parent key: parent sign u64 | return sign u64 -> return total tiyn u64
 * meta              "checkpoint" -> last journal index applied, u64
 *                   "format" -> {@link #FORMAT} u64; an index of another format is rebuilt from the journal
 * z_reports         key: kkm id u32 | shift u32 -> server Z length i32 + bytes | register Z length i32 + bytes
 *                   | differences, UTF-8 lines
 * reports           key: kkm id u32 | shift u32 | journal index u64 -> kind u8 ('X' or 'Z') | received ms u64
 *                   | server report length i32 + bytes | register Z length i32 + bytes | differences, UTF-8 lines
 * </pre>
 */
final class IndexKeys {

    static final int SIGN_KEY_LENGTH = 8;
    static final int KKM_SHIFT_KEY_LENGTH = 16;
    static final int KKM_SHIFT_PREFIX_LENGTH = 8;
    static final int VALUE_LENGTH = 8 + 4 + 4 + 1 + 8 + 8 + 1 + 1 + 8 + 8;
    static final int RETURN_KEY_LENGTH = 16;
    static final byte[] CHECKPOINT_KEY = "checkpoint".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    static final byte[] FORMAT_KEY = "format".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    /**
     * Layout version; bump it when a layout above changes (2: tickets' operation, total and parent; 3: the reports
     * column family, which an index of format 2 lacks for its Z reports and X reports).
     */
    static final long FORMAT = 3;
    private static final int NO_OPERATION_BYTE = 0xFF;

    private IndexKeys() {
    }

    static byte[] signKey(long sign) {
        byte[] key = new byte[SIGN_KEY_LENGTH];
        new UnsafeBuffer(key).putLong(0, sign, ByteOrder.BIG_ENDIAN);
        return key;
    }

    static byte[] kkmShiftKey(long kkmId, long shift, long journalIndex) {
        byte[] key = new byte[KKM_SHIFT_KEY_LENGTH];
        UnsafeBuffer b = new UnsafeBuffer(key);
        b.putInt(0, (int) kkmId, ByteOrder.BIG_ENDIAN);
        b.putInt(4, (int) shift, ByteOrder.BIG_ENDIAN);
        b.putLong(8, journalIndex, ByteOrder.BIG_ENDIAN);
        return key;
    }

    static byte[] kkmShiftPrefix(long kkmId, long shift) {
        byte[] key = new byte[KKM_SHIFT_PREFIX_LENGTH];
        UnsafeBuffer b = new UnsafeBuffer(key);
        b.putInt(0, (int) kkmId, ByteOrder.BIG_ENDIAN);
        b.putInt(4, (int) shift, ByteOrder.BIG_ENDIAN);
        return key;
    }

    static byte[] value(DocumentEntry e) {
        byte[] v = new byte[VALUE_LENGTH];
        UnsafeBuffer b = new UnsafeBuffer(v);
        b.putLong(0, e.fiscalSign(), ByteOrder.BIG_ENDIAN);
        b.putInt(8, (int) e.kkmId(), ByteOrder.BIG_ENDIAN);
        b.putInt(12, (int) e.shiftNumber(), ByteOrder.BIG_ENDIAN);
        b.putByte(16, (byte) e.command());
        b.putLong(17, e.journalIndex(), ByteOrder.BIG_ENDIAN);
        b.putLong(25, e.receivedAtMillis(), ByteOrder.BIG_ENDIAN);
        b.putByte(33, (byte) (e.offline() ? 1 : 0));
        b.putByte(34, (byte) (e.operation() == DocumentEntry.NO_OPERATION ? NO_OPERATION_BYTE : e.operation()));
        b.putLong(35, e.totalTiyn(), ByteOrder.BIG_ENDIAN);
        b.putLong(43, e.parentSign(), ByteOrder.BIG_ENDIAN);
        return v;
    }

    static DocumentEntry entry(byte[] v) {
        if (v.length != VALUE_LENGTH) {
            throw new IllegalStateException("index value has " + v.length + " bytes, expected " + VALUE_LENGTH);
        }
        UnsafeBuffer b = new UnsafeBuffer(v);
        return new DocumentEntry(
            b.getLong(0, ByteOrder.BIG_ENDIAN),
            Integer.toUnsignedLong(b.getInt(8, ByteOrder.BIG_ENDIAN)),
            Integer.toUnsignedLong(b.getInt(12, ByteOrder.BIG_ENDIAN)),
            b.getByte(16) & 0xFF,
            b.getLong(17, ByteOrder.BIG_ENDIAN),
            b.getLong(25, ByteOrder.BIG_ENDIAN),
            b.getByte(33) != 0,
            (b.getByte(34) & 0xFF) == NO_OPERATION_BYTE ? DocumentEntry.NO_OPERATION : b.getByte(34) & 0xFF,
            b.getLong(35, ByteOrder.BIG_ENDIAN),
            b.getLong(43, ByteOrder.BIG_ENDIAN));
    }

    static byte[] returnKey(long parentSign, long returnSign) {
        byte[] key = new byte[RETURN_KEY_LENGTH];
        UnsafeBuffer b = new UnsafeBuffer(key);
        b.putLong(0, parentSign, ByteOrder.BIG_ENDIAN);
        b.putLong(8, returnSign, ByteOrder.BIG_ENDIAN);
        return key;
    }

    static long returnSign(byte[] key) {
        return new UnsafeBuffer(key).getLong(8, ByteOrder.BIG_ENDIAN);
    }

    static byte[] zValue(ZReportEntry z) {
        byte[] diffs = String.join("\n", z.differences()).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] v = new byte[8 + z.serverZ().length + z.registerZ().length + diffs.length];
        UnsafeBuffer b = new UnsafeBuffer(v);
        b.putInt(0, z.serverZ().length, ByteOrder.BIG_ENDIAN);
        b.putBytes(4, z.serverZ());
        int i = 4 + z.serverZ().length;
        b.putInt(i, z.registerZ().length, ByteOrder.BIG_ENDIAN);
        b.putBytes(i + 4, z.registerZ());
        b.putBytes(i + 4 + z.registerZ().length, diffs);
        return v;
    }

    static ZReportEntry zEntry(long kkmId, long shift, byte[] v) {
        UnsafeBuffer b = new UnsafeBuffer(v);
        byte[] server = new byte[b.getInt(0, ByteOrder.BIG_ENDIAN)];
        b.getBytes(4, server);
        int i = 4 + server.length;
        byte[] register = new byte[b.getInt(i, ByteOrder.BIG_ENDIAN)];
        b.getBytes(i + 4, register);
        int from = i + 4 + register.length;
        String diffs = new String(v, from, v.length - from, java.nio.charset.StandardCharsets.UTF_8);
        java.util.List<String> lines = diffs.isEmpty() ? java.util.List.of() : java.util.List.of(diffs.split("\n"));
        return new ZReportEntry(kkmId, shift, server, register, lines);
    }

    static byte[] reportValue(ReportEntry r) {
        byte[] diffs = String.join("\n", r.differences()).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] v = new byte[9 + 8 + r.serverReport().length + r.registerReport().length + diffs.length];
        UnsafeBuffer b = new UnsafeBuffer(v);
        b.putByte(0, (byte) r.kind());
        b.putLong(1, r.receivedAtMillis(), ByteOrder.BIG_ENDIAN);
        b.putInt(9, r.serverReport().length, ByteOrder.BIG_ENDIAN);
        b.putBytes(13, r.serverReport());
        int i = 13 + r.serverReport().length;
        b.putInt(i, r.registerReport().length, ByteOrder.BIG_ENDIAN);
        b.putBytes(i + 4, r.registerReport());
        b.putBytes(i + 4 + r.registerReport().length, diffs);
        return v;
    }

    static ReportEntry reportEntry(byte[] key, byte[] v) {
        UnsafeBuffer k = new UnsafeBuffer(key);
        UnsafeBuffer b = new UnsafeBuffer(v);
        byte[] server = new byte[b.getInt(9, ByteOrder.BIG_ENDIAN)];
        b.getBytes(13, server);
        int i = 13 + server.length;
        byte[] register = new byte[b.getInt(i, ByteOrder.BIG_ENDIAN)];
        b.getBytes(i + 4, register);
        int from = i + 4 + register.length;
        String diffs = new String(v, from, v.length - from, java.nio.charset.StandardCharsets.UTF_8);
        return new ReportEntry(keyKkm(key), keyShift(key), k.getLong(8, ByteOrder.BIG_ENDIAN),
            b.getLong(1, ByteOrder.BIG_ENDIAN), (char) b.getByte(0), server, register,
            diffs.isEmpty() ? java.util.List.of() : java.util.List.of(diffs.split("\n")));
    }

    static long keyKkm(byte[] key) {
        return Integer.toUnsignedLong(new UnsafeBuffer(key).getInt(0, ByteOrder.BIG_ENDIAN));
    }

    static long keyShift(byte[] key) {
        return Integer.toUnsignedLong(new UnsafeBuffer(key).getInt(4, ByteOrder.BIG_ENDIAN));
    }

    static byte[] u64(long value) {
        byte[] v = new byte[8];
        new UnsafeBuffer(v).putLong(0, value, ByteOrder.BIG_ENDIAN);
        return v;
    }

    static long u64(byte[] v) {
        return new UnsafeBuffer(v).getLong(0, ByteOrder.BIG_ENDIAN);
    }
}
