package kz.ofd.protocol.validate;

import kz.ofd.protocol.codec.Violation;
import kz.ofd.protocol.frame.ProtocolVersions;
import kz.ofd.protocol.proto.OperationTypeEnum;
import kz.ofd.protocol.proto.ReportTypeEnum;
import kz.ofd.protocol.proto.Request;
import kz.ofd.protocol.testing.Requests;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.LocalDateTime;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * What each protocol version adds to the common rules (protocol-facts §10): 2.0.2 returns without
 * {@code parent_ticket}, and the fields 2.0.4 made required plus its NTIN rule.
 */
final class VersionRulesTest {

    private static final int INCORRECT = 13;
    private static final int BLOCKED = 15;
    private static final String NTIN = "04600000000017";

    @ParameterizedTest
    @ValueSource(ints = {ProtocolVersions.V202, ProtocolVersions.V203})
    void aPlainTicketIsValidIn202And203(int version) {
        assertNull(RequestValidator.validate(Requests.ticket(1500), version));
    }

    @Test
    void aReturnWithoutParentTicketIsValidIn202WhichHasNoSuchField() {
        Request ret = Requests.ticket(OperationTypeEnum.OPERATION_SELL_RETURN, 1500);
        assertNull(RequestValidator.validate(ret, ProtocolVersions.V202));
        Violation v = RequestValidator.validate(ret, ProtocolVersions.V203);
        assertNotNull(v);
        assertEquals(INCORRECT, v.resultCode());
    }

    @Test
    void a202ReturnThatSendsAParentTicketHasItChecked() {
        Request ret = Requests.withParentTicket(Requests.ticket(OperationTypeEnum.OPERATION_SELL_RETURN, 1500),
            "12ab", "010101010101", LocalDateTime.of(2026, 11, 1, 10, 0), 1500);
        Violation v = RequestValidator.validate(ret, ProtocolVersions.V202);
        assertNotNull(v);
        assertEquals("ticket.parent_ticket.parent_ticket_number must be the original's fiscal sign: digits only",
            v.text());
    }

    static Stream<Request> complete204() {
        return Stream.of(
            Requests.for204(Requests.ticket(1500), 1),
            Requests.for204(Requests.moneyPlacement(true, 10_000), 1),
            Requests.for204(Requests.closeShift(), 1),
            Requests.for204(Requests.report(ReportTypeEnum.REPORT_X), 1),
            Requests.for204(Requests.info(), 1));
    }

    @ParameterizedTest
    @MethodSource("complete204")
    void aSchemaConforming204RequestIsValid(Request request) {
        assertNull(RequestValidator.validate(request, ProtocolVersions.V204));
    }

    static Stream<Arguments> missingIn204() {
        Request ticket = Requests.for204(Requests.ticket(1500), 1);
        return Stream.of(
            Arguments.of(ticket, (UnaryOperator<Request.Builder>) b -> {
                b.getTicketBuilder().clearDomain();
                return b;
            }, "ticket.domain is missing: it is required in protocol 2.0.4"),
            Arguments.of(ticket, (UnaryOperator<Request.Builder>) b -> {
                b.getTicketBuilder().getItemsBuilder(0).getCommodityBuilder().clearMeasureUnitCode();
                return b;
            }, "ticket.items[0].commodity.measure_unit_code is missing: it is required in protocol 2.0.4"),
            Arguments.of(Requests.for204(Requests.moneyPlacement(false, 100), 1), (UnaryOperator<Request.Builder>) b -> {
                b.getMoneyPlacementBuilder().clearOperator();
                return b;
            }, "money_placement.operator is missing: it is required in protocol 2.0.4"),
            Arguments.of(Requests.for204(Requests.closeShift(), 1), (UnaryOperator<Request.Builder>) b -> {
                b.getCloseShiftBuilder().clearOperator();
                return b;
            }, "close_shift.operator is missing: it is required in protocol 2.0.4"),
            Arguments.of(Requests.for204(Requests.closeShift(), 1), (UnaryOperator<Request.Builder>) b -> {
                b.getCloseShiftBuilder().clearZReport();
                return b;
            }, "close_shift.z_report is missing: it is required in protocol 2.0.4"),
            Arguments.of(Requests.for204(Requests.report(ReportTypeEnum.REPORT_Z), 1), (UnaryOperator<Request.Builder>) b -> {
                b.getReportBuilder().clearZxReport();
                return b;
            }, "report.zx_report is missing: it is required in protocol 2.0.4"));
    }

    @ParameterizedTest
    @MethodSource("missingIn204")
    void aFieldRequiredIn204IsNamedWhenMissing(Request complete, UnaryOperator<Request.Builder> damage, String text) {
        Request request = damage.apply(complete.toBuilder()).buildPartial();
        Violation v = RequestValidator.validate(request, ProtocolVersions.V204);
        assertNotNull(v);
        assertEquals(INCORRECT, v.resultCode());
        assertEquals(text, v.text());
        assertNull(RequestValidator.validate(request, ProtocolVersions.V203), "2.0.3 does not require it");
    }

    @Test
    void goodsWithAnNtinNeedACommodityTypeIn204AndAreRefusedBlocked() {
        Request.Builder b = Requests.for204(Requests.ticket(1500), 1).toBuilder();
        b.getTicketBuilder().getItemsBuilder(0).getCommodityBuilder().setNtin(NTIN).clearCommodityType();
        Violation v = RequestValidator.validate(b.build(), ProtocolVersions.V204);
        assertNotNull(v);
        assertEquals(BLOCKED, v.resultCode());
        assertEquals("ticket.items[0].commodity.commodity_type is missing: protocol 2.0.4 requires it for goods with "
            + "an NTIN", v.text());
        assertNull(RequestValidator.validate(b.build(), ProtocolVersions.V203), "2.0.3 has no commodity type");
    }

    @Test
    void goodsWithAnNtinAndACommodityTypeAreValidIn204() {
        Request.Builder b = Requests.for204(Requests.ticket(1500), 1).toBuilder();
        b.getTicketBuilder().getItemsBuilder(0).getCommodityBuilder().setNtin(NTIN);
        assertNull(RequestValidator.validate(b.build(), ProtocolVersions.V204));
    }
}
