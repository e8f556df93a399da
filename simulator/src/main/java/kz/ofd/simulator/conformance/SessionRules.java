package kz.ofd.simulator.conformance;

import com.google.protobuf.UnknownFieldSet;
import kz.ofd.protocol.codec.MoneyCodec;
import kz.ofd.protocol.frame.ProtocolVersions;
import kz.ofd.protocol.proto.CommandTypeEnum;
import kz.ofd.protocol.proto.OperationTypeEnum;
import kz.ofd.protocol.proto.QRRequest;
import kz.ofd.protocol.proto.ReportTypeEnum;
import kz.ofd.protocol.proto.Request;
import kz.ofd.protocol.proto.ResultTypeEnum;
import kz.ofd.protocol.proto.ServiceResponse;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Rules of the session layer: authentication, tokens, request numbers and retries, versions, commands.
 */
final class SessionRules {

    static final int UNKNOWN_ID = ResultTypeEnum.RESULT_TYPE_UNKNOWN_ID_VALUE;
    static final int INVALID_TOKEN = ResultTypeEnum.RESULT_TYPE_INVALID_TOKEN_VALUE;
    static final int PROTOCOL_ERROR = ResultTypeEnum.RESULT_TYPE_PROTOCOL_ERROR_VALUE;
    static final int UNKNOWN_COMMAND = ResultTypeEnum.RESULT_TYPE_UNKNOWN_COMMAND_VALUE;
    static final int UNSUPPORTED_COMMAND = ResultTypeEnum.RESULT_TYPE_UNSUPPORTED_COMMAND_VALUE;
    static final int INVALID_REQUEST_NUMBER = ResultTypeEnum.RESULT_TYPE_INVALID_REQUEST_NUMBER_VALUE;
    static final int INVALID_RETRY_REQUEST = ResultTypeEnum.RESULT_TYPE_INVALID_RETRY_REQUEST_VALUE;
    static final int INCORRECT_REQUEST_DATA = ResultTypeEnum.RESULT_TYPE_INCORRECT_REQUEST_DATA_VALUE;

    /** Ids from here up are never chosen by the simulator's provisioning ({@code ManagementClient.ID_LIMIT}). */
    static final long UNREGISTERED_ID_FROM = 4_000_000_000L;

    private SessionRules() {
    }

    static List<Rule> rules() {
        return List.of(
            new Rule("auth-unknown-id", "a header ID the OFD never registered is answered 1 UNKNOWN_ID", 0, false,
                SessionRules::unknownId),
            new Rule("auth-token", "a wrong token is answered 2 INVALID_TOKEN (documents and service commands); "
                + "the issued token is accepted", 1, false, SessionRules::wrongToken),
            new Rule("token-rotation", "every accepted document answers with a new token, SYSTEM and REPORT never "
                + "change it, and a superseded token is refused with 2", 1, false, SessionRules::rotation),
            new Rule("retry-replay", "the last document sent again with its token and REQNUM gets the identical stored "
                + "answer (same fiscal sign), the current token, and is counted once", 1, false, SessionRules::replay),
            new Rule("retry-other-command", "the last document's token and REQNUM with another command is answered "
                + "9 INVALID_RETRY_REQUEST", 1, false, SessionRules::retryOtherCommand),
            new Rule("request-number", "the current token with the last document's REQNUM is answered 8 "
                + "INVALID_REQUEST_NUMBER; REQNUM need only differ from the last one", 1, false,
                SessionRules::requestNumber),
            new Rule("version-unsupported", "a header VERSION other than 202, 203, 204 is answered 3 PROTOCOL_ERROR "
                + "in the request's version", 1, false, SessionRules::unsupportedVersion),
            new Rule("versions", "2.0.2, 2.0.3 and 2.0.4 requests are accepted and answered in their own version; "
                + "2.0.4 answers carry reg_info.ofd", 1, false, SessionRules::versions),
            new Rule("v204-required-fields", "2.0.4 requests without the fields its schema makes required (ticket "
                + "domain, measure_unit_code, placement operator, REPORT zx_report, CLOSE_SHIFT z_report) are answered "
                + "13; goods with an NTIN but no commodity_type 15", 1, false, SessionRules::v204Required),
            new Rule("v202-return-without-parent", "a return without parent_ticket is answered 13 in 2.0.3 and "
                + "accepted in 2.0.2, which has no such field", 1, false, SessionRules::v202Return),
            new Rule("unknown-command", "a command number outside the schema is answered 4 UNKNOWN_COMMAND", 1, false,
                SessionRules::unknownCommand),
            new Rule("unsupported-commands", "CANCEL_TICKET, RESERVED, QR_GENERATE and QR_GET_STATUS are answered "
                + "5 UNSUPPORTED_COMMAND", 1, false, SessionRules::unsupportedCommands),
            new Rule("missing-payload", "a request without its command, or without the command's payload, is "
                + "answered 3 PROTOCOL_ERROR", 1, false, SessionRules::missingPayload),
            new Rule("ticket-answer", "an accepted TICKET is answered with a 10-digit fiscal sign unique per ticket "
                + "and a QR code naming it", 1, false, SessionRules::ticketAnswer),
            new Rule("info", "INFO is answered with the X report of the open shift (or the last Z) and the registration "
                + "data (kkm, org) without changing the token", 1, false, SessionRules::info),
            new Rule("keep-alive", "several frames on one connection are each answered in order", 1, false,
                SessionRules::keepAlive));
    }

