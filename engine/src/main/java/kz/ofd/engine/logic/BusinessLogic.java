package kz.ofd.engine.logic;

import kz.ofd.protocol.codec.KkmMessages;
import kz.ofd.protocol.codec.Violation;
import kz.ofd.protocol.frame.FrameHeader;
import kz.ofd.protocol.proto.CommandTypeEnum;
import kz.ofd.protocol.proto.Request;
import kz.ofd.protocol.proto.ResultTypeEnum;
import kz.ofd.protocol.proto.ServiceRequest;
import kz.ofd.protocol.validate.RequestValidator;
import org.agrona.collections.Long2ObjectHashMap;

import java.time.Instant;
import java.time.LocalDateTime;

/**
 * The single writer of all KKM state. Authenticates every request by id and token, applies the
 * request-number and retry rules of protocol-facts §3.2, dispatches commands, and decides the answer.
 * Live requests and journal replay go through the same {@code apply} code, so a restart reproduces the state.
 *
 * <p>Threading: owned by exactly one thread (the ring's business-logic stage, or the recovery thread before
 * the ring starts). Time comes from the caller ({@code receivedAtMillis}), never from the clock.
 */
public final class BusinessLogic {

    private static final int OK = ResultTypeEnum.RESULT_TYPE_OK_VALUE;

    private final Long2ObjectHashMap<KkmState> kkms = new Long2ObjectHashMap<>();
    private final FiscalSigns signs = new FiscalSigns();
    private final TokenSource tokens;
    private final DocumentCommands documents;
    private final ServiceCommands services;
    private final ReturnRules returns;
    private final LogicSettings settings;
    private final KkmDirectory directory = new KkmDirectory();
    private final int[] refusalCode = new int[1];

    /**
     * Logic whose ticket ledger has no archive: every ticket stays in memory. For tests and benchmarks that have
     * no index; they must report indexing through {@link TicketLedger#indexedUpTo} to bound memory.
     *
     * @param settings QR URL, OFD name, time zone
     * @param tokens   where new tokens come from
     */
    public BusinessLogic(LogicSettings settings, TokenSource tokens) {
        this(settings, tokens, new TicketLedger(TicketArchive.EMPTY));
    }

    /**
     * @param settings QR URL, OFD name, time zone
     * @param tokens   where new tokens come from
     * @param ledger   the tickets this OFD issued, for checking returns
     */
    public BusinessLogic(LogicSettings settings, TokenSource tokens, TicketLedger ledger) {
        this.tokens = tokens;
        this.settings = settings;
        this.documents = new DocumentCommands(settings);
        this.services = new ServiceCommands(settings);
        this.returns = new ReturnRules(ledger, kkms, signs);
    }

    /**
     * Decides the answer to one request.
     *
     * @param header           the request header
     * @param commandNumber    the command number from the wire, -1 if absent
     * @param request          the leniently parsed request, {@code null} if the body was not protobuf
     * @param violation        a violation found before the ring (parsing, validation), or {@code null}
     * @param receivedAtMillis when the server received the frame
     * @param out              receives the decision
     */
    public void onRequest(FrameHeader header, int commandNumber, Request request, Violation violation,
                          long receivedAtMillis, Answer out) {
        out.reset();
        KkmState kkm = kkms.get(header.kkmId());
        if (kkm == null) {
            refuse(out, commandNumber, header.token(), ResultTypeEnum.RESULT_TYPE_UNKNOWN_ID,
                "KKM id " + header.kkmId() + " is not registered with this OFD");
            return;
        }
        if (violation != null) {
            refuse(out, commandNumber, kkm.token, violation.resultCode(), violation.text());
            return;
        }
        if (header.token() == kkm.token && noteOfflinePeriod(kkm, request)) {
            out.offlinePeriodReported = true;
            out.offlineBeginMillis = kkm.offlineBeginMillis;
            out.offlineEndMillis = kkm.offlineEndMillis;
        }
        if (kkm.blockReason != null && header.token() == kkm.token) {
            blocked(out, commandNumber, kkm, header.version());
            return;
        }
        if (DocumentCommands.isDocument(commandNumber)) {
            onDocument(kkm, header, request, receivedAtMillis, out);
        } else if (header.token() != kkm.token) {
            invalidToken(out, commandNumber, kkm);
        } else if (isService(commandNumber)) {
            answer(out, OK, services.answer(kkm, request, receivedAtMillis, header.version(), out), kkm.token);
        } else if (isUnsupported(commandNumber)) {
            refuse(out, commandNumber, kkm.token, ResultTypeEnum.RESULT_TYPE_UNSUPPORTED_COMMAND,
                "command " + commandNumber + " is not supported by this OFD");
        } else {
            refuse(out, commandNumber, kkm.token, ResultTypeEnum.RESULT_TYPE_UNKNOWN_COMMAND,
                "command " + commandNumber + " is unknown");
        }
    }

