package kz.ofd.cabinet.http;

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
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * «Транзакции» (manual 001 §9): the receipts of one KKM by shift or by dates, a page at a time with a cursor in the
 * index's key order; one receipt in full; and the selection as CSV or XLSX, streamed while it is read (chunked, with
 * backpressure), so an export of a million receipts needs the memory of one page. Needs {@code transactions:view} on
 * the KKM's trade point. Runs on worker threads; reads go to the engine's index and journal, never through the ring.
 */
final class TransactionRoutes {

    private static final Logger LOG = LoggerFactory.getLogger(TransactionRoutes.class);
    /** Receipts per page unless {@code limit} says otherwise. */
    static final int DEFAULT_LIMIT = 50;
    /** Most receipts per page ({@code page-too-large} beyond). */
    static final int MAX_LIMIT = 500;
    /** Longest date range of one page of the list, days ({@code period-too-long} beyond). */
    static final int MAX_PERIOD_DAYS = 31;
    /**
     * Longest date range of a download, days: a year and a day, so that a whole year (a busy shop's ~10⁶ receipts)
     * is one file; the download is streamed, so its length costs time, not memory.
     */
    static final int MAX_EXPORT_DAYS = 366;
    /** Kazakhstan's time (one zone, UTC+5, since 2024): what a date of the filter means. */
    static final ZoneOffset ZONE = ZoneOffset.ofHours(5);
    private static final long MAX_U32 = 0xFFFF_FFFFL;
    private static final int EXPORT_PAGE = 500;

    private final CabinetRegistry registry;
    private final FiscalDocuments documents;

    TransactionRoutes(CabinetRegistry registry, FiscalDocuments documents) {
        this.registry = registry;
        this.documents = documents;
    }

    /** A parsed filter, or the problem to answer. */
    private record Filter(FiscalDocuments.Query query) {
    }

    void list(RoutingContext ctx) {
        Optional<KkmRecord> kkm = FiscalScope.kkm(ctx, registry, Module.TRANSACTIONS);
        if (kkm.isEmpty()) {
            return;
        }
        Filter f = filter(ctx, kkm.get(), MAX_PERIOD_DAYS);
        if (f == null) {
            return;
        }
        List<FieldError> errors = new ArrayList<>();
        int limit = limit(ctx, "receipts", errors);
        if (limit < 0) {
            return;
        }
        FiscalDocuments.Position after = cursor(ctx.request().getParam("cursor"), errors);
        if (!errors.isEmpty()) {
            Problem.invalid(ctx, errors);
            return;
        }
        JsonArray receipts = new JsonArray();
        Optional<FiscalDocuments.Position> next = Optional.empty();
        if (f.query() != null) {
            FiscalDocuments.Page page = documents.receipts(f.query(), after, limit);
            page.receipts().forEach(r -> receipts.add(json(r)));
            next = page.next();
        }
        Http.json(ctx, 200, new JsonObject().put("kkmId", kkm.get().getId()).put("receipts", receipts)
            .put("nextCursor", next.map(TransactionRoutes::cursor).orElse(null)));
    }

    void receipt(RoutingContext ctx) {
        Optional<KkmRecord> kkm = FiscalScope.kkm(ctx, registry, Module.TRANSACTIONS);
        if (kkm.isEmpty()) {
            return;
        }
        long sign;
        try {
            sign = Long.parseLong(ctx.pathParam("fiscalSign"));
        } catch (NumberFormatException e) {
            sign = -1;
        }
        Optional<FiscalDocuments.FullReceipt> r = sign <= 0 || kkm.get().getOfdId() == 0 ? Optional.empty()
            : documents.receipt(kkm.get().getOfdId(), sign);
        if (r.isEmpty()) {
            Problem.send(ctx, 404, "receipt-not-found", "Not Found",
                "the KKM has no receipt with fiscal sign " + ctx.pathParam("fiscalSign"));
            return;
        }
        Http.json(ctx, 200, json(r.get().summary()).put("qrUrl", r.get().qrUrl()).put("ticket", r.get().body()));
    }