    private static void unknownId(Probe p) throws Exception {
        long id = ThreadLocalRandom.current().nextLong(UNREGISTERED_ID_FROM, 0xFFFF_FFFFL);
        long token = 1234567;
        Answer system = p.exchange("SYSTEM from unregistered ID " + id, 203, id, token, 1, Docs.system(false).toByteArray());
        p.expectCode("SYSTEM from unregistered ID " + id, UNKNOWN_ID, system);
        Answer ticket = p.exchange("TICKET from unregistered ID " + id, 203, id, token, 2, Docs.sell(10_000).toByteArray());
        p.expectCode("TICKET from unregistered ID " + id, UNKNOWN_ID, ticket);
        p.expectEqual("token in the answer to an unknown ID (the request's own)", token, ticket.token());
    }

    private static void wrongToken(Probe p) throws Exception {
        Kkm k = p.kkm();
        long wrong = k.token() == 0xFFFF_FFFFL ? 1 : k.token() + 1;
        Answer system = k.raw("SYSTEM with a wrong token", 203, wrong, k.nextReqNum(), Docs.system(false).toByteArray());
        p.expectCode("SYSTEM with a wrong token", INVALID_TOKEN, system);
        Answer ticket = k.raw("TICKET with a wrong token", 203, wrong, k.nextReqNum(), Docs.sell(10_000).toByteArray());
        p.expectCode("TICKET with a wrong token", INVALID_TOKEN, ticket);
        Answer zero = k.raw("TICKET with token 0", 203, 0, k.nextReqNum(), Docs.sell(10_000).toByteArray());
        p.expectCode("TICKET with token 0", INVALID_TOKEN, zero);
        k.ok("SYSTEM with the issued token", Docs.system(false));
        k.ok("TICKET with the issued token", Docs.sell(10_000));
    }

    private static void rotation(Probe p) throws Exception {
        Kkm k = p.kkm();
        long t0 = k.token();
        Answer ticket = k.ok("TICKET", Docs.sell(10_000));
        p.check("token in the answer to an accepted TICKET", "a new token (not " + t0 + ")",
            String.valueOf(ticket.token()), ticket.token() != t0);
        long t1 = ticket.token();
        p.expectEqual("token in the answer to SYSTEM (never rotated)", t1, k.ok("SYSTEM", Docs.system(false)).token());
        p.expectEqual("token in the answer to REPORT X (never rotated)", t1,
            k.ok("REPORT X", Docs.report(ReportTypeEnum.REPORT_X)).token());
        Answer old = k.raw("TICKET with the superseded token", 203, t0, k.nextReqNum(), Docs.sell(20_000).toByteArray());
        p.expectCode("TICKET with the superseded token", INVALID_TOKEN, old);
        Answer deposit = k.ok("MONEY_PLACEMENT", Docs.placement(true, 100_000));
        p.check("token in the answer to an accepted MONEY_PLACEMENT", "a new token (not " + t1 + ")",
            String.valueOf(deposit.token()), deposit.token() != t1);
        long t2 = deposit.token();
        Answer close = k.ok("CLOSE_SHIFT", Docs.closeShift());
        p.check("token in the answer to an accepted CLOSE_SHIFT", "a new token (not " + t2 + ")",
            String.valueOf(close.token()), close.token() != t2);
        k.ok("TICKET with the newest token", Docs.sell(10_000));
    }

