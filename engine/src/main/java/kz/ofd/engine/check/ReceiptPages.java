package kz.ofd.engine.check;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import kz.ofd.protocol.codec.MoneyCodec;

import java.math.BigDecimal;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * The public check's pages: the receipt as server-side HTML (no script; everything a register sent is
 * HTML-escaped) or JSON, and the error pages. Stateless.
 */
public final class ReceiptPages {

    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");
    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("dd.MM.yyyy HH:mm:ss");
    private static final String STYLE = "body{font-family:sans-serif;background:#eef1f4;margin:0;padding:16px}"
        + ".r{max-width:520px;margin:0 auto;background:#fff;padding:20px;border-radius:6px;box-shadow:0 1px 4px #0003}"
        + "h1{font-size:18px;margin:0 0 8px}h2{font-size:15px;margin:16px 0 6px;border-top:1px dashed #999;padding-top:8px}"
        + "table{width:100%;border-collapse:collapse;font-size:14px}td,th{padding:3px 4px;text-align:left;vertical-align:top}"
        + "td.n,th.n{text-align:right;white-space:nowrap}.total{font-size:20px;font-weight:bold}"
        + ".offline{color:#a40;font-weight:bold}.muted{color:#555;font-size:13px}.err{color:#a00}";

    private ReceiptPages() {
    }

    /**
     * @param r a receipt
     * @return the whole HTML page
     */
    public static String html(Receipt r) {
        StringBuilder b = new StringBuilder(4096);
        head(b, "Чек " + r.fiscalSign());
        b.append("<main class=\"r\"><h1>").append(esc(r.sellerName())).append("</h1>");
        b.append("<table>");
        row(b, "БИН/ИИН", r.sellerBin());
        row(b, "Торговая точка", r.pointName());
        row(b, "Адрес", r.address());
        row(b, "Код ККМ КГД (РНМ)", r.rnm());
        row(b, "Заводской номер (ЗНМ)", r.serialNumber());
        row(b, "ИНК ОФД", Long.toString(r.kkmId()));
        row(b, "Смена", Long.toString(r.shiftNumber()));
        row(b, "Дата и время", SHOWN.format(r.dateTime()));
        row(b, "Кассир", r.cashier());
        b.append("</table>");
        b.append("<h2 id=\"operation\">").append(esc(operation(r.operation()))).append("</h2>");
        b.append("<table id=\"items\"><tr><th>Наименование</th><th class=\"n\">Кол-во</th><th class=\"n\">Цена</th>"
            + "<th class=\"n\">Сумма</th></tr>");
        for (Receipt.Line line : r.lines()) {
            b.append("<tr><td>");
            if (line.kind().equals("commodity") || line.kind().equals("storno")) {
                if (line.kind().equals("storno")) {
                    b.append("Сторно: ");
                }
                b.append(esc(line.name())).append("</td><td class=\"n\">").append(quantity(line.quantityThousandths()))
                    .append("</td><td class=\"n\">").append(money(line.priceTiyn()))
                    .append("</td><td class=\"n\">").append(money(line.sumTiyn()));
            } else {
                b.append(esc(lineKind(line.kind()))).append(line.name().isEmpty() ? "" : ": ").append(esc(line.name()))
                    .append("</td><td></td><td></td><td class=\"n\">")
                    .append(line.kind().endsWith("discount") ? "−" : "+").append(money(line.sumTiyn()));
            }
            b.append("</td></tr>");
        }
        b.append("</table><table>");
        if (r.discountTiyn() > 0) {
            row(b, "Скидка на чек", "−" + money(r.discountTiyn()));
        }
        if (r.markupTiyn() > 0) {
            row(b, "Наценка на чек", "+" + money(r.markupTiyn()));
        }
        for (Receipt.TaxLine tax : r.taxes()) {
            row(b, taxName(tax.taxType()) + " " + percent(tax.percentThousandths()) + "%", money(tax.sumTiyn()));
        }
        for (Receipt.PaymentLine p : r.payments()) {
            row(b, "Оплата: " + payment(p.type()).toLowerCase(java.util.Locale.ROOT), money(p.sumTiyn()));
        }
        if (r.takenTiyn() > 0) {
            row(b, "Получено", money(r.takenTiyn()));
        }
        if (r.changeTiyn() > 0) {
            row(b, "Сдача", money(r.changeTiyn()));
        }
        b.append("<tr class=\"total\"><td>ИТОГО</td><td class=\"n\" id=\"total\">").append(money(r.totalTiyn()))
            .append(" ₸</td></tr>");
        if (r.buyerIdn() != null) {
            row(b, "ИИН/БИН покупателя", r.buyerIdn());
        }
        b.append("</table><h2>Фискальный признак: <span id=\"fiscal-sign\">").append(r.fiscalSign()).append("</span></h2>");
        if (r.offline()) {
            b.append("<p class=\"offline\" id=\"offline\">Автономный режим: чек создан без связи с ОФД</p>");
        }
        b.append("<p class=\"muted\">Оператор фискальных данных: <span id=\"ofd\">").append(esc(r.ofdName()))
            .append("</span>. Чек принят ОФД и хранится в неизменном виде.</p></main></body></html>");
        return b.toString();
    }