    void csv(RoutingContext ctx) {
        export(ctx, "text/csv; charset=utf-8", "csv");
    }

    void xlsx(RoutingContext ctx) {
        export(ctx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx");
    }

    private void export(RoutingContext ctx, String contentType, String extension) {
        Optional<KkmRecord> kkm = FiscalScope.kkm(ctx, registry, Module.TRANSACTIONS);
        if (kkm.isEmpty()) {
            return;
        }
        Filter f = filter(ctx, kkm.get(), MAX_EXPORT_DAYS);
        if (f == null) {
            return;
        }
        Iterator<FiscalDocuments.Receipt> rows = f.query() == null ? java.util.Collections.emptyIterator()
            : new Paged<>(after -> {
                FiscalDocuments.Page p = documents.receipts(f.query(), after, EXPORT_PAGE);
                return new Paged.Chunk<>(p.receipts(), p.next());
            });
        ctx.response().setStatusCode(200).putHeader("content-type", contentType).putHeader("cache-control", "no-store")
            .putHeader("content-disposition", "attachment; filename=\"receipts-kkm-" + kkm.get().getId() + "." + extension
                + "\"");
        ResponseStream out = new ResponseStream(ctx.response());
        try {
            if ("csv".equals(extension)) {
                ReceiptExport.csv(rows, out);
            } else {
                ReceiptExport.xlsx(rows, out);
            }
            out.close();   // only a complete export ends normally; a failed one is reset, never cut short silently
        } catch (IOException e) {
            LOG.info("event=receipt_export_abandoned kkm={} reason=\"{}\"", kkm.get().getId(), e.getMessage());
            ctx.response().reset();
        } catch (RuntimeException e) {
            LOG.error("event=receipt_export_failed kkm={}", kkm.get().getId(), e);   // the status line is gone already
            ctx.response().reset();
        }
    }

    /**
     * The page size of the query string ({@code limit}, default {@link #DEFAULT_LIMIT}): more than {@link #MAX_LIMIT}
     * is answered {@code page-too-large} at once, anything else not in range is added to the errors.
     *
     * @param what what a page holds, for the problem's text
     * @return the limit (0 when an error was added), or -1 after answering
     */
    static int limit(RoutingContext ctx, String what, List<FieldError> errors) {
        String rawLimit = ctx.request().getParam("limit");
        if (rawLimit == null) {
            return DEFAULT_LIMIT;
        }
        int limit;
        try {
            limit = Integer.parseInt(rawLimit);
        } catch (NumberFormatException e) {
            limit = 0;
        }
        if (limit > MAX_LIMIT) {
            Problem.send(ctx, 400, "page-too-large", "Bad Request", "limit: at most " + MAX_LIMIT + " " + what + " a page");
            return -1;
        }
        if (limit < 1) {
            errors.add(new FieldError("limit", "type", "an integer 1.." + MAX_LIMIT));
            return 0;
        }
        return limit;
    }

    /**
     * A receive-time range from two dates, both inclusive, in Kazakhstan time.
     *
     * @param fromMillis the first instant (inclusive), epoch ms
     * @param toMillis   the end (exclusive), epoch ms
     */
    record Period(long fromMillis, long toMillis) {
        /** No time filter. */
        static final Period ALL = new Period(0, Long.MAX_VALUE);
    }

    /**
     * Checks two parsed dates: {@code to} not before {@code from} (a field error), at most {@code maxDays} days
     * ({@code period-too-long}).
     *
     * @return the period, or {@code null} after answering a problem
     */
    static Period period(RoutingContext ctx, LocalDate from, LocalDate to, int maxDays) {
        if (to.isBefore(from)) {
            Problem.invalid(ctx, List.of(new FieldError("to", "before-from", "to is before from")));
            return null;
        }
        if (ChronoUnit.DAYS.between(from, to) + 1 > maxDays) {
            Problem.send(ctx, 400, "period-too-long", "Bad Request",
                "from " + from + " to " + to + " is longer than " + maxDays + " days; ask for less");
            return null;
        }
        return new Period(from.atStartOfDay(ZONE).toInstant().toEpochMilli(),
            to.plusDays(1).atStartOfDay(ZONE).toInstant().toEpochMilli());
    }

    /**
     * @param raw   a shift number from the query string, or {@code null}
     * @param field the parameter's name
     * @return the shift, 0 when absent, -1 after adding an error
     */
    static long shift(String raw, String field, List<FieldError> errors) {
        if (raw == null) {
            return 0;
        }
        long shift;
        try {
            shift = Long.parseLong(raw);
        } catch (NumberFormatException e) {
            shift = -1;
        }
        if (shift < 1 || shift > MAX_U32) {
            errors.add(new FieldError(field, "type", "a shift number 1..4294967295"));
            return -1;
        }
        return shift;
    }

    /**
     * The filter of the query string: {@code shift}, or {@code from} and {@code to} (dates, both inclusive, at most
     * {@code maxDays} days), or both. A KKM that never got an OFD id has no receipts: a {@code null} query.
     *
     * @return the filter, or {@code null} after answering a problem
     */
    private static Filter filter(RoutingContext ctx, KkmRecord kkm, int maxDays) {
        List<FieldError> errors = new ArrayList<>();
        String rawShift = ctx.request().getParam("shift");
        String rawFrom = ctx.request().getParam("from");
        String rawTo = ctx.request().getParam("to");
        long shift = shift(rawShift, "shift", errors);
        LocalDate from = date(rawFrom, "from", errors);
        LocalDate to = date(rawTo, "to", errors);
        if (rawShift == null && (rawFrom == null || rawTo == null)) {
            errors.add(new FieldError(rawFrom == null ? "from" : "to", "required", "give shift, or from and to (dates)"));
        } else if ((rawFrom == null) != (rawTo == null)) {
            errors.add(new FieldError(rawFrom == null ? "from" : "to", "required", "from and to go together"));
        }
        if (!errors.isEmpty()) {
            Problem.invalid(ctx, errors);
            return null;
        }
        Period period = from != null && to != null ? period(ctx, from, to, maxDays) : Period.ALL;
        if (period == null) {
            return null;
        }
        if (kkm.getOfdId() == 0) {
            return new Filter(null);
        }
        return new Filter(new FiscalDocuments.Query(kkm.getOfdId(), rawShift == null ? 0 : shift,
            rawShift == null ? MAX_U32 : shift, period.fromMillis(), period.toMillis()));
    }

    static LocalDate date(String raw, String field, List<FieldError> errors) {
        if (raw == null) {
            return null;
        }
        try {
            return LocalDate.parse(raw);
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(field, "date-format", "a date yyyy-MM-dd"));
            return null;
        }
    }

