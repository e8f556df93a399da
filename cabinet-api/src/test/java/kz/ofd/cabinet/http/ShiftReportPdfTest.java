package kz.ofd.cabinet.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import kz.ofd.cabinet.registry.proto.KkmRecord;
import kz.ofd.cabinet.spi.FiscalDocuments;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shift's reports as a PDF over HTTP ({@code /shifts/{shift}/reports.pdf}) against reports shaped as the engine
 * renders a ZXReport (lowerCamelCase, enums by name, money in tiyn): the text PDFBox extracts from the document
 * carries the KKM, the times in UTC+5, every figure as tenge with two decimals and, for a Z whose register Z differs,
 * the differences in Russian; an open shift says it is not closed; no report, another organization's KKM, a bad
 * shift and missing rights are problems.
 */
class ShiftReportPdfTest {

    private static final long OFD = 901;
    /** 22:49:30 in Kazakhstan. */
    private static final long X_RECEIVED = Instant.parse("2026-03-01T17:49:30Z").toEpochMilli();
    private static final long Z_RECEIVED = Instant.parse("2026-03-01T18:59:05Z").toEpochMilli();

    @TempDir
    Path dir;
    private CabinetFixture cabinet;
    private String owner;
    private long p1;
    private long p2;
    private long kkm;

    @BeforeEach
    void setUp() throws Exception {
        cabinet = new CabinetFixture(dir);
        owner = cabinet.signUpOrganization().json().getString("token");
        p1 = cabinet.post("/api/v1/trade-points", owner, OrganizationAndTradePointTest.point("Первая")).json().getLong("id");
        p2 = cabinet.post("/api/v1/trade-points", owner, OrganizationAndTradePointTest.point("Вторая")).json().getLong("id");
        long org = cabinet.get("/api/v1/me", owner).json().getJsonObject("organization").getLong("id");
        kkm = cabinet.registry.kkms().create(KkmRecord.newBuilder().setOrganizationId(org).setTradePointId(p1)
            .setName("Касса №1 у входа").setModelCode("M").setSerialNumber("ZN-000123").setRnm("600300012345")
            .setStatus("REGISTERED").setOfdId(OFD).build()).getId();
    }

    @AfterEach
    void tearDown() {
        cabinet.close();
    }

    private static JsonObject sum(String operation, long tiyn) {
        return new JsonObject().put("operation", operation).put("sum", tiyn);
    }

    private static JsonObject ticket(String operation, int count, long sum, JsonArray payments) {
        return new JsonObject().put("operation", operation).put("ticketsTotalCount", count + 40).put("ticketsCount", count)
            .put("ticketsSum", sum).put("payments", payments);
    }

    private static JsonObject payment(String type, long sum) {
        return new JsonObject().put("payment", type).put("sum", sum).put("count", 1);
    }

    /** An X report at 20:00 of the register's clock: one sale of 1 000,00 ₸ in cash, no taxes, no cash operations. */
    private static JsonObject xReport() {
        return new JsonObject().put("dateTime", "2026-03-01T20:00:00").put("shiftNumber", 2)
            .put("ticketOperations", new JsonArray().add(ticket("OPERATION_SELL", 1, 100_000,
                new JsonArray().add(payment("PAYMENT_CASH", 100_000)))))
            .put("cashSum", 100_000).put("revenue", new JsonObject().put("sum", 100_000).put("isNegative", false))
            .put("nonNullableSums", new JsonArray().add(sum("OPERATION_SELL", 987_754_321L)))
            .put("openShiftTime", "2026-03-01T09:00:00");
    }