    private static void replay(Probe p) throws Exception {
        Kkm k = p.kkm();
        long cash0 = MoneyCodec.toTiyn(k.x().getCashSum());
        Answer first = k.ok("TICKET", Docs.sell(15_000));
        String sign = first.response().getTicket().getTicketNumber();
        long lastToken = k.lastToken();
        int lastReqNum = k.lastReqNum();
        byte[] lastBody = k.lastBody();
        k.ok("SYSTEM in between (not a document: the TICKET stays the last document)", Docs.system(false));
        Answer again = k.raw("the same TICKET again, same token and REQNUM", 203, lastToken, lastReqNum, lastBody);
        p.expectCode("the same TICKET again, same token and REQNUM", 0, again);
        p.expectEqual("fiscal sign of the replayed answer", sign, again.response().getTicket().getTicketNumber());
        p.check("body of the replayed answer", "identical to the first answer", again.sameBody(first) ? "identical"
            : "different bytes", again.sameBody(first));
        p.expectEqual("token in the replayed answer (the current one)", first.token(), again.token());
        FiscalRules.expectTickets(p, k.x(), OperationTypeEnum.OPERATION_SELL, 1, 15_000);
        Answer next = k.ok("a new TICKET after the retry", Docs.sell(16_000));
        p.check("fiscal sign of the new TICKET", "a sign other than " + sign,
            next.response().getTicket().getTicketNumber(), !next.response().getTicket().getTicketNumber().equals(sign));
        Answer deposit = k.ok("MONEY_PLACEMENT deposit of 70.00", Docs.placement(true, 7_000));
        Answer depositAgain = k.resend("the same MONEY_PLACEMENT again, same token and REQNUM");
        p.expectCode("the same MONEY_PLACEMENT again, same token and REQNUM", 0, depositAgain);
        p.check("body of the replayed MONEY_PLACEMENT answer", "identical to the first answer",
            depositAgain.sameBody(deposit) ? "identical" : "different bytes", depositAgain.sameBody(deposit));
        p.expectEqual("token in the replayed answer (the current one)", deposit.token(), depositAgain.token());
        p.expectEqual("X report cash_sum after a deposit sent twice, tiyn (counted once)", cash0 + 15_000 + 16_000 + 7_000,
            MoneyCodec.toTiyn(k.x().getCashSum()));
    }

    private static void retryOtherCommand(Probe p) throws Exception {
        Kkm k = p.kkm();
        k.ok("TICKET", Docs.sell(10_000));
        Answer other = k.raw("MONEY_PLACEMENT with the last TICKET's token and REQNUM", 203, k.lastToken(),
            k.lastReqNum(), Docs.placement(true, 10_000).toByteArray());
        p.expectCode("MONEY_PLACEMENT with the last TICKET's token and REQNUM", INVALID_RETRY_REQUEST, other);
        k.ok("a new document afterwards", Docs.placement(true, 10_000));
    }

    private static void requestNumber(Probe p) throws Exception {
        Kkm k = p.kkm();
        k.ok("TICKET", Docs.sell(10_000));
        Answer same = k.raw("another TICKET with the current token and the last REQNUM", 203, k.token(), k.lastReqNum(),
            Docs.sell(11_000).toByteArray());
        p.expectCode("another TICKET with the current token and the last REQNUM", INVALID_REQUEST_NUMBER, same);
        int lower = k.lastReqNum() > 10 ? k.lastReqNum() - 5 : k.lastReqNum() + 100;
        String what = "a TICKET with an out-of-order REQNUM " + lower + " (REQNUM need only differ from the last)";
        p.expectCode(what, 0, k.send(what, 203, lower, Docs.sell(12_000)));
        k.ok("a new TICKET with the next REQNUM", Docs.sell(13_000));
    }

    private static void unsupportedVersion(Probe p) throws Exception {
        Kkm k = p.kkm();
        for (int version : new int[] {124, 205}) {
            String what = "SYSTEM in header VERSION " + version;
            Answer a = k.raw(what, version, k.token(), k.nextReqNum(), Docs.system(false).toByteArray());
            p.expectCode(what, PROTOCOL_ERROR, a);
        }
        k.ok("SYSTEM in 2.0.3 afterwards", Docs.system(false));
    }

    private static void versions(Probe p) throws Exception {
        Kkm k = p.kkm();
        for (int version : new int[] {ProtocolVersions.V202, ProtocolVersions.V203, ProtocolVersions.V204}) {
            Answer system = k.ok("SYSTEM get_reg_info in " + version, version, Docs.system(true));
            p.expectEqual("VERSION of the answer to a " + version + " SYSTEM", version, system.header().version());
            ServiceResponse.RegInfo reg = system.response().getService().getRegInfo();
            if (version == ProtocolVersions.V204) {
                p.check("2.0.4 answer's service.reg_info.ofd", "present", reg.hasOfd() ? "present" : "absent", reg.hasOfd());
            }
            Request ticket = version == ProtocolVersions.V204 ? Docs.for204(Docs.sell(10_000), 0) : Docs.sell(10_000);
            Answer t = k.ok("TICKET in " + version, version, ticket);
            p.expectEqual("VERSION of the answer to a " + version + " TICKET", version, t.header().version());
            p.check("fiscal sign of the " + version + " TICKET", "present", t.response().getTicket().getTicketNumber(),
                !t.response().getTicket().getTicketNumber().isEmpty());
        }
    }

