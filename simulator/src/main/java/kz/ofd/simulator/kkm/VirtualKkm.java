package kz.ofd.simulator.kkm;

import kz.ofd.protocol.frame.FrameHeader;
import kz.ofd.protocol.frame.KkmFrame;
import kz.ofd.protocol.proto.CloseShiftRequest;
import kz.ofd.protocol.proto.CommandTypeEnum;
import kz.ofd.protocol.proto.DateTime;
import kz.ofd.protocol.proto.MoneyPlacementEnum;
import kz.ofd.protocol.proto.MoneyPlacementRequest;
import kz.ofd.protocol.proto.OperationTypeEnum;
import kz.ofd.protocol.proto.ReportRequest;
import kz.ofd.protocol.proto.ReportTypeEnum;
import kz.ofd.protocol.proto.Request;
import kz.ofd.protocol.proto.Response;
import kz.ofd.protocol.proto.ServiceRequest;
import kz.ofd.simulator.SimulatorOptions.Mix;
import kz.ofd.simulator.provision.KkmCredentials;
import kz.ofd.simulator.stats.RunStats;

import java.time.LocalDateTime;
import java.util.SplittableRandom;

/**
 * One simulated cash register: its id, current token, request counter, its own view of the shift, and a seeded
 * random that decides what it sends next. Not thread-safe; a KKM is driven by one event loop.
 */
public final class VirtualKkm {

    /** Percent of requests (full mix) that are cash deposits. */
    public static final int DEPOSIT_PERCENT = 3;
    /** Percent of requests (full mix) that are X reports. */
    public static final int REPORT_PERCENT = 3;
    /** Percent of tickets that are BUY rather than SELL. */
    public static final int BUY_PERCENT = 10;

    private static final long MIN_DEPOSIT_TENGE = 1_000;
    private static final long MAX_DEPOSIT_TENGE = 50_000;
    private static final long TIYN_PER_TENGE = 100;

    // Real clients send an (empty) service part with every command (protocol-facts §15.1).
    private static final ServiceRequest EMPTY_SERVICE = ServiceRequest.getDefaultInstance();

    private final long id;
    private final int version;
    private final Mix mix;
    private final int closeShiftEvery;
    private final SplittableRandom random;
    private final boolean checks;
    private final ShiftTally tally = new ShiftTally();
    private long token;
    private int requestNumber;

    /**
     * @param credentials     id and first token
     * @param version         header version, e.g. 203
     * @param mix             which commands to send
     * @param closeShiftEvery tickets per shift (full mix)
     * @param random          this KKM's own random
     */
    public VirtualKkm(KkmCredentials credentials, int version, Mix mix, int closeShiftEvery, SplittableRandom random) {
        this(credentials, version, mix, closeShiftEvery, random, true);
    }

    /**
     * @param credentials     id and first token
     * @param version         header version, e.g. 203
     * @param mix             which commands to send
     * @param closeShiftEvery tickets per shift (full mix)
     * @param random          this KKM's own random
     * @param checks          whether answers are checked; if not, every answer is only counted, its token adopted
     *                        and the request booked as accepted, so the KKM sends what it would send to a good server
     */
    public VirtualKkm(KkmCredentials credentials, int version, Mix mix, int closeShiftEvery, SplittableRandom random,
                      boolean checks) {
        this.checks = checks;
        this.id = credentials.id();
        this.token = credentials.token();
        this.version = version;
        this.mix = mix;
        this.closeShiftEvery = closeShiftEvery;
        this.random = random;
    }

