package kz.ofd.protocol.frame;

import java.util.Objects;

/**
 * One whole message: header plus the unchanged protobuf body bytes. The body array is owned by the frame
 * and must not be modified once the frame is published.
 *
 * @param header the 18-byte header
 * @param body   the protobuf body ({@code header.size() - 18} bytes)
 */
public record KkmFrame(FrameHeader header, byte[] body) {

    /**
     * Checks that the body length agrees with SIZE.
     */
    public KkmFrame {
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(body, "body");
        if (header.bodyLength() != body.length) {
            throw new IllegalArgumentException("SIZE says " + header.bodyLength() + " body bytes, got " + body.length);
        }
    }
}
