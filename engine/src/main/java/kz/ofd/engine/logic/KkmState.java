package kz.ofd.engine.logic;

import com.google.protobuf.InvalidProtocolBufferException;
import kz.ofd.protocol.proto.ZXReport;

import java.nio.charset.StandardCharsets;

/**
 * Everything the server keeps about one KKM: its registration, the token it must present next, the last accepted
 * document with its stored answer (for idempotent retries, protocol-facts §3.2), the open shift's counters and
 * the last Z report. Owned and mutated only by the business-logic thread.
 *
 * <p>Kept compact for a million registers (docs/benchmarks.md, "Memory at national scale"): the registration's
 * text other than the RNM is one UTF-8 byte array, decoded only when an answer needs it (reg info, status); the
 * shift counters exist from the first document on; the last Z is its encoding.
 */
public final class KkmState {

    private static final int DETAIL_SERIAL = 0;
    private static final int DETAIL_MODEL = 1;
    private static final int DETAIL_BIN = 2;
    private static final int DETAIL_ORG = 3;
    private static final int DETAIL_ADDRESS = 4;
    private static final int DETAIL_POINT = 5;
    private static final int DETAILS = 6;
    /** What {@link #shift()} reads before a KKM's first document; never changed (nothing calls its mutators). */
    private static final ShiftCounters NO_DOCUMENTS_YET = new ShiftCounters(1);

    final long id;
    /** The registration's first token (the registration is given back whole by {@link #registration()}). */
    final long firstToken;
    final String rnm;
    /**
     * Serial number, model, BIN, org name, address, point name: each a varint length and its UTF-8 bytes. Replaced
     * whole by a re-registration (never changed in place). Volatile because {@link KkmDirectory} readers (the public
     * receipt check) decode it off the logic thread; each decoding reads the field once.
     */
    private volatile byte[] details;
    long token;

    boolean hasLastDocument;
    long lastDocumentToken;
    int lastDocumentRequestNumber;
    int lastDocumentCommand;
    byte[] lastDocumentAnswer;

    /** {@code null} until the first document: shift 1 with nothing counted. */
    private ShiftCounters shift;
    /** The last Z report, encoded; {@code null} before the first one. */
    byte[] lastZ;
    private OfflineAnswers offlineAnswers;
    String blockReason;

    int offlinePeriods;
    long offlineBeginMillis;
    long offlineEndMillis;

    KkmState(KkmRegistration registration) {
        this.id = registration.id();
        this.firstToken = registration.token();
        this.rnm = registration.rnm();
        this.details = encodeDetails(registration.details());
        this.token = registration.token();
    }

    /**
     * A KKM restored from a snapshot, its other fields to be set by the caller.
     */
    KkmState(long id, long firstToken, String rnm, byte[] details) {
        this.id = id;
        this.firstToken = firstToken;
        this.rnm = rnm;
        this.details = details;
        this.token = firstToken;
    }

    /**
     * @return the registration's text in its compact form (for the snapshot; not to be modified)
     */
    byte[] details() {
        return details;
    }

    /**
     * Replaces the registration's text (a re-registration); the id, RNM and tokens stay.
     */
    void replaceDetails(KkmDetails d) {
        details = encodeDetails(d);
    }

