package kz.ofd.protocol.codec;

import kz.ofd.protocol.proto.Request;

/**
 * Result of lenient body parsing: the request (possibly missing fields its schema marks required), the raw
 * command number as it was on the wire, and a violation if the body could not be used at all.
 *
 * @param request       the parsed request, or {@code null} when the body is not protobuf
 * @param commandNumber command number from the wire, or -1 when absent
 * @param violation     why the request cannot be processed, or {@code null}
 */
public record ParsedRequest(Request request, int commandNumber, Violation violation) {

    /**
     * @return true when the request can go on to the business logic
     */
    public boolean ok() {
        return violation == null;
    }
}
