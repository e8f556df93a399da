package kz.ofd.cabinet.http;

import kz.ofd.cabinet.spi.FiscalDocuments;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The XLSX package: a new sheet when one is full, and every part well-formed and listed. */
class ReceiptExportTest {

    @Test
    void shouldStartANewSheetWhenOneIsFull() throws Exception {
        Map<String, Document> parts = xlsx(7, 3);
        assertEquals(List.of(4, 4, 2), List.of(rows(parts.get("xl/worksheets/sheet1.xml")),
            rows(parts.get("xl/worksheets/sheet2.xml")), rows(parts.get("xl/worksheets/sheet3.xml"))),
            "3 + 3 + 1 receipts, each sheet with its title row");
        assertEquals(List.of("Чеки", "Чеки 2", "Чеки 3"), attributes(parts.get("xl/workbook.xml"), "sheet", "name"));
        assertEquals(List.of("worksheets/sheet1.xml", "worksheets/sheet2.xml", "worksheets/sheet3.xml"),
            attributes(parts.get("xl/_rels/workbook.xml.rels"), "Relationship", "Target"));
        List<String> overrides = attributes(parts.get("[Content_Types].xml"), "Override", "PartName");
        assertTrue(overrides.containsAll(List.of("/xl/workbook.xml", "/xl/worksheets/sheet1.xml",
            "/xl/worksheets/sheet2.xml", "/xl/worksheets/sheet3.xml")), overrides.toString());
        assertTrue(parts.containsKey("_rels/.rels"));
    }

    @Test
    void shouldFillExactlyOneSheetWithoutAnEmptySecond() throws Exception {
        Map<String, Document> parts = xlsx(3, 3);
        assertEquals(List.of("Чеки"), attributes(parts.get("xl/workbook.xml"), "sheet", "name"));
        assertEquals(4, rows(parts.get("xl/worksheets/sheet1.xml")));
    }

    @Test
    void shouldWriteTheTitlesOfAnEmptySelection() throws Exception {
        Map<String, Document> parts = xlsx(0, 3);
        assertEquals(1, rows(parts.get("xl/worksheets/sheet1.xml")));
        assertEquals(5, parts.size(), parts.keySet().toString());
    }

    private static Map<String, Document> xlsx(int receipts, int perSheet) throws Exception {
        List<FiscalDocuments.Receipt> list = new ArrayList<>();
        for (int i = 0; i < receipts; i++) {
            list.add(new FiscalDocuments.Receipt(Integer.toString(1000 + i), 1, 1_772_000_000_000L, "2026-03-01T22:00:00",
                false, "SELL", 100 + i, List.of(new FiscalDocuments.Payment("CASH", 100 + i))));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ReceiptExport.xlsx(list.iterator(), out, perSheet);
        Map<String, Document> parts = new LinkedHashMap<>();
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(out.toByteArray()), StandardCharsets.UTF_8)) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                parts.put(e.getName(), factory.newDocumentBuilder().parse(new ByteArrayInputStream(zip.readAllBytes())));
            }
        }
        return parts;
    }

    private static int rows(Document sheet) {
        return sheet.getElementsByTagName("row").getLength();
    }

    private static List<String> attributes(Document xml, String element, String attribute) {
        NodeList nodes = xml.getElementsByTagName(element);
        List<String> values = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            values.add(nodes.item(i).getAttributes().getNamedItem(attribute).getNodeValue());
        }
        return values;
    }
}
