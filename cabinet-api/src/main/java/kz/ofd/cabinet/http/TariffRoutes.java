package kz.ofd.cabinet.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import kz.ofd.cabinet.access.Level;
import kz.ofd.cabinet.access.Module;
import kz.ofd.cabinet.billing.Billing;
import kz.ofd.cabinet.billing.Money;
import kz.ofd.cabinet.billing.Plans;
import kz.ofd.cabinet.registry.proto.KkmRecord;
import kz.ofd.cabinet.registry.proto.SubscriptionRecord;
import kz.ofd.cabinet.validate.FieldError;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;

/**
 * «Тарифы» and «Мои подписки» (manual 001 §16, §16.1): the plan catalogue, the organization's subscriptions, and
 * the auto-renewal switch. Module {@code tariffs}, organization-wide. Runs on worker threads.
 */
final class TariffRoutes {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("dd.MM.yyyy");

    private final kz.ofd.cabinet.registry.CabinetRegistry registry;
    private final Billing billing;

    TariffRoutes(kz.ofd.cabinet.registry.CabinetRegistry registry, Billing billing) {
        this.registry = registry;
        this.billing = billing;
    }

    void register(Router router, CabinetServer.SessionRoutes routes) {
        routes.add(router.get(CabinetServer.API + "/tariffs"), CabinetServer.need(Module.TARIFFS, Level.VIEW), this::plans);
        routes.add(router.get(CabinetServer.API + "/subscriptions"), CabinetServer.need(Module.TARIFFS, Level.VIEW),
            this::subscriptions);
        routes.add(router.put(CabinetServer.API + "/subscriptions/:kkmId/auto-renewal"),
            CabinetServer.need(Module.TARIFFS, Level.MANAGE), this::autoRenewal);
    }

    private void plans(RoutingContext ctx) {
        JsonArray plans = new JsonArray();
        for (Plans.Plan p : Plans.all()) {
            plans.add(new JsonObject().put("code", p.code()).put("name", p.display()).put("months", p.months())
                .put("connection", p.connection().name()).put("connectionText", p.connection().display())
                .put("priceTiyn", p.priceTiyn()).put("priceText", Money.format(p.priceTiyn())));
        }
        Http.json(ctx, 200, new JsonObject().put("currency", "KZT").put("plans", plans));
    }

    private void subscriptions(RoutingContext ctx) {
        long org = Http.principal(ctx).organizationId();
        JsonArray list = new JsonArray();
        for (SubscriptionRecord s : billing.store().subscriptions(org)) {
            list.add(json(s, registry.kkms().get(org, s.getKkmId())));
        }
        Http.json(ctx, 200, new JsonObject().put("subscriptions", list));
    }

    private void autoRenewal(RoutingContext ctx) {
        JsonObject body = Http.body(ctx);
        if (body == null) {
            return;
        }
        long org = Http.principal(ctx).organizationId();
        long kkmId = Http.id(ctx, "kkmId");
        Optional<SubscriptionRecord> s = kkmId < 0 ? Optional.empty() : billing.store().subscription(org, kkmId);
        if (s.isEmpty()) {
            Problem.send(ctx, 404, "subscription-not-found", "Not Found", "your organization has no subscription for KKM "
                + ctx.pathParam("kkmId"));
            return;
        }
        if (!(body.getValue("autoRenewal") instanceof Boolean on)) {
            Problem.invalid(ctx, List.of(new FieldError("autoRenewal", "required", "true or false")));
            return;
        }
        if (Billing.STOPPED.equals(s.get().getStatus())) {
            Problem.send(ctx, 409, "subscription-stopped", "Conflict", "the KKM is deregistered; its subscription ended");
            return;
        }
        SubscriptionRecord updated = billing.setAutoRenewal(org, kkmId, on).orElseThrow();
        Http.json(ctx, 200, json(updated, registry.kkms().get(org, kkmId)));
    }

    static JsonObject json(SubscriptionRecord s, Optional<KkmRecord> kkm) {
        Plans.Plan plan = Plans.find(s.getPlan()).orElseThrow();
        return new JsonObject().put("kkmId", s.getKkmId()).put("kkmName", kkm.map(KkmRecord::getName).orElse(null))
            .put("plan", plan.code()).put("planName", plan.display()).put("priceTiyn", plan.priceTiyn())
            .put("status", s.getStatus()).put("statusText", statusText(s)).put("autoRenewal", s.getAutoRenewal())
            .put("activatedAt", instant(s.getActivatedAtMs())).put("periodFrom", instant(s.getPeriodFromMs()))
            .put("periodTo", instant(s.getPeriodToMs()))
            .put("promoCode", s.getPromoCode().isEmpty() ? null : s.getPromoCode());
    }

    private static String statusText(SubscriptionRecord s) {
        return switch (s.getStatus()) {
            case Billing.ACTIVE -> "Активна до " + day(s.getPeriodToMs());
            case Billing.AWAITING_PAYMENT -> "Ожидает оплаты: пополните лицевой счёт";
            case Billing.EXPIRED -> "Истекла " + day(s.getPeriodToMs()) + ": пополните лицевой счёт";
            case Billing.STOPPED -> "Отключена: ККМ снята с учета";
            default -> s.getStatus();
        };
    }

    private static String day(long ms) {
        return ms == 0 ? "" : DAY.format(Instant.ofEpochMilli(ms).atZone(Billing.ZONE));
    }

    private static String instant(long ms) {
        return ms == 0 ? null : Instant.ofEpochMilli(ms).toString();
    }
}
