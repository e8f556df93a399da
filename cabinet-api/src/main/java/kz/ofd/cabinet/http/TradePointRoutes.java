package kz.ofd.cabinet.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import kz.ofd.cabinet.access.Level;
import kz.ofd.cabinet.access.Module;
import kz.ofd.cabinet.access.Permission;
import kz.ofd.cabinet.registry.CabinetRegistry;
import kz.ofd.cabinet.registry.proto.TradePointRecord;
import kz.ofd.cabinet.spi.TradePointKkms;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * Trade points of the session's organization (manual 001 §3.1, §6): create, list, read, edit, delete. A point
 * with active KKMs cannot be deleted, and its address cannot change (its name can). A point id of another
 * organization is simply not found (404): lookups are keyed by the session's organization. Trade points belong to
 * the {@code kkms} module and are limited by the user's trade-point scope. Runs on worker threads.
 */
final class TradePointRoutes {

    private static final Logger LOG = LoggerFactory.getLogger(TradePointRoutes.class);
    private static final Permission VIEW = new Permission(Module.KKMS, Level.VIEW);
    private static final Permission MANAGE = new Permission(Module.KKMS, Level.MANAGE);

    private final CabinetRegistry registry;
    private final TradePointKkms kkms;
    private final Clock clock;

    TradePointRoutes(CabinetRegistry registry, TradePointKkms kkms, Clock clock) {
        this.registry = registry;
        this.kkms = kkms;
        this.clock = clock;
    }

    void list(RoutingContext ctx) {
        JsonArray points = new JsonArray();
        java.util.Set<Long> visible = Http.access(ctx).points(VIEW);
        for (TradePointRecord p : registry.tradePoints().list(Http.principal(ctx).organizationId())) {
            if (visible == null || visible.contains(p.getId())) {
                points.add(json(p));
            }
        }
        Http.json(ctx, 200, new JsonObject().put("tradePoints", points));
    }

    void create(RoutingContext ctx) {
        JsonObject body = Http.body(ctx);
        if (body == null) {
            return;
        }
        if (!Http.access(ctx).hasOnAllPoints(MANAGE)) {
            Problem.forbidden(ctx, MANAGE, "creating a trade point needs " + MANAGE + " on all trade points");
            return;
        }
        TradePointRecord.Builder fields = fields(ctx, body);
        if (fields == null) {
            return;
        }
        long now = clock.millis();
        long orgId = Http.principal(ctx).organizationId();
        TradePointRecord stored = registry.tradePoints().create(fields.setOrganizationId(orgId).setCreatedAtMs(now)
            .setUpdatedAtMs(now).build());
        LOG.info("event=trade_point_created organization={} tradePoint={}", orgId, stored.getId());
        ctx.response().putHeader("location", CabinetServer.API + "/trade-points/" + stored.getId());
        Http.json(ctx, 201, json(stored));
    }

    void get(RoutingContext ctx) {
        Optional<TradePointRecord> point = find(ctx, VIEW);
        point.ifPresent(p -> Http.json(ctx, 200, json(p)));
    }

    void put(RoutingContext ctx) {
        Optional<TradePointRecord> current = find(ctx, MANAGE);
        if (current.isEmpty()) {
            return;
        }
        JsonObject body = Http.body(ctx);
        if (body == null) {
            return;
        }
        TradePointRecord.Builder fields = fields(ctx, body);
        if (fields == null) {
            return;
        }
        TradePointRecord old = current.get();
        TradePointRecord updated = fields.setId(old.getId()).setOrganizationId(old.getOrganizationId())
            .setCreatedAtMs(old.getCreatedAtMs()).setUpdatedAtMs(clock.millis()).build();
        boolean moved = !updated.getRegion().equals(old.getRegion()) || !updated.getLocality().equals(old.getLocality())
            || !updated.getStreet().equals(old.getStreet()) || !updated.getBuilding().equals(old.getBuilding())
            || !updated.getPremises().equals(old.getPremises());
        int active = moved ? kkms.activeKkms(old.getOrganizationId(), old.getId()) : 0;
        if (active > 0) {
            Problem.send(ctx, 409, "trade-point-has-kkms", "Conflict", "the trade point has " + active
                + " active KKM(s); its address can change only when it has none (deregister or re-register them first)");
            return;
        }
        if (!registry.tradePoints().update(updated)) {
            notFound(ctx);
            return;
        }
        Http.json(ctx, 200, json(updated));
    }