    private void onDocument(KkmState kkm, FrameHeader header, Request request, long receivedAtMillis, Answer out) {
        int command = request.getCommand().getNumber();
        if (kkm.hasLastDocument && header.token() == kkm.lastDocumentToken
            && header.requestNumber() == kkm.lastDocumentRequestNumber) {
            if (command == kkm.lastDocumentCommand) {
                // A retry of the last accepted document: the stored answer again, with the current token.
                answer(out, OK, kkm.lastDocumentAnswer, kkm.token);
            } else {
                refuse(out, command, kkm.token, ResultTypeEnum.RESULT_TYPE_INVALID_RETRY_REQUEST,
                    "request number " + header.requestNumber() + " with this token was command "
                        + kkm.lastDocumentCommand + ", not " + command);
            }
            return;
        }
        if (header.token() != kkm.token) {
            invalidToken(out, command, kkm);
            return;
        }
        byte[] offlineAnswer = offlineResend(kkm, request);
        if (offlineAnswer != null) {
            // An offline ticket re-sent from the register's queue: its original answer, counted once.
            answer(out, OK, offlineAnswer, kkm.token);
            return;
        }
        if (kkm.hasLastDocument && header.requestNumber() == kkm.lastDocumentRequestNumber) {
            refuse(out, command, kkm.token, ResultTypeEnum.RESULT_TYPE_INVALID_REQUEST_NUMBER,
                "request number " + header.requestNumber() + " was already used by the last document");
            return;
        }
        boolean ticket = command == CommandTypeEnum.COMMAND_TICKET_VALUE;
        long parentSign = ticket ? returns.ownParent(request.getTicket()) : 0;
        String refusal = documents.refusal(kkm, request, receivedAtMillis, refusalCode);
        if (refusal == null) {
            refusal = returns.refusal(request.getTicket(), parentSign, refusalCode);
        }
        if (refusal != null) {
            refuse(out, command, kkm.token, refusalCode[0], refusal);
            return;
        }
        long fiscalSign = ticket ? signs.next() : 0;
        long newToken = tokens.next(kkm.token);
        long shift = kkm.shift().shiftNumber;
        byte[] body = documents.apply(kkm, request, fiscalSign, header.version());
        if (ticket) {
            returns.issued(fiscalSign, header.kkmId(), request.getTicket(), parentSign);
        }
        remember(kkm, header, request, body, newToken);
        answer(out, OK, body, newToken);
        out.accepted = true;
        out.newToken = newToken;
        out.fiscalSign = fiscalSign;
        out.shiftNumber = shift;
        out.parentSign = parentSign;
    }

    /**
     * Replays an accepted document from the journal: same state change, recorded sign, token and answer.
     *
     * @param header        the original request header
     * @param request       the original request, parsed
     * @param fiscalSign    the sign it was given
     * @param newToken      the token it issued
     * @param answer        the answer that was sent
     * @return for a return of a ticket this OFD issued, that ticket's sign (decided as when it was accepted), else 0.
     *     The ledger is not fed: recovery indexes every replayed document before the ring starts.
     */
    public long replayDocument(FrameHeader header, Request request, long fiscalSign, long newToken, byte[] answer) {
        KkmState kkm = kkms.get(header.kkmId());
        if (kkm == null) {
            throw new IllegalStateException("journal has a document of unregistered KKM " + header.kkmId());
        }
        long parentSign = fiscalSign != 0 ? returns.ownParent(request.getTicket()) : 0;
        if (fiscalSign != 0) {
            signs.observe(fiscalSign);
        }
        documents.apply(kkm, request, fiscalSign, header.version());
        remember(kkm, header, request, answer, newToken);
        noteOfflinePeriod(kkm, request);
        return parentSign;
    }

