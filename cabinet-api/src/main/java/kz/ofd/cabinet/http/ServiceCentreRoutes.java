package kz.ofd.cabinet.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import kz.ofd.cabinet.access.Access;
import kz.ofd.cabinet.access.Level;
import kz.ofd.cabinet.access.Module;
import kz.ofd.cabinet.access.Permission;
import kz.ofd.cabinet.registry.CabinetRegistry;
import kz.ofd.cabinet.registry.proto.OrganizationRecord;
import kz.ofd.cabinet.registry.proto.ServiceCentreGrantRecord;
import kz.ofd.cabinet.spi.OrganizationKkms;
import kz.ofd.cabinet.validate.FieldError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import static kz.ofd.cabinet.http.CabinetServer.API;
import static kz.ofd.cabinet.http.CabinetServer.need;

/**
 * Service centres (ЦТО, manual 001 §17), module {@code service-centres} on both sides. A client organization
 * finds a centre (an organization marked as one) and asks it to service chosen KKMs (status {@code PENDING},
 * "Ожидает ответа ЦТО с …"); the centre accepts ({@code ACTIVE}, "Действует") or declines ({@code DECLINED});
 * the client changes the KKM list ("Редактировать доступ к кассам") or ends the cooperation ("Прекратить показ
 * данных": {@code TERMINATED}, "Расторгнут с …"). The centre then reads only the granted KKMs of an active grant.
 * Each side reaches a grant only through its own organization's key (client) or index (centre): anyone else gets
 * 404. Runs on worker threads.
 */
final class ServiceCentreRoutes {

    private static final Logger LOG = LoggerFactory.getLogger(ServiceCentreRoutes.class);
    static final String PENDING = "PENDING";
    static final String ACTIVE = "ACTIVE";
    static final String DECLINED = "DECLINED";
    static final String TERMINATED = "TERMINATED";
    /** What the client may let the centre use besides viewing the KKMs (manual 001 §17.1 "Модули системы"). */
    static final List<String> CENTRE_MODULES = List.of("token-generation", "account-balance");
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("dd.MM.yyyy").withZone(ZoneId.of("Asia/Almaty"));
    private static final Permission KKM_VIEW = new Permission(Module.KKMS, Level.VIEW);

    private final CabinetRegistry registry;
    private final Clock clock;
    private final OrganizationKkms kkms;

    ServiceCentreRoutes(CabinetRegistry registry, Clock clock, OrganizationKkms kkms) {
        this.registry = registry;
        this.clock = clock;
        this.kkms = kkms;
    }

    void register(Router router, CabinetServer.SessionRoutes routes) {
        routes.add(router.put(API + "/organization/service-centre"), need(Module.ORGANIZATION, Level.MANAGE), this::profile);
        routes.add(router.get(API + "/service-centres"), need(Module.SERVICE_CENTRES, Level.VIEW), this::directory);
        routes.add(router.get(API + "/service-centre-grants"), need(Module.SERVICE_CENTRES, Level.VIEW), this::listOfClient);
        routes.add(router.post(API + "/service-centre-grants"), need(Module.SERVICE_CENTRES, Level.MANAGE), this::create);
        routes.add(router.get(API + "/service-centre-grants/:grantId"), need(Module.SERVICE_CENTRES, Level.VIEW),
            this::getOfClient);
        routes.add(router.put(API + "/service-centre-grants/:grantId/kkms"), need(Module.SERVICE_CENTRES, Level.MANAGE),
            this::editKkms);
        routes.add(router.post(API + "/service-centre-grants/:grantId/termination"),
            need(Module.SERVICE_CENTRES, Level.MANAGE), this::terminate);
        routes.add(router.get(API + "/service-centre/requests"), need(Module.SERVICE_CENTRES, Level.VIEW), this::listOfCentre);
        routes.add(router.get(API + "/service-centre/requests/:grantId"), need(Module.SERVICE_CENTRES, Level.VIEW),
            this::getOfCentre);
        routes.add(router.post(API + "/service-centre/requests/:grantId/acceptance"),
            need(Module.SERVICE_CENTRES, Level.MANAGE), ctx -> answer(ctx, true));
        routes.add(router.post(API + "/service-centre/requests/:grantId/decline"),
            need(Module.SERVICE_CENTRES, Level.MANAGE), ctx -> answer(ctx, false));
        routes.add(router.get(API + "/service-centre/requests/:grantId/kkms"), need(Module.SERVICE_CENTRES, Level.VIEW),
            this::centreKkms);
    }

