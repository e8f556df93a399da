package kz.ofd.cabinet.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import kz.ofd.cabinet.billing.Money;
import kz.ofd.cabinet.pdf.PdfText;
import kz.ofd.cabinet.registry.proto.KkmRecord;
import kz.ofd.cabinet.spi.FiscalDocuments;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A shift's X and Z reports as a printable PDF in Russian (manual 001 §10.2 «Скачать отчет»): per report the KKM
 * (name, serial, RNM), the shift, when the OFD received it and the report's own date-time, then its figures — revenue,
 * cash in the drawer, receipts per operation with the payment types, taxes, deposits and withdrawals, non-nullable
 * sums, the checksum — and for a Z whether the register's own Z agrees, listing the differences when it does not.
 *
 * <p>Works from the reports' JSON (a ZXReport as the engine renders it: field names in lowerCamelCase, enums by name,
 * money as integer tiyn), not from protocol classes, which the cabinet does not depend on. Money is printed from the
 * integers by {@link Money#format}.
 */
final class ShiftReportPdf {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("dd.MM.yyyy HH:mm:ss");
    /** The four operations, in the order an accountant reads them, with their names. */
    private static final List<Map.Entry<String, String>> OPERATIONS = List.of(
        Map.entry("OPERATION_SELL", "Продажа"), Map.entry("OPERATION_SELL_RETURN", "Возврат продажи"),
        Map.entry("OPERATION_BUY", "Покупка"), Map.entry("OPERATION_BUY_RETURN", "Возврат покупки"));
    private static final Map<String, String> PAYMENTS = Map.of("PAYMENT_CASH", "Наличные",
        "PAYMENT_CARD", "Банковская карта", "PAYMENT_CREDIT", "В кредит", "PAYMENT_TARE", "Тара",
        "PAYMENT_MOBILE", "Мобильный платёж");
    private static final int VAT = 100;
    /** A difference as the engine words it: {@code field: server A, register B}. */
    private static final Pattern DIFFERENCE = Pattern.compile("(.+): server (.+), register (.+)");
    private static final Pattern TICKETS = Pattern.compile("ticket_operations\\[(\\w+)]\\.tickets_(count|sum)");
    private static final Pattern NON_NULLABLE = Pattern.compile("non_nullable_sums\\[(\\w+)]");
    private static final Pattern AMOUNT = Pattern.compile("-?\\d+\\.\\d\\d");

    private ShiftReportPdf() {
    }

    /**
     * @param kkm     the KKM
     * @param shift   the shift
     * @param reports its reports (X in the order received, then the Z), at least one
     * @return the PDF
     */
    static byte[] pdf(KkmRecord kkm, long shift, List<FiscalDocuments.Report> reports) {
        PdfText pdf = new PdfText();
        for (FiscalDocuments.Report r : reports) {
            report(pdf, kkm, r);
        }
        if (reports.stream().noneMatch(r -> "Z".equals(r.kind()))) {
            pdf.section("Смена " + shift + " не закрыта: Z-отчёта ещё нет.");
        }
        return pdf.toPdf();
    }

    private static void report(PdfText pdf, KkmRecord kkm, FiscalDocuments.Report r) {
        boolean z = "Z".equals(r.kind());
        pdf.heading(z ? "Z-отчёт" : "X-отчёт");
        pdf.line("Касса: " + orDash(kkm.getName()));
        pdf.line("Заводской номер (ЗНМ): " + orDash(kkm.getSerialNumber()));
        pdf.line("Регистрационный номер (РНМ): " + orDash(kkm.getRnm()));
        pdf.line("Смена: " + r.shift());
        pdf.line("Получен ОФД: " + (r.receivedAtMillis() == 0 ? "—"
            : TIME.format(Instant.ofEpochMilli(r.receivedAtMillis()).atOffset(TransactionRoutes.ZONE)) + " (UTC+5)"));
        JsonObject report = r.report();
        if (report == null) {
            pdf.line("Содержимое отчёта недоступно.");
            return;
        }
        pdf.line("Дата и время отчёта: " + dateTime(report.getString("dateTime")));
        if (report.containsKey("openShiftTime")) {
            pdf.line("Смена открыта: " + dateTime(report.getString("openShiftTime")));
        }
        if (report.containsKey("closeShiftTime")) {
            pdf.line("Смена закрыта: " + dateTime(report.getString("closeShiftTime")));
        }
        pdf.blank();
        JsonObject revenue = object(report, "revenue");
        long revenueTiyn = money(revenue, "sum");
        pdf.row(0, "Выручка", Money.format(Boolean.TRUE.equals(revenue.getBoolean("isNegative")) ? -revenueTiyn
            : revenueTiyn));
        pdf.row(0, "Наличные в кассе", Money.format(money(report, "cashSum")));
        tickets(pdf, report);
        taxes(pdf, report);
        placements(pdf, report);
        JsonArray atStart = array(report, "startShiftNonNullableSums");
        if (!atStart.isEmpty()) {
            nonNullable(pdf, "Необнуляемые суммы на начало смены:", atStart);
        }
        nonNullable(pdf, "Необнуляемые суммы:", array(report, "nonNullableSums"));
        String checksum = report.getString("checksum");
        if (checksum != null && !checksum.isEmpty()) {
            pdf.section("Контрольная сумма: " + checksum);
        }
        if (z) {
            register(pdf, r);
        }
    }

    private static void tickets(PdfText pdf, JsonObject report) {
        pdf.section("Чеки по операциям:");
        JsonArray all = array(report, "ticketOperations");
        for (Map.Entry<String, String> op : OPERATIONS) {
            JsonObject t = find(all, "operation", op.getKey());
            pdf.row(1, op.getValue() + ", чеков: " + count(t, "ticketsCount"), Money.format(money(t, "ticketsSum")));
            for (JsonObject payment : objects(t, "payments")) {
                String type = payment.getString("payment", "");
                pdf.row(2, PAYMENTS.getOrDefault(type, type), Money.format(money(payment, "sum")));
            }
            optionalMoney(pdf, t, "discountSum", "Скидки");
            optionalMoney(pdf, t, "markupSum", "Наценки");
            optionalMoney(pdf, t, "changeSum", "Сдача");
            if (count(t, "offlineCount") > 0) {
                pdf.line(2, "В том числе в автономном режиме, чеков: " + count(t, "offlineCount"));
            }
        }
    }

    private static void taxes(PdfText pdf, JsonObject report) {
        pdf.section("Налоги:");
        List<JsonObject> taxes = objects(report, "taxes");
        if (taxes.isEmpty()) {
            pdf.line(1, "нет");
        }
        for (JsonObject tax : taxes) {
            long type = count(tax, "taxType");
            String name = (type == VAT ? "НДС" : "Налог " + type) + " " + percent(count(tax, "percent"));
            for (JsonObject op : objects(tax, "operations")) {
                String operation = operationName(op.getString("operation", ""));
                pdf.row(1, name + ", " + operation + ": оборот", Money.format(money(op, "turnover")));
                pdf.row(1, name + ", " + operation + ": сумма налога", Money.format(money(op, "sum")));
                if (op.containsKey("turnoverWithoutTax")) {
                    pdf.row(1, name + ", " + operation + ": оборот без налога",
                        Money.format(money(op, "turnoverWithoutTax")));
                }
            }
        }
    }

    private static void placements(PdfText pdf, JsonObject report) {
        pdf.section("Внесения и изъятия наличных:");
        JsonArray all = array(report, "moneyPlacements");
        for (Map.Entry<String, String> kind : List.of(Map.entry("MONEY_PLACEMENT_DEPOSIT", "Внесения"),
            Map.entry("MONEY_PLACEMENT_WITHDRAWAL", "Изъятия"))) {
            JsonObject m = find(all, "operation", kind.getKey());
            pdf.row(1, kind.getValue() + ", операций: " + count(m, "operationsCount"),
                Money.format(money(m, "operationsSum")));
        }
    }

    private static void nonNullable(PdfText pdf, String title, JsonArray sums) {
        pdf.section(title);
        for (Map.Entry<String, String> op : OPERATIONS) {
            pdf.row(1, op.getValue(), Money.format(money(find(sums, "operation", op.getKey()), "sum")));
        }
    }

    private static void register(PdfText pdf, FiscalDocuments.Report r) {
        if (r.registerReport() == null) {
            pdf.section("Касса не прислала свой Z-отчёт: сравнить не с чем.");
        } else if (r.differences().isEmpty()) {
            pdf.section("Z-отчёт кассы совпадает с Z-отчётом ОФД.");
        } else {
            pdf.heading("Расхождения с Z-отчётом кассы");
            for (String d : r.differences()) {
                pdf.line(1, difference(d));
            }
        }
    }

    /**
     * @param d a difference as the engine words it, e.g. {@code cash_sum: server 300.50, register 301.00}
     * @return it in Russian, e.g. {@code Наличные в кассе: ОФД 300,50 ₸, касса 301,00 ₸}; anything else as it is
     */
    static String difference(String d) {
        Matcher m = DIFFERENCE.matcher(d);
        if (!m.matches()) {
            return d;
        }
        String field = m.group(1);
        boolean amounts = true;
        String label;
        Matcher tickets = TICKETS.matcher(field);
        Matcher nonNullable = NON_NULLABLE.matcher(field);
        if ("shift_number".equals(field)) {
            label = "Номер смены";
            amounts = false;
        } else if ("cash_sum".equals(field)) {
            label = "Наличные в кассе";
        } else if ("revenue".equals(field)) {
            label = "Выручка";
        } else if (tickets.matches()) {
            amounts = "sum".equals(tickets.group(2));
            label = operationName(tickets.group(1)) + (amounts ? ", сумма чеков" : ", чеков");
        } else if (nonNullable.matches()) {
            label = "Необнуляемая сумма, " + operationName(nonNullable.group(1)).toLowerCase(Locale.ROOT);
        } else {
            label = field;
        }
        return label + ": ОФД " + value(m.group(2), amounts) + ", касса " + value(m.group(3), amounts);
    }

    /** An engine amount ({@code 300.50}) as tenge, parsed as integers; a count or anything else as it is. */
    private static String value(String v, boolean amount) {
        if (!amount) {
            return v;
        }
        if ("invalid".equals(v)) {
            return "неверная сумма";
        }
        if (!AMOUNT.matcher(v).matches()) {
            return v;
        }
        try {
            return Money.format(Long.parseLong(v.replace(".", "")));
        } catch (NumberFormatException e) {
            return v;
        }
    }

    private static String operationName(String code) {
        for (Map.Entry<String, String> op : OPERATIONS) {
            if (op.getKey().equals(code)) {
                return op.getValue();
            }
        }
        return code;
    }

    /** @return thousandths of a percent as a percent, e.g. 16000 → {@code 16%}, 12500 → {@code 12,5%} */
    static String percent(long thousandths) {
        StringBuilder fraction = new StringBuilder(String.format(Locale.ROOT, "%03d", thousandths % 1000));
        while (fraction.length() > 0 && fraction.charAt(fraction.length() - 1) == '0') {
            fraction.setLength(fraction.length() - 1);
        }
        return thousandths / 1000 + (fraction.length() == 0 ? "" : "," + fraction) + "%";
    }

    private static void optionalMoney(PdfText pdf, JsonObject o, String key, String label) {
        long tiyn = money(o, key);
        if (tiyn != 0) {
            pdf.row(2, label, Money.format(tiyn));
        }
    }

    /** @return the register's local date-time ({@code yyyy-MM-ddTHH:mm:ss}) as people read it */
    private static String dateTime(String iso) {
        if (iso == null) {
            return "—";
        }
        try {
            return TIME.format(LocalDateTime.parse(iso));
        } catch (DateTimeParseException e) {
            return iso;
        }
    }

    private static String orDash(String s) {
        return s == null || s.isEmpty() ? "—" : s;
    }

    private static JsonObject find(JsonArray array, String key, String value) {
        for (Object o : array) {
            if (o instanceof JsonObject j && value.equals(j.getString(key))) {
                return j;
            }
        }
        return new JsonObject();
    }

    private static JsonObject object(JsonObject o, String key) {
        JsonObject v = o.getJsonObject(key);
        return v == null ? new JsonObject() : v;
    }

    /** @return the objects of an array field (none when absent; anything but an object is skipped) */
    private static List<JsonObject> objects(JsonObject o, String key) {
        List<JsonObject> out = new ArrayList<>();
        for (Object v : array(o, key)) {
            if (v instanceof JsonObject j) {
                out.add(j);
            }
        }
        return out;
    }

    private static JsonArray array(JsonObject o, String key) {
        JsonArray v = o.getJsonArray(key);
        return v == null ? new JsonArray() : v;
    }

    /** @return an amount in tiyn (0 when absent) */
    private static long money(JsonObject o, String key) {
        Number n = o.getNumber(key);
        return n == null ? 0 : n.longValue();
    }

    /** @return a uint32 count (0 when absent); the engine's {@code Integer} is read unsigned */
    private static long count(JsonObject o, String key) {
        Number n = o.getNumber(key);
        return n == null ? 0 : n instanceof Integer i ? Integer.toUnsignedLong(i) : n.longValue();
    }
}
