package kz.ofd.simulator.conformance;

import kz.ofd.protocol.frame.FrameHeader;
import kz.ofd.simulator.provision.ProvisioningException;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a scenario works with: the target, its KKMs, the management API when there is one, and the checks it
 * has made so far. A failed check throws {@link Mismatch} and ends the scenario.
 */
final class Probe {

    private final InetSocketAddress target;
    private final Duration timeout;
    private final KkmSource kkms;
    private final ManagementPort manage;
    private final List<Check> checks = new ArrayList<>();

    Probe(InetSocketAddress target, Duration timeout, KkmSource kkms, ManagementPort manage) {
        this.target = target;
        this.timeout = timeout;
        this.kkms = kkms;
        this.manage = manage;
    }

    List<Check> checks() {
        return checks;
    }

    Duration timeout() {
        return timeout;
    }

    /**
     * A KKM of its own for this scenario. One from the file first gets its open shift closed, so every scenario
     * starts with no shift open.
     */
    Kkm kkm() throws Skip, ProvisioningException, IOException, Mismatch {
        Kkm kkm = kkms.take(this);
        if (!kkm.fresh()) {
            String what = "CLOSE_SHIFT of the shift a --kkm-file KKM may have open";
            Answer close = kkm.send(what, Docs.closeShift());
            if (close.code() == SessionRules.INVALID_REQUEST_NUMBER) {
                // The first request number happened to be the one of the KKM's last document before this run.
                close = kkm.send(what, Docs.closeShift());
            }
            expectCode(what, 0, close);
        }
        return kkm;
    }

    ManagementPort manage() throws Skip {
        if (manage == null) {
            throw new Skip("needs --manage");
        }
        return manage;
    }

    WireClient connect() throws IOException {
        return WireClient.connect(target, timeout);
    }

    /**
     * One request frame on its own connection (as real registers do), answer read and its header checked: APPCODE,
     * VERSION, ID and REQNUM must be echoed (protocol-facts §1.3).
     */
    Answer exchange(String what, int version, long id, long token, int reqNum, byte[] body) throws IOException, Mismatch {
        try (WireClient c = connect()) {
            return exchange(c, what, version, id, token, reqNum, body);
        }
    }

    /** Like {@link #exchange(String, int, long, long, int, byte[])} on a connection the scenario holds. */
    Answer exchange(WireClient c, String what, int version, long id, long token, int reqNum, byte[] body)
        throws IOException, Mismatch {
        FrameHeader request = FrameHeader.of(version, body.length, id, token, reqNum);
        c.send(WireClient.encode(request, body));
        WireClient.Frame frame;
        try {
            frame = c.readFrame();
        } catch (SocketTimeoutException e) {
            throw fail(what, "an answer within " + timeout.toMillis() + " ms", "no answer");
        }
        if (frame == null) {
            throw fail(what, "an answer", "the connection closed without one");
        }
        FrameHeader h = frame.header();
        if (h.appCode() != FrameHeader.APP_CODE || h.version() != version || h.kkmId() != id
            || h.requestNumber() != reqNum) {
            throw fail(what + ": answer header", "APPCODE 0x81a2, VERSION " + version + ", ID " + id + ", REQNUM "
                + reqNum + " echoed", "APPCODE 0x" + Integer.toHexString(h.appCode()) + ", VERSION " + h.version()
                + ", ID " + h.kkmId() + ", REQNUM " + h.requestNumber());
        }
        return new Answer(h, frame.body());
    }

    /** The answer must carry {@code code} in a complete Response. */
    void expectCode(String what, int code, Answer answer) throws Mismatch {
        check(what, Answer.codeName(code), answer.describe(), answer.code() == code && answer.complete());
    }

    /** Like {@link #expectCode} for answers that cannot be complete (an unknown command cannot be echoed). */
    void expectCodeLenient(String what, int code, Answer answer) throws Mismatch {
        check(what, Answer.codeName(code), answer.describe(), answer.code() == code);
    }

    void expectEqual(String what, Object expected, Object actual) throws Mismatch {
        check(what, String.valueOf(expected), String.valueOf(actual), Objects.equals(expected, actual));
    }

    /** Records a check; throws when it does not hold. */
    void check(String what, String expected, String actual, boolean ok) throws Mismatch {
        Check check = new Check(what, expected, actual, ok);
        checks.add(check);
        if (!ok) {
            throw new Mismatch(check);
        }
    }

    Mismatch fail(String what, String expected, String actual) {
        Check check = new Check(what, expected, actual, false);
        checks.add(check);
        return new Mismatch(check);
    }
}