    /**
     * Replays an offline period reported on a request that was not an accepted document (e.g. SYSTEM).
     *
     * @param kkmId       the KKM
     * @param beginMillis period begin, epoch milliseconds
     * @param endMillis   period end, epoch milliseconds
     */
    public void replayOfflinePeriod(long kkmId, long beginMillis, long endMillis) {
        KkmState kkm = kkms.get(kkmId);
        if (kkm == null) {
            throw new IllegalStateException("journal has an offline period of unregistered KKM " + kkmId);
        }
        kkm.offlinePeriod(beginMillis, endMillis);
    }

    /**
     * Records {@code service.offline_period} when it describes an outage: both ends valid and the end after the
     * begin. Some clients send begin = end = now on every request (protocol-facts §5), which is not an outage; a
     * malformed period is ignored rather than refused, as it is information, not a fiscal document.
     */
    private boolean noteOfflinePeriod(KkmState kkm, Request request) {
        if (request == null || !request.getService().hasOfflinePeriod()) {
            return false;
        }
        ServiceRequest.OfflinePeriod p = request.getService().getOfflinePeriod();
        if (!p.hasBeginTime() || !p.hasEndTime()
            || RequestValidator.dateTime("offline_period.begin_time", p.getBeginTime()) != null
            || RequestValidator.dateTime("offline_period.end_time", p.getEndTime()) != null) {
            return false;
        }
        long begin = settings.epochMillis(p.getBeginTime());
        long end = settings.epochMillis(p.getEndTime());
        return end > begin && kkm.offlinePeriod(begin, end);
    }

    private static void remember(KkmState kkm, FrameHeader header, Request request, byte[] answer, long newToken) {
        kkm.rememberDocument(header.token(), header.requestNumber(), request.getCommand().getNumber(), answer, newToken);
        if (request.getCommand() == CommandTypeEnum.COMMAND_TICKET && request.getTicket().hasOfflineTicketNumber()) {
            kkm.rememberOffline(Integer.toUnsignedLong(request.getTicket().getOfflineTicketNumber()), answer);
        }
    }

    private static byte[] offlineResend(KkmState kkm, Request request) {
        if (request.getCommand() != CommandTypeEnum.COMMAND_TICKET || !request.getTicket().hasOfflineTicketNumber()) {
            return null;
        }
        return kkm.offlineAnswer(Integer.toUnsignedLong(request.getTicket().getOfflineTicketNumber()));
    }

    /**
     * Registers a KKM (live or from the journal).
     *
     * @param registration a registration whose values passed {@link KkmRegistrationRules}
     * @return false if the id is already registered (nothing changes)
     */
    public boolean register(KkmRegistration registration) {
        if (kkms.containsKey(registration.id())) {
            return false;
        }
        KkmState kkm = new KkmState(registration);
        kkms.put(registration.id(), kkm);
        returns.registered(kkm.rnm);
        directory.registered(kkm);
        return true;
    }

    /**
     * Blocks a KKM server-side, or unblocks it (live or from the journal). While blocked, every authenticated
     * request, SYSTEM included, is answered BLOCKED (15) with the reason, so the register shows it and polls
     * SYSTEM until it is answered 0 (protocol-facts §8.1).
     *
     * @param id     KKM id
     * @param reason a reason a cashier can act on; {@code null} unblocks
     * @return false if the id is not registered
     */
    public boolean block(long id, String reason) {
        KkmState kkm = kkms.get(id);
        if (kkm == null) {
            return false;
        }
        kkm.blockReason = reason;
        return true;
    }

    /**
     * Gives a KKM a new token (live or from the journal): the cabinet re-issued it, and the old one is refused from
     * now on, retries of the last document included.
     *
     * @param id    KKM id
     * @param token the token the KKM must present next, never 0
     * @return false if the id is not registered
     */
    public boolean issueToken(long id, long token) {
        KkmState kkm = kkms.get(id);
        if (kkm == null) {
            return false;
        }
        kkm.token = token;
        kkm.hasLastDocument = false;
        return true;
    }

