package kz.ofd.protocol.frame;

/**
 * The 18-byte header that precedes every KKM/OFD message, in both directions.
 *
 * <pre>
 *   0        2        4                 8                 12                16      18
 *   +--------+--------+-----------------+-----------------+-----------------+-------+
 *   | APPCODE| VERSION|      SIZE       |       ID        |      TOKEN      |REQNUM |
 *   | u16 LE | u16 LE |     u32 LE      |     u32 LE      |     u32 LE      |u16 LE |
 *   +--------+--------+-----------------+-----------------+-----------------+-------+
 * </pre>
 *
 * <p>APPCODE is always {@value #APP_CODE}; VERSION is the protocol version as decimal digits (203 = 2.0.3);
 * SIZE is the whole message length <em>including</em> this header; ID is the KKM id issued by the OFD;
 * TOKEN the rotating exchange key; REQNUM the KKM's request counter. Unsigned 32-bit values are carried in
 * {@code long}s, unsigned 16-bit values in {@code int}s. Immutable; safe to share between threads.
 *
 * @param appCode       protocol mark, {@value #APP_CODE} for a valid frame
 * @param version       protocol version, e.g. 203
 * @param size          total frame length in bytes, header included
 * @param kkmId         KKM id (unsigned 32-bit)
 * @param token         exchange token (unsigned 32-bit)
 * @param requestNumber request number (unsigned 16-bit)
 */
public record FrameHeader(int appCode, int version, long size, long kkmId, long token, int requestNumber) {

    /** Header length in bytes. */
    public static final int LENGTH = 18;
    /** The protocol mark; on the wire as bytes {@code A2 81}. */
    public static final int APP_CODE = 0x81A2;

    /** Offset of APPCODE. */
    public static final int APP_CODE_OFFSET = 0;
    /** Offset of VERSION. */
    public static final int VERSION_OFFSET = 2;
    /** Offset of SIZE. */
    public static final int SIZE_OFFSET = 4;
    /** Offset of ID. */
    public static final int ID_OFFSET = 8;
    /** Offset of TOKEN. */
    public static final int TOKEN_OFFSET = 12;
    /** Offset of REQNUM. */
    public static final int REQUEST_NUMBER_OFFSET = 16;

    /** Largest unsigned 32-bit value. */
    public static final long MAX_U32 = 0xFFFF_FFFFL;
    /** Largest unsigned 16-bit value. */
    public static final int MAX_U16 = 0xFFFF;

    /**
     * Validates the ranges of every field.
     */
    public FrameHeader {
        checkRange("appCode", appCode, MAX_U16);
        checkRange("version", version, MAX_U16);
        checkRange("size", size, MAX_U32);
        checkRange("kkmId", kkmId, MAX_U32);
        checkRange("token", token, MAX_U32);
        checkRange("requestNumber", requestNumber, MAX_U16);
    }

    /**
     * A request header for a body of {@code bodyLength} bytes.
     *
     * @param version       protocol version
     * @param bodyLength    protobuf body length
     * @param kkmId         KKM id
     * @param token         token
     * @param requestNumber request number
     * @return the header
     */
    public static FrameHeader of(int version, int bodyLength, long kkmId, long token, int requestNumber) {
        return new FrameHeader(APP_CODE, version, (long) LENGTH + bodyLength, kkmId, token, requestNumber);
    }

    /**
     * The header of the answer to this frame: app code, version, id and request number echoed, size and token
     * rewritten (protocol-facts §1.3).
     *
     * @param bodyLength   answer body length
     * @param currentToken the token the KKM must use next
     * @return the answer's header
     */
    public FrameHeader answer(int bodyLength, long currentToken) {
        return new FrameHeader(appCode, version, (long) LENGTH + bodyLength, kkmId, currentToken, requestNumber);
    }

    /**
     * Body length implied by SIZE.
     *
     * @return SIZE minus the header length (negative when SIZE is too small)
     */
    public long bodyLength() {
        return size - LENGTH;
    }

    private static void checkRange(String name, long value, long max) {
        if (value < 0 || value > max) {
            throw new IllegalArgumentException(name + " out of range 0.." + max + ": " + value);
        }
    }
}
