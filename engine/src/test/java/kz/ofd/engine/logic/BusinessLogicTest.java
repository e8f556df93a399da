package kz.ofd.engine.logic;

import kz.ofd.protocol.codec.Violation;
import kz.ofd.protocol.proto.CommandTypeEnum;
import kz.ofd.protocol.proto.NomenclatureResponse;
import kz.ofd.protocol.proto.OperationTypeEnum;
import kz.ofd.protocol.proto.ReportTypeEnum;
import kz.ofd.protocol.proto.Request;
import kz.ofd.protocol.proto.Response;
import kz.ofd.protocol.proto.ResultTypeEnum;
import kz.ofd.protocol.proto.ServiceRequest;
import kz.ofd.protocol.proto.ZXReport;
import kz.ofd.protocol.testing.Requests;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static kz.ofd.engine.logic.LogicFixture.DOCUMENT_TIME;
import static kz.ofd.engine.logic.LogicFixture.RNM;
import static kz.ofd.engine.logic.LogicFixture.dated;
import static kz.ofd.engine.logic.LogicFixture.strict;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Authentication, the request-number and retry rules of protocol-facts §3.2, command dispatch and ticket answers.
 */
final class BusinessLogicTest {

    private static final long ID = 42;
    private static final long TOKEN = 1_000;
    private static final long WRONG_TOKEN = 777_777;
    private static final int TICKET = CommandTypeEnum.COMMAND_TICKET_VALUE;

    private final LogicFixture fixture = new LogicFixture();

    static Stream<Request> documents() {
        return Stream.of(Requests.ticket(10_000), Requests.moneyPlacement(true, 5_000), Requests.closeShift());
    }

