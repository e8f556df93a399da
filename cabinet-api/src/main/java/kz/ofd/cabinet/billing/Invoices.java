package kz.ofd.cabinet.billing;

import kz.ofd.cabinet.registry.BillingStore;
import kz.ofd.cabinet.registry.CabinetRegistry;
import kz.ofd.cabinet.registry.proto.LedgerEntryRecord;
import kz.ofd.cabinet.registry.proto.OrganizationRecord;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType0Font;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * Monthly invoices (счёт-фактура, manual 001 §11.2): one per organization and month with a charge, listing the
 * month's charges with the VAT they contain, and its PDF. The PDF embeds a subset of DejaVu Sans bundled with the
 * module ({@code kz/ofd/cabinet/fonts}, Bitstream Vera licence, which allows redistribution): the standard 14 PDF
 * fonts have no Cyrillic, and fonts of the build machine are not part of the build.
 */
public final class Invoices {

    /** VAT rate the invoices show (16 % from 2026, domain notes §3.6). */
    public static final int VAT_PERCENT = 16;
    private static final String FONT = "/kz/ofd/cabinet/fonts/DejaVuSans-subset.ttf";
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("dd.MM.yyyy");
    private static final int LINES_PER_PAGE = 60;
    private static final int WRAP = 100;

    /**
     * Who issues the invoices.
     *
     * @param name    the OFD's name
     * @param bin     its BIN
     * @param address its address
     */
    public record Seller(String name, String bin, String address) {
    }

    /**
     * An invoice.
     *
     * @param number     {@code <organization>-<yyyyMM>}
     * @param month      the month
     * @param buyer      the organization
     * @param lines      the month's charges
     * @param totalTiyn  their sum, VAT included
     * @param vatTiyn    the VAT in it
     */
    public record Invoice(String number, YearMonth month, OrganizationRecord buyer, List<LedgerEntryRecord> lines,
                          long totalTiyn, long vatTiyn) {
    }

    private final CabinetRegistry registry;
    private final Seller seller;

    /**
     * @param registry the registry
     * @param seller   the OFD's requisites
     */
    public Invoices(CabinetRegistry registry, Seller seller) {
        this.registry = registry;
        this.seller = seller;
    }

    /**
     * @param organizationId the buyer
     * @param month          the month (Almaty time)
     * @return its invoice (no lines when nothing was charged)
     */
    public Invoice invoice(long organizationId, YearMonth month) {
        long from = month.atDay(1).atStartOfDay(Billing.ZONE).toInstant().toEpochMilli();
        long to = month.plusMonths(1).atDay(1).atStartOfDay(Billing.ZONE).toInstant().toEpochMilli();
        List<LedgerEntryRecord> lines = new ArrayList<>();
        long total = 0;
        for (LedgerEntryRecord e : registry.billing().entries(organizationId)) {
            if (BillingStore.CHARGE.equals(e.getKind()) && e.getAtMs() >= from && e.getAtMs() < to) {
                lines.add(e);
                total += e.getAmountTiyn();
            }
        }
        OrganizationRecord buyer = registry.organizations().byId(organizationId)
            .orElse(OrganizationRecord.newBuilder().setId(organizationId).build());
        return new Invoice(organizationId + "-" + month.getYear() + String.format("%02d", month.getMonthValue()), month,
            buyer, List.copyOf(lines), total, Money.vatIncluded(total, VAT_PERCENT));
    }

    /**
     * @param invoice an invoice
     * @return its PDF
     */
    public byte[] pdf(Invoice invoice) {
        List<String> text = new ArrayList<>();
        text.add("СЧЁТ-ФАКТУРА № " + invoice.number() + " за " + invoice.month());
        text.add("");
        text.add("Поставщик: " + seller.name() + ", БИН " + seller.bin());
        text.add("Адрес поставщика: " + seller.address());
        text.add("Получатель: " + invoice.buyer().getName() + ", ИИН/БИН " + invoice.buyer().getIdn());
        text.add("Адрес получателя: " + invoice.buyer().getLegalAddress());
        text.add("Лицевой счёт: " + invoice.buyer().getId());
        text.add("");
        text.add("Услуги оператора фискальных данных:");
        int n = 1;
        for (LedgerEntryRecord e : invoice.lines()) {
            String day = DAY.format(Instant.ofEpochMilli(e.getAtMs()).atZone(Billing.ZONE));
            long vat = Money.vatIncluded(e.getAmountTiyn(), VAT_PERCENT);
            text.addAll(wrap(n++ + ". " + day + "  " + e.getReason() + "  —  " + Money.format(e.getAmountTiyn())
                + " (в т.ч. НДС " + VAT_PERCENT + "% " + Money.format(vat) + ")"));
        }
        text.add("");
        text.add("Итого: " + Money.format(invoice.totalTiyn()));
        text.add("В том числе НДС " + VAT_PERCENT + "%: " + Money.format(invoice.vatTiyn()));
        try (PDDocument doc = new PDDocument(); InputStream fontData = Invoices.class.getResourceAsStream(FONT)) {
            if (fontData == null) {
                throw new IllegalStateException("the invoice font is missing from the build: " + FONT);
            }
            PDType0Font font = PDType0Font.load(doc, fontData);
            for (int start = 0; start < text.size(); start += LINES_PER_PAGE) {
                PDPage page = new PDPage(PDRectangle.A4);
                doc.addPage(page);
                try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
                    cs.beginText();
                    cs.setFont(font, 9);
                    cs.setLeading(12.5f);
                    cs.newLineAtOffset(40, page.getMediaBox().getHeight() - 50);
                    for (String line : text.subList(start, Math.min(text.size(), start + LINES_PER_PAGE))) {
                        cs.showText(printable(font, line));
                        cs.newLine();
                    }
                    cs.endText();
                }
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            doc.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the invoice PDF", e);
        }
    }

    private static List<String> wrap(String line) {
        List<String> out = new ArrayList<>();
        String rest = line;
        while (rest.length() > WRAP) {
            int cut = rest.lastIndexOf(' ', WRAP);
            cut = cut <= 0 ? WRAP : cut;
            out.add(rest.substring(0, cut));
            rest = "    " + rest.substring(cut).trim();
        }
        out.add(rest);
        return out;
    }

    /** Characters the bundled font lacks become '?', so an unusual name never fails an invoice. */
    private static String printable(PDType0Font font, String s) {
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().forEach(cp -> {
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
