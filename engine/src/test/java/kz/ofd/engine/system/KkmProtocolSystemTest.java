package kz.ofd.engine.system;

import kz.ofd.protocol.frame.FrameHeader;
import kz.ofd.protocol.frame.KkmFrame;
import kz.ofd.protocol.proto.CommandTypeEnum;
import kz.ofd.protocol.proto.OperationTypeEnum;
import kz.ofd.protocol.proto.ReportTypeEnum;
import kz.ofd.protocol.proto.Request;
import kz.ofd.protocol.proto.Response;
import kz.ofd.protocol.proto.ResultTypeEnum;
import kz.ofd.protocol.proto.ZXReport;
import kz.ofd.protocol.testing.RawKkmConnection;
import kz.ofd.protocol.testing.Requests;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The KKM protocol end to end over loopback TCP: auth, token rotation, request-number and retry rules, every
 * command, both connection styles.
 */
@ExtendWith(ServerLogWatcher.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
final class KkmProtocolSystemTest {

    private static final long KKM = 200_956;
    private static final long TOKEN = 257_152_748;

    @TempDir
    Path dir;

    private EngineFixture ofd;

    @BeforeEach
    void start() throws Exception {
        ofd = new EngineFixture(dir);
        ofd.register(KKM, TOKEN);
    }

    @AfterEach
    void stop() {
        ofd.close();
    }

    @Test
    void shouldAnswerTicketWithFiscalSignQrAndNewToken() throws Exception {
        try (RawKkmConnection c = ofd.connect()) {
            Response r = c.call(KKM, TOKEN, 1, Requests.ticket(150_000));
            FrameHeader h = c.lastFrame().header();

            assertEquals(0, r.getResult().getResultCode(), r.getResult().getResultText());
            assertEquals(CommandTypeEnum.COMMAND_TICKET, r.getCommand());
            String sign = r.getTicket().getTicketNumber();
            assertTrue(sign.matches("\\d{10}"), sign);
            String qr = r.getTicket().getQrCode().toString(StandardCharsets.UTF_8);
            assertTrue(qr.matches("http://check\\.test\\?i=" + sign + "&f=" + EngineFixture.RNM
                + "&s=1500\\.00&t=\\d{8}T\\d{6}"), qr);
            assertEquals(FrameHeader.APP_CODE, h.appCode());
            assertEquals(203, h.version());
            assertEquals(KKM, h.kkmId());
            assertEquals(1, h.requestNumber());
            assertNotEquals(TOKEN, h.token());
        }
    }

    @Test
    void shouldRefuseUnknownIdAndWrongToken() throws Exception {
        Response unknown = ofd.call(999, TOKEN, 1, Requests.ticket(100));
        assertEquals(ResultTypeEnum.RESULT_TYPE_UNKNOWN_ID_VALUE, unknown.getResult().getResultCode());
        assertEquals(TOKEN, ofd.lastHeaderToken);

        Response wrong = ofd.call(KKM, TOKEN + 1, 1, Requests.ticket(100));
        assertEquals(ResultTypeEnum.RESULT_TYPE_INVALID_TOKEN_VALUE, wrong.getResult().getResultCode());
        assertEquals(TOKEN, ofd.lastHeaderToken, "refusals carry the current token, which did not change");

        Response wrongService = ofd.call(KKM, TOKEN + 1, 2, Requests.system(true));
        assertEquals(ResultTypeEnum.RESULT_TYPE_INVALID_TOKEN_VALUE, wrongService.getResult().getResultCode());
    }

    @Test
    void shouldReplayLastDocumentWithTheSameSignAndCountItOnce() throws Exception {
        Response first = ofd.call(KKM, TOKEN, 7, Requests.ticket(10_000));
        long newToken = ofd.lastHeaderToken;
        Response retry = ofd.call(KKM, TOKEN, 7, Requests.ticket(10_000));

        assertEquals(0, retry.getResult().getResultCode());
        assertArrayEquals(first.toByteArray(), retry.toByteArray(), "the stored answer, byte for byte");
        assertEquals(newToken, ofd.lastHeaderToken, "header carries the current token");

        Response x = ofd.call(KKM, newToken, 8, Requests.report(ReportTypeEnum.REPORT_X));
        assertEquals(1, sell(x.getReport().getZxReport()).getTicketsCount(), "the retry was not counted twice");
    }

    @Test
    void shouldApplyRequestNumberRules() throws Exception {
        ofd.call(KKM, TOKEN, 5, Requests.ticket(10_000));
        long current = ofd.lastHeaderToken;

        Response otherCommand = ofd.call(KKM, TOKEN, 5, Requests.moneyPlacement(true, 100));
        assertEquals(ResultTypeEnum.RESULT_TYPE_INVALID_RETRY_REQUEST_VALUE, otherCommand.getResult().getResultCode());

        Response sameNumber = ofd.call(KKM, current, 5, Requests.ticket(10_000));
        assertEquals(ResultTypeEnum.RESULT_TYPE_INVALID_REQUEST_NUMBER_VALUE, sameNumber.getResult().getResultCode());
        assertEquals(current, ofd.lastHeaderToken);

        Response next = ofd.call(KKM, current, 6, Requests.ticket(10_000));
        assertEquals(0, next.getResult().getResultCode());
    }

    @Test
    void shouldNeverRotateTokenOnServiceCommands() throws Exception {
        Request[] services = {Requests.system(true), Requests.info(), Requests.report(ReportTypeEnum.REPORT_X),
            Requests.report(ReportTypeEnum.REPORT_Z), Requests.nomenclature(3), Requests.auth("cashier", "secret")};
        int reqNum = 1;
        for (Request request : services) {
            Response r = ofd.call(KKM, TOKEN, reqNum++, request);
            assertEquals(0, r.getResult().getResultCode(), request.getCommand() + ": " + r.getResult().getResultText());
            assertEquals(TOKEN, ofd.lastHeaderToken, request.getCommand() + " must not rotate the token");
        }
        Response info = ofd.call(KKM, TOKEN, reqNum++, Requests.info());
        assertEquals(EngineFixture.RNM, info.getService().getRegInfo().getKkm().getFnsKkmId());
        assertEquals(Long.toString(KKM), info.getService().getRegInfo().getKkm().getKkmId());
        assertEquals(EngineFixture.BIN, info.getService().getRegInfo().getOrg().getInn());
        assertTrue(info.getService().getRegInfo().hasPos());
        assertTrue(info.getReport().hasZxReport());

        Response system = ofd.call(KKM, TOKEN, reqNum, Requests.system(true));
        assertEquals("SN" + KKM, system.getService().getRegInfo().getKkm().getSerialNumber());
    }

    @Test
    void shouldRefuseUnsupportedAndUnknownCommands() throws Exception {
        Response cancel = ofd.call(KKM, TOKEN, 1, Requests.command(CommandTypeEnum.COMMAND_CANCEL_TICKET_VALUE));
        assertEquals(ResultTypeEnum.RESULT_TYPE_UNSUPPORTED_COMMAND_VALUE, cancel.getResult().getResultCode());
        try (RawKkmConnection c = ofd.connect()) {
            KkmFrame answer = c.exchange(KKM, TOKEN, 2, Requests.rawCommandBody(99));
            Response unknown = Response.parser().parsePartialFrom(answer.body());
            assertEquals(ResultTypeEnum.RESULT_TYPE_UNKNOWN_COMMAND_VALUE, unknown.getResult().getResultCode());
            assertEquals(TOKEN, answer.header().token());
        }
    }

    @Test
    void shouldKeepTheDrawerAndRefuseWithdrawalsAboveIt() throws Exception {
        long token = TOKEN;
        assertEquals(0, ofd.call(KKM, token, 1, Requests.moneyPlacement(true, 50_000)).getResult().getResultCode());
        token = ofd.lastHeaderToken;
        Response tooMuch = ofd.call(KKM, token, 2, Requests.moneyPlacement(false, 50_001));
        assertEquals(ResultTypeEnum.RESULT_TYPE_NOT_ENOUGH_CASH_VALUE, tooMuch.getResult().getResultCode());
        assertTrue(tooMuch.getResult().getResultText().contains("500.00"), tooMuch.getResult().getResultText());
        assertEquals(token, ofd.lastHeaderToken, "a refused document does not rotate the token");
        assertEquals(0, ofd.call(KKM, token, 3, Requests.moneyPlacement(false, 20_000)).getResult().getResultCode());
        token = ofd.lastHeaderToken;
        Response x = ofd.call(KKM, token, 4, Requests.report(ReportTypeEnum.REPORT_X));
        assertEquals(30_000, tiyn(x.getReport().getZxReport().getCashSum()));
    }

    @Test
    void shouldCloseShiftWithZReportAndStartTheNext() throws Exception {
        long token = TOKEN;
        int reqNum = 1;
        for (long sum : new long[] {10_000, 25_050}) {
            ofd.call(KKM, token, reqNum++, Requests.ticket(sum));
            token = ofd.lastHeaderToken;
        }
        ofd.call(KKM, token, reqNum++, Requests.ticket(OperationTypeEnum.OPERATION_BUY, 5_000));
        token = ofd.lastHeaderToken;

        Response close = ofd.call(KKM, token, reqNum++, Requests.closeShift());
        assertEquals(0, close.getResult().getResultCode(), close.getResult().getResultText());
        assertNotEquals(token, ofd.lastHeaderToken, "CLOSE_SHIFT is a document and rotates the token");
        token = ofd.lastHeaderToken;
        ZXReport z = close.getReport().getZxReport();
        assertEquals(ReportTypeEnum.REPORT_Z, close.getReport().getReport());
        assertEquals(1, z.getShiftNumber());
        assertEquals(2, sell(z).getTicketsCount());
        assertEquals(35_050, tiyn(sell(z).getTicketsSum()));
        assertEquals(30_050, tiyn(z.getRevenue().getSum()));
        assertTrue(z.hasCloseShiftTime());

        Response lastZ = ofd.call(KKM, token, reqNum++, Requests.report(ReportTypeEnum.REPORT_Z));
        assertEquals(z, lastZ.getReport().getZxReport());
        Response x = ofd.call(KKM, token, reqNum, Requests.report(ReportTypeEnum.REPORT_X));
        ZXReport next = x.getReport().getZxReport();
        assertEquals(2, next.getShiftNumber());
        assertEquals(0, sell(next).getTicketsCount());
        assertEquals(tiyn(z.getCashSum()), tiyn(next.getCashSum()), "the drawer carries over");
    }

    @Test
    void shouldKeepTheRegistersOwnZBesideTheServersAndRecordTheDifferences() throws Exception {
        ofd.call(KKM, TOKEN, 1, Requests.ticket(10_000));
        long token = ofd.lastHeaderToken;
        Request x = Requests.report(ReportTypeEnum.REPORT_X);
        ZXReport own = ofd.call(KKM, token, 2, x).getReport().getZxReport().toBuilder()
            .setCashSum(kz.ofd.protocol.proto.Money.newBuilder().setBills(101).setCoins(0)).build();
        Request.Builder close = Requests.closeShift().toBuilder();
        close.getCloseShiftBuilder().setZReport(own);
        assertEquals(0, ofd.call(KKM, token, 3, close.build()).getResult().getResultCode());

        String path = "/api/kkms/" + KKM + "/shifts/1/z-report";
        org.awaitility.Awaitility.await().until(() -> ofd.get(path).statusCode() == 200);
        io.vertx.core.json.JsonObject z = new io.vertx.core.json.JsonObject(ofd.get(path).body());
        assertEquals(java.util.List.of("cash_sum: server 100.00, register 101.00"), z.getJsonArray("differences").getList());
        assertEquals(own, ZXReport.parseFrom(java.util.Base64.getDecoder().decode(z.getString("registerZ"))));
        assertEquals(404, ofd.get("/api/kkms/" + KKM + "/shifts/2/z-report").statusCode());
    }

    @Test
    void shouldFlagOfflineDocumentsInTheIndexAndAnswerTheirResendOnce() throws Exception {
        Request.Builder offline = Requests.ticket(2_000).toBuilder();
        offline.getTicketBuilder().setOfflineTicketNumber(17);
        Response first = ofd.call(KKM, TOKEN, 1, offline.build());
        long token = ofd.lastHeaderToken;
        Response resend = ofd.call(KKM, token, 2, offline.build());
        assertArrayEquals(first.toByteArray(), resend.toByteArray(), "the original answer, same fiscal sign");
        assertEquals(token, ofd.lastHeaderToken);

        String path = "/api/documents/" + first.getTicket().getTicketNumber();
        org.awaitility.Awaitility.await().until(() -> ofd.get(path).statusCode() == 200);
        assertEquals(Boolean.TRUE, new io.vertx.core.json.JsonObject(ofd.get(path).body()).getBoolean("offline"));
    }

    @Test
    void shouldRefuseABuyerWhoIsTheSellerAndAShiftNumberTheOfdDoesNotHave() throws Exception {
        Request.Builder sameTaxpayer = Requests.ticket(1_000).toBuilder();
        sameTaxpayer.getTicketBuilder().getExtensionOptionsBuilder().setCustomerIinOrBin(EngineFixture.BIN);
        Response seventeen = ofd.call(KKM, TOKEN, 1, sameTaxpayer.build());
        assertEquals(ResultTypeEnum.RESULT_TYPE_SAME_TAXPAYER_AND_CUSTOMER_VALUE, seventeen.getResult().getResultCode());
        assertEquals(TOKEN, ofd.lastHeaderToken);

        Request.Builder wrongShift = Requests.ticket(1_000).toBuilder();
        wrongShift.getTicketBuilder().setFrShiftNumber(5);
        Response thirteen = ofd.call(KKM, TOKEN, 2, wrongShift.build());
        assertEquals(ResultTypeEnum.RESULT_TYPE_INCORRECT_REQUEST_DATA_VALUE, thirteen.getResult().getResultCode());
        assertEquals("ticket.fr_shift_number is 5 but the shift open on the OFD is 1", thirteen.getResult().getResultText());

        Request.Builder rightShift = Requests.ticket(1_000).toBuilder();
        rightShift.getTicketBuilder().setFrShiftNumber(1);
        assertEquals(0, ofd.call(KKM, TOKEN, 3, rightShift.build()).getResult().getResultCode());
    }

    @Test
    void shouldRefuseOnlineDocumentsOfAShiftOpenForMoreThanTwentyFourHours() throws Exception {
        assertEquals(0, ofd.call(KKM, TOKEN, 1, Requests.ticket(1_000)).getResult().getResultCode());
        long token = ofd.lastHeaderToken;
        ofd.advanceClock(java.time.Duration.ofHours(25));
        Response late = ofd.call(KKM, token, 2, Requests.ticket(1_000));
        assertEquals(ResultTypeEnum.RESULT_TYPE_OPEN_SHIFT_TIMEOUT_EXPIRED_VALUE, late.getResult().getResultCode());
        assertEquals(0, ofd.call(KKM, token, 3, Requests.closeShift()).getResult().getResultCode(), "closing is allowed");
        assertEquals(0, ofd.call(KKM, ofd.lastHeaderToken, 4, Requests.ticket(1_000)).getResult().getResultCode(),
            "the next shift starts with the next document");
    }

    @Test
    void shouldServeKeepAliveAndPerRequestClients() throws Exception {
        Set<String> signs = new HashSet<>();
        long token = TOKEN;
        try (RawKkmConnection c = ofd.connect()) {
            for (int reqNum = 1; reqNum <= 20; reqNum++) {
                Response r = c.call(KKM, token, reqNum, Requests.ticket(1_000 + reqNum));
                assertEquals(0, r.getResult().getResultCode());
                assertTrue(signs.add(r.getTicket().getTicketNumber()));
                token = c.lastFrame().header().token();
            }
        }
        for (int reqNum = 21; reqNum <= 30; reqNum++) {
            Response r = ofd.call(KKM, token, reqNum, Requests.ticket(1_000 + reqNum));
            assertEquals(0, r.getResult().getResultCode());
            assertTrue(signs.add(r.getTicket().getTicketNumber()));
            token = ofd.lastHeaderToken;
        }
        assertEquals(30, signs.size());
    }

    @Test
    void shouldAnswerInTheRequestsVersion() throws Exception {
        try (RawKkmConnection c = ofd.connect()) {
            byte[] body = Requests.system(true).toByteArray();
            c.send(new KkmFrame(FrameHeader.of(204, body.length, KKM, TOKEN, 1), body));
            KkmFrame answer = c.readFrame();
            assertEquals(204, answer.header().version());
            Response r = Response.parseFrom(answer.body());
            assertTrue(r.getService().getRegInfo().hasOfd(), "2.0.4 clients get the OFD's reg info");
        }
    }

    static ZXReport.TicketOperation sell(ZXReport report) {
        return report.getTicketOperationsList().stream()
            .filter(t -> t.getOperation() == OperationTypeEnum.OPERATION_SELL).findFirst().orElseThrow();
    }

    static long tiyn(kz.ofd.protocol.proto.Money m) {
        return m.getBills() * 100 + m.getCoins();
    }
}