    // ---- the centre's own profile ----

    void profile(RoutingContext ctx) {
        JsonObject body = Http.body(ctx);
        if (body == null) {
            return;
        }
        Fields f = new Fields(body);
        if (!(body.getValue("serviceCentre") instanceof Boolean)) {
            f.add(new FieldError("serviceCentre", "required", "true or false"));
        }
        List<String> models = strings(f, body, "kkmModels", 100);
        if (!f.ok()) {
            Problem.invalid(ctx, f.errors);
            return;
        }
        long orgId = Http.principal(ctx).organizationId();
        if (!body.getBoolean("serviceCentre")) {
            long open = registry.serviceCentreGrants().listOfCentre(orgId).stream().filter(ServiceCentreRoutes::open).count();
            if (open > 0) {
                Problem.send(ctx, 409, "service-centre-has-grants", "Conflict", "the centre has " + open
                    + " pending or current grant(s); decline them or ask the clients to end them first");
                return;
            }
        }
        Optional<OrganizationRecord> org = registry.organizations().setServiceCentre(orgId, body.getBoolean("serviceCentre"),
            models);
        if (org.isEmpty()) {
            Problem.send(ctx, 404, "not-found", "Not Found", "the session's organization no longer exists");
            return;
        }
        LOG.info("event=service_centre_profile organization={} serviceCentre={}", orgId, org.get().getServiceCentre());
        Http.json(ctx, 200, new JsonObject().put("serviceCentre", org.get().getServiceCentre())
            .put("kkmModels", new JsonArray(new ArrayList<>(org.get().getServiceCentreModelsList()))));
    }

    /** Search of centres by the first letters of the name ({@code q}) or a serviced model ({@code model}). */
    void directory(RoutingContext ctx) {
        String q = ctx.queryParams().get("q");
        String model = ctx.queryParams().get("model");
        long own = Http.principal(ctx).organizationId();
        JsonArray out = new JsonArray();
        for (OrganizationRecord o : registry.organizations().serviceCentres()) {
            if (o.getId() == own) {
                continue;
            }
            boolean nameOk = q == null || q.isBlank() || o.getName().toLowerCase(Locale.ROOT)
                .contains(q.trim().toLowerCase(Locale.ROOT));
            boolean modelOk = model == null || model.isBlank() || o.getServiceCentreModelsList().stream()
                .anyMatch(m -> m.equalsIgnoreCase(model.trim()));
            if (nameOk && modelOk) {
                out.add(centreJson(o));
            }
        }
        Http.json(ctx, 200, new JsonObject().put("serviceCentres", out));
    }

    // ---- the client's side ----

    void listOfClient(RoutingContext ctx) {
        JsonArray out = new JsonArray();
        for (ServiceCentreGrantRecord g : registry.serviceCentreGrants().listOfClient(Http.principal(ctx).organizationId())) {
            out.add(clientView(g));
        }
        Http.json(ctx, 200, new JsonObject().put("grants", out));
    }

    void getOfClient(RoutingContext ctx) {
        ofClient(ctx).ifPresent(g -> Http.json(ctx, 200, clientView(g)));
    }

