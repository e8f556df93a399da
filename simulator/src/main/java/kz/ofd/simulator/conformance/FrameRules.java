package kz.ofd.simulator.conformance;

import kz.ofd.protocol.frame.FrameHeader;
import kz.ofd.protocol.frame.FrameHeaderCodec;

import java.net.SocketTimeoutException;
import java.util.Arrays;
import java.util.List;

/**
 * Rules of the framing layer: what the server does with frames it cannot read, and that it goes on serving.
 */
final class FrameRules {

    private FrameRules() {
    }

    static List<Rule> rules() {
        return List.of(
            new Rule("frame-bad-appcode", "a frame whose APPCODE is not 0x81A2 is answered 3 PROTOCOL_ERROR (or not at "
                + "all) and its connection closed; new connections are served", 1, false, p -> malformed(p, Kind.APPCODE)),
            new Rule("frame-size-below-header", "a frame whose SIZE is below 18 is answered 3 (or not at all) and its "
                + "connection closed; new connections are served", 1, false, p -> malformed(p, Kind.SIZE_BELOW)),
            new Rule("frame-size-above-max", "a frame whose SIZE is above the server's maximum (4 GiB − 1 here) is "
                + "answered 3 (or not at all) and its connection closed; new connections are served", 1, false,
                p -> malformed(p, Kind.SIZE_ABOVE)),
            new Rule("frame-truncated", "a frame cut short by the client closing its side is answered 3 (or not at "
                + "all) and its connection closed; new connections are served", 1, false,
                p -> malformed(p, Kind.TRUNCATED)),
            new Rule("body-not-protobuf", "a frame whose body is not protobuf is answered 3 PROTOCOL_ERROR and the "
                + "connection keeps being served", 1, false, FrameRules::bodyNotProtobuf));
    }

    private enum Kind { APPCODE, SIZE_BELOW, SIZE_ABOVE, TRUNCATED }

    private static void malformed(Probe p, Kind kind) throws Exception {
        Kkm k = p.kkm();
        byte[] body = Docs.sell(10_000).toByteArray();
        byte[] bytes = WireClient.encode(FrameHeader.of(203, body.length, k.id(), k.token(), k.nextReqNum()), body);
        String what;
        switch (kind) {
            case APPCODE -> {
                bytes[0] = 0x00;
                what = "a TICKET frame with APPCODE 0x8100";
            }
            case SIZE_BELOW -> {
                bytes = new byte[FrameHeader.LENGTH];
                FrameHeaderCodec.encode(new FrameHeader(FrameHeader.APP_CODE, 203, 10, k.id(), k.token(), k.nextReqNum()),
                    bytes);
                what = "a header with SIZE 10";
            }
            case SIZE_ABOVE -> {
                bytes = new byte[FrameHeader.LENGTH];
                FrameHeaderCodec.encode(new FrameHeader(FrameHeader.APP_CODE, 203, FrameHeader.MAX_U32, k.id(), k.token(),
                    k.nextReqNum()), bytes);
                what = "a header with SIZE 4294967295";
            }
            default -> {
                bytes = Arrays.copyOf(bytes, bytes.length - 5);
                what = "a TICKET frame 5 bytes short, then the client's side closed";
            }
        }
        try (WireClient c = p.connect()) {
            c.send(bytes);
            if (kind == Kind.TRUNCATED) {
                c.shutdownOutput();
            }
            WireClient.Frame frame;
            try {
                frame = c.readFrame();
            } catch (SocketTimeoutException e) {
                throw p.fail(what, "3 PROTOCOL_ERROR or the connection closed", "neither within "
                    + p.timeout().toMillis() + " ms");
            }
            if (frame != null) {
                p.expectCode(what, SessionRules.PROTOCOL_ERROR, new Answer(frame.header(), frame.body()));
            } else {
                p.check(what, "3 PROTOCOL_ERROR or the connection closed", "the connection closed", true);
            }
            boolean closed = frame == null || c.closedByPeerWithin(p.timeout());
            p.check("the connection after " + what, "closed by the server", closed ? "closed" : "still open", closed);
        }
        k.ok("SYSTEM on a new connection afterwards", Docs.system(false));
        k.ok("TICKET on a new connection afterwards", Docs.sell(10_000));
    }

    private static void bodyNotProtobuf(Probe p) throws Exception {
        Kkm k = p.kkm();
        try (WireClient c = p.connect()) {
            byte[] garbage = {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF};
            Answer a = p.exchange(c, "a frame with body FF FF FF FF", 203, k.id(), k.token(), k.nextReqNum(), garbage);
            p.expectCode("a frame with body FF FF FF FF", SessionRules.PROTOCOL_ERROR, a);
            p.expectEqual("token after the refusal (no rotation)", k.token(), a.token());
            Answer next = p.exchange(c, "SYSTEM on the same connection afterwards", 203, k.id(), k.token(),
                k.nextReqNum(), Docs.system(false).toByteArray());
            p.expectCode("SYSTEM on the same connection afterwards", 0, next);
        }
    }
}