    /**
     * Replaces a KKM's registration details (live or from the journal): KGD approved its re-registration, so the
     * registration data it is answered with (reg info) are the new ones from the next request on. Its OFD id, RNM,
     * token, shift and documents stay.
     *
     * @param id      KKM id
     * @param details the new details, whose values passed {@link KkmRegistrationRules#problems(KkmDetails)}
     * @return false if the id is not registered
     */
    public boolean updateRegistration(long id, KkmDetails details) {
        KkmState kkm = kkms.get(id);
        if (kkm == null) {
            return false;
        }
        kkm.replaceDetails(details);
        return true;
    }

    private void blocked(Answer out, int command, KkmState kkm, int version) {
        answer(out, ResultTypeEnum.RESULT_TYPE_BLOCKED_VALUE,
            services.blockedAnswer(kkm, command, kkm.blockReason, version), kkm.token);
    }

    /**
     * @return every KKM's state, by id (for snapshots; business-logic thread only)
     */
    Long2ObjectHashMap<KkmState> states() {
        return kkms;
    }

    /**
     * @return the fiscal-sign sequence (for snapshots)
     */
    FiscalSigns signs() {
        return signs;
    }

    /**
     * Adds a KKM restored from a snapshot.
     */
    void restore(KkmState kkm) {
        kkms.put(kkm.id, kkm);
        returns.registered(kkm.rnm);
        directory.registered(kkm);
    }

    /**
     * @return every registered KKM's RNM, readable from any thread
     */
    public KkmDirectory directory() {
        return directory;
    }

    /**
     * @param id KKM id
     * @return the KKM's state, or {@code null}
     */
    public KkmState kkm(long id) {
        return kkms.get(id);
    }

    /**
     * @param id KKM id
     * @return a snapshot of the KKM's state, or {@code null} when it is not registered
     */
    public KkmStatus status(long id) {
        KkmState kkm = kkms.get(id);
        if (kkm == null) {
            return null;
        }
        ShiftCounters shift = kkm.shift();
        boolean offline = kkm.offlinePeriods > 0;
        return new KkmStatus(id, kkm.rnm, kkm.serialNumber(), kkm.blockReason,
            shift.shiftNumber, shift.open, shift.open ? Messages.localDateTime(shift.openTime()) : null, shift.cash,
            kkm.offlinePeriods, offline ? local(kkm.offlineBeginMillis) : null, offline ? local(kkm.offlineEndMillis) : null);
    }

    private LocalDateTime local(long epochMillis) {
        return LocalDateTime.ofInstant(Instant.ofEpochMilli(epochMillis), settings.localZone());
    }

    /**
     * @return number of registered KKMs
     */
    public int kkmCount() {
        return kkms.size();
    }

    /**
     * @return the last fiscal sign issued
     */
    public long lastFiscalSign() {
        return signs.last();
    }

    private static boolean isService(int command) {
        return command == CommandTypeEnum.COMMAND_SYSTEM_VALUE
            || command == CommandTypeEnum.COMMAND_INFO_VALUE
            || command == CommandTypeEnum.COMMAND_REPORT_VALUE
            || command == CommandTypeEnum.COMMAND_NOMENCLATURE_VALUE
            || command == CommandTypeEnum.COMMAND_AUTH_VALUE;
    }

    private static boolean isUnsupported(int command) {
        return command == CommandTypeEnum.COMMAND_CANCEL_TICKET_VALUE
            || command == CommandTypeEnum.COMMAND_RESERVED_VALUE
            || command == CommandTypeEnum.COMMAND_QR_GENERATE_VALUE
            || command == CommandTypeEnum.COMMAND_QR_GET_STATUS_VALUE;
    }

    private static void invalidToken(Answer out, int command, KkmState kkm) {
        refuse(out, command, kkm.token, ResultTypeEnum.RESULT_TYPE_INVALID_TOKEN,
            "token does not match the one issued to this KKM; enter the token from the OFD cabinet");
    }

    private static void refuse(Answer out, int command, long headerToken, ResultTypeEnum result, String text) {
        refuse(out, command, headerToken, result.getNumber(), text);
    }

    private static void refuse(Answer out, int command, long headerToken, int code, String text) {
        answer(out, code, KkmMessages.errorBody(command, new Violation(code, text)), headerToken);
    }

    private static void answer(Answer out, int code, byte[] body, long headerToken) {
        out.resultCode = code;
        out.body = body;
        out.headerToken = headerToken;
    }
}
