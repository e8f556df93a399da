package kz.ofd.engine.report;

import com.google.protobuf.InvalidProtocolBufferException;
import kz.ofd.protocol.proto.Request;
import kz.ofd.protocol.proto.Response;
import kz.ofd.protocol.proto.ZXReport;
import kz.ofd.storage.index.ZReportEntry;

/**
 * Builds the index entry of a closed shift from the CLOSE_SHIFT journal record: the server's Z from the answer,
 * the register's Z from the unchanged request, and where they differ. Used by the indexer and by recovery.
 */
public final class ZReports {

    private ZReports() {
    }

    /**
     * @param kkmId   KKM id
     * @param shift   the closed shift
     * @param request the CLOSE_SHIFT request as received
     * @param answer  the answer sent
     * @return the entry
     */
    public static ZReportEntry entry(long kkmId, long shift, byte[] request, byte[] answer) {
        ZXReport server;
        Request closing;
        try {
            server = Response.parser().parsePartialFrom(answer).getReport().getZxReport();
            closing = Request.parser().parsePartialFrom(request);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("a journaled CLOSE_SHIFT of KKM " + kkmId + " no longer parses", e);
        }
        if (!closing.getCloseShift().hasZReport()) {
            return new ZReportEntry(kkmId, shift, server.toByteArray(), new byte[0], java.util.List.of());
        }
        ZXReport register = closing.getCloseShift().getZReport();
        return new ZReportEntry(kkmId, shift, server.toByteArray(), register.toByteArray(),
            ZReportComparison.differences(server, register));
    }
}
