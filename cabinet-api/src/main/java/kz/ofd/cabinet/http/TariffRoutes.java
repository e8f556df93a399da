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
import kz.ofd.cabinet.access.Permission;
import kz.ofd.cabinet.billing.TariffApplications;
import kz.ofd.cabinet.contract.Contracts;
import kz.ofd.cabinet.kkm.KkmLifecycleStatus;
import kz.ofd.cabinet.kkm.KkmProblem;
import kz.ofd.cabinet.kkm.OwnerSignature;
import kz.ofd.cabinet.registry.proto.KkmRecord;
import kz.ofd.cabinet.registry.proto.OrganizationRecord;
import kz.ofd.cabinet.registry.proto.SignedApplicationRecord;
import kz.ofd.cabinet.registry.proto.SubscriptionRecord;
import kz.ofd.cabinet.validate.FieldError;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * «Тарифы» and «Мои подписки» (manual 001 §16, §16.1): the plan catalogue, the organization's subscriptions, the
 * auto-renewal switch, and the signed tariff application that connects a plan to a registered KKM («Выбрать») or
 * changes its plan («Изменить»). Module {@code tariffs}, organization-wide; an application also needs the KKM to be on
 * a trade point the user's {@code kkms:view} covers (otherwise it is not found, as in the KKM routes). Runs on worker
 * threads.
 */
final class TariffRoutes {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("dd.MM.yyyy");
    private static final Permission KKM_SCOPE = new Permission(Module.KKMS, Level.VIEW);

    private final kz.ofd.cabinet.registry.CabinetRegistry registry;
    private final Billing billing;
    private final Contracts contracts;
    private final OwnerSignature signatures;
    private final Clock clock;
    private final SecureRandom random;

    TariffRoutes(kz.ofd.cabinet.registry.CabinetRegistry registry, Billing billing, Contracts contracts,
                 OwnerSignature signatures, Clock clock, SecureRandom random) {
        this.registry = registry;
        this.billing = billing;
        this.contracts = contracts;
        this.signatures = signatures;
        this.clock = clock;
        this.random = random;
    }

    void register(Router router, CabinetServer.SessionRoutes routes) {
        routes.add(router.get(CabinetServer.API + "/tariffs"), CabinetServer.need(Module.TARIFFS, Level.VIEW), this::plans);
        routes.add(router.get(CabinetServer.API + "/subscriptions"), CabinetServer.need(Module.TARIFFS, Level.VIEW),
            this::subscriptions);
        routes.add(router.put(CabinetServer.API + "/subscriptions/:kkmId/auto-renewal"),
            CabinetServer.need(Module.TARIFFS, Level.MANAGE), this::autoRenewal);
        routes.add(router.post(CabinetServer.API + "/subscriptions/:kkmId/application-document"),
            CabinetServer.need(Module.TARIFFS, Level.MANAGE), this::applicationDocument);
        routes.add(router.post(CabinetServer.API + "/subscriptions/:kkmId"), CabinetServer.need(Module.TARIFFS, Level.MANAGE),
            this::apply);
    }

    /** A tariff application ready to sign: the KKM, the request, what it does and the document. */
    private record Prepared(KkmRecord kkm, Billing.TariffRequest request, Billing.TariffAction action, long basedOn,
                            String document) {
    }

    private void applicationDocument(RoutingContext ctx) {
        JsonObject body = Http.body(ctx);
        if (body == null) {
            return;
        }
        try {
            Prepared p = prepare(ctx, body);
            Http.json(ctx, 200, new JsonObject().put("kind", TariffApplications.KIND).put("action", p.action().name())
                .put("document", Base64.getEncoder().encodeToString(p.document().getBytes(StandardCharsets.UTF_8)))
                .put("documentText", p.document()));
        } catch (KkmProblem e) {
            KkmRoutes.send(ctx, e);
        }
    }

