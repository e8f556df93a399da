package kz.ofd.protocol.frame;

import io.netty.buffer.ByteBuf;

/**
 * Pure encode/decode of {@link FrameHeader} (all fields little-endian), for Netty buffers and byte arrays.
 * Stateless; safe from any thread.
 */
public final class FrameHeaderCodec {

    private FrameHeaderCodec() {
    }

    /**
     * Reads a header at an absolute index without moving the reader index.
     *
     * @param buf   buffer holding at least {@link FrameHeader#LENGTH} bytes from {@code index}
     * @param index absolute index of the first header byte
     * @return the header
     */
    public static FrameHeader decode(ByteBuf buf, int index) {
        return new FrameHeader(
            buf.getUnsignedShortLE(index + FrameHeader.APP_CODE_OFFSET),
            buf.getUnsignedShortLE(index + FrameHeader.VERSION_OFFSET),
            buf.getUnsignedIntLE(index + FrameHeader.SIZE_OFFSET),
            buf.getUnsignedIntLE(index + FrameHeader.ID_OFFSET),
            buf.getUnsignedIntLE(index + FrameHeader.TOKEN_OFFSET),
            buf.getUnsignedShortLE(index + FrameHeader.REQUEST_NUMBER_OFFSET));
    }

    /**
     * Reads a header from the start of a byte array.
     *
     * @param bytes at least {@link FrameHeader#LENGTH} bytes
     * @return the header
     */
    public static FrameHeader decode(byte[] bytes) {
        if (bytes.length < FrameHeader.LENGTH) {
            throw new IllegalArgumentException("a header needs " + FrameHeader.LENGTH + " bytes, got " + bytes.length);
        }
        return new FrameHeader(
            u16(bytes, FrameHeader.APP_CODE_OFFSET),
            u16(bytes, FrameHeader.VERSION_OFFSET),
            u32(bytes, FrameHeader.SIZE_OFFSET),
            u32(bytes, FrameHeader.ID_OFFSET),
            u32(bytes, FrameHeader.TOKEN_OFFSET),
            u16(bytes, FrameHeader.REQUEST_NUMBER_OFFSET));
    }

    /**
     * Appends a header at the writer index.
     *
     * @param header header to write
     * @param out    destination
     */
    public static void encode(FrameHeader header, ByteBuf out) {
        out.writeShortLE(header.appCode());
        out.writeShortLE(header.version());
        out.writeIntLE((int) header.size());
        out.writeIntLE((int) header.kkmId());
        out.writeIntLE((int) header.token());
        out.writeShortLE(header.requestNumber());
    }

    /**
     * Writes a header into the first {@link FrameHeader#LENGTH} bytes of {@code out}.
     *
     * @param header header to write
     * @param out    destination array
     */
    public static void encode(FrameHeader header, byte[] out) {
        putU16(out, FrameHeader.APP_CODE_OFFSET, header.appCode());
        putU16(out, FrameHeader.VERSION_OFFSET, header.version());
        putU32(out, FrameHeader.SIZE_OFFSET, header.size());
        putU32(out, FrameHeader.ID_OFFSET, header.kkmId());
        putU32(out, FrameHeader.TOKEN_OFFSET, header.token());
        putU16(out, FrameHeader.REQUEST_NUMBER_OFFSET, header.requestNumber());
    }

    /**
     * Checks a decoded header against the framing rules.
     *
     * @param header       decoded header
     * @param maxFrameSize largest SIZE accepted
     * @return why the frame is refused, or {@code null} if it is acceptable
     */
    public static FrameError check(FrameHeader header, int maxFrameSize) {
        if (header.appCode() != FrameHeader.APP_CODE) {
            return FrameError.WRONG_APP_CODE;
        }
        if (header.size() < FrameHeader.LENGTH) {
            return FrameError.SIZE_BELOW_HEADER;
        }
        if (header.size() > maxFrameSize) {
            return FrameError.SIZE_ABOVE_LIMIT;
        }
        return null;
    }

    private static int u16(byte[] b, int i) {
        return (b[i] & 0xFF) | (b[i + 1] & 0xFF) << 8;
    }

    private static long u32(byte[] b, int i) {
        return (b[i] & 0xFFL) | (b[i + 1] & 0xFFL) << 8 | (b[i + 2] & 0xFFL) << 16 | (b[i + 3] & 0xFFL) << 24;
    }

    private static void putU16(byte[] b, int i, int v) {
        b[i] = (byte) v;
        b[i + 1] = (byte) (v >>> 8);
    }

    private static void putU32(byte[] b, int i, long v) {
        b[i] = (byte) v;
        b[i + 1] = (byte) (v >>> 8);
        b[i + 2] = (byte) (v >>> 16);
        b[i + 3] = (byte) (v >>> 24);
    }
}
