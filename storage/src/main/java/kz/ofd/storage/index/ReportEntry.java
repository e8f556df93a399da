package kz.ofd.storage.index;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One shift report the OFD answered, as the {@code reports} column family keeps it in (KKM, shift, journal) order: an
 * X report (the server's counters when the register asked) or a Z report (the shift's close, with the register's own
 * Z and the differences). Equality compares the bytes' contents.
 *
 * @param kkmId            KKM id
 * @param shiftNumber      the shift the report is of
 * @param journalIndex     journal index of the record it comes from (the X report's, or the CLOSE_SHIFT's)
 * @param receivedAtMillis when the OFD received the request, epoch ms
 * @param kind             {@link #X} or {@link #Z}
 * @param serverReport     the server's ZXReport, protobuf bytes, exactly as answered
 * @param registerReport   for a Z report, the register's ZXReport as sent; empty when it sent none, and for X
 * @param differences      for a Z report, one line per figure where the register's differs; empty otherwise
 */
public record ReportEntry(long kkmId, long shiftNumber, long journalIndex, long receivedAtMillis, char kind,
                          byte[] serverReport, byte[] registerReport, List<String> differences) {

    /** Kind of an X report. */
    public static final char X = 'X';
    /** Kind of a Z report. */
    public static final char Z = 'Z';

    /**
     * Checks the kind and nulls; the list is copied.
     */
    public ReportEntry {
        if (kind != X && kind != Z) {
            throw new IllegalArgumentException("report kind " + kind + " is neither X nor Z");
        }
        Objects.requireNonNull(serverReport, "serverReport");
        Objects.requireNonNull(registerReport, "registerReport");
        differences = List.copyOf(differences);
    }

    /**
     * @param kkmId            KKM id
     * @param shiftNumber      the shift
     * @param journalIndex     the X report's journal record
     * @param receivedAtMillis when it was asked for
     * @param report           the server's ZXReport as answered
     * @return the entry of an X report
     */
    public static ReportEntry x(long kkmId, long shiftNumber, long journalIndex, long receivedAtMillis, byte[] report) {
        return new ReportEntry(kkmId, shiftNumber, journalIndex, receivedAtMillis, X, report, new byte[0], List.of());
    }

    /**
     * @param z                the closed shift's Z reports
     * @param journalIndex     the CLOSE_SHIFT's journal record
     * @param receivedAtMillis when the CLOSE_SHIFT arrived
     * @return the entry of the Z report
     */
    public static ReportEntry z(ZReportEntry z, long journalIndex, long receivedAtMillis) {
        return new ReportEntry(z.kkmId(), z.shiftNumber(), journalIndex, receivedAtMillis, Z, z.serverZ(), z.registerZ(),
            z.differences());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ReportEntry r && kkmId == r.kkmId && shiftNumber == r.shiftNumber
            && journalIndex == r.journalIndex && receivedAtMillis == r.receivedAtMillis && kind == r.kind
            && Arrays.equals(serverReport, r.serverReport) && Arrays.equals(registerReport, r.registerReport)
            && differences.equals(r.differences);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kkmId, shiftNumber, journalIndex, receivedAtMillis, kind, Arrays.hashCode(serverReport),
            Arrays.hashCode(registerReport), differences);
    }

    @Override
    public String toString() {
        return "ReportEntry[kkm=" + kkmId + ", shift=" + shiftNumber + ", journal=" + journalIndex + ", kind=" + kind
            + ", receivedAt=" + receivedAtMillis + ", server=" + serverReport.length + " bytes, register="
            + registerReport.length + " bytes, differences=" + differences.size() + "]";
    }
}
