package kz.ofd.engine.logic;

import java.time.LocalDateTime;

/**
 * A KKM's state as an operator on call sees it: registration, block, the open shift and the register's last
 * reported offline period. A snapshot taken on the business-logic thread.
 *
 * @param id                 OFD id
 * @param rnm                KGD registration number
 * @param serialNumber       factory number
 * @param blockReason        why it is blocked, or {@code null}
 * @param shiftNumber        the current shift's number
 * @param shiftOpen          whether that shift has documents (is open)
 * @param shiftOpenedAt      local time of its first document, or {@code null}
 * @param cashTiyn           cash in the drawer
 * @param offlinePeriods     offline periods the register has reported (begin before end)
 * @param lastOfflineBegin   begin of the last one (the register's local time), or {@code null}
 * @param lastOfflineEnd     end of the last one, or {@code null}
 */
public record KkmStatus(long id, String rnm, String serialNumber, String blockReason, long shiftNumber, boolean shiftOpen,
                        LocalDateTime shiftOpenedAt, long cashTiyn, int offlinePeriods, LocalDateTime lastOfflineBegin,
                        LocalDateTime lastOfflineEnd) {
}
