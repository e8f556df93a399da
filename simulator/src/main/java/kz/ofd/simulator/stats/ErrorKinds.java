package kz.ofd.simulator.stats;

/**
 * Names of the error kinds counted in a run; they appear verbatim in the summary and the JSON.
 */
public final class ErrorKinds {

    /** No connection or no answer within the configured timeout. */
    public static final String TIMEOUT = "timeout";
    /** Connection refused, reset, or closed before the answer arrived. */
    public static final String IO = "io";
    /** The answer broke the framing rules (app code, SIZE). */
    public static final String BAD_FRAME = "bad-frame";
    /** The answer header did not echo app code, version, id and request number. */
    public static final String HEADER_MISMATCH = "header-mismatch";
    /** The body is not a complete {@code Response} (strict parse, required fields enforced). */
    public static final String UNPARSABLE = "unparsable";
    /** {@code Response.command} differs from the request's command. */
    public static final String WRONG_COMMAND = "wrong-command";
    /** {@code result_code} was not 0. */
    public static final String RESULT_NOT_OK = "result-not-ok";
    /** A ticket answer without {@code ticket}. */
    public static final String TICKET_MISSING = "ticket-missing";
    /** A fiscal sign that is empty, not all digits, or longer than 19 digits. */
    public static final String BAD_FISCAL_SIGN = "bad-fiscal-sign";
    /** A fiscal sign already issued earlier in this run. */
    public static final String DUPLICATE_FISCAL_SIGN = "duplicate-fiscal-sign";
    /** A ticket answer without a {@code qr_code} starting with "http". */
    public static final String BAD_QR = "bad-qr";
    /** An accepted document answered with the same token that was sent. */
    public static final String TOKEN_NOT_ROTATED = "token-not-rotated";
    /** A report (or other non-document) answer that changed the token. */
    public static final String TOKEN_CHANGED = "token-changed";
    /** A report or close-shift answer without {@code report.zx_report} of the right type. */
    public static final String REPORT_MISSING = "report-missing";
    /** Report totals that differ from what this KKM sent in the shift. */
    public static final String REPORT_MISMATCH = "report-mismatch";
    /** A retried document or re-sent offline ticket got an answer other than the one it got the first time. */
    public static final String REPLAY_DIFFERS = "replay-differs";
    /** The answer to a retry or offline re-send did not carry the KKM's current token. */
    public static final String REPLAY_TOKEN = "replay-token";
    /** A frame arrived while no request was in flight. */
    public static final String UNEXPECTED_FRAME = "unexpected-frame";
    /** A request still failed after the last retry; its KKM stopped. */
    public static final String ABANDONED = "abandoned";
    /** A request still had no answer when the run's drain time ran out. */
    public static final String UNFINISHED = "unfinished";

    private ErrorKinds() {
    }
}
