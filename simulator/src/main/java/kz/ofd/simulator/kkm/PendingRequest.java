package kz.ofd.simulator.kkm;

import kz.ofd.protocol.frame.KkmFrame;
import kz.ofd.protocol.proto.CommandTypeEnum;
import kz.ofd.protocol.proto.OperationTypeEnum;

/**
 * A request a KKM has built and is sending (again, on a retry: same bytes, same token, same request number),
 * with what it changes in the KKM's shift view once the server accepts it.
 *
 * @param command   the command
 * @param frame     the exact frame sent on every attempt
 * @param operation ticket operation, or {@code null} for other commands
 * @param sumTiyn   ticket total or deposit sum, 0 otherwise
 * @param cashDelta change of drawer cash when accepted, tiyn
 */
public record PendingRequest(CommandTypeEnum command, KkmFrame frame, OperationTypeEnum operation, long sumTiyn,
                             long cashDelta) {

    /**
     * @return whether the server must issue a new token when it accepts this request
     */
    public boolean isDocument() {
        return command == CommandTypeEnum.COMMAND_TICKET
            || command == CommandTypeEnum.COMMAND_MONEY_PLACEMENT
            || command == CommandTypeEnum.COMMAND_CLOSE_SHIFT;
    }

    /**
     * @return the command name without the {@code COMMAND_} prefix, for summaries
     */
    public String commandName() {
        return command.name().substring("COMMAND_".length());
    }
}
