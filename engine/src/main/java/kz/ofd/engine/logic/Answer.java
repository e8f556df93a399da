package kz.ofd.engine.logic;

/**
 * What the business logic decided for one request: the answer body and header token, and, for an accepted
 * document, what must be journaled. A mutable carrier reused by the ring; written by the business-logic thread,
 * read by later stages after the ring's memory barrier.
 */
public final class Answer {

    int resultCode;
    byte[] body;
    long headerToken;
    boolean accepted;
    long newToken;
    long fiscalSign;
    long shiftNumber;
    long parentSign;
    boolean offlinePeriodReported;
    long offlineBeginMillis;
    long offlineEndMillis;
    byte[] xReport;

    /**
     * Clears the carrier for reuse.
     */
    public void reset() {
        resultCode = 0;
        body = null;
        headerToken = 0;
        accepted = false;
        newToken = 0;
        fiscalSign = 0;
        shiftNumber = 0;
        parentSign = 0;
        offlinePeriodReported = false;
        offlineBeginMillis = 0;
        offlineEndMillis = 0;
        xReport = null;
    }

    /**
     * @return protocol result code of the answer
     */
    public int resultCode() {
        return resultCode;
    }

    /**
     * @return the answer's protobuf body
     */
    public byte[] body() {
        return body;
    }

    /**
     * @return the token to put in the answer's header
     */
    public long headerToken() {
        return headerToken;
    }

    /**
     * @return true when a new document was accepted and must be journaled before the answer leaves
     */
    public boolean accepted() {
        return accepted;
    }

    /**
     * @return the token issued by an accepted document
     */
    public long newToken() {
        return newToken;
    }

    /**
     * @return the fiscal sign of an accepted ticket, 0 otherwise
     */
    public long fiscalSign() {
        return fiscalSign;
    }

    /**
     * @return the shift an accepted document belongs to
     */
    public long shiftNumber() {
        return shiftNumber;
    }

    /**
     * @return for an accepted return of a ticket this OFD issued, that ticket's fiscal sign; otherwise 0
     */
    public long parentSign() {
        return parentSign;
    }

    /**
     * @return true when the request reported a new offline period (or a later end of one), which must be journaled
     *     on its own when the request is not an accepted document
     */
    public boolean offlinePeriodReported() {
        return offlinePeriodReported;
    }

    /**
     * @return begin of the reported offline period, epoch milliseconds
     */
    public long offlineBeginMillis() {
        return offlineBeginMillis;
    }

    /**
     * @return end of the reported offline period, epoch milliseconds
     */
    public long offlineEndMillis() {
        return offlineEndMillis;
    }

    /**
     * @return for an answered X report (REPORT with REPORT_X), the server's ZXReport bytes as answered, which must be
     *     journaled before the answer leaves ({@link #shiftNumber()} is its shift); {@code null} otherwise
     */
    public byte[] xReport() {
        return xReport;
    }

    /**
     * @param token the token to put in the answer's header
     */
    public void setHeaderToken(long token) {
        headerToken = token;
    }

    /**
     * Overrides the answer with a refusal, e.g. when the journal could not take an accepted document.
     *
     * @param code  result code
     * @param refusalBody answer body
     */
    public void refuse(int code, byte[] refusalBody) {
        resultCode = code;
        body = refusalBody;
        accepted = false;
        xReport = null;
    }
}
