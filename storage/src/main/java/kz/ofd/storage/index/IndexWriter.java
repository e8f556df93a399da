package kz.ofd.storage.index;

import java.util.List;

/**
 * The writing side of the document index as the ring's index stage uses it. {@link DocumentIndex} is the
 * implementation; the interface is the seam through which tests inject index failures into the unchanged stage.
 */
public interface IndexWriter {

    /**
     * Writes documents, closed shifts' Z reports, the shift reports (X and Z) and the new checkpoint atomically.
     *
     * @param documents  documents to add
     * @param zReports   Z reports of shifts closed by these documents, by shift
     * @param reports    X and Z reports in journal order, for the reports column family
     * @param checkpoint journal index up to which everything is now indexed
     * @throws RuntimeException when the batch cannot be written (then none of it is)
     */
    void write(List<DocumentEntry> documents, List<ZReportEntry> zReports, List<ReportEntry> reports, long checkpoint);
}
