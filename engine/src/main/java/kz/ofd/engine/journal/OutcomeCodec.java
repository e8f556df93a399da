package kz.ofd.engine.journal;

import kz.ofd.engine.logic.KkmDetails;
import kz.ofd.engine.logic.KkmRegistration;
import kz.ofd.protocol.frame.FrameHeader;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Binary layout of journal records (Outcomes). Little-endian, Agrona buffers, no allocation when encoding.
 *
 * <pre>
 * every record:       kind u8 | format u8 | received-at ms i64
 * KKM_REGISTERED (1): id u32 | token u32 | rnm, serial, model, bin, org, address, point (each: length i32 + UTF-8)
 * KKM_BLOCKED (3):    kkm id u32 | reason (length i32 + UTF-8; empty = unblocked)
 * DOCUMENT (2):       kkm id u32 | version u16 | request number u16 | presented token u32 | new token u32
 *                     | command u16 | fiscal sign i64 | shift u32
 *                     | request length i32 + request body (unchanged bytes from the wire)
 *                     | answer length i32 + answer body (exactly what was sent)
 *                     | parent sign i64 (format 2: the own ticket a return returns, else 0; absent in format 1)
 * OFFLINE_PERIOD (4): kkm id u32 | begin ms i64 | end ms i64
 * TOKEN_ISSUED (5):   kkm id u32 | token u32
 * CABINET_EVENT (6):  kkm id u32 (0: none yet) | event (length i32 + UTF-8)
 * REGISTRATION_UPDATED (7): kkm id u32 | serial, model, bin, org, address, point (each: length i32 + UTF-8)
 * X_REPORT (8):       kkm id u32 | request number u16 | shift u32 | report length i32 + ZXReport bytes as answered
 * </pre>
 *
 * Kinds are only ever added: a journal written before a kind existed still decodes (it simply has none).
 *
 * A record carries everything replay needs to rebuild state deterministically: the assigned sign, the issued
 * token and the receive time are recorded, never recomputed. Stateless.
 */
public final class OutcomeCodec {

    /** Record kind: a KKM was registered. */
    public static final byte KIND_KKM_REGISTERED = 1;
    /** Record kind: a fiscal document was accepted. */
    public static final byte KIND_DOCUMENT = 2;
    /** Record kind: a KKM was blocked or unblocked by the operator. */
    public static final byte KIND_KKM_BLOCKED = 3;
    /** Kind of an offline period reported on a request that is not an accepted document. */
    public static final byte KIND_OFFLINE_PERIOD = 4;
    /** Kind of a token the cabinet issued to a KKM. */
    public static final byte KIND_TOKEN_ISSUED = 5;
    /** Kind of a cabinet status change of a KKM (audit only). */
    public static final byte KIND_CABINET_EVENT = 6;
    /** Kind of a KKM's registration details replaced after a re-registration. */
    public static final byte KIND_REGISTRATION_UPDATED = 7;
    /** Kind of an X report the OFD answered (no state change; not sent to KGD). */
    public static final byte KIND_X_REPORT = 8;
    /** Current record format. */
    public static final byte FORMAT = 2;
    /** The format before documents carried their parent sign; still read. */
    public static final byte FORMAT_1 = 1;

    private static final int KIND_OFFSET = 0;
    private static final int FORMAT_OFFSET = 1;
    private static final int RECEIVED_OFFSET = 2;
    private static final int BODY_OFFSET = 10;

    private OutcomeCodec() {
    }

    /**
     * @return the record's length
     */
    public static int encodeRegistration(MutableDirectBuffer buf, long receivedAtMillis, KkmRegistration r) {
        int i = header(buf, KIND_KKM_REGISTERED, receivedAtMillis);
        buf.putInt(i, (int) r.id());
        buf.putInt(i + 4, (int) r.token());
        i += 8;
        i += buf.putStringUtf8(i, r.rnm());
        return putDetails(buf, i, r.details());
    }

    /**
     * @param kkmId   the KKM re-registered
     * @param details its new registration details
     * @return the record's length
     */
    public static int encodeRegistrationUpdate(MutableDirectBuffer buf, long receivedAtMillis, long kkmId,
                                               KkmDetails details) {
        int i = header(buf, KIND_REGISTRATION_UPDATED, receivedAtMillis);
        buf.putInt(i, (int) kkmId);
        return putDetails(buf, i + 4, details);
    }

    private static int putDetails(MutableDirectBuffer buf, int at, KkmDetails d) {
        int i = at;
        i += buf.putStringUtf8(i, d.serialNumber());
        i += buf.putStringUtf8(i, d.model());
        i += buf.putStringUtf8(i, d.bin());
        i += buf.putStringUtf8(i, d.orgName());
        i += buf.putStringUtf8(i, d.address());
        i += buf.putStringUtf8(i, d.pointName());
        return i;
    }

