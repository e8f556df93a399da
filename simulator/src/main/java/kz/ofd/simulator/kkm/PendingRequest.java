package kz.ofd.simulator.kkm;

import kz.ofd.protocol.codec.MoneyCodec;
import kz.ofd.protocol.frame.KkmFrame;
import kz.ofd.protocol.proto.CommandTypeEnum;
import kz.ofd.protocol.proto.OperationTypeEnum;
import kz.ofd.protocol.proto.Request;

/**
 * A request a KKM has built and is sending (again, on a retry: same bytes, same token, same request number),
 * with what it changes in the KKM's shift view once the server accepts it.
 *
 * @param command      the command
 * @param frame        the exact frame sent on every attempt
 * @param request      the request in the frame's body
 * @param cashDelta    change of drawer cash when accepted, tiyn
 * @param kind         a new request, or a deliberate re-send whose answer must equal one received before
 * @param expectedBody for {@link Kind#RETRY} and {@link Kind#OFFLINE_RESEND}: the answer body received the first
 *                     time, which the server must send again byte for byte; {@code null} otherwise
 * @param reconnect    whether the KKM drops its kept-alive connection and opens a new one before sending this
 */
public record PendingRequest(CommandTypeEnum command, KkmFrame frame, Request request, long cashDelta, Kind kind,
                             byte[] expectedBody, boolean reconnect) {

    /** What a request is. */
    public enum Kind {
        /** A request built for the first time. */
        NEW,
        /** The last accepted document's frame again (same token, same request number): the stored answer is due. */
        RETRY,
        /** An offline ticket already accepted, sent again with a new request number: its original answer is due. */
        OFFLINE_RESEND
    }

    /**
     * @return whether this is a new document, for which the server must issue a new token when it accepts it
     */
    public boolean isDocument() {
        return kind == Kind.NEW && (command == CommandTypeEnum.COMMAND_TICKET
            || command == CommandTypeEnum.COMMAND_MONEY_PLACEMENT
            || command == CommandTypeEnum.COMMAND_CLOSE_SHIFT);
    }

    /**
     * @return the ticket operation, or {@code null} for other commands
     */
    public OperationTypeEnum operation() {
        return request.hasTicket() ? request.getTicket().getOperation() : null;
    }

    /**
     * @return ticket total or placement sum, tiyn; 0 for other commands
     */
    public long sumTiyn() {
        if (request.hasTicket()) {
            return MoneyCodec.toTiyn(request.getTicket().getAmounts().getTotal());
        }
        return request.hasMoneyPlacement() ? MoneyCodec.toTiyn(request.getMoneyPlacement().getSum()) : 0;
    }

    /**
     * @return the command name without the {@code COMMAND_} prefix (with {@code RETRY_} or {@code OFFLINE_RESEND_}
     *     in front for re-sends), for summaries
     */
    public String commandName() {
        String name = command.name().substring("COMMAND_".length());
        return switch (kind) {
            case NEW -> name;
            case RETRY -> "RETRY_" + name;
            case OFFLINE_RESEND -> "OFFLINE_RESEND_" + name;
        };
    }
}
