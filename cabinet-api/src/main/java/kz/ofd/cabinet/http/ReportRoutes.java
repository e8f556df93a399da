package kz.ofd.cabinet.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import kz.ofd.cabinet.access.Module;
import kz.ofd.cabinet.registry.CabinetRegistry;
import kz.ofd.cabinet.registry.proto.KkmRecord;
import kz.ofd.cabinet.spi.FiscalDocuments;
import kz.ofd.cabinet.validate.FieldError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * «Отчёты» (manual 001 §10): a KKM's shift reports — every X report the register asked the OFD for and the Z report
 * that closed the shift — each as the server computed it and answered it; for a Z the register's own Z next to it
 * with the differences (a Z report that does not match the server's is what the owner needs to see). One shift in
 * full ({@code ?download=true} answers the same JSON as an attachment, {@code reports.pdf} a printable document of
 * it, {@link ShiftReportPdf}), or the list by shifts or dates with each report's key totals and a link to its shift,
 * a page at a time, or the whole list as CSV. Needs {@code reports:view} on the KKM's trade point. The engine reads
 * its reports index; no receipt is read.
 */
final class ReportRoutes {

    private static final Logger LOG = LoggerFactory.getLogger(ReportRoutes.class);
    private static final long MAX_U32 = 0xFFFF_FFFFL;
    /** Column titles of the CSV list. */
    static final List<String> COLUMNS = List.of("Отчёт", "Смена", "Получен ОФД", "Продажи, чеков", "Продажи",
        "Возвраты продаж, чеков", "Возвраты продаж", "Наличные в кассе", "Выручка", "Совпадает с Z кассы");

    private final CabinetRegistry registry;
    /** Reports read per call while a CSV streams. */
    private static final int EXPORT_PAGE = 500;

    private final FiscalDocuments documents;

    ReportRoutes(CabinetRegistry registry, FiscalDocuments documents) {
        this.registry = registry;
        this.documents = documents;
    }

    void shift(RoutingContext ctx) {
        Optional<KkmRecord> kkm = FiscalScope.kkm(ctx, registry, Module.REPORTS);
        if (kkm.isEmpty()) {
            return;
        }
        long shift = shiftNumber(ctx);
        if (shift < 0) {
            return;
        }
        List<FiscalDocuments.Report> found = reports(kkm.get(), shift);
        JsonArray reports = new JsonArray();
        for (FiscalDocuments.Report r : found) {
            reports.add(new JsonObject().put("kind", r.kind()).put("shift", r.shift())
                .put("receivedAt", r.receivedAtMillis() == 0 ? null : Instant.ofEpochMilli(r.receivedAtMillis()).toString())
                .put("report", r.report()).put("registerReport", r.registerReport())
                .put("matches", r.registerReport() == null ? null : r.differences().isEmpty())
                .put("differences", new JsonArray(r.differences())));
        }
        if ("true".equals(ctx.request().getParam("download"))) {
            ctx.response().putHeader("content-disposition", "attachment; filename=\"reports-kkm-" + kkm.get().getId()
                + "-shift-" + shift + ".json\"");
        }
        Http.json(ctx, 200, new JsonObject().put("kkmId", kkm.get().getId()).put("shift", shift)
            .put("closed", found.stream().anyMatch(r -> "Z".equals(r.kind()))).put("reports", reports));
    }

    /**
     * The shift's reports as a printable PDF (manual 001 §10.2): each X in order, then the Z with the register's
     * differences, or a line that the shift is not closed. Unlike the JSON, a shift with no report at all is 404
     * {@code reports-not-found}: there is no document to print.
     */
    void pdf(RoutingContext ctx) {
        Optional<KkmRecord> kkm = FiscalScope.kkm(ctx, registry, Module.REPORTS);
        if (kkm.isEmpty()) {
            return;
        }
        long shift = shiftNumber(ctx);
        if (shift < 0) {
            return;
        }
        List<FiscalDocuments.Report> found = reports(kkm.get(), shift);
        if (found.isEmpty()) {
            Problem.send(ctx, 404, "reports-not-found", "Not Found",
                "KKM " + kkm.get().getId() + " has no X or Z report in shift " + shift);
            return;
        }
        byte[] pdf = ShiftReportPdf.pdf(kkm.get(), shift, found);
        ctx.response().setStatusCode(200).putHeader("content-type", "application/pdf")
            .putHeader("content-disposition", "attachment; filename=\"reports-kkm-" + kkm.get().getId() + "-shift-"
                + shift + ".pdf\"")
            .putHeader("cache-control", "no-store").end(Buffer.buffer(pdf));
    }

    /** @return the {@code shift} path parameter, or -1 after answering 400 {@code shift:type} */
    private static long shiftNumber(RoutingContext ctx) {
        List<FieldError> errors = new ArrayList<>();
        long shift = TransactionRoutes.shift(ctx.pathParam("shift"), "shift", errors);
        if (!errors.isEmpty()) {
            Problem.invalid(ctx, errors);
            return -1;
        }
        return shift;
    }

    /** @return the shift's reports; none for a KKM that never got an OFD id */
    private List<FiscalDocuments.Report> reports(KkmRecord kkm, long shift) {
        return kkm.getOfdId() == 0 ? List.of() : documents.reports(kkm.getOfdId(), shift);
    }

    void list(RoutingContext ctx) {
        Optional<KkmRecord> kkm = FiscalScope.kkm(ctx, registry, Module.REPORTS);
        if (kkm.isEmpty()) {
            return;
        }
        List<FieldError> errors = new ArrayList<>();
        int limit = TransactionRoutes.limit(ctx, "reports", errors);
        if (limit < 0) {
            return;
        }
        FiscalDocuments.Position after = TransactionRoutes.cursor(ctx.request().getParam("cursor"), errors);
        Optional<FiscalDocuments.Query> query = filter(ctx, kkm.get(), errors, TransactionRoutes.MAX_PERIOD_DAYS);
        if (query == null) {
            return;
        }
        JsonArray reports = new JsonArray();
        Optional<FiscalDocuments.Position> next = Optional.empty();
        if (query.isPresent()) {
            FiscalDocuments.ReportPage page = documents.reports(query.get(), after, limit);
            page.reports().forEach(r -> reports.add(json(kkm.get().getId(), r)));
            next = page.next();
        }
        Http.json(ctx, 200, new JsonObject().put("kkmId", kkm.get().getId()).put("reports", reports)
            .put("nextCursor", next.map(TransactionRoutes::cursor).orElse(null)));
    }

    void csv(RoutingContext ctx) {
        Optional<KkmRecord> kkm = FiscalScope.kkm(ctx, registry, Module.REPORTS);
        if (kkm.isEmpty()) {
            return;
        }
        Optional<FiscalDocuments.Query> query = filter(ctx, kkm.get(), new ArrayList<>(),
            TransactionRoutes.MAX_EXPORT_DAYS);
        if (query == null) {
            return;
        }
        Iterator<FiscalDocuments.ReportLine> rows = query.isEmpty() ? Collections.emptyIterator()
            : new Paged<>(after -> {
                FiscalDocuments.ReportPage p = documents.reports(query.get(), after, EXPORT_PAGE);
                return new Paged.Chunk<>(p.reports(), p.next());
            });
        ctx.response().setStatusCode(200).putHeader("content-type", "text/csv; charset=utf-8")
            .putHeader("cache-control", "no-store")
            .putHeader("content-disposition", "attachment; filename=\"reports-kkm-" + kkm.get().getId() + ".csv\"");
        ResponseStream out = new ResponseStream(ctx.response());
        try {
            ReceiptExport.csv(COLUMNS, rows, ReportRoutes::cells, out);
            out.close();
        } catch (IOException e) {
            LOG.info("event=report_export_abandoned kkm={} reason=\"{}\"", kkm.get().getId(), e.getMessage());
            ctx.response().reset();
        } catch (RuntimeException e) {
            LOG.error("event=report_export_failed kkm={}", kkm.get().getId(), e);
            ctx.response().reset();
        }
    }

    /**
     * The filter: {@code from} and {@code to} (dates, as for receipts: both inclusive, at most {@code maxDays}
     * days: a page of the list {@link TransactionRoutes#MAX_PERIOD_DAYS}, the CSV a year), and/or {@code fromShift}
     * and {@code toShift} (either alone leaves the other end open). A KKM that never got an OFD id has no reports: an
     * empty query.
     *
     * @param errors errors found so far (limit, cursor), answered together with the filter's
     * @return the query, or {@code null} after answering a problem
     */
    private static Optional<FiscalDocuments.Query> filter(RoutingContext ctx, KkmRecord kkm, List<FieldError> errors,
                                                          int maxDays) {
        String rawFromShift = ctx.request().getParam("fromShift");
        String rawToShift = ctx.request().getParam("toShift");
        String rawFrom = ctx.request().getParam("from");
        String rawTo = ctx.request().getParam("to");
        long fromShift = TransactionRoutes.shift(rawFromShift, "fromShift", errors);
        long toShift = TransactionRoutes.shift(rawToShift, "toShift", errors);
        LocalDate from = TransactionRoutes.date(rawFrom, "from", errors);
        LocalDate to = TransactionRoutes.date(rawTo, "to", errors);
        boolean shifts = rawFromShift != null || rawToShift != null;
        if (!shifts && (rawFrom == null || rawTo == null)) {
            errors.add(new FieldError(rawFrom == null ? "from" : "to", "required",
                "give fromShift and/or toShift, or from and to (dates)"));
        } else if ((rawFrom == null) != (rawTo == null)) {
            errors.add(new FieldError(rawFrom == null ? "from" : "to", "required", "from and to go together"));
        }
        if (errors.isEmpty() && fromShift > 0 && toShift > 0 && toShift < fromShift) {
            errors.add(new FieldError("toShift", "before-fromShift", "toShift is before fromShift"));
        }
        if (!errors.isEmpty()) {
            Problem.invalid(ctx, errors);
            return null;
        }
        TransactionRoutes.Period period = from != null && to != null ? TransactionRoutes.period(ctx, from, to, maxDays)
            : TransactionRoutes.Period.ALL;
        if (period == null) {
            return null;
        }
        if (kkm.getOfdId() == 0) {
            return Optional.empty();
        }
        return Optional.of(new FiscalDocuments.Query(kkm.getOfdId(), rawFromShift == null ? 0 : fromShift,
            rawToShift == null ? MAX_U32 : toShift, period.fromMillis(), period.toMillis()));
    }

    static JsonObject json(long kkmId, FiscalDocuments.ReportLine r) {
        return new JsonObject().put("kind", r.kind()).put("shift", r.shift())
            .put("receivedAt", Instant.ofEpochMilli(r.receivedAtMillis()).toString())
            .put("sells", new JsonObject().put("count", r.sellCount()).put("sum", r.sellTiyn()))
            .put("sellReturns", new JsonObject().put("count", r.sellReturnCount()).put("sum", r.sellReturnTiyn()))
            .put("cash", r.cashTiyn()).put("revenue", r.revenueTiyn()).put("matches", r.matchesRegister())
            .put("href", "/api/v1/kkms/" + kkmId + "/shifts/" + r.shift() + "/reports");
    }

    private static List<String> cells(FiscalDocuments.ReportLine r) {
        return List.of(r.kind(), Long.toString(r.shift()), Instant.ofEpochMilli(r.receivedAtMillis()).toString(),
            Long.toString(r.sellCount()), ReceiptExport.tenge(r.sellTiyn()), Long.toString(r.sellReturnCount()),
            ReceiptExport.tenge(r.sellReturnTiyn()), ReceiptExport.tenge(r.cashTiyn()),
            ReceiptExport.tenge(r.revenueTiyn()),
            r.matchesRegister() == null ? "" : r.matchesRegister() ? "да" : "нет");
    }
}