    /**
     * @param r a receipt
     * @return the receipt for apps (money in tiyn and as text; quantities in thousandths)
     */
    public static JsonObject json(Receipt r) {
        JsonArray items = new JsonArray();
        for (Receipt.Line line : r.lines()) {
            items.add(new JsonObject().put("type", line.kind()).put("name", line.name())
                .put("quantityThousandths", line.quantityThousandths()).put("priceTiyn", line.priceTiyn())
                .put("sumTiyn", line.sumTiyn()));
        }
        JsonArray taxes = new JsonArray();
        for (Receipt.TaxLine tax : r.taxes()) {
            taxes.add(new JsonObject().put("taxType", tax.taxType()).put("name", taxName(tax.taxType()))
                .put("percentThousandths", tax.percentThousandths()).put("sumTiyn", tax.sumTiyn()));
        }
        JsonArray payments = new JsonArray();
        for (Receipt.PaymentLine p : r.payments()) {
            payments.add(new JsonObject().put("type", paymentCode(p.type())).put("name", payment(p.type()))
                .put("sumTiyn", p.sumTiyn()));
        }
        return new JsonObject()
            .put("fiscalSign", Long.toString(r.fiscalSign()))
            .put("seller", new JsonObject().put("name", r.sellerName()).put("bin", r.sellerBin()))
            .put("tradePoint", new JsonObject().put("name", r.pointName()).put("address", r.address()))
            .put("kkm", new JsonObject().put("rnm", r.rnm()).put("serialNumber", r.serialNumber())
                .put("ofdId", r.kkmId()))
            .put("shift", r.shiftNumber())
            .put("dateTime", ISO.format(r.dateTime()))
            .put("operation", operationCode(r.operation())).put("operationName", operation(r.operation()))
            .put("cashier", r.cashier())
            .put("items", items)
            .put("discountTiyn", r.discountTiyn()).put("markupTiyn", r.markupTiyn())
            .put("taxes", taxes).put("payments", payments)
            .put("totalTiyn", r.totalTiyn()).put("total", MoneyCodec.format(r.totalTiyn()))
            .put("takenTiyn", r.takenTiyn()).put("changeTiyn", r.changeTiyn())
            .put("offline", r.offline())
            .put("buyerIdn", r.buyerIdn())
            .put("ofd", new JsonObject().put("name", r.ofdName()));
    }

    /**
     * The one page for every receipt that is not there or whose parameters do not all match.
     *
     * @return the HTML page
     */
    public static String notFoundHtml() {
        StringBuilder b = new StringBuilder(1024);
        head(b, "Чек не найден");
        return b.append("<main class=\"r\"><h1>Чек не найден</h1><p id=\"not-found\">Чек не найден или данные не совпадают. "
            + "Проверьте фискальный признак, регистрационный номер ККМ, сумму, дату и время чека. Чек появляется "
            + "здесь сразу после того, как касса передала его оператору фискальных данных.</p></main></body></html>")
            .toString();
    }