    private void apply(RoutingContext ctx) {
        JsonObject body = Http.body(ctx);
        if (body == null) {
            return;
        }
        try {
            Prepared p = prepare(ctx, body);
            OrganizationRecord org = organization(ctx);
            String signature = body.getValue("signature") instanceof String sig ? sig : null;
            OwnerSignature.Signed signed = signatures.check(org, p.document(), signature);
            byte[] id = new byte[16];
            random.nextBytes(id);
            SignedApplicationRecord application = SignedApplicationRecord.newBuilder().setId(HexFormat.of().formatHex(id))
                .setKind(TariffApplications.KIND).setDocument(p.document())
                .setSignature(com.google.protobuf.ByteString.copyFrom(signed.cms())).setSignedAtMs(clock.millis())
                .setOrganizationId(org.getId()).setKkmId(p.kkm().getId()).build();
            Billing.TariffApplied done = billing.applyTariff(p.kkm(), p.request(), p.basedOn(), application);
            ctx.response().putHeader("location", CabinetServer.API + "/documents/" + done.application().getId());
            Http.json(ctx, 201, new JsonObject().put("action", done.action().name()).put("outcome", done.outcome())
                .put("outcomeText", outcomeText(done)).put("documentId", done.application().getId())
                .put("subscription", json(done.subscription(), Optional.of(p.kkm()))));
        } catch (KkmProblem e) {
            KkmRoutes.send(ctx, e);
        }
    }

    private static String outcomeText(Billing.TariffApplied done) {
        Plans.Plan plan = Plans.find(done.subscription().getPlan()).orElseThrow();
        return switch (done.outcome()) {
            case Billing.ACTIVE -> "Тариф «" + plan.display() + "» подключён и оплачен до "
                + day(done.subscription().getPeriodToMs());
            case Billing.AWAITING_PAYMENT -> "Тариф «" + plan.display() + "» подключён; пополните лицевой счёт: ККМ "
                + "активируется после оплаты";
            case "SCHEDULED" -> "Тариф «" + Plans.find(done.subscription().getNextPlan()).orElseThrow().display()
                + "» действует с " + day(done.subscription().getPeriodToMs()) + ", после оплаченного периода";
            case "CANCELLED" -> "Смена тарифа отменена; остаётся «" + plan.display() + "»";
            case "SWITCHED" -> "Тариф изменён на «" + plan.display() + "» и оплачен до "
                + day(done.subscription().getPeriodToMs());
            default -> "Тариф изменён на «" + plan.display() + "»; пополните лицевой счёт, чтобы оплатить его";
        };
    }

    /** Everything both tariff routes check, in the order the user meets it; @return the application to sign */
    private Prepared prepare(RoutingContext ctx, JsonObject body) {
        long orgId = Http.principal(ctx).organizationId();
        long kkmId = Http.id(ctx, "kkmId");
        KkmRecord kkm = (kkmId > 0 ? registry.kkms().get(orgId, kkmId) : Optional.<KkmRecord>empty())
            .filter(k -> Http.access(ctx).hasOnPoint(KKM_SCOPE, k.getTradePointId()))
            .orElseThrow(() -> new KkmProblem(404, "kkm-not-found", "your organization has no KKM "
                + ctx.pathParam("kkmId")));
        if (!KkmLifecycleStatus.REGISTERED.name().equals(kkm.getStatus())) {
            throw new KkmProblem(409, "kkm-not-registered", "a tariff is connected to a registered KKM; this one is "
                + KkmLifecycleStatus.valueOf(kkm.getStatus()).display());
        }
        contracts.requireSigned(orgId);
        Billing.TariffRequest request = request(body);
        List<FieldError> errors = billing.checkTariff(orgId, kkm.getId(), request);
        if (!errors.isEmpty()) {
            throw invalid(errors);
        }
        Optional<SubscriptionRecord> current = billing.store().subscription(orgId, kkm.getId());
        Billing.TariffAction action = billing.tariffAction(orgId, kkm.getId());
        String document = TariffApplications.document(organization(ctx), kkm, action, current, request).encode();
        return new Prepared(kkm, request, action, TariffApplications.basedOn(current), document);
    }