    static Stream<Request> services() {
        return Stream.of(Requests.system(true), Requests.info(), LogicFixture.report(ReportTypeEnum.REPORT_X),
            LogicFixture.report(ReportTypeEnum.REPORT_Z), Requests.nomenclature(3), Requests.auth("кассир", "1234"));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 5, 6})
    void shouldAnswerUnknownIdWith1AndEchoTheHeaderToken(int command) {
        fixture.register(ID, TOKEN);
        Request request = Requests.command(command);

        Answer a = fixture.send(LogicFixture.VERSION, ID + 1, 4_242, 1, command, request, null);

        assertEquals(ResultTypeEnum.RESULT_TYPE_UNKNOWN_ID_VALUE, a.resultCode());
        assertEquals(4_242, a.headerToken(), "an unknown KKM gets its own token back");
        assertFalse(a.accepted());
        Response r = strict(a);
        assertEquals(command, r.getCommand().getNumber());
        assertEquals(1, r.getResult().getResultCode());
        assertTrue(r.getResult().getResultText().contains("43"), r.getResult().getResultText());
    }

    @Test
    void shouldAnswerUnknownIdBeforeLookingAtAViolation() {
        Answer a = fixture.send(LogicFixture.VERSION, ID, 5, 1, TICKET, Requests.ticket(100),
            Violation.of(ResultTypeEnum.RESULT_TYPE_INCORRECT_REQUEST_DATA, "ticket.items is empty"));

        assertEquals(1, a.resultCode());
        assertEquals(5, a.headerToken());
        strict(a);
    }

    @ParameterizedTest
    @MethodSource("documents")
    void shouldRefuseADocumentWithAWrongTokenWith2AndChangeNothing(Request document) {
        fixture.register(ID, TOKEN);

        for (long token : new long[] {WRONG_TOKEN, 0, TOKEN + 1}) {
            Answer a = fixture.send(ID, token, 1, document);

            assertEquals(ResultTypeEnum.RESULT_TYPE_INVALID_TOKEN_VALUE, a.resultCode(), "token " + token);
            assertEquals(TOKEN, a.headerToken(), "the refusal carries the current token");
            assertFalse(a.accepted());
            Response r = strict(a);
            assertEquals(document.getCommand(), r.getCommand());
            assertEquals(2, r.getResult().getResultCode());
        }
        assertEquals(TOKEN, fixture.logic().kkm(ID).token(), "token not rotated");
        assertFalse(fixture.logic().kkm(ID).shift().isOpen(), "nothing counted");
        assertEquals(FiscalSigns.FIRST - 1, fixture.logic().lastFiscalSign());
    }

    @ParameterizedTest
    @MethodSource("services")
    void shouldRefuseAServiceCommandWithAWrongTokenWith2(Request service) {
        fixture.register(ID, TOKEN);

        Answer a = fixture.send(ID, WRONG_TOKEN, 1, service);

        assertEquals(2, a.resultCode());
        assertEquals(TOKEN, a.headerToken());
        Response r = strict(a);
        assertEquals(service.getCommand(), r.getCommand());
        assertFalse(r.hasReport() || r.hasService() || r.hasAuth() || r.hasNomenclature(), "no payload on a refusal");
    }

    @ParameterizedTest
    @CsvSource({
        "1234567, 12345.67",
        "5, 0.05",
        "100000, 1000.00",
        "1102200, 11022.00",
        "1350710, 13507.10"
    })
    void shouldAcceptATicketWithAFiscalSignQrCodeAndANewToken(long totalTiyn, String qrSum) {
        LogicFixture.Kkm kkm = fixture.register(ID, TOKEN);
        Request ticket = dated(Requests.ticket(totalTiyn), LocalDateTime.of(2025, 11, 9, 20, 32, 26));

        Answer a = fixture.send(ID, TOKEN, 1, ticket);

        assertEquals(0, a.resultCode());
        assertTrue(a.accepted(), "an accepted document must be journaled");
        assertEquals(FiscalSigns.FIRST, a.fiscalSign());
        assertEquals(1, a.shiftNumber());
        assertNotEquals(TOKEN, a.newToken(), "a document rotates the token");
        assertEquals(a.newToken(), a.headerToken(), "the new token travels in the answer header");
        assertEquals(a.newToken(), fixture.logic().kkm(ID).token());
        Response r = strict(a);
        assertEquals(CommandTypeEnum.COMMAND_TICKET, r.getCommand());
        assertEquals(0, r.getResult().getResultCode());
        String sign = r.getTicket().getTicketNumber();
        assertTrue(sign.matches("\\d{10}"), "fiscal sign must be 10 digits: " + sign);
        assertEquals(Long.toString(a.fiscalSign()), sign);
        assertEquals("http://check.test?i=" + sign + "&f=" + RNM + "&s=" + qrSum + "&t=20251109T203226",
            r.getTicket().getQrCode().toString(StandardCharsets.UTF_8));
        assertEquals(FiscalSigns.FIRST, fixture.logic().lastFiscalSign());
        assertEquals(TOKEN, kkm.token(), "the handle was not used");
    }

    @Test
    void shouldReplayTheStoredAnswerToAnExactRetryWithTheCurrentToken() {
        fixture.register(ID, TOKEN);
        Request ticket = Requests.ticket(25_000);
        Answer first = fixture.send(ID, TOKEN, 7, ticket);
        long current = first.newToken();
        // A service exchange with the new token in between does not spoil the retry.
        assertEquals(0, fixture.send(ID, current, 8, Requests.system(false)).resultCode());

        Answer retry = fixture.send(ID, TOKEN, 7, ticket);

        assertEquals(0, retry.resultCode());
        assertArrayEquals(first.body(), retry.body(), "a retry gets the stored answer byte for byte");
        assertEquals(current, retry.headerToken(), "with the currently issued token");
        assertFalse(retry.accepted(), "a retry is not journaled again");
        assertEquals(current, fixture.logic().kkm(ID).token(), "a retry does not rotate the token");
        assertEquals(FiscalSigns.FIRST, fixture.logic().lastFiscalSign(), "no new fiscal sign");
        assertEquals(1, fixture.accepted().size());
        ZXReport x = report(current, 9);
        assertEquals(1, x.getTicketOperations(OperationTypeEnum.OPERATION_SELL_VALUE).getTicketsCount(),
            "the retried ticket is counted once");
        assertEquals(25_000, x.getCashSum().getBills() * 100 + x.getCashSum().getCoins());
    }

    @Test
    void shouldReplayTheStoredAnswerEvenWhenTheRetryBodyDiffers() {
        fixture.register(ID, TOKEN);
        Answer first = fixture.send(ID, TOKEN, 7, Requests.moneyPlacement(true, 1_000));

        Answer retry = fixture.send(ID, TOKEN, 7, Requests.moneyPlacement(true, 9_000));

        assertEquals(0, retry.resultCode());
        assertArrayEquals(first.body(), retry.body());
        assertEquals(1_000, fixture.logic().kkm(ID).shift().cash(), "same token, REQNUM and command is a retry");
    }

    @Test
    void shouldRefuseTheSameTokenAndRequestNumberWithAnotherCommandWith9() {
        fixture.register(ID, TOKEN);
        Answer first = fixture.send(ID, TOKEN, 7, Requests.ticket(25_000));

        Answer a = fixture.send(ID, TOKEN, 7, Requests.moneyPlacement(true, 1_000));

        assertEquals(ResultTypeEnum.RESULT_TYPE_INVALID_RETRY_REQUEST_VALUE, a.resultCode());
        assertEquals(first.newToken(), a.headerToken());
        assertFalse(a.accepted());
        Response r = strict(a);
        assertEquals(CommandTypeEnum.COMMAND_MONEY_PLACEMENT, r.getCommand());
        assertEquals(9, r.getResult().getResultCode());
        assertEquals(first.newToken(), fixture.logic().kkm(ID).token());
        assertEquals(25_000, fixture.logic().kkm(ID).shift().cash(), "the deposit was not counted");
    }

    @Test
    void shouldRefuseTheCurrentTokenWithTheLastRequestNumberWith8() {
        fixture.register(ID, TOKEN);
        Answer first = fixture.send(ID, TOKEN, 7, Requests.ticket(25_000));

        Answer a = fixture.send(ID, first.newToken(), 7, Requests.ticket(25_000));

        assertEquals(ResultTypeEnum.RESULT_TYPE_INVALID_REQUEST_NUMBER_VALUE, a.resultCode());
        assertEquals(first.newToken(), a.headerToken());
        assertFalse(a.accepted());
        assertEquals(8, strict(a).getResult().getResultCode());
        assertEquals(first.newToken(), fixture.logic().kkm(ID).token());
        assertEquals(FiscalSigns.FIRST, fixture.logic().lastFiscalSign());
    }

    @Test
    void shouldRefuseTheOldTokenWithANewRequestNumberWith2() {
        fixture.register(ID, TOKEN);
        Answer first = fixture.send(ID, TOKEN, 7, Requests.ticket(25_000));

        Answer a = fixture.send(ID, TOKEN, 8, Requests.ticket(25_000));

        assertEquals(2, a.resultCode());
        assertEquals(first.newToken(), a.headerToken());
    }

    @Test
    void shouldRefuseARetryOfAnOlderDocumentWith2() {
        fixture.register(ID, TOKEN);
        Answer first = fixture.send(ID, TOKEN, 1, Requests.ticket(100));
        fixture.send(ID, first.newToken(), 2, Requests.ticket(200));

        Answer a = fixture.send(ID, TOKEN, 1, Requests.ticket(100));

        assertEquals(2, a.resultCode(), "only the last document is kept for retries");
        assertEquals(FiscalSigns.FIRST + 1, fixture.logic().lastFiscalSign());
    }

    @Test
    void shouldAcceptAnyRequestNumberThatDiffersFromTheLastDocumentsIncludingAWrap() {
        LogicFixture.Kkm kkm = fixture.register(ID, TOKEN);
        long token = TOKEN;
        for (int reqnum : new int[] {65_535, 0, 500, 1, 65_535}) {
            Answer a = fixture.send(ID, token, reqnum, Requests.ticket(100));
            assertEquals(0, a.resultCode(), "REQNUM " + reqnum);
            token = a.newToken();
        }
        assertEquals(5, fixture.logic().kkm(kkm.id()).shift().ticketCount(OperationTypeEnum.OPERATION_SELL_VALUE));
    }

    @ParameterizedTest
    @MethodSource("services")
    void shouldNeverRotateTheTokenOnServiceCommands(Request service) {
        fixture.register(ID, TOKEN);
        Answer document = fixture.send(ID, TOKEN, 1, Requests.ticket(100));
        long current = document.newToken();

        // Even the last document's REQNUM is fine for a service command: only documents are checked.
        for (int reqnum : new int[] {1, 2, 2}) {
            Answer a = fixture.send(ID, current, reqnum, service);

            assertEquals(0, a.resultCode(), () -> "REQNUM " + reqnum + ": " + strict(a).getResult());
            assertEquals(current, a.headerToken());
            assertFalse(a.accepted());
            assertEquals(0, a.newToken());
            assertEquals(service.getCommand(), strict(a).getCommand());
        }
        assertEquals(current, fixture.logic().kkm(ID).token());
        assertEquals(1, fixture.accepted().size());
    }

    @ParameterizedTest
    @ValueSource(ints = {7, 127, 100, 101})
    void shouldAnswerUnsupportedCommandsWith5(int command) {
        fixture.register(ID, TOKEN);

        Answer a = fixture.send(LogicFixture.VERSION, ID, TOKEN, 1, command, Requests.command(command), null);

        assertEquals(ResultTypeEnum.RESULT_TYPE_UNSUPPORTED_COMMAND_VALUE, a.resultCode());
        assertEquals(TOKEN, a.headerToken());
        assertFalse(a.accepted());
        Response r = strict(a);
        assertEquals(command, r.getCommand().getNumber());
        assertEquals(5, r.getResult().getResultCode());
        assertEquals(TOKEN, fixture.logic().kkm(ID).token());
    }

    @Test
    void shouldAnswerAnUnknownCommandWith4InAStrictlyDecodableAnswer() {
        fixture.register(ID, TOKEN);

        Answer a = fixture.send(LogicFixture.VERSION, ID, TOKEN, 1, 99, Requests.command(99), null);

        assertEquals(ResultTypeEnum.RESULT_TYPE_UNKNOWN_COMMAND_VALUE, a.resultCode());
        assertEquals(TOKEN, a.headerToken());
        assertFalse(a.accepted());
        // KkmMessages.response answers a number outside the schema as COMMAND_SYSTEM (protocol-facts §15.9):
        // an echoed 99 would leave the required Response.command unset for a strict 2.0.3 client.
        Response r = strict(a);
        assertEquals(CommandTypeEnum.COMMAND_SYSTEM, r.getCommand());
        assertEquals(4, r.getResult().getResultCode());
        assertTrue(r.getResult().getResultText().contains("99"), r.getResult().getResultText());
        assertEquals(TOKEN, fixture.logic().kkm(ID).token());
    }

    @Test
    void shouldCheckTheTokenBeforeTheCommandNumber() {
        fixture.register(ID, TOKEN);

        Answer a = fixture.send(LogicFixture.VERSION, ID, WRONG_TOKEN, 1, 99, Requests.command(99), null);

        assertEquals(2, a.resultCode());
        assertEquals(TOKEN, a.headerToken());
    }

    @ParameterizedTest
    @ValueSource(ints = {3, 13, 17})
    void shouldAnswerAViolationWithItsCodeAndTheCurrentToken(int code) {
        fixture.register(ID, TOKEN);
        Answer first = fixture.send(ID, TOKEN, 1, Requests.ticket(100));

        Answer a = fixture.send(LogicFixture.VERSION, ID, first.newToken(), 2, TICKET, Requests.ticket(200),
            new Violation(code, "ticket.amounts.total does not match the items"));

        assertEquals(code, a.resultCode());
        assertEquals(first.newToken(), a.headerToken());
        assertFalse(a.accepted());
        Response r = strict(a);
        assertEquals(CommandTypeEnum.COMMAND_TICKET, r.getCommand());
        assertEquals(code, r.getResult().getResultCode());
        assertEquals("ticket.amounts.total does not match the items", r.getResult().getResultText());
        assertEquals(first.newToken(), fixture.logic().kkm(ID).token(), "refused documents change nothing");
        assertEquals(100, fixture.logic().kkm(ID).shift().cash());
    }

    @Test
    void shouldAnswerSystemWithRegInfoOnlyWhenAskedFor() {
        LogicFixture.Kkm kkm = fixture.register(ID, TOKEN);

        Response with = kkm.ok(Requests.system(true));
        Response without = kkm.ok(Requests.system(false));

        assertEquals(RNM, with.getService().getRegInfo().getKkm().getFnsKkmId());
        assertFalse(without.hasService() && without.getService().hasRegInfo());
    }

    @Test
    void shouldAddRegInfoToADocumentAnswerWhenAskedFor() {
        LogicFixture.Kkm kkm = fixture.register(ID, TOKEN);
        Request.Builder ticket = Requests.ticket(100).toBuilder();
        ticket.setService(ServiceRequest.newBuilder().setGetRegInfo(true));

        Response r = kkm.ok(ticket.build());

        assertEquals(Long.toString(ID), r.getService().getRegInfo().getKkm().getKkmId());
        assertTrue(r.hasTicket());
    }

    @Test
    void shouldAnswerNomenclatureAndAuthWithoutData() {
        LogicFixture.Kkm kkm = fixture.register(ID, TOKEN);
        Request barcode = Requests.nomenclature(null).toBuilder()
            .setNomenclature(Requests.nomenclature(null).getNomenclature().toBuilder().setBarcode("4870000000001"))
            .build();

        Response version = kkm.ok(Requests.nomenclature(3));
        Response byBarcode = kkm.ok(barcode);
        Response auth = kkm.ok(Requests.auth("кассир", "1234"));

        assertEquals(NomenclatureResponse.NomenclatureResultTypeEnum.RESULT_TYPE_NO_VERSION,
            version.getNomenclature().getResult());
        assertEquals(NomenclatureResponse.NomenclatureResultTypeEnum.RESULT_TYPE_ELEMENT_NOT_FOUND_BY_BARCODE,
            byBarcode.getNomenclature().getResult());
        assertTrue(auth.hasAuth());
        assertEquals(TOKEN, kkm.token());
    }

    @Test
    void shouldIssueUniqueIncreasingFiscalSignsAcrossKkms() {
        List<LogicFixture.Kkm> kkms = List.of(fixture.register(1, 10), fixture.register(2, 20),
            fixture.register(0xFFFF_FFFFL, 0xFFFF_FFFFL));
        List<Long> signs = new ArrayList<>();
        for (int round = 0; round < 4; round++) {
            for (LogicFixture.Kkm kkm : kkms) {
                Response r = kkm.ok(Requests.ticket(100 + round));
                signs.add(Long.parseLong(r.getTicket().getTicketNumber()));
                kkm.ok(Requests.moneyPlacement(true, 1));
            }
        }
        for (int i = 0; i < signs.size(); i++) {
            assertEquals(FiscalSigns.FIRST + i, signs.get(i), "signs are issued in order across all KKMs");
        }
        assertEquals(signs.get(signs.size() - 1), fixture.logic().lastFiscalSign());
        assertEquals(8, kkms.get(2).token(), "the u32 token 0xFFFFFFFF was followed by 1, then 2..8");
    }

    @Test
    void shouldGiveMoneyPlacementsAndCloseShiftNoFiscalSign() {
        LogicFixture.Kkm kkm = fixture.register(ID, TOKEN);

        Answer deposit = kkm.send(Requests.moneyPlacement(true, 100));
        Answer close = kkm.send(Requests.closeShift());

        assertTrue(deposit.accepted());
        assertTrue(close.accepted());
        assertEquals(0, deposit.fiscalSign());
        assertEquals(0, close.fiscalSign());
        assertEquals(FiscalSigns.FIRST - 1, fixture.logic().lastFiscalSign());
    }

    @Test
    void shouldRegisterAnIdOnlyOnce() {
        fixture.register(ID, TOKEN);

        assertFalse(fixture.logic().register(LogicFixture.registration(ID, 5)));
        assertEquals(TOKEN, fixture.logic().kkm(ID).token(), "the first registration stays");
        assertEquals(1, fixture.logic().kkmCount());
        assertNull(fixture.logic().kkm(ID + 1));
    }

    @Test
    void shouldRefuseToReplayADocumentOfAnUnregisteredKkm() {
        LogicFixture.Kkm kkm = fixture.register(ID, TOKEN);
        kkm.ok(Requests.ticket(100));
        LogicFixture.Accepted d = fixture.accepted().get(0);

        BusinessLogic fresh = LogicFixture.freshLogic();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> fresh.replayDocument(d.header(),
            Requests.ticket(100), d.fiscalSign(), d.newToken(), d.answer()));
        assertTrue(e.getMessage().contains("unregistered KKM " + ID), e.getMessage());
    }

    @Test
    void shouldDateTheQrCodeWithTheTicketsOwnTime() {
        LogicFixture.Kkm kkm = fixture.register(ID, TOKEN);

        Response r = kkm.ok(dated(Requests.ticket(OperationTypeEnum.OPERATION_SELL, 150, 250), DOCUMENT_TIME));

        assertTrue(r.getTicket().getQrCode().toString(StandardCharsets.UTF_8).endsWith("&s=4.00&t=20250307T090503"),
            r.getTicket().getQrCode().toString(StandardCharsets.UTF_8));
    }

    private ZXReport report(long token, int reqnum) {
        Answer a = fixture.send(ID, token, reqnum, LogicFixture.report(ReportTypeEnum.REPORT_X));
        assertEquals(0, a.resultCode());
        return strict(a).getReport().getZxReport();
    }
}
