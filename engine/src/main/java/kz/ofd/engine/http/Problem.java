package kz.ofd.engine.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.List;

/**
 * RFC 9457 problem details for every management-port error.
 */
final class Problem {

    static final String CONTENT_TYPE = "application/problem+json";
    private static final String TYPE_BASE = "https://ofd.kz/problems/";

    private Problem() {
    }

    static void send(RoutingContext ctx, int status, String type, String title, String detail, List<String> errors) {
        JsonObject body = new JsonObject()
            .put("type", TYPE_BASE + type)
            .put("title", title)
            .put("status", status)
            .put("detail", detail)
            .put("instance", ctx.request().path());
        if (errors != null && !errors.isEmpty()) {
            body.put("errors", new JsonArray(List.copyOf(errors)));
        }
        ctx.response().setStatusCode(status).putHeader("content-type", CONTENT_TYPE).end(body.encode());
    }
}
