package kz.ofd.cabinet.billing;

import kz.ofd.cabinet.pdf.PdfText;
import kz.ofd.cabinet.registry.BillingStore;
import kz.ofd.cabinet.registry.CabinetRegistry;
import kz.ofd.cabinet.registry.proto.LedgerEntryRecord;
import kz.ofd.cabinet.registry.proto.OrganizationRecord;

import java.time.Instant;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * Monthly invoices (счёт-фактура, manual 001 §11.2): one per organization and month with a charge, listing the
 * month's charges with the VAT they contain, and its PDF (written with {@link PdfText}, which embeds the Cyrillic
 * font bundled with the module).
 */
public final class Invoices {

    /** VAT rate the invoices show (16 % from 2026, domain notes §3.6). */
    public static final int VAT_PERCENT = 16;
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("dd.MM.yyyy");

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
        PdfText text = new PdfText();
        text.heading("СЧЁТ-ФАКТУРА № " + invoice.number() + " за " + invoice.month());
        text.line("Поставщик: " + seller.name() + ", БИН " + seller.bin());
        text.line("Адрес поставщика: " + seller.address());
        text.line("Получатель: " + invoice.buyer().getName() + ", ИИН/БИН " + invoice.buyer().getIdn());
        text.line("Адрес получателя: " + invoice.buyer().getLegalAddress());
        text.line("Лицевой счёт: " + invoice.buyer().getId());
        text.blank();
        text.line("Услуги оператора фискальных данных:");
        int n = 1;
        for (LedgerEntryRecord e : invoice.lines()) {
            String day = DAY.format(Instant.ofEpochMilli(e.getAtMs()).atZone(Billing.ZONE));
            long vat = Money.vatIncluded(e.getAmountTiyn(), VAT_PERCENT);
            text.line(n++ + ". " + day + "  " + e.getReason() + "  —  " + Money.format(e.getAmountTiyn())
                + " (в т.ч. НДС " + VAT_PERCENT + "% " + Money.format(vat) + ")");
        }
        text.blank();
        text.line("Итого: " + Money.format(invoice.totalTiyn()));
        text.line("В том числе НДС " + VAT_PERCENT + "%: " + Money.format(invoice.vatTiyn()));
        return text.toPdf();
    }
}