    /**
     * The Z: three sales (12 345,67 ₸: 10 000,00 cash and 2 345,67 card, 10,00 discount), one sale return of
     * 500,00 ₸ in cash, VAT 16 % on the sales, a deposit of 5 000,00 ₸ and a withdrawal of 2 000,00 ₸.
     */
    private static JsonObject zReport() {
        return new JsonObject().put("dateTime", "2026-03-01T23:59:00").put("shiftNumber", 2)
            .put("ticketOperations", new JsonArray()
                .add(ticket("OPERATION_SELL", 3, 1_234_567, new JsonArray().add(payment("PAYMENT_CASH", 1_000_000))
                    .add(payment("PAYMENT_CARD", 234_567))).put("discountSum", 1_000).put("offlineCount", 1))
                .add(ticket("OPERATION_SELL_RETURN", 1, 50_000, new JsonArray().add(payment("PAYMENT_CASH", 50_000)))))
            .put("taxes", new JsonArray().add(new JsonObject().put("taxType", 100).put("percent", 16_000)
                .put("operations", new JsonArray().add(new JsonObject().put("operation", "OPERATION_SELL")
                    .put("turnover", 1_234_567).put("sum", 170_285).put("turnoverWithoutTax", 1_064_282)))))
            .put("moneyPlacements", new JsonArray()
                .add(new JsonObject().put("operation", "MONEY_PLACEMENT_DEPOSIT").put("operationsTotalCount", 7)
                    .put("operationsCount", 1).put("operationsSum", 500_000))
                .add(new JsonObject().put("operation", "MONEY_PLACEMENT_WITHDRAWAL").put("operationsTotalCount", 7)
                    .put("operationsCount", 1).put("operationsSum", 200_000)))
            .put("cashSum", 1_250_000).put("revenue", new JsonObject().put("sum", 1_184_567).put("isNegative", false))
            .put("startShiftNonNullableSums", new JsonArray().add(sum("OPERATION_SELL", 987_654_321L)))
            .put("nonNullableSums", new JsonArray().add(sum("OPERATION_SELL", 988_888_888L))
                .add(sum("OPERATION_SELL_RETURN", 50_000)))
            .put("openShiftTime", "2026-03-01T09:00:00").put("closeShiftTime", "2026-03-01T23:59:00")
            .put("checksum", "A1B2C3D4");
    }