    void create(RoutingContext ctx) {
        JsonObject body = Http.body(ctx);
        if (body == null) {
            return;
        }
        long orgId = Http.principal(ctx).organizationId();
        Fields f = new Fields(body);
        Object centreValue = body.getValue("serviceCentreId");
        Optional<OrganizationRecord> centre = Optional.empty();
        if (!(centreValue instanceof Number n) || n.longValue() <= 0) {
            f.add(new FieldError("serviceCentreId", "required", "the id of a service centre from GET /service-centres"));
        } else {
            centre = registry.organizations().byId(n.longValue())
                .filter(o -> o.getServiceCentre() && o.getId() != orgId);
            if (centre.isEmpty()) {
                f.add(new FieldError("serviceCentreId", "not-a-service-centre", "no service centre has this id"));
            }
        }
        List<Long> kkmIds = kkmIds(f, body, ctx);
        List<String> modules = modules(f, body);
        agreement(f, body);
        if (!f.ok()) {
            Problem.invalid(ctx, f.errors);
            return;
        }
        long centreId = centre.orElseThrow().getId();
        for (ServiceCentreGrantRecord g : registry.serviceCentreGrants().listOfClient(orgId)) {
            if (g.getCentreOrganizationId() == centreId && (PENDING.equals(g.getStatus()) || ACTIVE.equals(g.getStatus()))) {
                Problem.send(ctx, 409, "service-centre-already-granted", "Conflict", "this service centre already has a "
                    + (ACTIVE.equals(g.getStatus()) ? "current" : "pending") + " grant " + g.getId() + "; edit that one");
                return;
            }
        }
        long now = clock.millis();
        long userId = Http.principal(ctx).userId();
        ServiceCentreGrantRecord stored = registry.serviceCentreGrants().create(ServiceCentreGrantRecord.newBuilder()
            .setClientOrganizationId(orgId).setCentreOrganizationId(centreId).setStatus(PENDING)
            .addAllKkmIds(kkmIds).addAllModules(modules).setAgreementAcceptedAtMs(now).setCreatedAtMs(now)
            .setStatusChangedAtMs(now).setCreatedByUserId(userId).setStatusChangedByUserId(userId).build());
        LOG.info("event=service_centre_granted organization={} centre={} grant={} kkms={}", orgId, centreId,
            stored.getId(), kkmIds.size());
        ctx.response().putHeader("location", API + "/service-centre-grants/" + stored.getId());
        Http.json(ctx, 201, clientView(stored));
    }

    void editKkms(RoutingContext ctx) {
        Optional<ServiceCentreGrantRecord> current = ofClient(ctx);
        if (current.isEmpty()) {
            return;
        }
        JsonObject body = Http.body(ctx);
        if (body == null) {
            return;
        }
        Fields f = new Fields(body);
        List<Long> kkmIds = kkmIds(f, body, ctx);
        agreement(f, body);
        if (!f.ok()) {
            Problem.invalid(ctx, f.errors);
            return;
        }
        ServiceCentreGrantRecord g = current.get();
        if (!open(g)) {
            notOpen(ctx, g, "its KKMs can no longer change");
            return;
        }
        ServiceCentreGrantRecord updated = g.toBuilder().clearKkmIds().addAllKkmIds(kkmIds)
            .setAgreementAcceptedAtMs(clock.millis()).build();
        registry.serviceCentreGrants().update(updated);
        LOG.info("event=service_centre_kkms_changed organization={} grant={} kkms={}", g.getClientOrganizationId(),
            g.getId(), kkmIds.size());
        Http.json(ctx, 200, clientView(updated));
    }

    void terminate(RoutingContext ctx) {
        Optional<ServiceCentreGrantRecord> current = ofClient(ctx);
        if (current.isEmpty()) {
            return;
        }
        ServiceCentreGrantRecord g = current.get();
        if (!open(g)) {
            notOpen(ctx, g, "there is nothing to end");
            return;
        }
        ServiceCentreGrantRecord updated = changeStatus(ctx, g, TERMINATED);
        LOG.info("event=service_centre_terminated organization={} grant={}", g.getClientOrganizationId(), g.getId());
        Http.json(ctx, 200, clientView(updated));
    }

    // ---- the centre's side ----

    void listOfCentre(RoutingContext ctx) {
        JsonArray out = new JsonArray();
        for (ServiceCentreGrantRecord g : registry.serviceCentreGrants().listOfCentre(Http.principal(ctx).organizationId())) {
            out.add(centreView(g));
        }
        Http.json(ctx, 200, new JsonObject().put("requests", out));
    }

    void getOfCentre(RoutingContext ctx) {
        ofCentre(ctx).ifPresent(g -> Http.json(ctx, 200, centreView(g)));
    }