    /**
     * @param reason block reason, {@code null} to unblock
     * @return the record's length
     */
    public static int encodeBlock(MutableDirectBuffer buf, long receivedAtMillis, long kkmId, String reason) {
        int i = header(buf, KIND_KKM_BLOCKED, receivedAtMillis);
        buf.putInt(i, (int) kkmId);
        return i + 4 + buf.putStringUtf8(i + 4, reason == null ? "" : reason);
    }

    /**
     * @param kkmId the KKM
     * @param token the token issued to it
     * @return the record's length
     */
    public static int encodeTokenIssued(MutableDirectBuffer buf, long receivedAtMillis, long kkmId, long token) {
        int i = header(buf, KIND_TOKEN_ISSUED, receivedAtMillis);
        buf.putInt(i, (int) kkmId);
        buf.putInt(i + 4, (int) token);
        return i + 8;
    }

    /**
     * @param kkmId the KKM's OFD id, or 0
     * @param event the status change, one line
     * @return the record's length
     */
    public static int encodeCabinetEvent(MutableDirectBuffer buf, long receivedAtMillis, long kkmId, String event) {
        int i = header(buf, KIND_CABINET_EVENT, receivedAtMillis);
        buf.putInt(i, (int) kkmId);
        return i + 4 + buf.putStringUtf8(i + 4, event);
    }

    /**
     * @param kkmId       the KKM that reported it
     * @param beginMillis period begin, epoch milliseconds
     * @param endMillis   period end, epoch milliseconds
     * @return the record's length
     */
    public static int encodeOfflinePeriod(MutableDirectBuffer buf, long receivedAtMillis, long kkmId, long beginMillis,
                                          long endMillis) {
        int i = header(buf, KIND_OFFLINE_PERIOD, receivedAtMillis);
        buf.putInt(i, (int) kkmId);
        buf.putLong(i + 4, beginMillis);
        buf.putLong(i + 12, endMillis);
        return i + 20;
    }

    /**
     * @param kkmId         the KKM that asked
     * @param requestNumber the request's number
     * @param shift         the shift the report is of
     * @param report        the server's ZXReport bytes as answered
     * @return the record's length
     */
    public static int encodeXReport(MutableDirectBuffer buf, long receivedAtMillis, long kkmId, int requestNumber,
                                    long shift, byte[] report) {
        int i = header(buf, KIND_X_REPORT, receivedAtMillis);
        buf.putInt(i, (int) kkmId);
        buf.putShort(i + 4, (short) requestNumber);
        buf.putInt(i + 6, (int) shift);
        buf.putInt(i + 10, report.length);
        buf.putBytes(i + 14, report);
        return i + 14 + report.length;
    }

    /**
     * A document that returns no ticket of this OFD.
     *
     * @return the record's length
     */
    public static int encodeDocument(MutableDirectBuffer buf, long receivedAtMillis, FrameHeader header, int command,
                                     long newToken, long fiscalSign, long shift, byte[] request, byte[] answer) {
        return encodeDocument(buf, receivedAtMillis, header, command, newToken, fiscalSign, shift, request, answer, 0);
    }

    /**
     * @param parentSign for a return of a ticket this OFD issued, that ticket's sign, else 0
     * @return the record's length
     */
    public static int encodeDocument(MutableDirectBuffer buf, long receivedAtMillis, FrameHeader header, int command,
                                     long newToken, long fiscalSign, long shift, byte[] request, byte[] answer,
                                     long parentSign) {
        int i = header(buf, KIND_DOCUMENT, receivedAtMillis);
        buf.putInt(i, (int) header.kkmId());
        buf.putShort(i + 4, (short) header.version());
        buf.putShort(i + 6, (short) header.requestNumber());
        buf.putInt(i + 8, (int) header.token());
        buf.putInt(i + 12, (int) newToken);
        buf.putShort(i + 16, (short) command);
        buf.putLong(i + 18, fiscalSign);
        buf.putInt(i + 26, (int) shift);
        i += 30;
        buf.putInt(i, request.length);
        buf.putBytes(i + 4, request);
        i += 4 + request.length;
        buf.putInt(i, answer.length);
        buf.putBytes(i + 4, answer);
        i += 4 + answer.length;
        buf.putLong(i, parentSign);
        return i + 8;
    }

