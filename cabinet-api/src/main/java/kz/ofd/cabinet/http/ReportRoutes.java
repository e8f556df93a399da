package kz.ofd.cabinet.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import kz.ofd.cabinet.access.Module;
import kz.ofd.cabinet.registry.CabinetRegistry;
import kz.ofd.cabinet.registry.proto.KkmRecord;
import kz.ofd.cabinet.spi.FiscalDocuments;
import kz.ofd.cabinet.validate.FieldError;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * «Отчёты» (manual 001 §10): the reports of a KKM's shift the engine keeps (the Z report once the shift is closed),
 * each as the server computed it and, where the register sent its own, the register's report next to it with the
 * differences (a Z report that does not match the server's is what the owner needs to see).
 * {@code ?download=true} answers the same JSON as an attachment. Needs {@code reports:view} on the KKM's trade point.
 */
final class ReportRoutes {

    private static final long MAX_U32 = 0xFFFF_FFFFL;

    private final CabinetRegistry registry;
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
        long shift;
        try {
            shift = Long.parseLong(ctx.pathParam("shift"));
        } catch (NumberFormatException e) {
            shift = -1;
        }
        if (shift < 1 || shift > MAX_U32) {
            Problem.invalid(ctx, List.of(new FieldError("shift", "type", "a shift number 1..4294967295")));
            return;
        }
        List<FiscalDocuments.Report> found = kkm.get().getOfdId() == 0 ? List.of()
            : documents.reports(kkm.get().getOfdId(), shift);
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
}