    void answer(RoutingContext ctx, boolean accept) {
        Optional<ServiceCentreGrantRecord> current = ofCentre(ctx);
        if (current.isEmpty()) {
            return;
        }
        ServiceCentreGrantRecord g = current.get();
        if (!PENDING.equals(g.getStatus())) {
            Problem.send(ctx, 409, "grant-not-pending", "Conflict", "the request is " + g.getStatus()
                + ", not waiting for an answer");
            return;
        }
        ServiceCentreGrantRecord updated = changeStatus(ctx, g, accept ? ACTIVE : DECLINED);
        LOG.info("event=service_centre_answered centre={} grant={} status={}", g.getCentreOrganizationId(), g.getId(),
            updated.getStatus());
        Http.json(ctx, 200, centreView(updated));
    }

    /** The granted KKMs, read-only, while the grant is active. */
    void centreKkms(RoutingContext ctx) {
        Optional<ServiceCentreGrantRecord> current = ofCentre(ctx);
        if (current.isEmpty()) {
            return;
        }
        ServiceCentreGrantRecord g = current.get();
        if (!ACTIVE.equals(g.getStatus())) {
            Problem.send(ctx, 409, "grant-not-active", "Conflict", "the grant is " + g.getStatus()
                + "; KKMs are shown only while it is ACTIVE");
            return;
        }
        JsonArray out = new JsonArray();
        for (long id : g.getKkmIdsList()) {
            kkms.get(g.getClientOrganizationId(), id).ifPresent(k -> out.add(new JsonObject().put("id", k.id())
                .put("tradePointId", k.tradePointId()).put("name", k.name()).put("model", k.model())
                .put("serialNumber", k.serialNumber()).put("status", k.status())));
        }
        Http.json(ctx, 200, new JsonObject().put("grantId", g.getId()).put("kkms", out));
    }

    // ---- shared ----

    private ServiceCentreGrantRecord changeStatus(RoutingContext ctx, ServiceCentreGrantRecord g, String status) {
        ServiceCentreGrantRecord updated = g.toBuilder().setStatus(status).setStatusChangedAtMs(clock.millis())
            .setStatusChangedByUserId(Http.principal(ctx).userId()).build();
        registry.serviceCentreGrants().update(updated);
        return updated;
    }

    private static boolean open(ServiceCentreGrantRecord g) {
        return PENDING.equals(g.getStatus()) || ACTIVE.equals(g.getStatus());
    }

    private static void notOpen(RoutingContext ctx, ServiceCentreGrantRecord g, String what) {
        Problem.send(ctx, 409, "grant-closed", "Conflict", "the grant is " + g.getStatus() + "; " + what);
    }

    private Optional<ServiceCentreGrantRecord> ofClient(RoutingContext ctx) {
        long id = Http.id(ctx, "grantId");
        Optional<ServiceCentreGrantRecord> g = id > 0
            ? registry.serviceCentreGrants().ofClient(Http.principal(ctx).organizationId(), id) : Optional.empty();
        if (g.isEmpty()) {
            grantNotFound(ctx);
        }
        return g;
    }

    private Optional<ServiceCentreGrantRecord> ofCentre(RoutingContext ctx) {
        long id = Http.id(ctx, "grantId");
        Optional<ServiceCentreGrantRecord> g = id > 0
            ? registry.serviceCentreGrants().ofCentre(Http.principal(ctx).organizationId(), id) : Optional.empty();
        if (g.isEmpty()) {
            grantNotFound(ctx);
        }
        return g;
    }

    private static void grantNotFound(RoutingContext ctx) {
        Problem.send(ctx, 404, "grant-not-found", "Not Found", "your organization has no service-centre grant "
            + ctx.pathParam("grantId"));
    }

    /** KKM ids of the request: each a KKM of the organization on a trade point the user may see. */
    private List<Long> kkmIds(Fields f, JsonObject body, RoutingContext ctx) {
        long orgId = Http.principal(ctx).organizationId();
        Access access = Http.access(ctx);
        Set<Long> out = new LinkedHashSet<>();
        if (body.getValue("kkmIds") == null) {
            f.add(new FieldError("kkmIds", "required", "choose at least one KKM"));
            return List.of();
        }
        int before = f.errors.size();
        for (long id : Grants.ids(f, body, "kkmIds", "")) {
            Optional<OrganizationKkms.Kkm> k = kkms.get(orgId, id);
            if (k.isEmpty() || !access.hasOnPoint(KKM_VIEW, k.get().tradePointId())) {
                f.add(new FieldError("kkmIds", "unknown-kkm", "your organization has no KKM " + id));
            } else {
                out.add(id);
            }
        }
        if (f.errors.size() == before && out.isEmpty()) {
            f.add(new FieldError("kkmIds", "required", "choose at least one KKM"));
        }
        return new ArrayList<>(out);
    }

