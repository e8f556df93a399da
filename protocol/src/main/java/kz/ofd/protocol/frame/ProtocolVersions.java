package kz.ofd.protocol.frame;

import kz.ofd.protocol.codec.Violation;
import kz.ofd.protocol.proto.ResultTypeEnum;

/**
 * Header versions this OFD accepts: 2.0.2, 2.0.3 and 2.0.4 (protocol-facts §1.2, §10). Answers always carry the
 * request's own version.
 */
public final class ProtocolVersions {

    /** Protocol 2.0.2. */
    public static final int V202 = 202;
    /** Protocol 2.0.3. */
    public static final int V203 = 203;
    /** Protocol 2.0.4. */
    public static final int V204 = 204;

    private ProtocolVersions() {
    }

    /**
     * @param version header VERSION
     * @return {@code PROTOCOL_ERROR} naming the version, or {@code null} when it is supported
     */
    public static Violation check(int version) {
        if (version >= V202 && version <= V204) {
            return null;
        }
        return Violation.of(ResultTypeEnum.RESULT_TYPE_PROTOCOL_ERROR,
            "protocol version " + version + " is not supported; this OFD speaks 202, 203 and 204 (2.0.2-2.0.4)");
    }
}
