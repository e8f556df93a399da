package kz.ofd.cabinet.http;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import kz.ofd.cabinet.billing.FakePaymentProvider;
import kz.ofd.cabinet.billing.Money;
import kz.ofd.cabinet.validate.FieldError;

import java.util.List;
import java.util.Optional;

/**
 * The fake acquirer's own pages, served by the cabinet on a test or demo stand (never under {@code /api/v1}: they
 * stand for the card provider's site, not the cabinet's API, need no session, and are not in openapi.json).
 * {@code GET /fake-acquirer/checkout/{paymentId}} is the checkout page the top-up's {@code redirectUrl} names: the
 * amount, a notice that no money moves, and Pay / Decline buttons — no card fields at all. {@code POST} of the same
 * path with {@code outcome=paid|declined} (an HTML form post) reports the outcome through the provider's listener as a
 * real provider's callback would; the first outcome is final and a repeated post reports it again, which the cabinet
 * credits once. HTML by default, JSON for {@code Accept: application/json}; errors are problem details. Runs on
 * worker threads (the outcome is credited to RocksDB in the request).
 */
final class FakeAcquirerRoutes {

    private static final String PATH = FakePaymentProvider.CHECKOUT_PATH + ":paymentId";
    private static final String HTML = "text/html; charset=utf-8";

    private final FakePaymentProvider provider;

    FakeAcquirerRoutes(FakePaymentProvider provider) {
        this.provider = provider;
    }

    void register(Router router) {
        router.get(PATH).blockingHandler(this::page, false);
        router.post(PATH).blockingHandler(this::decide, false);
    }

    private void page(RoutingContext ctx) {
        Optional<FakePaymentProvider.Payment> p = provider.payment(ctx.pathParam("paymentId"));
        if (p.isEmpty()) {
            notFound(ctx);
            return;
        }
        answer(ctx, p.get(), false);
    }

    private void decide(RoutingContext ctx) {
        String paymentId = ctx.pathParam("paymentId");
        if (provider.payment(paymentId).isEmpty()) {
            notFound(ctx);
            return;
        }
        String outcome = ctx.request().getFormAttribute("outcome");
        if (outcome == null || outcome.isBlank()) {
            Problem.invalid(ctx, List.of(new FieldError("outcome", "required", "paid or declined")));
            return;
        }
        if (!outcome.equals("paid") && !outcome.equals("declined")) {
            Problem.invalid(ctx, List.of(new FieldError("outcome", "outcome-value", "paid or declined")));
            return;
        }
        boolean wasDecided = provider.payment(paymentId).get().outcome().isPresent();
        Optional<FakePaymentProvider.Payment> decided = provider.decide(paymentId, outcome.equals("paid"));
        if (decided.isEmpty()) {
            notFound(ctx);
            return;
        }
        answer(ctx, decided.get(), wasDecided);
    }

    private static void notFound(RoutingContext ctx) {
        Problem.send(ctx, 404, "payment-not-found", "Not Found", "the test acquirer started no payment with this id");
    }

    private static void answer(RoutingContext ctx, FakePaymentProvider.Payment p, boolean repeated) {
        String status = p.outcome().map(paid -> paid ? "PAID" : "DECLINED").orElse("AWAITING_PAYER");
        if (wantsJson(ctx.request().getHeader("accept"))) {
            Http.json(ctx, 200, new JsonObject().put("paymentId", p.paymentId()).put("orderId", p.request().orderId())
                .put("amountTiyn", p.request().amountTiyn()).put("description", p.request().description())
                .put("status", status).put("repeated", repeated));
            return;
        }
        StringBuilder html = new StringBuilder(1024)
            .append("<!DOCTYPE html><html lang=\"ru\"><head><meta charset=\"utf-8\"><title>Тестовый эквайер</title>")
            .append("<style>body{font-family:sans-serif;max-width:32em;margin:2em auto}.note{background:#fff3cd;")
            .append("padding:.6em}button{font-size:1.1em;margin-right:1em}</style></head><body>")
            .append("<h1>Тестовый эквайер</h1><p class=\"note\">Это тестовая страница оплаты демонстрационного стенда: ")
            .append("данные карты не запрашиваются, деньги не списываются.</p>")
            .append("<p>").append(escape(p.request().description())).append("</p>")
            .append("<p>Сумма: <strong id=\"amount\">").append(escape(Money.format(p.request().amountTiyn())))
            .append("</strong></p><p>Платёж <code>").append(escape(p.paymentId())).append("</code>, заказ <code>")
            .append(escape(p.request().orderId())).append("</code></p>");
        if (p.outcome().isEmpty()) {
            html.append("<form method=\"post\"><button name=\"outcome\" value=\"paid\">Оплатить</button>")
                .append("<button name=\"outcome\" value=\"declined\">Отклонить</button></form>");
        } else {
            html.append("<p id=\"status\" data-status=\"").append(status).append("\">")
                .append(p.outcome().get() ? "Оплата прошла: сумма зачислена на лицевой счёт."
                    : "Платёж отклонён: лицевой счёт не пополнен.")
                .append(repeated ? " (Решение уже было принято раньше.)" : "").append("</p>")
                .append("<p>Вернитесь в личный кабинет.</p>");
        }
        html.append("</body></html>");
        ctx.response().setStatusCode(200).putHeader("content-type", HTML).putHeader("cache-control", "no-store")
            .putHeader("content-security-policy", "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'")
            .putHeader("x-content-type-options", "nosniff").end(html.toString());
    }

    /** JSON when the client asks for it before HTML (browsers ask for text/html). */
    static boolean wantsJson(String accept) {
        if (accept == null) {
            return false;
        }
        int json = accept.indexOf("application/json");
        int html = accept.indexOf("text/html");
        return json >= 0 && (html < 0 || json < html);
    }

    private static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