    static FiscalDocuments.Position cursor(String raw, List<FieldError> errors) {
        if (raw == null || raw.isEmpty()) {
            return null;
        }
        int dash = raw.indexOf('-');
        try {
            if (dash > 0) {
                return new FiscalDocuments.Position(Long.parseLong(raw.substring(0, dash)),
                    Long.parseLong(raw.substring(dash + 1)));
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        errors.add(new FieldError("cursor", "type", "a nextCursor of a previous page"));
        return null;
    }

    /** @return a position as the {@code nextCursor} a client sends back */
    static String cursor(FiscalDocuments.Position p) {
        return p.shift() + "-" + p.journalIndex();
    }

    static JsonObject json(FiscalDocuments.Receipt r) {
        JsonArray payments = new JsonArray();
        r.payments().forEach(p -> payments.add(new JsonObject().put("type", p.type()).put("sum", p.sumTiyn())));
        return new JsonObject().put("fiscalSign", r.fiscalSign()).put("dateTime", r.dateTime())
            .put("receivedAt", Instant.ofEpochMilli(r.receivedAtMillis()).toString()).put("shift", r.shift())
            .put("operation", r.operation()).put("offline", r.offline()).put("mark", r.offline() ? "A" : null)
            .put("total", r.totalTiyn()).put("payments", payments);
    }
}
