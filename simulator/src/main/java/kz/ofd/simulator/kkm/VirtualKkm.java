package kz.ofd.simulator.kkm;

import com.google.protobuf.InvalidProtocolBufferException;
import kz.ofd.protocol.codec.MoneyCodec;
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
import kz.ofd.protocol.proto.TicketRequest;
import kz.ofd.simulator.SimulatorOptions.Mix;
import kz.ofd.simulator.kkm.PendingRequest.Kind;
import kz.ofd.simulator.provision.KkmCredentials;
import kz.ofd.simulator.provision.ManagementClient;
import kz.ofd.simulator.stats.RunStats;

import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One simulated cash register: its id, current token, request counter, its own view of the shift, the tickets it
 * may still return, and a seeded random that decides what it sends next. Not thread-safe; a KKM is driven by one
 * event loop.
 *
 * <p>The full mix: sells, buys and returns of its own earlier tickets (with item and ticket discounts and markups,
 * VAT 12 %, 0 % or none, cash, card or mixed payment), deposits and withdrawals, X reports, a shift close every
 * N tickets, bursts of offline documents followed now and then by a re-send of one of them, retries of the last
 * document (same token, same request number) and, on kept-alive connections, reconnects.
 */
public final class VirtualKkm {

    /** Percent of requests (full and basic mix) that are cash deposits. */
    public static final int DEPOSIT_PERCENT = 3;
    /** Percent of requests (full and basic mix) that are X reports. */
    public static final int REPORT_PERCENT = 3;
    /** Percent of requests (full mix) that are withdrawals, when the drawer holds cash. */
    public static final int WITHDRAWAL_PERCENT = 2;
    /** Percent of requests (full mix) that retry the last accepted document. */
    public static final int RETRY_PERCENT = 3;
    /** Percent of requests (full mix) that start a burst of offline documents. */
    public static final int OFFLINE_BURST_PERCENT = 2;
    /** Percent of requests (full mix) before which a kept-alive connection is dropped and opened again. */
    public static final int RECONNECT_PERCENT = 2;
    /** Percent of tickets (full mix) that are returns, when an earlier ticket has something left to return. */
    public static final int RETURN_PERCENT = 12;
    /** Percent of tickets that are BUY rather than SELL. */
    public static final int BUY_PERCENT = 10;
    /** Most documents in one offline burst. */
    public static final int MAX_OFFLINE_BURST = 6;
    /** Earlier tickets a KKM keeps as candidates for returns. */
    public static final int RETURNABLE = 32;

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
    private final List<Returnable> returnable = new ArrayList<>();
    private final List<Offline> burst = new ArrayList<>();
    private long token;
    private int requestNumber;
    private String rnm;
    private KkmFrame lastDocument;
    private byte[] lastDocumentAnswer;
    private int offlineLeft;
    private long offlineNumber;
    private Offline resend;

    /** An earlier ticket and how much of it was returned so far. */
    private static final class Returnable {
        final TicketFactory.Parent parent;
        long returned;

        Returnable(TicketFactory.Parent parent) {
            this.parent = parent;
        }

        long left() {
            return parent.total() - returned;
        }
    }