    private static List<String> modules(Fields f, JsonObject body) {
        List<String> out = new ArrayList<>();
        for (String m : strings(f, body, "modules", 50)) {
            if (!CENTRE_MODULES.contains(m)) {
                f.add(new FieldError("modules", "unknown-module", "one of " + String.join(", ", CENTRE_MODULES)));
            } else if (!out.contains(m)) {
                out.add(m);
            }
        }
        return out;
    }

    private static void agreement(Fields f, JsonObject body) {
        if (!Boolean.TRUE.equals(body.getValue("agreementAccepted"))) {
            f.add(new FieldError("agreementAccepted", "agreement-required",
                "tick «С пользовательским соглашением ознакомлен(а)»: the consent to pass the KKMs' data to the centre"));
        }
    }

    private static List<String> strings(Fields f, JsonObject body, String name, int maxLength) {
        List<String> out = new ArrayList<>();
        Object raw = body.getValue(name);
        if (raw == null) {
            return out;
        }
        if (!(raw instanceof JsonArray list)) {
            f.add(new FieldError(name, "type", "must be an array of strings"));
            return out;
        }
        for (int i = 0; i < list.size(); i++) {
            if (list.getValue(i) instanceof String s && !s.isBlank() && s.length() <= maxLength) {
                out.add(s.trim());
            } else {
                f.add(new FieldError(name + "[" + i + "]", "type", "a non-empty string of at most " + maxLength));
            }
        }
        return out;
    }

    static String statusText(ServiceCentreGrantRecord g) {
        String day = DAY.format(Instant.ofEpochMilli(g.getStatusChangedAtMs()));
        return switch (g.getStatus()) {
            case PENDING -> "Ожидает ответа ЦТО с " + day;
            case ACTIVE -> "Действует с " + day;
            case DECLINED -> "Отклонён ЦТО " + day;
            case TERMINATED -> "Расторгнут с " + day;
            default -> g.getStatus();
        };
    }

    private JsonObject common(ServiceCentreGrantRecord g) {
        return new JsonObject().put("id", g.getId()).put("status", g.getStatus()).put("statusText", statusText(g))
            .put("statusChangedAt", Instant.ofEpochMilli(g.getStatusChangedAtMs()).toString())
            .put("createdAt", Instant.ofEpochMilli(g.getCreatedAtMs()).toString())
            .put("kkmIds", new JsonArray(new ArrayList<>(g.getKkmIdsList())))
            .put("modules", new JsonArray(new ArrayList<>(g.getModulesList())));
    }

    private JsonObject clientView(ServiceCentreGrantRecord g) {
        JsonObject out = common(g);
        registry.organizations().byId(g.getCentreOrganizationId()).ifPresent(o -> out.put("serviceCentre", centreJson(o)));
        return out;
    }

    private JsonObject centreView(ServiceCentreGrantRecord g) {
        JsonObject out = common(g);
        registry.organizations().byId(g.getClientOrganizationId()).ifPresent(o -> out.put("client", new JsonObject()
            .put("id", o.getId()).put("idn", o.getIdn()).put("name", o.getName())
            .put("legalAddress", o.getLegalAddress()).put("actualAddress", o.getActualAddress())
            .put("phone", o.getPhone()).put("email", o.getEmail())));
        return out;
    }

    private static JsonObject centreJson(OrganizationRecord o) {
        return new JsonObject().put("id", o.getId()).put("idn", o.getIdn()).put("name", o.getName())
            .put("address", o.getActualAddress().isEmpty() ? o.getLegalAddress() : o.getActualAddress())
            .put("phone", o.getPhone())
            .put("kkmModels", new JsonArray(new ArrayList<>(o.getServiceCentreModelsList())));
    }
}
