package kz.ofd.engine.logic;

import kz.ofd.protocol.codec.MoneyCodec;
import kz.ofd.protocol.proto.OperationTypeEnum;
import kz.ofd.protocol.proto.ResultTypeEnum;
import kz.ofd.protocol.proto.TicketRequest;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.collections.ObjectHashSet;

/**
 * Returns of tickets this OFD issued (protocol-facts §8.7; docs/fiscal-rules.md "Returns"). A return's parent counts
 * as ours when its fiscal sign lies in the range this OFD has issued (signs are dense: {@link FiscalSigns#FIRST} to
 * the last) and its {@code kgd_kkm_id} is the RNM of a KKM registered here; anything else was issued by another
 * OFD (a register that moved here, a shop's other register) and is accepted on the register's word. An own parent
 * must exist, have been issued by the KKM the return names, be of the operation the return reverses (SELL for
 * SELL_RETURN, BUY for BUY_RETURN) and have the total the return names; and the returns of it may not add up to
 * more than its total. Business-logic thread only.
 */
final class ReturnRules {

    private static final int INCORRECT = ResultTypeEnum.RESULT_TYPE_INCORRECT_REQUEST_DATA_VALUE;
    private static final int MAX_SIGN_DIGITS = 18;

    private final TicketLedger ledger;
    private final Long2ObjectHashMap<KkmState> kkms;
    private final FiscalSigns signs;
    private final ObjectHashSet<String> rnms = new ObjectHashSet<>();

    ReturnRules(TicketLedger ledger, Long2ObjectHashMap<KkmState> kkms, FiscalSigns signs) {
        this.ledger = ledger;
        this.kkms = kkms;
        this.signs = signs;
    }

    void registered(String rnm) {
        rnms.add(rnm);
    }

    /**
     * @param t a validated ticket
     * @return the fiscal sign of its parent when it is a return of a ticket this OFD issued, else 0
     */
    long ownParent(TicketRequest t) {
        if (!isReturn(t.getOperation()) || !t.hasParentTicket()) {
            return 0;
        }
        TicketRequest.ParentTicket p = t.getParentTicket();
        String number = p.getParentTicketNumber();   // digits only (validated)
        int start = 0;
        while (start < number.length() - 1 && number.charAt(start) == '0') {
            start++;
        }
        if (number.length() - start > MAX_SIGN_DIGITS) {
            return 0;   // far beyond any sign issued here
        }
        long sign = Long.parseLong(number, start, number.length(), 10);
        return sign >= FiscalSigns.FIRST && sign <= signs.last() && rnms.contains(p.getKgdKkmId()) ? sign : 0;
    }

    /**
     * @param t          a validated return
     * @param parentSign {@link #ownParent} of it
     * @param code       receives the result code of a refusal
     * @return why the return cannot be accepted, or {@code null}
     */
    String refusal(TicketRequest t, long parentSign, int[] code) {
        if (parentSign == 0) {
            return null;
        }
        code[0] = INCORRECT;
        TicketRequest.ParentTicket p = t.getParentTicket();
        IssuedTicket parent;
        long returned;
        try {
            parent = ledger.find(parentSign);
            returned = parent == null ? 0 : ledger.returnedTiyn(parentSign);
        } catch (RuntimeException e) {
            code[0] = ResultTypeEnum.RESULT_TYPE_SERVICE_TEMPORARILY_UNAVAILABLE_VALUE;
            return "the OFD cannot read its ticket " + parentSign + " to check this return; retry later";
        }
        if (parent == null) {
            return "ticket.parent_ticket.parent_ticket_number " + parentSign + " is not a ticket this OFD issued";
        }
        KkmState issuer = kkms.get(parent.kkmId());
        String issuerRnm = issuer == null ? "?" : issuer.rnm;
        if (!issuerRnm.equals(p.getKgdKkmId())) {
            return "ticket.parent_ticket.kgd_kkm_id is " + p.getKgdKkmId() + " but ticket " + parentSign
                + " was issued by KKM " + issuerRnm;
        }
        OperationTypeEnum reversed = t.getOperation() == OperationTypeEnum.OPERATION_SELL_RETURN
            ? OperationTypeEnum.OPERATION_SELL : OperationTypeEnum.OPERATION_BUY;
        if (parent.operation() != reversed.getNumber()) {
            OperationTypeEnum actual = OperationTypeEnum.forNumber(parent.operation());
            return "ticket.parent_ticket.parent_ticket_number " + parentSign + " is a ticket of "
                + (actual == null ? "operation " + parent.operation() : actual.name()) + "; "
                + t.getOperation().name() + " returns tickets of " + reversed.name();
        }
        long claimedTotal = MoneyCodec.toTiyn(p.getParentTicketTotal());
        if (claimedTotal != parent.totalTiyn()) {
            return "ticket.parent_ticket.parent_ticket_total is " + MoneyCodec.format(claimedTotal) + " but ticket "
                + parentSign + " was issued for " + MoneyCodec.format(parent.totalTiyn());
        }
        long total = MoneyCodec.toTiyn(t.getAmounts().getTotal());
        long left = parent.totalTiyn() - returned;
        if (total > left) {
            return "ticket.amounts.total " + MoneyCodec.format(total) + " exceeds what is left to return of ticket "
                + parentSign + ": " + MoneyCodec.format(Math.max(left, 0)) + " of " + MoneyCodec.format(parent.totalTiyn())
                + " (" + MoneyCodec.format(returned) + " already returned)";
        }
        return null;
    }

    /**
     * Records an accepted ticket, so it can be returned and its returns counted.
     */
    void issued(long fiscalSign, long kkmId, TicketRequest t, long parentSign) {
        ledger.issued(fiscalSign, kkmId, t.getOperation().getNumber(), MoneyCodec.toTiyn(t.getAmounts().getTotal()),
            parentSign);
    }

    private static boolean isReturn(OperationTypeEnum operation) {
        return operation == OperationTypeEnum.OPERATION_SELL_RETURN || operation == OperationTypeEnum.OPERATION_BUY_RETURN;
    }
}
