package kz.ofd.cabinet.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import kz.ofd.cabinet.access.Level;
import kz.ofd.cabinet.access.Module;
import kz.ofd.cabinet.billing.Billing;
import kz.ofd.cabinet.billing.Invoices;
import kz.ofd.cabinet.billing.Money;
import kz.ofd.cabinet.billing.PaymentProvider;
import kz.ofd.cabinet.registry.BillingStore;
import kz.ofd.cabinet.registry.proto.AccountRecord;
import kz.ofd.cabinet.registry.proto.LedgerEntryRecord;
import kz.ofd.cabinet.registry.proto.TopUpRecord;
import kz.ofd.cabinet.validate.FieldError;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * «Лицевой счёт» (manual 001 §11): the balance, the turnover statement for a period (§11.1), the monthly invoices
 * (§11.2) and top-ups by card (§11.3). Module {@code account}, organization-wide. Runs on worker threads.
 */
final class AccountRoutes {

    /** Longest statement or invoice period, days (a year and a day). */
    private static final int MAX_DAYS = 366;

    private final Billing billing;
    private final Invoices invoices;

    AccountRoutes(Billing billing, Invoices invoices) {
        this.billing = billing;
        this.invoices = invoices;
    }

    void register(Router router, CabinetServer.SessionRoutes routes) {
        routes.add(router.get(CabinetServer.API + "/account"), CabinetServer.need(Module.ACCOUNT, Level.VIEW), this::account);
        routes.add(router.get(CabinetServer.API + "/account/statement"), CabinetServer.need(Module.ACCOUNT, Level.VIEW),
            this::statement);
        routes.add(router.get(CabinetServer.API + "/account/invoices"), CabinetServer.need(Module.ACCOUNT, Level.VIEW),
            this::invoices);
        routes.add(router.get(CabinetServer.API + "/account/invoice.pdf"), CabinetServer.need(Module.ACCOUNT, Level.VIEW),
            this::invoicePdf);
        routes.add(router.get(CabinetServer.API + "/account/top-ups"), CabinetServer.need(Module.ACCOUNT, Level.VIEW),
            this::topUps);
        routes.add(router.post(CabinetServer.API + "/account/top-ups"), CabinetServer.need(Module.ACCOUNT, Level.MANAGE),
            this::topUp);
    }

    private void account(RoutingContext ctx) {
        AccountRecord a = billing.store().account(Http.principal(ctx).organizationId());
        Http.json(ctx, 200, new JsonObject().put("number", a.getOrganizationId()).put("currency", "KZT")
            .put("balanceTiyn", a.getBalanceTiyn()).put("balanceText", Money.format(a.getBalanceTiyn())));
    }

    private void statement(RoutingContext ctx) {
        List<FieldError> errors = new ArrayList<>();
        LocalDate from = day(ctx, "from", errors);
        LocalDate to = day(ctx, "to", errors);
        if (from != null && to != null && (to.isBefore(from) || from.plusDays(MAX_DAYS).isBefore(to))) {
            errors.add(new FieldError("to", "period-range", "the period is from..to, at most " + MAX_DAYS + " days"));
        }
        if (!errors.isEmpty()) {
            Problem.invalid(ctx, errors);
            return;
        }
        Billing.Statement s = billing.statement(Http.principal(ctx).organizationId(), from, to);
        JsonArray entries = new JsonArray();
        for (LedgerEntryRecord e : s.entries()) {
            entries.add(entry(e));
        }
        Http.json(ctx, 200, new JsonObject().put("from", s.from().toString()).put("to", s.to().toString())
            .put("openingBalanceTiyn", s.openingTiyn()).put("creditsTiyn", s.creditsTiyn())
            .put("debitsTiyn", s.debitsTiyn()).put("closingBalanceTiyn", s.closingTiyn()).put("entries", entries));
    }

    static JsonObject entry(LedgerEntryRecord e) {
        return new JsonObject().put("id", e.getId()).put("at", Instant.ofEpochMilli(e.getAtMs()).toString())
            .put("kind", e.getKind()).put("amountTiyn", e.getAmountTiyn()).put("balanceAfterTiyn", e.getBalanceAfterTiyn())
            .put("reason", e.getReason()).put("actor", e.getActor()).put("reference", e.getReference())
            .put("kkmId", e.getKkmId() == 0 ? null : e.getKkmId()).put("plan", e.getPlan().isEmpty() ? null : e.getPlan());
    }

    private void invoices(RoutingContext ctx) {
        List<FieldError> errors = new ArrayList<>();
        YearMonth from = month(ctx, "from", errors);
        YearMonth to = month(ctx, "to", errors);
        if (from != null && to != null && (to.isBefore(from) || from.plusMonths(12).isBefore(to))) {
            errors.add(new FieldError("to", "period-range", "the period is from..to, at most 12 months"));
        }
        if (!errors.isEmpty()) {
            Problem.invalid(ctx, errors);
            return;
        }
        long org = Http.principal(ctx).organizationId();
        JsonArray list = new JsonArray();
        for (YearMonth m = from; !m.isAfter(to); m = m.plusMonths(1)) {
            Invoices.Invoice i = invoices.invoice(org, m);
            if (!i.lines().isEmpty()) {
                list.add(new JsonObject().put("month", m.toString()).put("number", i.number())
                    .put("totalTiyn", i.totalTiyn()).put("vatTiyn", i.vatTiyn()).put("lines", i.lines().size())
                    .put("pdf", CabinetServer.API + "/account/invoice.pdf?month=" + m));
            }
        }
        Http.json(ctx, 200, new JsonObject().put("invoices", list));
    }