    void delete(RoutingContext ctx) {
        Optional<TradePointRecord> current = find(ctx, MANAGE);
        if (current.isEmpty()) {
            return;
        }
        TradePointRecord p = current.get();
        int active = kkms.activeKkms(p.getOrganizationId(), p.getId());
        if (active > 0) {
            Problem.send(ctx, 409, "trade-point-has-kkms", "Conflict", "the trade point has " + active
                + " active KKM(s); it can be deleted only when it has none (deregister or re-register them first)");
            return;
        }
        if (!registry.tradePoints().delete(p.getOrganizationId(), p.getId())) {
            notFound(ctx);
            return;
        }
        LOG.info("event=trade_point_deleted organization={} tradePoint={}", p.getOrganizationId(), p.getId());
        ctx.response().setStatusCode(204).end();
    }

    /**
     * @return the point of the session's organization named in the path, or empty after answering 404 (no such
     * point, or one outside the user's trade points: the same answer, so the scope reveals nothing) or 403 (a
     * point the user sees but may not change)
     */
    private Optional<TradePointRecord> find(RoutingContext ctx, Permission needed) {
        long id;
        try {
            id = Long.parseLong(ctx.pathParam("pointId"));
        } catch (NumberFormatException e) {
            id = -1;
        }
        Optional<TradePointRecord> point = id > 0
            ? registry.tradePoints().get(Http.principal(ctx).organizationId(), id) : Optional.empty();
        if (point.isEmpty() || !Http.access(ctx).hasOnPoint(VIEW, id)) {
            notFound(ctx);
            return Optional.empty();
        }
        if (!Http.access(ctx).hasOnPoint(needed, id)) {
            Problem.forbidden(ctx, needed, "your groups give " + needed + " on other trade points, not on this one");
            return Optional.empty();
        }
        return point;
    }

    private static void notFound(RoutingContext ctx) {
        Problem.send(ctx, 404, "trade-point-not-found", "Not Found",
            "your organization has no trade point " + ctx.pathParam("pointId"));
    }

    /** @return the validated fields, or {@code null} after answering 400 */
    private static TradePointRecord.Builder fields(RoutingContext ctx, JsonObject body) {
        Fields f = new Fields(body);
        String name = f.text("name", true, 100);
        String region = f.text("region", true, 200);
        String locality = f.text("locality", true, 200);
        String street = f.text("street", true, 200);
        String building = f.text("building", true, 50);
        String premises = f.text("premises", false, 50);
        if (!f.ok()) {
            Problem.invalid(ctx, f.errors);
            return null;
        }
        return TradePointRecord.newBuilder().setName(name).setRegion(region).setLocality(locality).setStreet(street)
            .setBuilding(building).setPremises(premises == null ? "" : premises);
    }

    private static JsonObject json(TradePointRecord p) {
        return new JsonObject()
            .put("id", p.getId())
            .put("name", p.getName())
            .put("region", p.getRegion())
            .put("locality", p.getLocality())
            .put("street", p.getStreet())
            .put("building", p.getBuilding())
            .put("premises", p.getPremises().isEmpty() ? null : p.getPremises())
            .put("createdAt", Instant.ofEpochMilli(p.getCreatedAtMs()).toString())
            .put("updatedAt", Instant.ofEpochMilli(p.getUpdatedAtMs()).toString());
    }
}