    private static byte[] encodeDetails(KkmDetails r) {
        byte[][] parts = new byte[DETAILS][];
        String[] text = {r.serialNumber(), r.model(), r.bin(), r.orgName(), r.address(), r.pointName()};
        int length = 0;
        for (int i = 0; i < DETAILS; i++) {
            parts[i] = text[i].getBytes(StandardCharsets.UTF_8);
            length += varintSize(parts[i].length) + parts[i].length;
        }
        byte[] out = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            for (int v = part.length; ; v >>>= 7) {
                if (v < 0x80) {
                    out[at++] = (byte) v;
                    break;
                }
                out[at++] = (byte) (v & 0x7F | 0x80);
            }
            System.arraycopy(part, 0, out, at, part.length);
            at += part.length;
        }
        return out;
    }

    private static int varintSize(int v) {
        int size = 1;
        while ((v >>>= 7) != 0) {
            size++;
        }
        return size;
    }

    /** One of the {@link #details}, decoded. */
    private static String detail(byte[] details, int which) {
        int at = detailStart(details, which);
        int length = detailLength(details, at);
        return new String(details, at + varintSize(length), length, StandardCharsets.UTF_8);
    }

    /** Where a detail's varint length starts. */
    private static int detailStart(byte[] details, int which) {
        int at = 0;
        for (int i = 0; i < which; i++) {
            int length = detailLength(details, at);
            at += varintSize(length) + length;
        }
        return at;
    }

    /** The varint length at {@code at}. */
    private static int detailLength(byte[] details, int at) {
        int length = 0;
        for (int shiftBits = 0; ; shiftBits += 7) {
            byte b = details[at++];
            length |= (b & 0x7F) << shiftBits;
            if (b >= 0) {
                return length;
            }
        }
    }

    /**
     * @param iinOrBin an IIN/BIN from a document
     * @return true when it is the owner's (decodes the BIN only for a non-empty one)
     */
    boolean isOwnerBin(String iinOrBin) {
        return iinOrBin.isEmpty() ? detailLength(details, detailStart(details, DETAIL_BIN)) == 0
            : iinOrBin.equals(detail(details, DETAIL_BIN));
    }

    /**
     * @return the factory number
     */
    String serialNumber() {
        return detail(details, DETAIL_SERIAL);
    }

    /**
     * @return the current shift's counters, created at the shift's first document (to be changed)
     */
    ShiftCounters counters() {
        if (shift == null) {
            shift = new ShiftCounters(1);
        }
        return shift;
    }

    /**
     * @return the counters as held: {@code null} before the first document (for the snapshot)
     */
    ShiftCounters countersOrNull() {
        return shift;
    }

    void startShift(ShiftCounters next) {
        shift = next;
    }

    /**
     * @return the last Z report, or {@code null} before the first one
     */
    ZXReport lastZ() {
        if (lastZ == null) {
            return null;
        }
        try {
            return ZXReport.parser().parsePartialFrom(lastZ);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("last Z of KKM " + id + " does not decode", e);
        }
    }

    void rememberDocument(long presentedToken, int requestNumber, int command, byte[] answer, long newToken) {
        hasLastDocument = true;
        lastDocumentToken = presentedToken;
        lastDocumentRequestNumber = requestNumber;
        lastDocumentCommand = command;
        lastDocumentAnswer = answer;
        token = newToken;
    }

    /**
     * @return the offline answers held, or {@code null} when none was ever remembered
     */
    OfflineAnswers offlineAnswers() {
        return offlineAnswers;
    }

    byte[] offlineAnswer(long offlineNumber) {
        return offlineAnswers == null ? null : offlineAnswers.get(offlineNumber);
    }

    void rememberOffline(long offlineNumber, byte[] answer) {
        if (offlineAnswers == null) {
            offlineAnswers = new OfflineAnswers();
        }
        offlineAnswers.put(offlineNumber, answer);
    }

    /**
     * Takes note of an offline period the register reported. A period is known by its begin; the register refreshes
     * its end while it leaves offline mode.
     *
     * @return true when this is news: a later period, or a later end of the last one
     */
    boolean offlinePeriod(long beginMillis, long endMillis) {
        if (offlinePeriods > 0 && beginMillis == offlineBeginMillis) {
            if (endMillis <= offlineEndMillis) {
                return false;
            }
            offlineEndMillis = endMillis;
            return true;
        }
        if (offlinePeriods > 0 && beginMillis < offlineBeginMillis) {
            return false;   // an older period reported again
        }
        offlinePeriods++;
        offlineBeginMillis = beginMillis;
        offlineEndMillis = endMillis;
        return true;
    }

    /**
     * @return the registration (rebuilt from the compact form on each call)
     */
    public KkmRegistration registration() {
        byte[] d = details;   // once: a re-registration may replace it meanwhile (off the logic thread)
        return new KkmRegistration(id, firstToken, rnm, detail(d, DETAIL_SERIAL), detail(d, DETAIL_MODEL),
            detail(d, DETAIL_BIN), detail(d, DETAIL_ORG), detail(d, DETAIL_ADDRESS), detail(d, DETAIL_POINT));
    }

    /**
     * @return the token the KKM must present next
     */
    public long token() {
        return token;
    }

    /**
     * @return the current shift's counters, to be read only (before the first document, one shared empty shift 1;
     *     changes go through {@link #counters()})
     */
    public ShiftCounters shift() {
        return shift != null ? shift : NO_DOCUMENTS_YET;
    }
}
