package kz.ofd.simulator.kkm;

import kz.ofd.protocol.proto.OperationTypeEnum;

/**
 * A KKM's own view of its open shift, from the documents the server accepted: ticket counts and sums per
 * operation, deposits, and the cash in the drawer (which survives a shift close). Amounts in tiyn.
 * Used by one thread at a time.
 */
public final class ShiftTally {

    private long sellCount;
    private long sellSum;
    private long buyCount;
    private long buySum;
    private long depositCount;
    private long depositSum;
    private long cash;
    private long ticketsInShift;

    void ticket(OperationTypeEnum operation, long total, long cashDelta) {
        if (operation == OperationTypeEnum.OPERATION_SELL) {
            sellCount++;
            sellSum += total;
        } else if (operation == OperationTypeEnum.OPERATION_BUY) {
            buyCount++;
            buySum += total;
        }
        cash += cashDelta;
        ticketsInShift++;
    }

    void deposit(long sum) {
        depositCount++;
        depositSum += sum;
        cash += sum;
    }

    void closeShift() {
        sellCount = 0;
        sellSum = 0;
        buyCount = 0;
        buySum = 0;
        depositCount = 0;
        depositSum = 0;
        ticketsInShift = 0;
    }

    /**
     * @param operation SELL or BUY
     * @return tickets of that operation accepted in this shift
     */
    public long ticketCount(OperationTypeEnum operation) {
        return operation == OperationTypeEnum.OPERATION_SELL ? sellCount
            : operation == OperationTypeEnum.OPERATION_BUY ? buyCount : 0;
    }

    /**
     * @param operation SELL or BUY
     * @return total of that operation's tickets in this shift, tiyn
     */
    public long ticketSum(OperationTypeEnum operation) {
        return operation == OperationTypeEnum.OPERATION_SELL ? sellSum
            : operation == OperationTypeEnum.OPERATION_BUY ? buySum : 0;
    }

    /**
     * @return deposits in this shift
     */
    public long depositCount() {
        return depositCount;
    }

    /**
     * @return deposited tiyn in this shift
     */
    public long depositSum() {
        return depositSum;
    }

    /**
     * @return cash in the drawer, tiyn
     */
    public long cash() {
        return cash;
    }

    /**
     * @return shift revenue (sells minus buys), tiyn, possibly negative
     */
    public long revenue() {
        return sellSum - buySum;
    }

    /**
     * @return tickets accepted in this shift
     */
    public long ticketsInShift() {
        return ticketsInShift;
    }
}
