package kz.ofd.protocol.frame;

/**
 * Why a frame cannot be accepted at the framing level. Each one is answered with {@code PROTOCOL_ERROR} where
 * the header could be read, and the connection is then closed because its byte stream can no longer be trusted.
 */
public enum FrameError {
    /** APPCODE is not 0x81A2. */
    WRONG_APP_CODE("app code is not 0x81A2"),
    /** SIZE is smaller than the 18-byte header. */
    SIZE_BELOW_HEADER("SIZE is smaller than the 18-byte header"),
    /** SIZE is larger than the configured maximum frame size. */
    SIZE_ABOVE_LIMIT("SIZE is larger than the server's maximum frame size"),
    /** The peer stopped sending before SIZE bytes arrived. */
    TRUNCATED("the connection was shut down before SIZE bytes arrived");

    private final String text;

    FrameError(String text) {
        this.text = text;
    }

    /**
     * Human-readable reason, used as {@code result_text}.
     *
     * @return the reason
     */
    public String text() {
        return text;
    }
}
