package kz.ofd.cabinet.http;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import kz.ofd.cabinet.auth.SessionManager;

/**
 * Small request/response helpers shared by the route classes.
 */
final class Http {

    static final String PRINCIPAL = "cabinet.principal";
    static final String TOKEN = "cabinet.token";
    static final String ACCESS = "cabinet.access";
    static final String USER = "cabinet.user";

    private Http() {
    }

    /** @return the body as a JSON object, or {@code null} after answering 400 */
    static JsonObject body(RoutingContext ctx) {
        JsonObject body;
        try {
            body = ctx.body().asJsonObject();
        } catch (DecodeException | ClassCastException e) {
            Problem.send(ctx, 400, "malformed-json", "Bad Request", "the body is not a JSON object");
            return null;
        }
        if (body == null) {
            Problem.send(ctx, 400, "malformed-json", "Bad Request", "the body must be a JSON object");
        }
        return body;
    }

    static void json(RoutingContext ctx, int status, JsonObject body) {
        if (!ctx.response().ended()) {
            ctx.response().setStatusCode(status).putHeader("content-type", "application/json")
                .putHeader("cache-control", "no-store").end(body.encode());
        }
    }

    static SessionManager.Principal principal(RoutingContext ctx) {
        return ctx.get(PRINCIPAL);
    }

    static kz.ofd.cabinet.access.Access access(RoutingContext ctx) {
        return ctx.get(ACCESS);
    }

    static kz.ofd.cabinet.registry.proto.UserRecord user(RoutingContext ctx) {
        return ctx.get(USER);
    }

    /** @return the positive id in a path parameter, or -1 */
    static long id(RoutingContext ctx, String param) {
        try {
            long id = Long.parseLong(ctx.pathParam(param));
            return id > 0 ? id : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    static String address(RoutingContext ctx) {
        return ctx.request().remoteAddress() == null ? "unknown" : ctx.request().remoteAddress().host();
    }
}