    /** An accepted offline ticket: the request as sent and the answer body received. */
    private record Offline(Request request, byte[] answer) {
    }

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
        this.rnm = ManagementClient.rnm(id);
    }

    /**
     * Builds the next request with the next request number and the current token (a retry keeps the old ones).
     *
     * @return the request to send (and to re-send unchanged if an attempt fails)
     */
    public PendingRequest next() {
        DateTime now = Wire.dateTime(LocalDateTime.now(Wire.KAZAKHSTAN));
        boolean full = mix == Mix.FULL;
        boolean reconnect = full && random.nextInt(100) < RECONNECT_PERCENT;
        if (mix != Mix.TICKETS_ONLY && offlineLeft == 0 && tally.ticketsInShift() >= closeShiftEvery) {
            Request.Builder r = request(CommandTypeEnum.COMMAND_CLOSE_SHIFT)
                .setCloseShift(CloseShiftRequest.newBuilder().setCloseTime(now).setOperator(Wire.OPERATOR));
            return pending(r, 0, reconnect);
        }
        if (full && resend != null && offlineLeft == 0) {
            Offline again = resend;
            resend = null;
            // Whether the server takes the re-send as its "last document" is its business: no retry across it.
            lastDocument = null;
            return withNumber(again.request(), 0, Kind.OFFLINE_RESEND, again.answer(), reconnect);
        }
        if (offlineLeft > 0) {
            offlineLeft--;
            if (random.nextInt(5) == 0) {
                return placement(MoneyPlacementEnum.MONEY_PLACEMENT_DEPOSIT, deposit(), true, now, reconnect);
            }
            return ticket(now, true, reconnect);
        }
        int dice = random.nextInt(100);
        if (full && dice < RETRY_PERCENT) {
            if (lastDocument != null) {
                Request again = parse(lastDocument.body());
                return new PendingRequest(again.getCommand(), lastDocument, again, 0, Kind.RETRY, lastDocumentAnswer,
                    reconnect);
            }
        } else if (mix != Mix.TICKETS_ONLY && dice < RETRY_PERCENT + DEPOSIT_PERCENT) {
            return placement(MoneyPlacementEnum.MONEY_PLACEMENT_DEPOSIT, deposit(), false, now, reconnect);
        } else if (mix != Mix.TICKETS_ONLY && dice < RETRY_PERCENT + DEPOSIT_PERCENT + REPORT_PERCENT) {
            Request.Builder r = request(CommandTypeEnum.COMMAND_REPORT)
                .setReport(ReportRequest.newBuilder().setReport(ReportTypeEnum.REPORT_X).setDateTime(now));
            return pending(r, 0, reconnect);
        } else if (full && dice < RETRY_PERCENT + DEPOSIT_PERCENT + REPORT_PERCENT + WITHDRAWAL_PERCENT) {
            if (tally.cash() >= TIYN_PER_TENGE) {
                long sum = 1 + random.nextLong(tally.cash());
                return placement(MoneyPlacementEnum.MONEY_PLACEMENT_WITHDRAWAL, sum, false, now, reconnect);
            }
        } else if (full && dice < RETRY_PERCENT + DEPOSIT_PERCENT + REPORT_PERCENT + WITHDRAWAL_PERCENT
            + OFFLINE_BURST_PERCENT) {
            offlineLeft = 2 + random.nextInt(MAX_OFFLINE_BURST - 1);
            burst.clear();
            offlineLeft--;
            return ticket(now, true, reconnect);
        }
        return ticket(now, false, reconnect);
    }

    private long deposit() {
        return TIYN_PER_TENGE * random.nextLong(MIN_DEPOSIT_TENGE, MAX_DEPOSIT_TENGE + 1);
    }

    private PendingRequest placement(MoneyPlacementEnum kind, long sum, boolean offline, DateTime now, boolean reconnect) {
        MoneyPlacementRequest.Builder mp = MoneyPlacementRequest.newBuilder()
            .setDatetime(now)
            .setOperation(kind)
            .setSum(Wire.money(sum))
            .setOperator(Wire.OPERATOR);
        if (offline) {
            mp.setIsOffline(true);
        }
        Request.Builder r = request(CommandTypeEnum.COMMAND_MONEY_PLACEMENT).setMoneyPlacement(mp);
        return pending(r, kind == MoneyPlacementEnum.MONEY_PLACEMENT_DEPOSIT ? sum : -sum, reconnect);
    }

    private PendingRequest ticket(DateTime now, boolean offline, boolean reconnect) {
        TicketFactory.Ticket ticket;
        returnable.removeIf(r -> r.left() <= 0);
        int dice = random.nextInt(100);
        if (mix == Mix.FULL && dice < RETURN_PERCENT && !returnable.isEmpty()) {
            Returnable parent = returnable.get(random.nextInt(returnable.size()));
            long amount = random.nextInt(10) < 4 ? parent.left() : 1 + random.nextLong(parent.left());
            ticket = TicketFactory.buildReturn(random, parent.parent, amount, tally.cash(), now);
        } else {
            OperationTypeEnum operation = random.nextInt(100) < BUY_PERCENT
                ? OperationTypeEnum.OPERATION_BUY : OperationTypeEnum.OPERATION_SELL;
            ticket = TicketFactory.build(random, operation, tally.cash(), now);
        }
        TicketRequest t = ticket.request();
        if (offline) {
            offlineNumber = offlineNumber >= FrameHeader.MAX_U32 ? 1 : offlineNumber + 1;
            t = t.toBuilder().setOfflineTicketNumber((int) offlineNumber).build();
        }
        return pending(request(CommandTypeEnum.COMMAND_TICKET).setTicket(t), ticket.cashDelta(), reconnect);
    }

    /**
     * Checks an answer and, if the server accepted a new document, takes the new token and books the document.
     *
     * @param sent   the request answered
     * @param answer the answer frame
     * @param stats  where failed checks are counted
     */
    public void onAnswer(PendingRequest sent, KkmFrame answer, RunStats stats) {
        if (!checks) {
            Response response = AnswerChecker.count(answer, stats);
            token = answer.header().token();
            if (sent.isDocument()) {
                book(sent, answer, response, stats);
            }
            return;
        }
        if (sent.kind() != Kind.NEW) {
            AnswerChecker.checkReplay(id, sent, answer, token, stats);
            return;
        }
        Response response = AnswerChecker.check(id, sent, answer, tally, stats);
        if (response == null || !sent.isDocument()) {
            return;
        }
        token = answer.header().token();
        book(sent, answer, response, stats);
    }

    private void book(PendingRequest sent, KkmFrame answer, Response response, RunStats stats) {
        lastDocument = sent.frame();
        lastDocumentAnswer = answer.body();
        Request r = sent.request();
        switch (sent.command()) {
            case COMMAND_TICKET -> {
                TicketRequest t = r.getTicket();
                stats.accepted(t.getOperation().name().substring("OPERATION_".length())
                    + (t.hasOfflineTicketNumber() ? "_OFFLINE" : ""));
                tally.ticket(t, sent.cashDelta());
                bookTicket(t, response);
                if (t.hasOfflineTicketNumber()) {
                    burst.add(new Offline(r, answer.body()));
                    if (offlineLeft == 0 && resend == null && random.nextInt(2) == 0) {
                        resend = burst.get(random.nextInt(burst.size()));
                    }
                }
            }
            case COMMAND_MONEY_PLACEMENT -> {
                stats.accepted(r.getMoneyPlacement().getOperation().name().substring("MONEY_PLACEMENT_".length())
                    + (r.getMoneyPlacement().getIsOffline() ? "_OFFLINE" : ""));
                tally.placement(r.getMoneyPlacement());
            }
            case COMMAND_CLOSE_SHIFT -> {
                stats.accepted("CLOSE_SHIFT");
                tally.closeShift();
            }
            default -> {
            }
        }
    }

    private void bookTicket(TicketRequest t, Response response) {
        OperationTypeEnum op = t.getOperation();
        long total = MoneyCodec.toTiyn(t.getAmounts().getTotal());
        if (op == OperationTypeEnum.OPERATION_SELL_RETURN || op == OperationTypeEnum.OPERATION_BUY_RETURN) {
            String parentSign = t.getParentTicket().getParentTicketNumber();
            for (Returnable candidate : returnable) {
                if (candidate.parent.sign().equals(parentSign)) {
                    candidate.returned += total;
                }
            }
            return;
        }
        if (response == null || !response.hasTicket() || response.getTicket().getTicketNumber().isEmpty()) {
            return;
        }
        String qr = response.getTicket().getQrCode().toString(StandardCharsets.UTF_8);
        String issuer = queryParameter(qr, "f");
        if (issuer != null && !issuer.isEmpty()) {
            rnm = issuer;
        }
        if (returnable.size() >= RETURNABLE) {
            returnable.remove(0);
        }
        returnable.add(new Returnable(new TicketFactory.Parent(response.getTicket().getTicketNumber(), op, total,
            t.getDateTime(), rnm, t.hasOfflineTicketNumber())));
    }

    private static String queryParameter(String url, String name) {
        int q = url.indexOf('?');
        if (q < 0) {
            return null;
        }
        for (String pair : url.substring(q + 1).split("&")) {
            if (pair.startsWith(name + "=")) {
                return pair.substring(name.length() + 1);
            }
        }
        return null;
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

    /**
     * @return the KGD registration number the KKM names as issuer of its own tickets in returns (from the
     *     {@code f=} parameter of its tickets' QR codes, else the one the simulator provisions for its id)
     */
    public String rnm() {
        return rnm;
    }

    private static Request.Builder request(CommandTypeEnum command) {
        return Request.newBuilder().setCommand(command).setService(EMPTY_SERVICE);
    }

    private static Request parse(byte[] body) {
        try {
            return Request.parseFrom(body);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("a request this KKM built does not parse", e);
        }
    }

    private PendingRequest pending(Request.Builder request, long cashDelta, boolean reconnect) {
        return withNumber(request.build(), cashDelta, Kind.NEW, null, reconnect);
    }

    private PendingRequest withNumber(Request request, long cashDelta, Kind kind, byte[] expected, boolean reconnect) {
        requestNumber = requestNumber >= FrameHeader.MAX_U16 ? 1 : requestNumber + 1;
        byte[] body = request.toByteArray();
        KkmFrame frame = new KkmFrame(FrameHeader.of(version, body.length, id, token, requestNumber), body);
        return new PendingRequest(request.getCommand(), frame, request, cashDelta, kind, expected, reconnect);
    }
}
