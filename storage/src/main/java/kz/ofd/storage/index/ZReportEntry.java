package kz.ofd.storage.index;

import java.util.List;
import java.util.Objects;

/**
 * A closed shift's Z report as the server computed it, the register's own Z as it sent it (if it did), and the
 * figures where they differ.
 *
 * @param kkmId       KKM id
 * @param shiftNumber the closed shift
 * @param serverZ     the server's ZXReport, protobuf bytes
 * @param registerZ   the register's ZXReport as sent, protobuf bytes; empty when it sent none
 * @param differences one line per differing figure; empty when they agree or the register sent none
 */
public record ZReportEntry(long kkmId, long shiftNumber, byte[] serverZ, byte[] registerZ, List<String> differences) {

    /**
     * Null checks; the list is copied.
     */
    public ZReportEntry {
        Objects.requireNonNull(serverZ, "serverZ");
        Objects.requireNonNull(registerZ, "registerZ");
        differences = List.copyOf(differences);
    }
}