    /**
     * Decodes one record.
     *
     * @param buf    record bytes
     * @param offset first byte
     * @param length record length
     * @return the outcome
     * @throws IllegalStateException on an unknown kind or format
     */
    public static Outcome decode(DirectBuffer buf, int offset, int length) {
        byte kind = buf.getByte(offset + KIND_OFFSET);
        byte format = buf.getByte(offset + FORMAT_OFFSET);
        if (format != FORMAT && format != FORMAT_1) {
            throw new IllegalStateException("journal record format " + format + " is not supported (expected "
                + FORMAT_1 + " or " + FORMAT + ")");
        }
        long received = buf.getLong(offset + RECEIVED_OFFSET);
        int i = offset + BODY_OFFSET;
        switch (kind) {
            case KIND_KKM_REGISTERED:
                return decodeRegistration(buf, i, received);
            case KIND_DOCUMENT:
                return decodeDocument(buf, i, received, format);
            case KIND_KKM_BLOCKED: {
                String reason = buf.getStringUtf8(i + 4);
                return new Outcome.KkmBlocked(received, Integer.toUnsignedLong(buf.getInt(i)), reason.isEmpty() ? null : reason);
            }
            case KIND_OFFLINE_PERIOD:
                return new Outcome.OfflinePeriodReported(received, Integer.toUnsignedLong(buf.getInt(i)),
                    buf.getLong(i + 4), buf.getLong(i + 12));
            case KIND_TOKEN_ISSUED:
                return new Outcome.KkmTokenIssued(received, Integer.toUnsignedLong(buf.getInt(i)),
                    Integer.toUnsignedLong(buf.getInt(i + 4)));
            case KIND_CABINET_EVENT:
                return new Outcome.CabinetEvent(received, Integer.toUnsignedLong(buf.getInt(i)), buf.getStringUtf8(i + 4));
            case KIND_REGISTRATION_UPDATED:
                return new Outcome.KkmRegistrationUpdated(received, Integer.toUnsignedLong(buf.getInt(i)),
                    details(buf, new int[] {i + 4}));
            case KIND_X_REPORT: {
                byte[] report = new byte[buf.getInt(i + 10)];
                buf.getBytes(i + 14, report);
                return new Outcome.XReportIssued(received, Integer.toUnsignedLong(buf.getInt(i)),
                    buf.getShort(i + 4) & 0xFFFF, Integer.toUnsignedLong(buf.getInt(i + 6)), report);
            }
            default:
                throw new IllegalStateException("journal record kind " + kind + " is unknown (length " + length + ")");
        }
    }

    private static Outcome decodeRegistration(DirectBuffer buf, int i, long received) {
        long id = Integer.toUnsignedLong(buf.getInt(i));
        long token = Integer.toUnsignedLong(buf.getInt(i + 4));
        int[] at = {i + 8};
        String rnm = string(buf, at);
        KkmDetails d = details(buf, at);
        return new Outcome.KkmRegistered(received, new KkmRegistration(id, token, rnm, d.serialNumber(), d.model(), d.bin(),
            d.orgName(), d.address(), d.pointName()));
    }

    private static KkmDetails details(DirectBuffer buf, int[] at) {
        String serial = string(buf, at);
        String model = string(buf, at);
        String bin = string(buf, at);
        String org = string(buf, at);
        String address = string(buf, at);
        String point = string(buf, at);
        return new KkmDetails(serial, model, bin, org, address, point);
    }

    private static Outcome decodeDocument(DirectBuffer buf, int i, long received, byte format) {
        long kkmId = Integer.toUnsignedLong(buf.getInt(i));
        int version = buf.getShort(i + 4) & 0xFFFF;
        int requestNumber = buf.getShort(i + 6) & 0xFFFF;
        long presentedToken = Integer.toUnsignedLong(buf.getInt(i + 8));
        long newToken = Integer.toUnsignedLong(buf.getInt(i + 12));
        int command = buf.getShort(i + 16) & 0xFFFF;
        long fiscalSign = buf.getLong(i + 18);
        long shift = Integer.toUnsignedLong(buf.getInt(i + 26));
        i += 30;
        byte[] request = new byte[buf.getInt(i)];
        buf.getBytes(i + 4, request);
        i += 4 + request.length;
        byte[] answer = new byte[buf.getInt(i)];
        buf.getBytes(i + 4, answer);
        long parentSign = format == FORMAT_1 ? Outcome.UNKNOWN_PARENT : buf.getLong(i + 4 + answer.length);
        FrameHeader header = FrameHeader.of(version, request.length, kkmId, presentedToken, requestNumber);
        return new Outcome.DocumentAccepted(received, header, command, newToken, fiscalSign, shift, request, answer,
            parentSign);
    }

    private static String string(DirectBuffer buf, int[] at) {
        String s = buf.getStringUtf8(at[0]);
        at[0] += 4 + buf.getInt(at[0]);
        return s;
    }

    private static int header(MutableDirectBuffer buf, byte kind, long receivedAtMillis) {
        buf.putByte(KIND_OFFSET, kind);
        buf.putByte(FORMAT_OFFSET, FORMAT);
        buf.putLong(RECEIVED_OFFSET, receivedAtMillis);
        return BODY_OFFSET;
    }
}
