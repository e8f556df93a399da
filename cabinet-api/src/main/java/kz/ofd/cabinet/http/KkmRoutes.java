package kz.ofd.cabinet.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import kz.ofd.cabinet.kkm.DeregistrationReason;
import kz.ofd.cabinet.kkm.KkmCatalogue;
import kz.ofd.cabinet.kkm.KkmLifecycle;
import kz.ofd.cabinet.kkm.KkmLifecycleStatus;
import kz.ofd.cabinet.kkm.KkmProblem;
import kz.ofd.cabinet.registry.CabinetRegistry;
import kz.ofd.cabinet.registry.proto.KkmEventRecord;
import kz.ofd.cabinet.registry.proto.KkmRecord;
import kz.ofd.cabinet.registry.proto.OrganizationRecord;
import kz.ofd.cabinet.registry.proto.TradePointRecord;
import kz.ofd.cabinet.spi.KkmEngine;
import kz.ofd.cabinet.validate.FieldError;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * KKMs of the session's organization (manual 001 §3.2 registration, §4.1 token, §5 deregistration, §8
 * re-registration): the model catalogue, the application documents to sign, the signed applications, the KKM list
 * and card (with the OFD id and token once registered), and token re-issue. The lifecycle itself is
 * {@link KkmLifecycle}; this class parses, validates (every invalid field at once) and answers. A KKM or trade point
 * of another organization is not found. Runs on worker threads.
 */
final class KkmRoutes {

    /** Trade-point scope of the kkms module (users and groups): what a user sees and what they may change. */
    private static final kz.ofd.cabinet.access.Permission SCOPE_VIEW = new kz.ofd.cabinet.access.Permission(
        kz.ofd.cabinet.access.Module.KKMS, kz.ofd.cabinet.access.Level.VIEW);
    private static final kz.ofd.cabinet.access.Permission SCOPE_MANAGE = new kz.ofd.cabinet.access.Permission(
        kz.ofd.cabinet.access.Module.KKMS, kz.ofd.cabinet.access.Level.MANAGE);

    /** Plan codes an application may name (kz.ofd.cabinet.billing.Plans; MONTHS_n alone still reads as wired). */
    static final Set<String> TARIFFS = kz.ofd.cabinet.billing.Plans.all().stream()
        .map(kz.ofd.cabinet.billing.Plans.Plan::code).collect(java.util.stream.Collectors.toSet());
    private static final int FIRST_YEAR = 1990;

    private final CabinetRegistry registry;
    private final KkmLifecycle lifecycle;
    private final Clock clock;
    private final kz.ofd.cabinet.billing.Billing billing;
    private final kz.ofd.cabinet.contract.Contracts contracts;

    KkmRoutes(CabinetRegistry registry, KkmLifecycle lifecycle, Clock clock, kz.ofd.cabinet.billing.Billing billing,
              kz.ofd.cabinet.contract.Contracts contracts) {
        this.registry = registry;
        this.lifecycle = lifecycle;
        this.clock = clock;
        this.billing = billing;
        this.contracts = contracts;
    }

    void models(RoutingContext ctx) {
        JsonArray models = new JsonArray();
        for (KkmCatalogue.Model m : KkmCatalogue.models()) {
            models.add(new JsonObject().put("code", m.code()).put("name", m.name()).put("manufacturer", m.manufacturer())
                .put("kind", m.kind()).put("protocol", m.protocol()).put("serialPattern", m.serialPattern()));
        }
        Http.json(ctx, 200, new JsonObject().put("models", models).put("tariffs", new JsonArray(TARIFFS.stream().sorted()
            .toList())));
    }

    void deregistrationReasons(RoutingContext ctx) {
        JsonArray reasons = new JsonArray();
        for (DeregistrationReason r : DeregistrationReason.values()) {
            reasons.add(new JsonObject().put("code", r.name()).put("text", r.display()));
        }
        Http.json(ctx, 200, new JsonObject().put("reasons", reasons));
    }

    void list(RoutingContext ctx) {
        JsonArray kkms = new JsonArray();
        java.util.Set<Long> visible = Http.access(ctx).points(SCOPE_VIEW);
        for (KkmRecord k : registry.kkms().list(Http.principal(ctx).organizationId())) {
            if (visible == null || visible.contains(k.getTradePointId())) {
                kkms.add(json(k, Optional.empty()));
            }
        }
        Http.json(ctx, 200, new JsonObject().put("kkms", kkms));
    }

    void get(RoutingContext ctx) {
        guarded(ctx, () -> {
            KkmRecord k = kkm(ctx);
            Http.json(ctx, 200, json(k, lifecycle.engineStateOf(k)));
        });
    }

