package kz.ofd.simulator.conformance;

import kz.ofd.protocol.frame.ProtocolVersions;
import kz.ofd.protocol.proto.ServiceResponse;
import kz.ofd.protocol.proto.ReportTypeEnum;
import kz.ofd.protocol.proto.Request;
import kz.ofd.protocol.proto.ZXReport;

import java.io.IOException;

/**
 * One KKM as a scenario drives it: its id, the token it holds (taken from an answer's header only when the result
 * is 0, as real clients do, protocol-facts §15.7) and its request numbers; remembers its last request so that it
 * can be sent again exactly.
 */
final class Kkm {

    private static final int MAX_REQNUM = 0xFFFF;

    private final Probe probe;
    private final long id;
    private final boolean fresh;
    private long token;
    private int reqNum;
    private int lastVersion;
    private long lastToken;
    private int lastReqNum;
    private byte[] lastBody;

    Kkm(Probe probe, long id, long token, boolean fresh) {
        this.probe = probe;
        this.id = id;
        this.token = token;
        this.fresh = fresh;
        // A KKM from a file has a history: start far from any request number it may have used last.
        this.reqNum = fresh ? 0 : (int) (System.nanoTime() & 0x7FFF) + 1_000;
    }

    long id() {
        return id;
    }

    long token() {
        return token;
    }

    boolean fresh() {
        return fresh;
    }

    /** The request number of the last request sent. */
    int lastReqNum() {
        return lastReqNum;
    }

    /** The token the last request was sent with. */
    long lastToken() {
        return lastToken;
    }

    /** The body of the last request sent. */
    byte[] lastBody() {
        return lastBody.clone();
    }

    int nextReqNum() {
        reqNum = reqNum % MAX_REQNUM + 1;
        return reqNum;
    }

    Answer send(String what, Request request) throws IOException, Mismatch {
        return send(what, ProtocolVersions.V203, request);
    }

    Answer send(String what, int version, Request request) throws IOException, Mismatch {
        return send(what, version, nextReqNum(), request);
    }

    /** Sends with an explicit request number; the KKM's own numbering goes on from its own counter. */
    Answer send(String what, int version, int requestNumber, Request request) throws IOException, Mismatch {
        return send(null, what, version, requestNumber, request);
    }

    /** Sends in 2.0.3 on a connection the scenario holds (keep-alive). */
    Answer send(WireClient connection, String what, Request request) throws IOException, Mismatch {
        return send(connection, what, ProtocolVersions.V203, nextReqNum(), request);
    }

    private Answer send(WireClient connection, String what, int version, int requestNumber, Request request)
        throws IOException, Mismatch {
        lastVersion = version;
        lastToken = token;
        lastReqNum = requestNumber;
        lastBody = request.toByteArray();
        Answer answer = connection == null ? probe.exchange(what, version, id, token, requestNumber, lastBody)
            : probe.exchange(connection, what, version, id, token, requestNumber, lastBody);
        if (answer.code() == 0) {
            token = answer.token();
        }
        return answer;
    }

    /** The last request again, byte for byte, with its token and request number (a retry). */
    Answer resend(String what) throws IOException, Mismatch {
        Answer answer = probe.exchange(what, lastVersion, id, lastToken, lastReqNum, lastBody);
        if (answer.code() == 0) {
            token = answer.token();
        }
        return answer;
    }

    /** Any body with any header token and request number; the KKM's state does not change. */
    Answer raw(String what, int version, long headerToken, int requestNumber, byte[] body) throws IOException, Mismatch {
        return probe.exchange(what, version, id, headerToken, requestNumber, body);
    }

    /** Sends in 2.0.3 and requires 0. */
    Answer ok(String what, Request request) throws IOException, Mismatch {
        return ok(what, ProtocolVersions.V203, request);
    }

    Answer ok(String what, int version, Request request) throws IOException, Mismatch {
        Answer answer = send(what, version, request);
        probe.expectCode(what, 0, answer);
        return answer;
    }

    /** Expects a refusal with {@code code} that changes nothing: the header keeps the token sent. */
    Answer refused(String what, int code, Request request) throws IOException, Mismatch {
        Answer answer = send(what, request);
        probe.expectCode(what, code, answer);
        probe.expectEqual(what + ": token after the refusal (no rotation)", lastToken, answer.token());
        return answer;
    }

    ServiceResponse.RegInfo regInfo() throws IOException, Mismatch {
        Answer a = ok("SYSTEM with get_reg_info", Docs.system(true));
        probe.check("SYSTEM answer carries service.reg_info", "reg_info present", a.response().getService().hasRegInfo()
            ? "present" : "absent", a.response().getService().hasRegInfo());
        return a.response().getService().getRegInfo();
    }

    /** The server's X report (or the last Z when no shift is open). */
    ZXReport x() throws IOException, Mismatch {
        Answer a = ok("REPORT X", Docs.report(ReportTypeEnum.REPORT_X));
        boolean has = a.response().hasReport() && a.response().getReport().hasZxReport();
        probe.check("REPORT X answer carries report.zx_report", "zx_report present", has ? "present" : "absent", has);
        return a.response().getReport().getZxReport();
    }
}