    private static void v204Required(Probe p) throws Exception {
        Kkm k = p.kkm();
        int v = ProtocolVersions.V204;
        Answer noDomain = k.send("2.0.4 TICKET without domain", v, Docs.sell(10_000));
        p.expectCode("2.0.4 TICKET without domain", INCORRECT_REQUEST_DATA, noDomain);
        p.check("result_text names the field", "text containing \"domain\"", noDomain.describe(),
            noDomain.response().getResult().getResultText().contains("domain"));
        Answer ok = k.ok("2.0.4 TICKET with domain", v, Docs.for204(Docs.sell(10_000), 0));
        Request.Builder noUnit = Docs.for204(Docs.sell(10_000), 0).toBuilder();
        noUnit.getTicketBuilder().getItemsBuilder(0).getCommodityBuilder().clearMeasureUnitCode();
        p.expectCode("2.0.4 TICKET whose commodity has no measure_unit_code", INCORRECT_REQUEST_DATA,
            k.send("2.0.4 TICKET whose commodity has no measure_unit_code", v, noUnit.build()));
        Request.Builder ntin = Docs.for204(Docs.sell(10_000), 0).toBuilder();
        ntin.getTicketBuilder().getItemsBuilder(0).getCommodityBuilder().setNtin("0123456789012");
        p.expectCode("2.0.4 TICKET of goods with an NTIN but no commodity_type",
            ResultTypeEnum.RESULT_TYPE_BLOCKED_VALUE,
            k.send("2.0.4 TICKET of goods with an NTIN but no commodity_type", v, ntin.build()));
        Request.Builder noOperator = Docs.placement(true, 10_000).toBuilder();
        noOperator.getMoneyPlacementBuilder().clearOperator();
        p.expectCode("2.0.4 MONEY_PLACEMENT without operator", INCORRECT_REQUEST_DATA,
            k.send("2.0.4 MONEY_PLACEMENT without operator", v, noOperator.build()));
        p.expectCode("2.0.4 REPORT X without zx_report", INCORRECT_REQUEST_DATA,
            k.send("2.0.4 REPORT X without zx_report", v, Docs.report(ReportTypeEnum.REPORT_X)));
        long shift = k.x().getShiftNumber();
        Answer noZ = k.send("2.0.4 CLOSE_SHIFT without z_report", v, Docs.closeShift());
        p.expectCode("2.0.4 CLOSE_SHIFT without z_report", INCORRECT_REQUEST_DATA, noZ);
        k.ok("2.0.4 CLOSE_SHIFT with z_report", v, Docs.for204(Docs.closeShift(), (int) shift));
        p.expectEqual("VERSION of the answer", v, ok.header().version());
    }

    private static void v202Return(Probe p) throws Exception {
        Kkm k = p.kkm();
        Request orphan = Docs.ticket(OperationTypeEnum.OPERATION_SELL_RETURN, 5_000, false, Docs.now());
        Answer v203 = k.send("2.0.3 card SELL_RETURN without parent_ticket", orphan);
        p.expectCode("2.0.3 card SELL_RETURN without parent_ticket", INCORRECT_REQUEST_DATA, v203);
        k.ok("2.0.2 card SELL_RETURN without parent_ticket", ProtocolVersions.V202,
            Docs.ticket(OperationTypeEnum.OPERATION_SELL_RETURN, 5_000, false, Docs.now()));
    }

    private static void unknownCommand(Probe p) throws Exception {
        Kkm k = p.kkm();
        UnknownFieldSet fields = UnknownFieldSet.newBuilder()
            .addField(Request.COMMAND_FIELD_NUMBER, UnknownFieldSet.Field.newBuilder().addVarint(99).build())
            .build();
        byte[] body = Request.newBuilder().setUnknownFields(fields).buildPartial().toByteArray();
        Answer a = k.raw("command 99", 203, k.token(), k.nextReqNum(), body);
        p.expectCodeLenient("command 99", UNKNOWN_COMMAND, a);
        p.expectEqual("token after the refusal (no rotation)", k.token(), a.token());
    }