    /** Builds the document the owner signs for any of the three applications, from the same fields. */
    void document(RoutingContext ctx) {
        JsonObject body = Http.body(ctx);
        if (body == null) {
            return;
        }
        guarded(ctx, () -> {
            String kind = body.getValue("kind") instanceof String s ? s : "";
            OrganizationRecord org = organization(ctx);
            JsonObject document = switch (kind) {
                case "REGISTRATION" -> {
                    contracts.requireSigned(org.getId());
                    yield KkmLifecycle.registrationDocument(org, registration(ctx, body));
                }
                case "REREGISTRATION" -> {
                    Move m = move(ctx, body, false);
                    yield KkmLifecycle.reregistrationDocument(org, m.kkm(), m.point());
                }
                case "DEREGISTRATION" -> {
                    Leave l = leave(ctx, body, false);
                    TradePointRecord point = registry.tradePoints().get(org.getId(), l.kkm().getTradePointId())
                        .orElseThrow(() -> new KkmProblem(409, "trade-point-not-found", "the KKM's trade point is gone"));
                    yield KkmLifecycle.deregistrationDocument(org, l.kkm(), point, l.reason());
                }
                default -> throw new KkmProblem(400, "invalid-request", "kind: must be REGISTRATION, REREGISTRATION or "
                    + "DEREGISTRATION", List.of(new FieldError("kind", "unknown-kind",
                    "must be REGISTRATION, REREGISTRATION or DEREGISTRATION")));
            };
            byte[] bytes = document.encode().getBytes(StandardCharsets.UTF_8);
            Http.json(ctx, 200, new JsonObject().put("kind", kind).put("document", Base64.getEncoder().encodeToString(bytes))
                .put("documentText", document.encode()));
        });
    }

    void register(RoutingContext ctx) {
        JsonObject body = Http.body(ctx);
        if (body == null) {
            return;
        }
        guarded(ctx, () -> {
            contracts.requireSigned(Http.principal(ctx).organizationId());
            KkmLifecycle.RegistrationInput in = registration(ctx, body);
            KkmRecord k = lifecycle.register(organization(ctx), in, body.getString("signature"));
            ctx.response().putHeader("location", CabinetServer.API + "/kkms/" + k.getId());
            Http.json(ctx, 202, json(k, Optional.empty()));
        });
    }

    void reregister(RoutingContext ctx) {
        JsonObject body = Http.body(ctx);
        if (body == null) {
            return;
        }
        guarded(ctx, () -> {
            Move m = move(ctx, body, true);
            KkmRecord k = lifecycle.reregister(organization(ctx), m.kkm().getId(), m.point(), body.getString("signature"));
            Http.json(ctx, 202, json(k, Optional.empty()));
        });
    }

    void deregister(RoutingContext ctx) {
        JsonObject body = Http.body(ctx);
        if (body == null) {
            return;
        }
        guarded(ctx, () -> {
            Leave l = leave(ctx, body, true);
            KkmRecord k = lifecycle.deregister(organization(ctx), l.kkm().getId(), l.reason(), body.getString("signature"));
            Http.json(ctx, 202, json(k, Optional.empty()));
        });
    }

    void token(RoutingContext ctx) {
        guarded(ctx, () -> {
            KkmRecord k = kkm(ctx);
            KkmRecord updated = lifecycle.reissueToken(k.getOrganizationId(), k.getId());
            Http.json(ctx, 200, new JsonObject().put("kkmId", updated.getId()).put("ofdId", updated.getOfdId())
                .put("token", updated.getToken()));
        });
    }

    /** Runs a handler, answering a {@link KkmProblem} as a problem document. */
    private static void guarded(RoutingContext ctx, Runnable handler) {
        try {
            handler.run();
        } catch (KkmProblem p) {
            send(ctx, p);
        }
    }

    /** Answers a refused application as a problem document. */
    static void send(RoutingContext ctx, KkmProblem p) {
        Problem.send(ctx, p.status(), p.code(), title(p.status()), p.getMessage(), p.errors());
    }

