package kz.ofd.cabinet.http;

import kz.ofd.cabinet.spi.FiscalDocuments;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes a selection of receipts as CSV or XLSX while it is read: one row per receipt, straight to the output, so an
 * export of any size needs the memory of one page of receipts and one chunk of output, never the whole file.
 * The XLSX is written by hand as the smallest valid Office Open XML package (content types, relationships, a
 * workbook and its worksheets with inline strings) through {@link ZipOutputStream}: a streamed sheet is a few lines of
 * XML, and a spreadsheet library (Apache POI's SXSSF) would bring megabytes of dependencies and temporary files on
 * disk for the same result.
 */
final class ReceiptExport {

    /** Column titles, as the manual's receipt list (001 §9) shows them. */
    static final List<String> COLUMNS = List.of("Фискальный признак", "Дата и время", "Получен ОФД", "Смена",
        "Тип операции", "Автономный режим", "Сумма", "Типы оплаты");

    private ReceiptExport() {
    }

    /**
     * RFC 4180 CSV in UTF-8 with a byte-order mark (so spreadsheet programs read the Cyrillic titles), CRLF lines.
     *
     * @param receipts the rows, read one at a time
     * @param out      where to write; not closed
     * @throws IOException when the output fails (e.g. the client went away)
     */
    static void csv(Iterator<FiscalDocuments.Receipt> receipts, OutputStream out) throws IOException {
        csv(COLUMNS, receipts, ReceiptExport::cells, out);
    }

    /**
     * Any rows as CSV the same way (the report list uses it too).
     *
     * @param columns the titles
     * @param rows    the rows, read one at a time
     * @param cells   a row's cells
     * @param out     where to write; not closed
     * @param <T>     the row type
     * @throws IOException when the output fails
     */
    static <T> void csv(List<String> columns, Iterator<T> rows, java.util.function.Function<T, List<String>> cells,
                        OutputStream out) throws IOException {
        Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        w.write('\uFEFF');
        line(w, columns);
        while (rows.hasNext()) {
            line(w, cells.apply(rows.next()));
        }
        w.flush();
    }

    /**
     * Data rows per worksheet: a sheet holds 1 048 576 rows (Excel's limit) and the first is the column titles.
     */
    static final int ROWS_PER_SHEET = 1_048_575;

    /**
     * An XLSX workbook with the sheets «Чеки», «Чеки 2», … (a new one every {@link #ROWS_PER_SHEET} receipts, so a
     * selection longer than a sheet still opens): the money column is numeric (tenge with two decimals), the rest text.
     *
     * @param receipts the rows, read one at a time
     * @param out      where to write; not closed
     * @throws IOException when the output fails
     */
    static void xlsx(Iterator<FiscalDocuments.Receipt> receipts, OutputStream out) throws IOException {
        xlsx(receipts, out, ROWS_PER_SHEET);
    }

    /**
     * The workbook with at most {@code rowsPerSheet} receipts a sheet. The sheets are written first, as the receipts
     * are read, and the parts that list them (content types, workbook, relationships) last, when their number is
     * known: readers find parts by the zip's central directory, not by their order.
     */
    static void xlsx(Iterator<FiscalDocuments.Receipt> receipts, OutputStream out, int rowsPerSheet) throws IOException {
        ZipOutputStream zip = new ZipOutputStream(new NotClosing(out), StandardCharsets.UTF_8);
        Writer w = new OutputStreamWriter(zip, StandardCharsets.UTF_8);
        int sheets = 0;
        do {
            sheets++;
            zip.putNextEntry(new ZipEntry("xl/worksheets/sheet" + sheets + ".xml"));
            w.write(XML + "<worksheet xmlns=\"" + MAIN + "\"><sheetData>");
            row(w, COLUMNS, -1);
            for (int rows = 0; rows < rowsPerSheet && receipts.hasNext(); rows++) {
                row(w, cells(receipts.next()), MONEY_COLUMN);
            }
            w.write("</sheetData></worksheet>");
            w.flush();
            zip.closeEntry();
        } while (receipts.hasNext());
        StringBuilder types = new StringBuilder(XML + "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/"
            + "content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package."
            + "relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/>"
            + "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument."
            + "spreadsheetml.sheet.main+xml\"/>");
        StringBuilder names = new StringBuilder();
        StringBuilder rels = new StringBuilder();
        for (int i = 1; i <= sheets; i++) {
            types.append("<Override PartName=\"/xl/worksheets/sheet").append(i).append(".xml\" ContentType=\"")
                .append("application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>");
            names.append("<sheet name=\"Чеки").append(i == 1 ? "" : " " + i).append("\" sheetId=\"").append(i)
                .append("\" r:id=\"rId").append(i).append("\"/>");
            rels.append("<Relationship Id=\"rId").append(i).append("\" Type=\"").append(DOC_RELS)
                .append("/worksheet\" Target=\"worksheets/sheet").append(i).append(".xml\"/>");
        }
        part(zip, w, "[Content_Types].xml", types.append("</Types>").toString());
        part(zip, w, "_rels/.rels", XML + "<Relationships xmlns=\"" + RELS + "\"><Relationship Id=\"rId1\" Type=\""
            + DOC_RELS + "/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>");
        part(zip, w, "xl/workbook.xml", XML + "<workbook xmlns=\"" + MAIN + "\" xmlns:r=\"" + DOC_RELS + "\"><sheets>"
            + names + "</sheets></workbook>");
        part(zip, w, "xl/_rels/workbook.xml.rels", XML + "<Relationships xmlns=\"" + RELS + "\">" + rels
            + "</Relationships>");
        zip.finish();
        zip.flush();
    }

    private static final String XML = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";
    private static final String MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    private static final String RELS = "http://schemas.openxmlformats.org/package/2006/relationships";
    private static final String DOC_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    private static final int MONEY_COLUMN = 6;

    static List<String> cells(FiscalDocuments.Receipt r) {
        StringBuilder payments = new StringBuilder();
        for (FiscalDocuments.Payment p : r.payments()) {
            payments.append(payments.length() == 0 ? "" : "; ").append(p.type()).append(' ').append(tenge(p.sumTiyn()));
        }
        return List.of(r.fiscalSign(), r.dateTime(), Instant.ofEpochMilli(r.receivedAtMillis()).toString(),
            Long.toString(r.shift()), r.operation(), r.offline() ? "A" : "", tenge(r.totalTiyn()), payments.toString());
    }

    /** @return tiyn as tenge with two decimals, from integers only */
    static String tenge(long tiyn) {
        long abs = Math.abs(tiyn);
        return (tiyn < 0 ? "-" : "") + abs / 100 + "." + (abs % 100 < 10 ? "0" : "") + abs % 100;
    }

    private static void line(Writer w, List<String> cells) throws IOException {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                w.write(',');
            }
            String c = cells.get(i);
            if (c.indexOf(',') >= 0 || c.indexOf('"') >= 0 || c.indexOf('\n') >= 0 || c.indexOf('\r') >= 0) {
                w.write('"');
                w.write(c.replace("\"", "\"\""));
                w.write('"');
            } else {
                w.write(c);
            }
        }
        w.write("\r\n");
    }

    private static void row(Writer w, List<String> cells, int numericColumn) throws IOException {
        w.write("<row>");
        for (int i = 0; i < cells.size(); i++) {
            if (i == numericColumn) {
                w.write("<c><v>" + cells.get(i) + "</v></c>");
            } else {
                w.write("<c t=\"inlineStr\"><is><t>");
                escape(w, cells.get(i));
                w.write("</t></is></c>");
            }
        }
        w.write("</row>");
    }

    private static void escape(Writer w, String s) throws IOException {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> w.write("&amp;");
                case '<' -> w.write("&lt;");
                case '>' -> w.write("&gt;");
                case '"' -> w.write("&quot;");
                default -> {
                    if (c >= 0x20 || c == '\t' || c == '\n' || c == '\r') {
                        w.write(c);
                    }
                }
            }
        }
    }

    private static void part(ZipOutputStream zip, Writer w, String name, String xml) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        w.write(xml);
        w.flush();
        zip.closeEntry();
    }

    /** Keeps the response open when the zip stream is finished: the caller ends the response. */
    private static final class NotClosing extends java.io.FilterOutputStream {
        NotClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
