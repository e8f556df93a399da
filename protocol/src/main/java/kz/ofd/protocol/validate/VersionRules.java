package kz.ofd.protocol.validate;

import kz.ofd.protocol.codec.Violation;
import kz.ofd.protocol.frame.ProtocolVersions;
import kz.ofd.protocol.proto.Request;
import kz.ofd.protocol.proto.ResultTypeEnum;
import kz.ofd.protocol.proto.TicketRequest;

/**
 * What a protocol version adds to the common rules (protocol-facts §10). The server parses every version with one
 * schema (2.0.3 plus the 2.0.4 fields as optional), so the fields 2.0.4 made {@code required} are checked here for
 * 2.0.4 requests: a schema-conforming 2.0.4 register always sends them, and a missing one gets
 * {@code INCORRECT_REQUEST_DATA} (13) naming the field instead of a silent default. The one rule with another code
 * is 2.0.4's NTIN rule: goods with an NTIN need {@code commodity_type}, refused with {@code BLOCKED} (15) as the
 * reference 2.0.4 OFD does. 2.0.2's only difference the server honours (returns without {@code parent_ticket}) is in
 * {@link RequestValidator}. Stateless.
 */
final class VersionRules {

    private VersionRules() {
    }

    /**
     * @param request a request that passed the common rules
     * @param version header VERSION
     * @return the first violation of the version's own rules, or {@code null}
     */
    static Violation check(Request request, int version) {
        if (version < ProtocolVersions.V204) {
            return null;
        }
        switch (request.getCommand()) {
            case COMMAND_TICKET:
                return ticket204(request.getTicket());
            case COMMAND_MONEY_PLACEMENT:
                return request.getMoneyPlacement().hasOperator() ? null
                    : required204("money_placement.operator");
            case COMMAND_CLOSE_SHIFT:
                if (!request.getCloseShift().hasOperator()) {
                    return required204("close_shift.operator");
                }
                return request.getCloseShift().hasZReport() ? null : required204("close_shift.z_report");
            case COMMAND_REPORT:
                return request.getReport().hasZxReport() ? null : required204("report.zx_report");
            default:
                return null;
        }
    }

    private static Violation ticket204(TicketRequest t) {
        if (!t.hasDomain()) {
            return required204("ticket.domain");
        }
        for (int i = 0; i < t.getItemsCount(); i++) {
            TicketRequest.Item item = t.getItems(i);
            String line;
            boolean unit;
            boolean ntin;
            boolean type;
            switch (item.getType()) {
                case ITEM_TYPE_COMMODITY -> {
                    TicketRequest.Item.Commodity c = item.getCommodity();
                    line = ".commodity";
                    unit = c.hasMeasureUnitCode();
                    ntin = c.hasNtin() && !c.getNtin().isEmpty();
                    type = c.hasCommodityType();
                }
                case ITEM_TYPE_STORNO_COMMODITY -> {
                    TicketRequest.Item.StornoCommodity s = item.getStornoCommodity();
                    line = ".storno_commodity";
                    unit = s.hasMeasureUnitCode();
                    ntin = s.hasNtin() && !s.getNtin().isEmpty();
                    type = s.hasCommodityType();
                }
                default -> {
                    continue;
                }
            }
            if (!unit) {
                return required204("ticket.items[" + i + "]" + line + ".measure_unit_code");
            }
            if (ntin && !type) {
                return Violation.of(ResultTypeEnum.RESULT_TYPE_BLOCKED, "ticket.items[" + i + "]" + line
                    + ".commodity_type is missing: protocol 2.0.4 requires it for goods with an NTIN");
            }
        }
        return null;
    }

    private static Violation required204(String field) {
        return RequestValidator.incorrect(field + " is missing: it is required in protocol 2.0.4");
    }
}
