package kz.ofd.cabinet.spi;

import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Optional;

/**
 * The fiscal documents a KKM sent, as the cabinet shows them (manual 001 §9 «Транзакции», §10 «Отчёты»): receipts
 * by shift or time, one receipt in full, and the shift reports. The engine implements it over its document index
 * and journal; every call is a read on the caller's (worker) thread and never goes through the ring. KKMs are named
 * by their OFD id: the cabinet has already checked that the KKM is the session's organization's and in the user's
 * trade-point scope.
 */
public interface FiscalDocuments {

    /**
     * A place in a KKM's documents (shift, then journal order): the cursor of a receipt page.
     *
     * @param shift        shift number
     * @param journalIndex journal index of the last document read
     */
    record Position(long shift, long journalIndex) {
    }

    /**
     * Which receipts or reports: one KKM, a shift range and a receive-time range.
     *
     * @param ofdId      the KKM's OFD id
     * @param fromShift  first shift (inclusive)
     * @param toShift    last shift (inclusive)
     * @param fromMillis earliest receive time (inclusive), epoch ms
     * @param toMillis   latest receive time (exclusive), epoch ms
     */
    record Query(long ofdId, long fromShift, long toShift, long fromMillis, long toMillis) {
    }

    /**
     * A payment of a receipt.
     *
     * @param type    CASH, CARD, CREDIT, TARE or MOBILE
     * @param sumTiyn amount in tiyn
     */
    record Payment(String type, long sumTiyn) {
    }

    /**
     * One line of the receipt list.
     *
     * @param fiscalSign       the fiscal sign
     * @param shift            the shift
     * @param receivedAtMillis when the OFD received it
     * @param dateTime         the register's own date and time of the receipt (local, ISO {@code yyyy-MM-ddTHH:mm:ss})
     * @param offline          made while the register was offline (the manual's «A» mark)
     * @param operation        BUY, BUY_RETURN, SELL or SELL_RETURN
     * @param totalTiyn        total in tiyn
     * @param payments         payments by type
     */
    record Receipt(String fiscalSign, long shift, long receivedAtMillis, String dateTime, boolean offline,
                   String operation, long totalTiyn, List<Payment> payments) {
    }

    /**
     * A page of receipts.
     *
     * @param receipts the receipts, in the KKM's document order
     * @param next     where the next page starts; empty after the last page
     */
    record Page(List<Receipt> receipts, Optional<Position> next) {
    }

    /**
     * A receipt in full.
     *
     * @param summary its list line
     * @param qrUrl   the check-page URL the OFD answered (the QR code), or {@code null}
     * @param body    the receipt as sent: items, taxes, discounts and markups, payments, amounts (money in tiyn)
     */
    record FullReceipt(Receipt summary, String qrUrl, JsonObject body) {
    }

    /**
     * A shift report in full.
     *
     * @param kind             X or Z
     * @param shift            the shift
     * @param receivedAtMillis when the OFD received it
     * @param report           the server's report (money in tiyn)
     * @param registerReport   for a Z report, the register's own Z when it sent one, else {@code null}
     * @param differences      where the register's Z differs from the server's (empty when they agree)
     */
    record Report(String kind, long shift, long receivedAtMillis, JsonObject report, JsonObject registerReport,
                  List<String> differences) {
    }

    /**
     * One line of the report list: what kind, when, and the figures an owner looks at first.
     *
     * @param kind             X or Z
     * @param shift            the shift
     * @param receivedAtMillis when the OFD received the request (the X report's, or the CLOSE_SHIFT's)
     * @param sellCount        sale receipts in the shift up to the report
     * @param sellTiyn         their sum, tiyn
     * @param sellReturnCount  sale-return receipts
     * @param sellReturnTiyn   their sum, tiyn
     * @param cashTiyn         cash in the drawer, tiyn
     * @param revenueTiyn      the shift's revenue, tiyn (negative when returns exceed sales)
     * @param matchesRegister  for a Z report with the register's own Z, whether the two agree; {@code null} otherwise
     */
    record ReportLine(String kind, long shift, long receivedAtMillis, long sellCount, long sellTiyn, long sellReturnCount,
                      long sellReturnTiyn, long cashTiyn, long revenueTiyn, Boolean matchesRegister) {
    }

    /**
     * A page of the report list.
     *
     * @param reports the reports, in the KKM's order (shift, then as received)
     * @param next    where the next page starts; empty after the last page
     */
    record ReportPage(List<ReportLine> reports, Optional<Position> next) {
    }

    /**
     * A page of receipts. Reads at most a bounded number of index entries per call, so a page may be short (even
     * empty) with a next position when the filter skips many documents.
     *
     * @param query what to list
     * @param after where the previous page ended, or {@code null} for the first page
     * @param limit most receipts on the page
     * @return the page
     */
    Page receipts(Query query, Position after, int limit);

    /**
     * @param ofdId      the KKM's OFD id
     * @param fiscalSign a fiscal sign
     * @return the receipt, when it is that KKM's
     */
    Optional<FullReceipt> receipt(long ofdId, long fiscalSign);

    /**
     * @param ofdId the KKM's OFD id
     * @param shift a shift
     * @return the shift's X reports in the order received, then its Z report once it is closed; an implementation may
     *     bound the X reports (the engine shows the first 1 000; {@link #reports(Query, Position, int)} pages them all)
     */
    List<Report> reports(long ofdId, long shift);

    /**
     * The reports (X and Z) of a shift range and a receive-time range, a page at a time, without reading receipts.
     *
     * @param query what to list (the same shape as for receipts)
     * @param after where the previous page ended, or {@code null} for the first page
     * @param limit most reports on the page
     * @return the page
     */
    ReportPage reports(Query query, Position after, int limit);

    /**
     * @return no engine: no documents
     */
    static FiscalDocuments none() {
        return new FiscalDocuments() {
            @Override
            public Page receipts(Query query, Position after, int limit) {
                return new Page(List.of(), Optional.empty());
            }

            @Override
            public Optional<FullReceipt> receipt(long ofdId, long fiscalSign) {
                return Optional.empty();
            }

            @Override
            public List<Report> reports(long ofdId, long shift) {
                return List.of();
            }

            @Override
            public ReportPage reports(Query query, Position after, int limit) {
                return new ReportPage(List.of(), Optional.empty());
            }
        };
    }
}