    private static void unsupportedCommands(Probe p) throws Exception {
        Kkm k = p.kkm();
        for (CommandTypeEnum command : new CommandTypeEnum[] {CommandTypeEnum.COMMAND_CANCEL_TICKET,
            CommandTypeEnum.COMMAND_RESERVED}) {
            Answer a = k.send(command.name(), Docs.bare(command));
            p.expectCode(command.name(), UNSUPPORTED_COMMAND, a);
        }
        QRRequest qr = QRRequest.newBuilder().setInvoiceId(1).setAmount(Docs.money(10_000)).build();
        for (CommandTypeEnum command : new CommandTypeEnum[] {CommandTypeEnum.COMMAND_QR_GENERATE,
            CommandTypeEnum.COMMAND_QR_GET_STATUS}) {
            Request request = Request.newBuilder().setCommand(command).setQr(qr).build();
            Answer a = k.send(command.name() + " in 2.0.4", ProtocolVersions.V204, request);
            p.expectCode(command.name() + " in 2.0.4", UNSUPPORTED_COMMAND, a);
        }
        k.ok("TICKET afterwards", Docs.sell(10_000));
    }

    private static void missingPayload(Probe p) throws Exception {
        Kkm k = p.kkm();
        k.refused("TICKET without its ticket payload", PROTOCOL_ERROR, Docs.bare(CommandTypeEnum.COMMAND_TICKET));
        k.refused("MONEY_PLACEMENT without its payload", PROTOCOL_ERROR, Docs.bare(CommandTypeEnum.COMMAND_MONEY_PLACEMENT));
        Answer noCommand = k.raw("a request without a command", 203, k.token(), k.nextReqNum(),
            Request.newBuilder().setTicket(Docs.sell(10_000).getTicket()).buildPartial().toByteArray());
        p.expectCodeLenient("a request without a command", PROTOCOL_ERROR, noCommand);
        k.ok("TICKET afterwards", Docs.sell(10_000));
    }

    private static void info(Probe p) throws Exception {
        Kkm k = p.kkm();
        k.ok("cash SELL of 42.00 (opens a shift)", Docs.sell(4_200));
        long token = k.token();
        Answer info = k.ok("INFO", Docs.info());
        p.expectEqual("token in the answer to INFO (unchanged)", token, info.token());
        boolean hasReport = info.response().hasReport() && info.response().getReport().hasZxReport();
        p.check("INFO answer's report.zx_report", "present", hasReport ? "present" : "absent", hasReport);
        FiscalRules.expectTickets(p, info.response().getReport().getZxReport(), OperationTypeEnum.OPERATION_SELL, 1, 4_200);
        ServiceResponse.RegInfo reg = info.response().getService().getRegInfo();
        p.check("INFO answer's service.reg_info.kkm.fns_kkm_id (RNM)", "present", reg.getKkm().getFnsKkmId(),
            !reg.getKkm().getFnsKkmId().isEmpty());
        p.expectEqual("INFO answer's service.reg_info.kkm.kkm_id (the header ID)", Long.toString(k.id()),
            reg.getKkm().getKkmId());
        p.check("INFO answer's service.reg_info.org.inn", "present", reg.getOrg().getInn(), !reg.getOrg().getInn().isEmpty());
    }

    private static void keepAlive(Probe p) throws Exception {
        Kkm k = p.kkm();
        try (WireClient c = p.connect()) {
            for (int i = 1; i <= 5; i++) {
                String what = "TICKET " + i + " of 5 on one connection";
                p.expectCode(what, 0, k.send(c, what, Docs.sell(1_000L * i)));
            }
            String what = "SYSTEM on the same connection";
            p.expectCode(what, 0, k.send(c, what, Docs.system(false)));
        }
        k.ok("TICKET on a new connection with the last token", Docs.sell(10_000));
    }

    private static void ticketAnswer(Probe p) throws Exception {
        Kkm k = p.kkm();
        String rnm = k.regInfo().getKkm().getFnsKkmId();
        String first = k.ok("TICKET", Docs.sell(12_345)).response().getTicket().getTicketNumber();
        Answer second = k.ok("another TICKET", Docs.sell(12_345));
        String sign = second.response().getTicket().getTicketNumber();
        p.check("fiscal sign", "10 digits", sign, sign.matches("\\d{10}"));
        p.check("fiscal signs of two tickets", "different", first + ", " + sign, !first.equals(sign));
        String qr = second.response().getTicket().getQrCode().toStringUtf8();
        p.check("qr_code", "a URL with i=" + sign + ", f=" + rnm + " and s=123.45", qr,
            qr.contains("i=" + sign) && qr.contains("f=" + rnm) && qr.contains("s=123.45"));
    }
}