    private HttpResponse<byte[]> pdf(long kkmId, String shift, String token) throws Exception {
        return cabinet.http.send(HttpRequest.newBuilder(URI.create(cabinet.base + "/api/v1/kkms/" + kkmId + "/shifts/"
                + shift + "/reports.pdf")).timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + token)
            .build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String text(HttpResponse<byte[]> r) throws Exception {
        assertEquals(200, r.statusCode(), () -> new String(r.body(), java.nio.charset.StandardCharsets.UTF_8));
        assertEquals("application/pdf", r.headers().firstValue("content-type").orElse(""));
        try (PDDocument doc = Loader.loadPDF(r.body())) {
            return new PDFTextStripper().getText(doc).replace("\r\n", "\n");
        }
    }

    @Test
    void shouldPrintAClosedShiftsXAndZWithTheRegistersDifferences() throws Exception {
        JsonObject register = zReport().put("cashSum", 1_260_000);
        cabinet.documents.reports.put(OFD * 1_000_000 + 2, List.of(
            new FiscalDocuments.Report("X", 2, X_RECEIVED, xReport(), null, List.of()),
            new FiscalDocuments.Report("Z", 2, Z_RECEIVED, zReport(), register, List.of(
                "cash_sum: server 12500.00, register 12600.00",
                "ticket_operations[OPERATION_SELL].tickets_count: server 3, register 4",
                "ticket_operations[OPERATION_SELL].tickets_sum: server 12345.67, register 12355.67",
                "non_nullable_sums[OPERATION_SELL_RETURN]: server 500.00, register invalid",
                "something new: server 1, register 2"))));
        HttpResponse<byte[]> r = pdf(kkm, "2", owner);
        assertEquals("attachment; filename=\"reports-kkm-" + kkm + "-shift-2.pdf\"",
            r.headers().firstValue("content-disposition").orElse(""));
        String text = text(r);
        assertFalse(text.contains("?"), "every character is in the embedded font: " + text);
        int x = text.indexOf("X-отчёт");
        int z = text.indexOf("Z-отчёт");
        assertTrue(x >= 0 && z > x, "the X first, then the Z: " + text);
        String xPart = text.substring(x, z);
        String zPart = text.substring(z);
        for (String line : List.of("Касса: Касса №1 у входа", "Заводской номер (ЗНМ): ZN-000123",
            "Регистрационный номер (РНМ): 600300012345", "Смена: 2")) {
            assertTrue(xPart.contains(line + "\n") && zPart.contains(line + "\n"), line + " in both: " + text);
        }
        assertTrue(xPart.contains("Получен ОФД: 01.03.2026 22:49:30 (UTC+5)\n"), xPart);
        assertTrue(xPart.contains("Дата и время отчёта: 01.03.2026 20:00:00\n"), xPart);
        assertTrue(xPart.contains("Выручка 1 000,00 ₸\n"), xPart);
        assertTrue(xPart.contains("Продажа, чеков: 1 1 000,00 ₸\n"), xPart);
        assertTrue(xPart.contains("Возврат покупки, чеков: 0 0,00 ₸\n"), "every operation, zero too: " + xPart);
        assertTrue(xPart.contains("Налоги:\nнет\n"), xPart);
        assertTrue(xPart.contains("Внесения, операций: 0 0,00 ₸\n"), xPart);
        assertFalse(xPart.contains("Контрольная сумма"), "an X has no checksum");

        assertTrue(zPart.contains("Получен ОФД: 01.03.2026 23:59:05 (UTC+5)\n"), zPart);
        assertTrue(zPart.contains("Дата и время отчёта: 01.03.2026 23:59:00\n"), zPart);
        assertTrue(zPart.contains("Смена закрыта: 01.03.2026 23:59:00\n"), zPart);
        for (String line : List.of("Выручка 11 845,67 ₸", "Наличные в кассе 12 500,00 ₸",
            "Продажа, чеков: 3 12 345,67 ₸", "Наличные 10 000,00 ₸", "Банковская карта 2 345,67 ₸", "Скидки 10,00 ₸",
            "В том числе в автономном режиме, чеков: 1", "Возврат продажи, чеков: 1 500,00 ₸", "Покупка, чеков: 0 0,00 ₸",
            "НДС 16%, Продажа: оборот 12 345,67 ₸", "НДС 16%, Продажа: сумма налога 1 702,85 ₸",
            "НДС 16%, Продажа: оборот без налога 10 642,82 ₸", "Внесения, операций: 1 5 000,00 ₸",
            "Изъятия, операций: 1 2 000,00 ₸", "Необнуляемые суммы на начало смены:\nПродажа 9 876 543,21 ₸",
            "Необнуляемые суммы:\nПродажа 9 888 888,88 ₸\nВозврат продажи 500,00 ₸", "Контрольная сумма: A1B2C3D4",
            "Расхождения с Z-отчётом кассы",
            "Наличные в кассе: ОФД 12 500,00 ₸, касса 12 600,00 ₸",
            "Продажа, чеков: ОФД 3, касса 4",
            "Продажа, сумма чеков: ОФД 12 345,67 ₸, касса 12 355,67 ₸",
            "Необнуляемая сумма, возврат продажи: ОФД 500,00 ₸, касса неверная сумма",
            "something new: ОФД 1, касса 2")) {
            assertTrue(zPart.contains(line + "\n"), line + " in the Z: " + zPart);
        }
        assertFalse(text.contains("не закрыта"), "the shift is closed");
    }

    @Test
    void shouldPrintAnOpenShiftsXReportsAndSayItIsNotClosed() throws Exception {
        cabinet.documents.reports.put(OFD * 1_000_000 + 3, List.of(
            new FiscalDocuments.Report("X", 3, X_RECEIVED, xReport(), null, List.of()),
            new FiscalDocuments.Report("X", 3, X_RECEIVED + 60_000, xReport().put("cashSum", 250_050)
                .put("revenue", new JsonObject().put("sum", 70_000).put("isNegative", true)), null, List.of())));
        String text = text(pdf(kkm, "3", owner));
        assertEquals(2, text.split("X-отчёт", -1).length - 1, text);
        assertFalse(text.contains("Z-отчёт\n"), "no Z heading: " + text);
        assertTrue(text.contains("Получен ОФД: 01.03.2026 22:50:30 (UTC+5)\n"), text);
        assertTrue(text.contains("Наличные в кассе 2 500,50 ₸\n"), text);
        assertTrue(text.contains("Выручка −700,00 ₸\n"), "a negative revenue keeps its sign: " + text);
        assertTrue(text.trim().endsWith("Смена 3 не закрыта: Z-отчёта ещё нет."), text);
    }

    @Test
    void shouldSayWhetherTheRegistersZAgrees() throws Exception {
        cabinet.documents.reports.put(OFD * 1_000_000 + 4, List.of(
            new FiscalDocuments.Report("Z", 4, Z_RECEIVED, zReport(), zReport(), List.of())));
        cabinet.documents.reports.put(OFD * 1_000_000 + 5, List.of(
            new FiscalDocuments.Report("Z", 5, Z_RECEIVED, zReport(), null, List.of())));
        String agrees = text(pdf(kkm, "4", owner));
        assertTrue(agrees.contains("Z-отчёт кассы совпадает с Z-отчётом ОФД."), agrees);
        assertFalse(agrees.contains("Расхождения"), agrees);
        assertFalse(agrees.contains("не закрыта"), agrees);
        String none = text(pdf(kkm, "5", owner));
        assertTrue(none.contains("Касса не прислала свой Z-отчёт"), none);
    }

    @Test
    void shouldWrapLongLinesAndMarkCharactersTheFontLacks() throws Exception {
        long org = cabinet.get("/api/v1/me", owner).json().getJsonObject("organization").getLong("id");
        String name = "Касса 收 " + "очень длинное название кассы ".repeat(8).trim();
        long odd = cabinet.registry.kkms().create(KkmRecord.newBuilder().setOrganizationId(org).setTradePointId(p1)
            .setName(name).setModelCode("M").setSerialNumber("ZN-9").setStatus("REGISTERED").setOfdId(OFD + 1)
            .build()).getId();
        List<FiscalDocuments.Report> many = new java.util.ArrayList<>();
        for (int i = 0; i < 40; i++) {
            many.add(new FiscalDocuments.Report("X", 1, X_RECEIVED + i * 1_000L, xReport(), null, List.of()));
        }
        cabinet.documents.reports.put((OFD + 1) * 1_000_000 + 1, many);
        HttpResponse<byte[]> r = pdf(odd, "1", owner);
        String text = text(r);
        assertTrue(text.contains("Касса: Касса ? очень длинное"), "a glyph the font lacks is '?': " + text);
        assertTrue(text.contains("\n    очень длинное название кассы"), "the name wraps, indented: " + text);
        assertEquals(40, text.split("X-отчёт", -1).length - 1);
        try (PDDocument doc = Loader.loadPDF(r.body())) {
            assertTrue(doc.getNumberOfPages() > 5, "40 reports run over pages: " + doc.getNumberOfPages());
        }
        assertTrue(text.contains("Регистрационный номер (РНМ): —\n"), "no RNM yet: " + text);
    }

    @Test
    void shouldAnswerProblemsForNoReportsOtherOrganizationsAndBadShifts() throws Exception {
        CabinetFixture.Answer none = cabinet.get("/api/v1/kkms/" + kkm + "/shifts/7/reports.pdf", owner);
        assertEquals(404, none.status());
        assertEquals("reports-not-found", none.type());
        assertEquals(200, cabinet.get("/api/v1/kkms/" + kkm + "/shifts/7/reports", owner).status(),
            "the JSON of the same shift stays an empty list");
        long org = cabinet.get("/api/v1/me", owner).json().getJsonObject("organization").getLong("id");
        long unregistered = cabinet.registry.kkms().create(KkmRecord.newBuilder().setOrganizationId(org)
            .setTradePointId(p1).setModelCode("M").setSerialNumber("ZN-NEW").setStatus("AWAITING_REGISTRATION").build())
            .getId();
        assertEquals("reports-not-found",
            cabinet.get("/api/v1/kkms/" + unregistered + "/shifts/1/reports.pdf", owner).type(), "no OFD id yet");

        cabinet.documents.reports.put(OFD * 1_000_000 + 2, List.of(
            new FiscalDocuments.Report("X", 2, X_RECEIVED, xReport(), null, List.of())));
        String stranger = cabinet.signUpOrganization().json().getString("token");
        CabinetFixture.Answer foreign = cabinet.get("/api/v1/kkms/" + kkm + "/shifts/2/reports.pdf", stranger);
        assertEquals(404, foreign.status(), "another organization's KKM is not found: " + foreign.raw().body());
        assertEquals("kkm-not-found", foreign.type());
        assertEquals("kkm-not-found", cabinet.get("/api/v1/kkms/999999/shifts/2/reports.pdf", owner).type());

        for (String bad : List.of("0", "x", "-1", "4294967296")) {
            CabinetFixture.Answer a = cabinet.get("/api/v1/kkms/" + kkm + "/shifts/" + bad + "/reports.pdf", owner);
            assertEquals(400, a.status(), bad);
            assertEquals("invalid-request", a.type(), bad);
            assertEquals(List.of("shift:type"), a.errorCodes(), bad);
        }
        assertEquals("reports-not-found", cabinet.get("/api/v1/kkms/" + kkm + "/shifts/4294967295/reports.pdf", owner)
            .type(), "the largest shift number is valid (and has no reports here)");
    }

    @Test
    void shouldNeedReportsViewOnTheKkmsTradePoint() throws Exception {
        cabinet.documents.reports.put(OFD * 1_000_000 + 2, List.of(
            new FiscalDocuments.Report("X", 2, X_RECEIVED, xReport(), null, List.of())));
        cabinet.addUser(owner, 1, CabinetFixture.grant("kkms:view", "transactions:view"));
        String noModule = cabinet.login("user1@example.kz");
        CabinetFixture.Answer a = cabinet.get("/api/v1/kkms/" + kkm + "/shifts/2/reports.pdf", noModule);
        assertEquals(403, a.status(), a.raw().body());
        assertEquals("reports:view", a.json().getString("permission"));

        cabinet.addUser(owner, 2, CabinetFixture.grant("reports:view").put("allTradePoints", false)
            .put("tradePointIds", new JsonArray().add(p2)));
        String onP2 = cabinet.login("user2@example.kz");
        CabinetFixture.Answer outside = cabinet.get("/api/v1/kkms/" + kkm + "/shifts/2/reports.pdf", onP2);
        assertEquals(403, outside.status(), "the KKM is on p1, the grant on p2: " + outside.raw().body());
        assertEquals("forbidden", outside.type());
        assertEquals("reports:view", outside.json().getString("permission"));

        cabinet.addUser(owner, 3, CabinetFixture.grant("reports:view").put("allTradePoints", false)
            .put("tradePointIds", new JsonArray().add(p1)));
        assertTrue(text(pdf(kkm, "2", cabinet.login("user3@example.kz"))).contains("X-отчёт"), "p1's grant prints it");
    }

    @Test
    void shouldWordDifferencesAndPercentsInRussian() {
        assertEquals("Номер смены: ОФД 5, касса 6", ShiftReportPdf.difference("shift_number: server 5, register 6"));
        assertEquals("Выручка: ОФД −1,50 ₸, касса 0,00 ₸",
            ShiftReportPdf.difference("revenue: server -1.50, register 0.00"));
        assertEquals("not a difference", ShiftReportPdf.difference("not a difference"));
        assertEquals("16%", ShiftReportPdf.percent(16_000));
        assertEquals("12,5%", ShiftReportPdf.percent(12_500));
        assertEquals("0,125%", ShiftReportPdf.percent(125));
        assertEquals("0%", ShiftReportPdf.percent(0));
    }
}