    private static Billing.TariffRequest request(JsonObject body) {
        Fields f = new Fields(body);
        String planText = f.text("plan", true, 30);
        String connectionText = f.text("connection", true, 20);
        Plans.Connection connection = null;
        if (connectionText != null) {
            try {
                connection = Plans.Connection.valueOf(connectionText.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                f.add(new FieldError("connection", "unknown-connection", "WIRED or WIRELESS"));
            }
        }
        Plans.Plan plan = null;
        if (planText != null) {
            Optional<Plans.Plan> named = Plans.find(planText.toUpperCase(Locale.ROOT));
            if (named.isEmpty() || !planText.toUpperCase(Locale.ROOT).startsWith("MONTHS_")) {
                f.add(new FieldError("plan", "unknown-tariff", "MONTHS_1, MONTHS_3, MONTHS_6 or MONTHS_12, or a plan code"
                    + " of GET /api/v1/tariffs"));
            } else if (connection != null) {
                String base = "MONTHS_" + named.get().months();
                boolean fullCode = !planText.toUpperCase(Locale.ROOT).equals(base);
                if (fullCode && named.get().connection() != connection) {
                    f.add(new FieldError("connection", "connection-mismatch", "the plan " + named.get().code()
                        + " is for a " + named.get().connection().name() + " connection"));
                } else {
                    plan = Plans.find(base + "_" + connection.name()).orElseThrow();
                }
            }
        }
        String simText = f.text("simNumber", false, 40);
        String sim = null;
        if (connection == Plans.Connection.WIRELESS && simText == null) {
            f.add(new FieldError("simNumber", "required", "a wireless connection needs the SIM card's serial number "
                + "(ICCID) or phone number"));
        } else if (connection == Plans.Connection.WIRED && simText != null) {
            f.add(new FieldError("simNumber", "sim-not-applicable", "a SIM card is given only for a wireless connection"));
        } else if (simText != null) {
            sim = TariffApplications.normalizeSim(simText).orElse(null);
            if (sim == null) {
                f.add(new FieldError("simNumber", "sim-number-format", "the SIM card's serial number (ICCID: 19 or 20 "
                    + "digits starting with 89) or its phone number (+7 7xx xxx xx xx)"));
            }
        }
        String promo = f.text("promoCode", false, 40);
        if (promo != null) {
            promo = promo.replace("-", "").replace(" ", "").toUpperCase(Locale.ROOT);
            if (!promo.matches("[0-9A-Z]{25}")) {
                f.add(new FieldError("promoCode", "promo-code-format", "a promo code is 25 digits and capital Latin letters"));
            }
        }
        if (!f.ok()) {
            throw invalid(f.errors);
        }
        return new Billing.TariffRequest(plan, sim, promo);
    }

    private static KkmProblem invalid(List<FieldError> errors) {
        return new KkmProblem(400, "invalid-request", errors.size() == 1 ? errors.get(0).field() + ": "
            + errors.get(0).message() : errors.size() + " fields are invalid; see errors", errors);
    }

    private OrganizationRecord organization(RoutingContext ctx) {
        return registry.organizations().byId(Http.principal(ctx).organizationId())
            .orElseThrow(() -> new KkmProblem(404, "not-found", "the session's organization no longer exists"));
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
        java.util.Set<Long> live = new java.util.HashSet<>();
        for (SubscriptionRecord s : billing.store().subscriptions(org)) {
            list.add(json(s, registry.kkms().get(org, s.getKkmId())));
            if (!Billing.STOPPED.equals(s.getStatus())) {
                live.add(s.getKkmId());
            }
        }
        // «Действия с подпиской – подключение тарифа»: registered KKMs a plan can be connected to («Выбрать»).
        JsonArray without = new JsonArray();
        for (KkmRecord k : registry.kkms().list(org)) {
            if (KkmLifecycleStatus.REGISTERED.name().equals(k.getStatus()) && !live.contains(k.getId())) {
                without.add(new JsonObject().put("kkmId", k.getId()).put("kkmName", k.getName())
                    .put("serialNumber", k.getSerialNumber()));
            }
        }
        Http.json(ctx, 200, new JsonObject().put("subscriptions", list).put("kkmsWithoutSubscription", without));
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
            .put("promoCode", s.getPromoCode().isEmpty() ? null : s.getPromoCode())
            .put("connection", plan.connection().name())
            .put("simNumber", s.getSimNumber().isEmpty() ? null : s.getSimNumber())
            .put("pendingChange", s.getNextPlan().isEmpty() ? null : pending(s));
    }

    private static JsonObject pending(SubscriptionRecord s) {
        Plans.Plan next = Plans.find(s.getNextPlan()).orElseThrow();
        return new JsonObject().put("plan", next.code()).put("planName", next.display()).put("priceTiyn", next.priceTiyn())
            .put("simNumber", s.getNextSimNumber().isEmpty() ? null : s.getNextSimNumber())
            .put("appliesFrom", instant(s.getPeriodToMs()))
            .put("text", "С " + day(s.getPeriodToMs()) + ": «" + next.display() + "»");
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