    /**
     * Builds the next request with the next request number and the current token.
     *
     * @return the request to send (and to re-send unchanged on a retry)
     */
    public PendingRequest next() {
        DateTime now = Wire.dateTime(LocalDateTime.now(Wire.KAZAKHSTAN));
        if (mix == Mix.FULL && tally.ticketsInShift() >= closeShiftEvery) {
            Request.Builder r = request(CommandTypeEnum.COMMAND_CLOSE_SHIFT)
                .setCloseShift(CloseShiftRequest.newBuilder().setCloseTime(now).setOperator(Wire.OPERATOR));
            return pending(r, null, 0, 0);
        }
        int dice = random.nextInt(100);
        if (mix == Mix.FULL && dice < DEPOSIT_PERCENT) {
            long sum = TIYN_PER_TENGE * random.nextLong(MIN_DEPOSIT_TENGE, MAX_DEPOSIT_TENGE + 1);
            Request.Builder r = request(CommandTypeEnum.COMMAND_MONEY_PLACEMENT)
                .setMoneyPlacement(MoneyPlacementRequest.newBuilder()
                    .setDatetime(now)
                    .setOperation(MoneyPlacementEnum.MONEY_PLACEMENT_DEPOSIT)
                    .setSum(Wire.money(sum))
                    .setOperator(Wire.OPERATOR));
            return pending(r, null, sum, sum);
        }
        if (mix == Mix.FULL && dice < DEPOSIT_PERCENT + REPORT_PERCENT) {
            Request.Builder r = request(CommandTypeEnum.COMMAND_REPORT)
                .setReport(ReportRequest.newBuilder().setReport(ReportTypeEnum.REPORT_X).setDateTime(now));
            return pending(r, null, 0, 0);
        }
        OperationTypeEnum operation = random.nextInt(100) < BUY_PERCENT
            ? OperationTypeEnum.OPERATION_BUY : OperationTypeEnum.OPERATION_SELL;
        TicketFactory.Ticket ticket = TicketFactory.build(random, operation, tally.cash(), now);
        return pending(request(CommandTypeEnum.COMMAND_TICKET).setTicket(ticket.request()), operation, ticket.total(),
            ticket.cashDelta());
    }

    /**
     * Checks an answer and, if the server accepted a document, takes the new token and books the document.
     *
     * @param sent   the request answered
     * @param answer the answer frame
     * @param stats  where failed checks are counted
     */
    public void onAnswer(PendingRequest sent, KkmFrame answer, RunStats stats) {
        if (!checks) {
            AnswerChecker.count(answer, stats);
            token = answer.header().token();
            if (sent.isDocument()) {
                book(sent);
            }
            return;
        }
        Response response = AnswerChecker.check(id, sent, answer, tally, stats);
        if (response == null || !sent.isDocument()) {
            return;
        }
        token = answer.header().token();
        book(sent);
    }

    private void book(PendingRequest sent) {
        switch (sent.command()) {
            case COMMAND_TICKET -> tally.ticket(sent.operation(), sent.sumTiyn(), sent.cashDelta());
            case COMMAND_MONEY_PLACEMENT -> tally.deposit(sent.sumTiyn());
            case COMMAND_CLOSE_SHIFT -> tally.closeShift();
            default -> {
            }
        }
    }

    /**
     * @return KKM id
     */
    public long id() {
        return id;
    }

    /**
     * @return the token the next request will carry
     */
    public long token() {
        return token;
    }

    /**
     * @return the request number of the last request built (0 before the first)
     */
    public int requestNumber() {
        return requestNumber;
    }

    /**
     * @return the KKM's view of its shift
     */
    public ShiftTally tally() {
        return tally;
    }

    private static Request.Builder request(CommandTypeEnum command) {
        return Request.newBuilder().setCommand(command).setService(EMPTY_SERVICE);
    }

    private PendingRequest pending(Request.Builder request, OperationTypeEnum operation, long sum, long cashDelta) {
        requestNumber = requestNumber >= FrameHeader.MAX_U16 ? 1 : requestNumber + 1;
        byte[] body = request.build().toByteArray();
        KkmFrame frame = new KkmFrame(FrameHeader.of(version, body.length, id, token, requestNumber), body);
        return new PendingRequest(request.getCommand(), frame, operation, sum, cashDelta);
    }
}
