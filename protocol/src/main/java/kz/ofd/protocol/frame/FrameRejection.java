package kz.ofd.protocol.frame;

/**
 * Emitted by {@link KkmFrameDecoder} instead of a frame when the byte stream breaks the framing rules and the
 * header could be read. The handler answers it with {@code PROTOCOL_ERROR} and closes the connection.
 *
 * @param header the header as read (fields may be garbage)
 * @param error  what was wrong
 */
public record FrameRejection(FrameHeader header, FrameError error) {
}
