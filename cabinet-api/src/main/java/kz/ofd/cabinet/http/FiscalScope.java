package kz.ofd.cabinet.http;

import io.vertx.ext.web.RoutingContext;
import kz.ofd.cabinet.access.Level;
import kz.ofd.cabinet.access.Module;
import kz.ofd.cabinet.access.Permission;
import kz.ofd.cabinet.registry.CabinetRegistry;
import kz.ofd.cabinet.registry.proto.KkmRecord;

import java.util.Optional;

/**
 * The KKM a transactions or reports request names, checked against the session: another organization's KKM (or a
 * malformed id) is 404 {@code kkm-not-found}; the organization's KKM on a trade point the user's grant for the module
 * does not cover is 403 {@code forbidden} naming the permission.
 */
final class FiscalScope {

    private FiscalScope() {
    }

    /** @return the KKM, or empty after answering */
    static Optional<KkmRecord> kkm(RoutingContext ctx, CabinetRegistry registry, Module module) {
        long id = Http.id(ctx, "kkmId");
        Optional<KkmRecord> k = id > 0 ? registry.kkms().get(Http.principal(ctx).organizationId(), id) : Optional.empty();
        if (k.isEmpty()) {
            Problem.send(ctx, 404, "kkm-not-found", "Not Found", "your organization has no KKM " + ctx.pathParam("kkmId"));
            return Optional.empty();
        }
        Permission view = new Permission(module, Level.VIEW);
        if (!Http.access(ctx).hasOnPoint(view, k.get().getTradePointId())) {
            Problem.forbidden(ctx, view, "your grant for " + module.code() + " does not cover the KKM's trade point");
            return Optional.empty();
        }
        return k;
    }
}
