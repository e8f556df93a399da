package kz.ofd.protocol.codec;

import kz.ofd.protocol.proto.ResultTypeEnum;

/**
 * Why a request is refused: the protocol result code and a {@code result_text} a person can act on.
 *
 * @param resultCode protocol result code (never 0)
 * @param text       what is wrong, naming the field
 */
public record Violation(int resultCode, String text) {

    /**
     * @param result result type
     * @param text   explanation
     * @return the violation
     */
    public static Violation of(ResultTypeEnum result, String text) {
        return new Violation(result.getNumber(), text);
    }
}
