package kz.ofd.cabinet.pdf;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType0Font;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A plain A4 text document in Russian as PDF, what the cabinet's printable documents (invoices, shift reports) are
 * written with: headings, lines wrapped at the right margin, and rows of a label with a right-aligned amount. The PDF
 * embeds the subset of DejaVu Sans bundled with the module ({@code kz/ofd/cabinet/fonts}, Bitstream Vera licence,
 * which allows redistribution; Basic Latin, Latin-1, Cyrillic with the Kazakh letters, general punctuation, № and ₸):
 * the standard 14 PDF fonts have no Cyrillic, and fonts of the build machine are not part of the build. A character
 * the subset lacks is printed as {@code ?}, so an unusual name never fails a document.
 *
 * <p>Collect the content, then {@link #toPdf()}; not thread-safe, one instance per document.
 */
public final class PdfText {

    private static final String FONT = "/kz/ofd/cabinet/fonts/DejaVuSans-subset.ttf";
    private static final float TEXT_SIZE = 9;
    private static final float HEADING_SIZE = 12;
    private static final float LEADING = 12.5f;
    private static final float HEADING_LEADING = 17;
    private static final float LEFT = 40;
    private static final float RIGHT = 40;
    private static final float TOP = 50;
    private static final float BOTTOM = 40;
    private static final float INDENT = 14;
    private static final float VALUE_GAP = 12;
    /** Lines of text kept on a heading's or a section's page after it. */
    private static final int KEEP_WITH_HEADING = 3;
    private static final String CONTINUATION = "    ";

    private enum Kind { HEADING, SECTION, LINE, ROW }

    private record Entry(Kind kind, int indent, String text, String value) {
    }

    private final List<Entry> entries = new ArrayList<>();

    /**
     * @param text a heading (larger type, some space above it; kept on one page with the lines after it)
     * @return this
     */
    public PdfText heading(String text) {
        entries.add(new Entry(Kind.HEADING, 0, text, null));
        return this;
    }

    /**
     * @param text the title of a part (body type after an empty line; kept on one page with the lines after it)
     * @return this
     */
    public PdfText section(String text) {
        entries.add(new Entry(Kind.SECTION, 0, text, null));
        return this;
    }

    /**
     * @param text a line of text, wrapped at the right margin (continuation lines indented)
     * @return this
     */
    public PdfText line(String text) {
        return line(0, text);
    }

    /**
     * @param indent how many steps in from the left margin
     * @param text   a line of text, wrapped at the right margin (continuation lines indented)
     * @return this
     */
    public PdfText line(int indent, String text) {
        entries.add(new Entry(Kind.LINE, indent, text, null));
        return this;
    }

    /**
     * @param indent how many steps in from the left margin
     * @param label  what the value is, wrapped short of the value
     * @param value  the value (an amount), aligned to the right margin on the label's first line
     * @return this
     */
    public PdfText row(int indent, String label, String value) {
        entries.add(new Entry(Kind.ROW, indent, label, value));
        return this;
    }

    /** @return this, after an empty line */
    public PdfText blank() {
        return line("");
    }

    /**
     * @return the document as PDF (A4 pages, as many as the content needs)
     * @throws UncheckedIOException when PDFBox cannot write it
     * @throws IllegalStateException when the font is missing from the build
     */
    public byte[] toPdf() {
        try (PDDocument doc = new PDDocument(); InputStream fontData = PdfText.class.getResourceAsStream(FONT)) {
            if (fontData == null) {
                throw new IllegalStateException("the PDF font is missing from the build: " + FONT);
            }
            new Writer(doc, PDType0Font.load(doc, fontData)).write(entries);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            doc.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the PDF", e);
        }
    }

    /** Lays the entries out page by page. */
    private static final class Writer {
        private final PDDocument doc;
        private final PDType0Font font;
        private PDPageContentStream page;
        private float y;
        private float width;

        Writer(PDDocument doc, PDType0Font font) {
            this.doc = doc;
            this.font = font;
        }

        void write(List<Entry> entries) throws IOException {
            try {
                newPage();
                for (Entry e : entries) {
                    switch (e.kind()) {
                        case HEADING -> heading(e.text());
                        case SECTION -> section(e.text());
                        case LINE -> lines(e.indent(), printable(font, e.text()), null);
                        case ROW -> lines(e.indent(), printable(font, e.text()), printable(font, e.value()));
                        default -> throw new IllegalStateException(e.kind().name());
                    }
                }
            } finally {
                page.close();
            }
        }

        private void heading(String text) throws IOException {
            List<String> wrapped = wrap(printable(font, text), HEADING_SIZE, width);
            boolean top = atTop();
            float needed = (top ? 0 : HEADING_LEADING) + wrapped.size() * HEADING_LEADING + KEEP_WITH_HEADING * LEADING;
            if (y - needed < BOTTOM) {
                newPage();
                top = true;
            }
            if (!top) {
                y -= HEADING_LEADING;
            }
            for (String s : wrapped) {
                y -= HEADING_LEADING;
                show(s, HEADING_SIZE, LEFT);
            }
            y -= LEADING - TEXT_SIZE;
        }

        private void section(String text) throws IOException {
            if (y - (atTop() ? 0 : LEADING) - (1 + KEEP_WITH_HEADING) * LEADING < BOTTOM) {
                newPage();
            }
            if (!atTop()) {
                y -= LEADING;
            }
            lines(0, printable(font, text), null);
        }

        private void lines(int indent, String text, String value) throws IOException {
            float x = LEFT + indent * INDENT;
            float valueWidth = value == null ? 0 : width(value, TEXT_SIZE) + VALUE_GAP;
            List<String> wrapped = wrap(text, TEXT_SIZE, LEFT + width - x - valueWidth);
            for (int i = 0; i < wrapped.size(); i++) {
                if (y - LEADING < BOTTOM) {
                    newPage();
                }
                y -= LEADING;
                show(wrapped.get(i), TEXT_SIZE, x);
                if (i == 0 && value != null) {
                    show(value, TEXT_SIZE, LEFT + width - width(value, TEXT_SIZE));
                }
            }
        }

        private void show(String s, float size, float x) throws IOException {
            if (s.isEmpty()) {
                return;
            }
            page.beginText();
            page.setFont(font, size);
            page.newLineAtOffset(x, y);
            page.showText(s);
            page.endText();
        }

        /** @return whether nothing is written on the page yet */
        private boolean atTop() {
            return y >= pageTop() - 1;
        }

        private float pageTop() {
            return PDRectangle.A4.getHeight() - TOP;
        }

        private void newPage() throws IOException {
            if (page != null) {
                page.close();
            }
            PDPage p = new PDPage(PDRectangle.A4);
            doc.addPage(p);
            page = new PDPageContentStream(doc, p);
            y = pageTop();
            width = p.getMediaBox().getWidth() - LEFT - RIGHT;
        }

        private float width(String s, float size) throws IOException {
            return font.getStringWidth(s) / 1000 * size;
        }

        /** Greedy by words; a word longer than the line is cut. Continuation lines are indented. */
        private List<String> wrap(String text, float size, float max) throws IOException {
            List<String> out = new ArrayList<>();
            String rest = text;
            while (rest.length() > CONTINUATION.length() + 1 && width(rest, size) > max) {
                int cut = fit(rest, size, max);
                int space = rest.lastIndexOf(' ', cut);
                int at = space > CONTINUATION.length() ? space : cut;
                out.add(rest.substring(0, at).stripTrailing());
                rest = CONTINUATION + rest.substring(at).strip();
            }
            out.add(rest);
            return out;
        }

        /** @return how many characters of {@code s} fit in {@code max} (at least one past the indent) */
        private int fit(String s, float size, float max) throws IOException {
            int n = CONTINUATION.length() + 1;
            while (n < s.length() && width(s.substring(0, n + 1), size) <= max) {
                n++;
            }
            return n;
        }
    }

    /**
     * @param font the font the text is shown in
     * @param s    any text
     * @return the text with line breaks and tabs as spaces and every character the font lacks as {@code ?}
     */
    static String printable(PDType0Font font, String s) {
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().forEach(cp -> {
            if (cp == '\n' || cp == '\r' || cp == '\t') {
                b.append(' ');
                return;
            }
            String c = new String(Character.toChars(cp));
            try {
                font.encode(c);
                b.append(c);
            } catch (IOException | IllegalArgumentException e) {
                b.append('?');
            }
        });
        return b.toString();
    }
}