    private static String title(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 409 -> "Conflict";
            case 503 -> "Service Unavailable";
            default -> "Error";
        };
    }

    private OrganizationRecord organization(RoutingContext ctx) {
        return registry.organizations().byId(Http.principal(ctx).organizationId())
            .orElseThrow(() -> new KkmProblem(404, "not-found", "the session's organization no longer exists"));
    }

    /** @return the KKM of the session's organization named in the path */
    private KkmRecord kkm(RoutingContext ctx) {
        long id;
        try {
            id = Long.parseLong(ctx.pathParam("kkmId"));
        } catch (NumberFormatException e) {
            id = -1;
        }
        long kkmId = id;
        KkmRecord k = (id > 0 ? registry.kkms().get(Http.principal(ctx).organizationId(), id) : Optional.<KkmRecord>empty())
            .filter(found -> Http.access(ctx).hasOnPoint(SCOPE_VIEW, found.getTradePointId()))
            .orElseThrow(() -> new KkmProblem(404, "kkm-not-found", "your organization has no KKM "
                + (kkmId > 0 ? kkmId : ctx.pathParam("kkmId"))));
        requireScope(ctx, k);
        return k;
    }

    /**
     * Trade-point scope (users and groups): a KKM on a point outside the user's points is "not found" (above); one
     * the user sees but may not manage is 403 for every request that changes something (all but GET).
     */
    private static void requireScope(RoutingContext ctx, KkmRecord k) {
        if (ctx.request().method() != io.vertx.core.http.HttpMethod.GET
            && !Http.access(ctx).hasOnPoint(SCOPE_MANAGE, k.getTradePointId())) {
            throw new KkmProblem(403, "forbidden", "your groups give " + SCOPE_MANAGE
                + " on other trade points, not on this KKM's");
        }
    }

    /** A re-registration's KKM and new point. */
    private record Move(KkmRecord kkm, TradePointRecord point) {
    }

    /** A deregistration's KKM and reason. */
    private record Leave(KkmRecord kkm, DeregistrationReason reason) {
    }

    private KkmRecord kkmOf(RoutingContext ctx, Fields f, boolean fromPath) {
        if (fromPath) {
            return kkm(ctx);
        }
        Long id = f.integer("kkmId", true);
        if (id == null) {
            return null;
        }
        Optional<KkmRecord> k = registry.kkms().get(Http.principal(ctx).organizationId(), id)
            .filter(found -> Http.access(ctx).hasOnPoint(SCOPE_MANAGE, found.getTradePointId()));
        if (k.isEmpty()) {
            f.add(new FieldError("kkmId", "kkm-not-found", "your organization has no such KKM"));
        }
        return k.orElse(null);
    }

    private Move move(RoutingContext ctx, JsonObject body, boolean fromPath) {
        Fields f = new Fields(body);
        KkmRecord kkm = kkmOf(ctx, f, fromPath);
        TradePointRecord point = tradePoint(ctx, f);
        check(f);
        return new Move(kkm, point);
    }

    private Leave leave(RoutingContext ctx, JsonObject body, boolean fromPath) {
        Fields f = new Fields(body);
        KkmRecord kkm = kkmOf(ctx, f, fromPath);
        String reason = f.text("reason", true, 60);
        DeregistrationReason r = null;
        if (reason != null) {
            try {
                r = DeregistrationReason.valueOf(reason);
            } catch (IllegalArgumentException e) {
                f.add(new FieldError("reason", "unknown-reason", "must be one of " + List.of(DeregistrationReason.values())));
            }
        }
        consent(f);
        check(f);
        return new Leave(kkm, r);
    }

    private KkmLifecycle.RegistrationInput registration(RoutingContext ctx, JsonObject body) {
        Fields f = new Fields(body);
        String name = f.text("name", true, 100);
        String modelCode = f.text("model", true, 40);
        KkmCatalogue.Model model = null;
        if (modelCode != null) {
            model = KkmCatalogue.find(modelCode).orElse(null);
            if (model == null) {
                f.add(new FieldError("model", "unknown-model", "not a model of the catalogue (GET /api/v1/kkm-models)"));
            }
        }
        String serial = f.text("serialNumber", true, 30);
        if (serial != null && model != null && !serial.matches(model.serialPattern())) {
            f.add(new FieldError("serialNumber", "serial-format", "a " + model.name() + " serial number has the form "
                + model.serialPattern()));
        }
        Long year = f.integer("year", true);
        int thisYear = clock.instant().atZone(ZoneOffset.ofHours(5)).getYear();
        if (year != null && (year < FIRST_YEAR || year > thisYear)) {
            f.add(new FieldError("year", "year-range", "the year of manufacture must be " + FIRST_YEAR + ".." + thisYear));
        }
        TradePointRecord point = tradePoint(ctx, f);
        String tariff = f.text("tariff", false, 20);
        Optional<kz.ofd.cabinet.billing.Plans.Plan> plan = kz.ofd.cabinet.billing.Plans.find(tariff);
        if (tariff != null && plan.isEmpty()) {
            f.add(new FieldError("tariff", "unknown-tariff", "must be one of " + TARIFFS.stream().sorted().toList()));
        }
        String promo = f.text("promoCode", false, 40);
        if (promo != null) {
            promo = promo.replace("-", "").replace(" ", "").toUpperCase(Locale.ROOT);
            if (!promo.matches("[0-9A-Z]{25}")) {
                f.add(new FieldError("promoCode", "promo-code-format", "a promo code is 25 digits and capital Latin letters"));
            } else if (tariff == null) {
                f.add(new FieldError("promoCode", "promo-code-without-tariff", "a promo code applies to a tariff; choose one"));
            } else if (plan.isPresent()) {
                billing.checkPromoCode(promo, plan.get()).ifPresent(f::add);
            }
        }
        consent(f);
        check(f);
        return new KkmLifecycle.RegistrationInput(name, model, serial, year.intValue(), point, tariff, promo);
    }

    private static void consent(Fields f) {
        if (!f.bool("personalDataConsent")) {
            f.add(new FieldError("personalDataConsent", "consent-required",
                "the application needs consent to the processing of personal data"));
        }
    }

    private TradePointRecord tradePoint(RoutingContext ctx, Fields f) {
        Long id = f.integer("tradePointId", true);
        if (id == null) {
            return null;
        }
        Optional<TradePointRecord> p = registry.tradePoints().get(Http.principal(ctx).organizationId(), id)
            .filter(found -> Http.access(ctx).hasOnPoint(SCOPE_MANAGE, found.getId()));
        if (p.isEmpty()) {
            f.add(new FieldError("tradePointId", "trade-point-not-found", "your organization has no such trade point"));
        }
        return p.orElse(null);
    }

    private static void check(Fields f) {
        if (!f.ok()) {
            List<FieldError> errors = f.errors;
            throw new KkmProblem(400, "invalid-request", errors.size() == 1 ? errors.get(0).field() + ": "
                + errors.get(0).message() : errors.size() + " fields are invalid; see errors", errors);
        }
    }

    private static JsonObject json(KkmRecord k, Optional<KkmEngine.State> engine) {
        KkmLifecycleStatus status = KkmLifecycleStatus.valueOf(k.getStatus());
        KkmCatalogue.Model model = KkmCatalogue.find(k.getModelCode()).orElse(null);
        boolean working = k.getOfdId() != 0 && status != KkmLifecycleStatus.DEREGISTERED;
        JsonObject j = new JsonObject()
            .put("id", k.getId())
            .put("name", k.getName())
            .put("model", new JsonObject().put("code", k.getModelCode()).put("name", model == null ? null : model.name()))
            .put("serialNumber", k.getSerialNumber())
            .put("year", k.getYear())
            .put("tradePointId", k.getTradePointId())
            .put("tariff", emptyToNull(k.getTariff()))
            .put("promoCode", emptyToNull(k.getPromoCode()))
            .put("status", status.name())
            .put("statusText", status.display())
            .put("rnm", emptyToNull(k.getRnm()))
            .put("ofdId", working ? k.getOfdId() : null)
            .put("token", working ? k.getToken() : null)
            .put("createdAt", instant(k.getCreatedAtMs()))
            .put("registeredAt", instant(k.getRegisteredAtMs()))
            .put("deregisteredAt", instant(k.getDeregisteredAtMs()))
            .put("deregistrationReason", emptyToNull(k.getDeregistrationReason()));
        if (!k.getPendingApplicationId().isEmpty()) {
            j.put("pendingApplication", new JsonObject().put("id", k.getPendingApplicationId())
                .put("kind", k.getPendingKind())
                .put("tradePointId", k.getPendingTradePointId() == 0 ? null : k.getPendingTradePointId())
                .put("reason", emptyToNull(k.getPendingReason())));
        }
        if (!k.getRefusalKind().isEmpty()) {
            j.put("lastRefusal", new JsonObject().put("kind", k.getRefusalKind()).put("code", k.getRefusalCode())
                .put("reason", k.getRefusalReason()));
        }
        engine.ifPresent(s -> j.put("engine", new JsonObject().put("shiftOpen", s.shiftOpen())
            .put("shiftNumber", s.shiftNumber()).put("blockReason", s.blockReason())));
        JsonArray history = new JsonArray();
        for (KkmEventRecord e : k.getEventsList()) {
            KkmLifecycleStatus s = KkmLifecycleStatus.valueOf(e.getStatus());
            history.add(new JsonObject().put("at", instant(e.getAtMs())).put("status", s.name())
                .put("statusText", s.display()).put("detail", e.getDetail()));
        }
        return j.put("history", history);
    }

    private static String instant(long ms) {
        return ms == 0 ? null : Instant.ofEpochMilli(ms).toString();
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