    /**
     * @param malformed the missing or malformed parameters
     * @return the HTML page naming each
     */
    public static String badRequestHtml(List<CheckQuery.Malformed> malformed) {
        StringBuilder b = new StringBuilder(1024);
        head(b, "Неверная ссылка на чек");
        b.append("<main class=\"r\"><h1>Неверная ссылка на чек</h1><p>Ссылка из QR-кода должна содержать параметры "
            + "i (фискальный признак), f (РНМ), s (сумма) и t (дата и время).</p><ul class=\"err\">");
        for (CheckQuery.Malformed m : malformed) {
            b.append("<li id=\"param-").append(esc(m.name())).append("\">Параметр ").append(esc(m.name())).append(": ")
                .append(esc(m.message())).append("</li>");
        }
        return b.append("</ul></main></body></html>").toString();
    }

    /**
     * @param retryAfterSeconds when to try again
     * @return the HTML page
     */
    public static String tooManyHtml(long retryAfterSeconds) {
        StringBuilder b = new StringBuilder(512);
        head(b, "Слишком много запросов");
        return b.append("<main class=\"r\"><h1>Слишком много запросов</h1><p>Повторите через ").append(retryAfterSeconds)
            .append(" с.</p></main></body></html>").toString();
    }

    /**
     * Escapes text for HTML element content and quoted attribute values.
     *
     * @param text any text, possibly {@code null}
     * @return the escaped text
     */
    public static String esc(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder b = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String rep = switch (c) {
                case '&' -> "&amp;";
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '"' -> "&quot;";
                case '\'' -> "&#39;";
                default -> null;
            };
            if (rep != null && b == null) {
                b = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            if (b != null) {
                if (rep != null) {
                    b.append(rep);
                } else {
                    b.append(c);
                }
            }
        }
        return b == null ? text : b.toString();
    }

    private static void head(StringBuilder b, String title) {
        b.append("<!DOCTYPE html><html lang=\"ru\"><head><meta charset=\"utf-8\">")
            .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>").append(esc(title))
            .append("</title><style>").append(STYLE).append("</style></head><body>");
    }

    private static void row(StringBuilder b, String label, String value) {
        b.append("<tr><td>").append(esc(label)).append("</td><td class=\"n\">").append(esc(value)).append("</td></tr>");
    }

    private static String money(long tiyn) {
        return tiyn < 0 ? "−" + MoneyCodec.format(-tiyn) : MoneyCodec.format(tiyn);
    }

    private static String quantity(long thousandths) {
        return BigDecimal.valueOf(thousandths, 3).stripTrailingZeros().toPlainString();
    }

    private static String percent(long thousandths) {
        return BigDecimal.valueOf(thousandths, 3).stripTrailingZeros().toPlainString();
    }

    static String operation(int op) {
        return switch (op) {
            case 0 -> "Покупка";
            case 1 -> "Возврат покупки";
            case 2 -> "Продажа";
            case 3 -> "Возврат продажи";
            default -> "Операция " + op;
        };
    }

    private static String operationCode(int op) {
        return switch (op) {
            case 0 -> "BUY";
            case 1 -> "BUY_RETURN";
            case 2 -> "SELL";
            case 3 -> "SELL_RETURN";
            default -> Integer.toString(op);
        };
    }

    private static String lineKind(String kind) {
        return switch (kind) {
            case "discount" -> "Скидка";
            case "markup" -> "Наценка";
            case "storno-discount" -> "Сторно скидки";
            case "storno-markup" -> "Сторно наценки";
            default -> kind;
        };
    }

    private static String taxName(int type) {
        return type == 100 ? "НДС" : "Налог " + type;
    }

    private static String payment(int type) {
        return switch (type) {
            case 0 -> "Наличные";
            case 1 -> "Банковская карта";
            case 2 -> "Кредит";
            case 3 -> "Тара";
            case 4 -> "Мобильный платёж";
            default -> "Оплата " + type;
        };
    }

    private static String paymentCode(int type) {
        return switch (type) {
            case 0 -> "CASH";
            case 1 -> "CARD";
            case 2 -> "CREDIT";
            case 3 -> "TARE";
            case 4 -> "MOBILE";
            default -> Integer.toString(type);
        };
    }
}
