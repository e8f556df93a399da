package kz.ofd.engine.journal;

import kz.ofd.engine.logic.KkmDetails;
import kz.ofd.engine.logic.KkmRegistration;
import kz.ofd.protocol.frame.FrameHeader;

/**
 * What happened, as journaled: the event-sourcing record from which all state is rebuilt.
 */
public sealed interface Outcome {

    /** {@link DocumentAccepted#parentSign} of a record written before documents carried it (format 1). */
    long UNKNOWN_PARENT = -1;

    /**
     * @return server receive time, epoch milliseconds
     */
    long receivedAtMillis();

    /**
     * A KKM was registered.
     *
     * @param receivedAtMillis when the registration arrived
     * @param registration     its data
     */
    record KkmRegistered(long receivedAtMillis, KkmRegistration registration) implements Outcome {
    }

    /**
     * The operator blocked or unblocked a KKM.
     *
     * @param receivedAtMillis when the command arrived
     * @param kkmId            the KKM
     * @param reason           block reason, {@code null} when unblocked
     */
    record KkmBlocked(long receivedAtMillis, long kkmId, String reason) implements Outcome {
    }

    /**
     * The cabinet issued a KKM a new token (the old one is refused from then on).
     *
     * @param receivedAtMillis when the command arrived
     * @param kkmId            the KKM
     * @param token            the token it must present next
     */
    record KkmTokenIssued(long receivedAtMillis, long kkmId, long token) implements Outcome {
    }

    /**
     * KGD approved a KKM's re-registration: its registration details are replaced (id, RNM and token stay).
     *
     * @param receivedAtMillis when the command arrived
     * @param kkmId            the KKM
     * @param details          its new details
     */
    record KkmRegistrationUpdated(long receivedAtMillis, long kkmId, KkmDetails details) implements Outcome {
    }

    /**
     * A status change of a KKM in the cabinet (application signed, KGD's answer, ...): audit only, replay skips it.
     *
     * @param receivedAtMillis when the command arrived
     * @param kkmId            the KKM's OFD id, or 0 before it has one
     * @param event            one line, {@code kkm=<cabinet id> organization=<id> status=<code> ...}
     */
    record CabinetEvent(long receivedAtMillis, long kkmId, String event) implements Outcome {
    }

    /**
     * A document was accepted.
     *
     * @param receivedAtMillis when it arrived
     * @param header           its request header (presented token and request number)
     * @param command          command number
     * @param newToken         token issued with the answer
     * @param fiscalSign       fiscal sign (0 for non-tickets)
     * @param shiftNumber      shift it belongs to
     * @param request          unchanged request body
     * @param answer           answer body sent
     * @param parentSign       for a return of a ticket this OFD issued, that ticket's sign; 0 otherwise;
     *                         {@link #UNKNOWN_PARENT} in a format-1 record
     */
    record DocumentAccepted(long receivedAtMillis, FrameHeader header, int command, long newToken, long fiscalSign,
                            long shiftNumber, byte[] request, byte[] answer, long parentSign) implements Outcome {
    }

    /**
     * A register reported an offline period on a request that was not an accepted document (an accepted document
     * carries its own in the request).
     *
     * @param receivedAtMillis when it arrived
     * @param kkmId            the KKM
     * @param beginMillis      period begin, epoch milliseconds
     * @param endMillis        period end, epoch milliseconds
     */
    record OfflinePeriodReported(long receivedAtMillis, long kkmId, long beginMillis, long endMillis) implements Outcome {
    }

    /**
     * The OFD answered a register's request for an X report (REPORT with REPORT_X): journaled so the cabinet can show
     * it later. Replay changes no state with it; it is not a fiscal document and is not sent to KGD.
     *
     * @param receivedAtMillis when the request arrived
     * @param kkmId            the KKM
     * @param requestNumber    the request's number (for tracing; a repeated request is a new X report)
     * @param shiftNumber      the shift the report is of
     * @param report           the server's ZXReport, protobuf bytes exactly as answered
     */
    record XReportIssued(long receivedAtMillis, long kkmId, int requestNumber, long shiftNumber, byte[] report)
        implements Outcome {
    }
}