    private void invoicePdf(RoutingContext ctx) {
        List<FieldError> errors = new ArrayList<>();
        YearMonth m = month(ctx, "month", errors);
        if (!errors.isEmpty()) {
            Problem.invalid(ctx, errors);
            return;
        }
        Invoices.Invoice i = invoices.invoice(Http.principal(ctx).organizationId(), m);
        if (i.lines().isEmpty()) {
            Problem.send(ctx, 404, "invoice-not-found", "Not Found", "nothing was charged in " + m);
            return;
        }
        byte[] pdf = invoices.pdf(i);
        ctx.response().setStatusCode(200).putHeader("content-type", "application/pdf")
            .putHeader("content-disposition", "attachment; filename=\"invoice-" + i.number() + ".pdf\"")
            .putHeader("cache-control", "no-store").end(io.vertx.core.buffer.Buffer.buffer(pdf));
    }

    private void topUps(RoutingContext ctx) {
        JsonArray list = new JsonArray();
        for (TopUpRecord t : billing.store().topUps(Http.principal(ctx).organizationId())) {
            list.add(topUp(t));
        }
        Http.json(ctx, 200, new JsonObject().put("topUps", list));
    }

    private void topUp(RoutingContext ctx) {
        JsonObject body = Http.body(ctx);
        if (body == null) {
            return;
        }
        Fields f = new Fields(body);
        Long amount = f.integer("amountTiyn", true);
        if (amount != null && (amount < Billing.MIN_TOP_UP || amount > Billing.MAX_TOP_UP)) {
            f.add(new FieldError("amountTiyn", "amount-range", "a top-up is " + Money.format(Billing.MIN_TOP_UP) + " .. "
                + Money.format(Billing.MAX_TOP_UP)));
        }
        String key = f.text("idempotencyKey", true, 64);
        if (key != null && !key.matches("[A-Za-z0-9_.:-]{8,64}")) {
            f.add(new FieldError("idempotencyKey", "idempotency-key-format", "8..64 of [A-Za-z0-9_.:-], new per top-up"));
        }
        if (!f.ok()) {
            Problem.invalid(ctx, f.errors);
            return;
        }
        long org = Http.principal(ctx).organizationId();
        BillingStore.Created<TopUpRecord> c;
        try {
            c = billing.startTopUp(org, Http.principal(ctx).userId(), amount, key);
        } catch (PaymentProvider.PaymentException e) {
            Problem.send(ctx, 503, "payment-unavailable", "Service Unavailable", "the payment provider did not take the "
                + "payment: " + e.getMessage());
            return;
        }
        if (!c.created() && c.record().getAmountTiyn() != amount) {
            Problem.send(ctx, 409, "idempotency-key-reused", "Conflict", "this idempotency key was used for a top-up of "
                + Money.format(c.record().getAmountTiyn()) + "; use a new key for a new top-up");
            return;
        }
        Http.json(ctx, c.created() ? 201 : 200, topUp(c.record()));
    }

    private static JsonObject topUp(TopUpRecord t) {
        return new JsonObject().put("id", t.getId()).put("amountTiyn", t.getAmountTiyn()).put("status", t.getStatus())
            .put("redirectUrl", "PENDING".equals(t.getStatus()) ? t.getRedirectUrl() : null)
            .put("idempotencyKey", t.getIdempotencyKey()).put("createdAt", Instant.ofEpochMilli(t.getCreatedAtMs()).toString())
            .put("decidedAt", t.getDecidedAtMs() == 0 ? null : Instant.ofEpochMilli(t.getDecidedAtMs()).toString())
            .put("failureReason", t.getFailureReason().isEmpty() ? null : t.getFailureReason());
    }

    private static LocalDate day(RoutingContext ctx, String name, List<FieldError> errors) {
        String v = ctx.queryParam(name).isEmpty() ? null : ctx.queryParam(name).get(0);
        if (v == null) {
            errors.add(new FieldError(name, "required", "a day, YYYY-MM-DD"));
            return null;
        }
        try {
            return LocalDate.parse(v);
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(name, "date-format", "a day, YYYY-MM-DD"));
            return null;
        }
    }

    private static YearMonth month(RoutingContext ctx, String name, List<FieldError> errors) {
        String v = ctx.queryParam(name).isEmpty() ? null : ctx.queryParam(name).get(0);
        if (v == null) {
            errors.add(new FieldError(name, "required", "a month, YYYY-MM"));
            return null;
        }
        try {
            return YearMonth.parse(v);
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(name, "month-format", "a month, YYYY-MM"));
            return null;
        }
    }
}
