package kz.ofd.cabinet.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import kz.ofd.cabinet.validate.FieldError;

import java.util.List;

/**
 * RFC 9457 problem details: {@code type} (a stable URI per kind of problem), {@code title}, {@code status},
 * {@code detail}, {@code instance} (the request path) and, for invalid input, {@code errors: [{field, code,
 * message}]} so a form can mark each field.
 */
final class Problem {

    static final String CONTENT_TYPE = "application/problem+json";
    static final String TYPE_BASE = "https://ofd.kz/problems/";

    private Problem() {
    }

    static void send(RoutingContext ctx, int status, String type, String title, String detail) {
        send(ctx, status, type, title, detail, List.of());
    }

    static void send(RoutingContext ctx, int status, String type, String title, String detail, List<FieldError> errors) {
        if (ctx.response().ended()) {
            return;
        }
        JsonObject body = new JsonObject()
            .put("type", TYPE_BASE + type)
            .put("title", title)
            .put("status", status)
            .put("detail", detail)
            .put("instance", ctx.request().path());
        if (errors != null && !errors.isEmpty()) {
            JsonArray array = new JsonArray();
            for (FieldError e : errors) {
                array.add(new JsonObject().put("field", e.field()).put("code", e.code()).put("message", e.message()));
            }
            body.put("errors", array);
        }
        ctx.response().setStatusCode(status).putHeader("content-type", CONTENT_TYPE).end(body.encode());
    }

    /** 403 {@code forbidden} with the missing permission as the extension member {@code permission}. */
    static void forbidden(RoutingContext ctx, kz.ofd.cabinet.access.Permission missing, String detail) {
        if (ctx.response().ended()) {
            return;
        }
        JsonObject body = new JsonObject()
            .put("type", TYPE_BASE + "forbidden")
            .put("title", "Forbidden")
            .put("status", 403)
            .put("detail", detail)
            .put("instance", ctx.request().path())
            .put("permission", missing.toString());
        ctx.response().setStatusCode(403).putHeader("content-type", CONTENT_TYPE).end(body.encode());
    }

    static void invalid(RoutingContext ctx, List<FieldError> errors) {
        send(ctx, 400, "invalid-request", "Bad Request",
            errors.size() == 1 ? errors.get(0).field() + ": " + errors.get(0).message()
                : errors.size() + " fields are invalid; see errors", errors);
    }
}
