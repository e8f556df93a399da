package kz.ofd.engine.check;

import kz.ofd.engine.cabinet.Receipts;
import kz.ofd.engine.logic.KkmDirectory;
import kz.ofd.engine.logic.KkmRegistration;
import kz.ofd.protocol.codec.MoneyCodec;
import kz.ofd.protocol.proto.CommandTypeEnum;
import kz.ofd.protocol.proto.DateTime;
import kz.ofd.protocol.proto.TicketRequest;
import kz.ofd.storage.index.DocumentEntry;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the receipt a QR code names, for the public check: a point read of the document index by fiscal sign (as the
 * management port's {@code /api/documents/{sign}}), the KKM's registration from the logic's thread-safe
 * {@link KkmDirectory}, and one journal read of the document's unchanged request. Never touches the ring.
 * Blocking (RocksDB and the journal's files): call it on a worker thread. Thread-safe.
 *
 * <p>A receipt is given only when all four QR parameters match: the sign is a ticket's, the RNM is its KKM's, the
 * total is equal to the tiyn, and the date-time to the second. Anything else is "not found", whichever part
 * failed, so the answer reveals nothing about documents the caller cannot already name in full.
 */
public final class ReceiptReader {

    private final Receipts receipts;
    private final KkmDirectory directory;
    private final String ofdName;

    /**
     * @param receipts  reads documents back from the index and the journal (the cabinet's reader too)
     * @param directory the registered KKMs
     * @param ofdName   the OFD's name, shown on the receipt
     */
    public ReceiptReader(Receipts receipts, KkmDirectory directory, String ofdName) {
        this.receipts = receipts;
        this.directory = directory;
        this.ofdName = ofdName;
    }

    /**
     * @param query the QR's parameters
     * @return the receipt when every parameter matches a stored ticket, else empty
     */
    public Optional<Receipt> find(CheckQuery query) {
        // The index entry alone settles sign, command, total and RNM; only a query that passes them reads the journal.
        Optional<DocumentEntry> found = receipts.index().findBySign(query.fiscalSign());
        if (found.isEmpty()) {
            return Optional.empty();
        }
        DocumentEntry entry = found.get();
        if (entry.command() != CommandTypeEnum.COMMAND_TICKET_VALUE || entry.totalTiyn() != query.totalTiyn()) {
            return Optional.empty();
        }
        KkmRegistration kkm = directory.registration(entry.kkmId());
        if (kkm == null || !kkm.rnm().equals(query.rnm())) {
            return Optional.empty();
        }
        Optional<Receipts.Document> document = receipts.read(entry);
        if (document.isEmpty() || !document.get().request().hasTicket()) {
            return Optional.empty();
        }
        TicketRequest ticket = document.get().request().getTicket();
        LocalDateTime time = localDateTime(ticket.getDateTime());
        if (time == null || !time.equals(query.dateTime())
            || MoneyCodec.toTiyn(ticket.getAmounts().getTotal()) != query.totalTiyn()) {
            return Optional.empty();
        }
        return Optional.of(receipt(entry, kkm, ticket, time));
    }

    private Receipt receipt(DocumentEntry entry, KkmRegistration kkm, TicketRequest t, LocalDateTime time) {
        List<Receipt.Line> lines = new ArrayList<>();
        Map<Long, Receipt.TaxLine> taxes = new LinkedHashMap<>();
        for (TicketRequest.Item item : t.getItemsList()) {
            switch (item.getType()) {
                case ITEM_TYPE_COMMODITY -> {
                    TicketRequest.Item.Commodity c = item.getCommodity();
                    lines.add(new Receipt.Line("commodity", c.getName(), c.getQuantity(), tiyn(c.getPrice()), tiyn(c.getSum())));
                    c.getTaxesList().forEach(tax -> addTax(taxes, tax, 1));
                }
                case ITEM_TYPE_STORNO_COMMODITY -> {
                    TicketRequest.Item.StornoCommodity c = item.getStornoCommodity();
                    lines.add(new Receipt.Line("storno", c.getName(), c.getQuantity(), tiyn(c.getPrice()), tiyn(c.getSum())));
                    c.getTaxesList().forEach(tax -> addTax(taxes, tax, -1));
                }
                case ITEM_TYPE_DISCOUNT -> lines.add(modifier("discount", item.getDiscount()));
                case ITEM_TYPE_STORNO_DISCOUNT -> lines.add(modifier("storno-discount", item.getStornoDiscount()));
                case ITEM_TYPE_MARKUP -> lines.add(modifier("markup", item.getMarkup()));
                case ITEM_TYPE_STORNO_MARKUP -> lines.add(modifier("storno-markup", item.getStornoMarkup()));
                default -> { }
            }
        }
        t.getTaxesList().forEach(tax -> addTax(taxes, tax, 1));
        List<Receipt.PaymentLine> payments = new ArrayList<>();
        for (TicketRequest.Payment p : t.getPaymentsList()) {
            payments.add(new Receipt.PaymentLine(p.getType().getNumber(), tiyn(p.getSum())));
        }
        TicketRequest.Amounts a = t.getAmounts();
        String cashier = t.getOperator().hasName() && !t.getOperator().getName().isBlank() ? t.getOperator().getName()
            : "код " + Integer.toUnsignedString(t.getOperator().getCode());
        String buyer = t.getExtensionOptions().hasCustomerIinOrBin() ? t.getExtensionOptions().getCustomerIinOrBin() : null;
        return new Receipt(entry.fiscalSign(), kkm.orgName(), kkm.bin(), kkm.pointName(), kkm.address(), kkm.rnm(),
            kkm.serialNumber(), entry.kkmId(), entry.shiftNumber(), time, t.getOperation().getNumber(), cashier,
            List.copyOf(lines), a.hasDiscount() ? tiyn(a.getDiscount().getSum()) : 0,
            a.hasMarkup() ? tiyn(a.getMarkup().getSum()) : 0, List.copyOf(taxes.values()), List.copyOf(payments),
            tiyn(a.getTotal()), a.hasTaken() ? tiyn(a.getTaken()) : 0, a.hasChange() ? tiyn(a.getChange()) : 0,
            entry.offline(), buyer, ofdName);
    }

    private static Receipt.Line modifier(String kind, TicketRequest.Modifier m) {
        return new Receipt.Line(kind, m.getName(), 0, 0, tiyn(m.getSum()));
    }

    /** Sums a tax into its type-and-rate row, as the shift report does (storno lines subtract). */
    private static void addTax(Map<Long, Receipt.TaxLine> taxes, TicketRequest.Tax tax, int sign) {
        long percent = Integer.toUnsignedLong(tax.getPercent());
        long key = (long) tax.getTaxType() << 32 | percent;
        Receipt.TaxLine old = taxes.get(key);
        long sum = (old == null ? 0 : old.sumTiyn()) + sign * tiyn(tax.getSum());
        taxes.put(key, new Receipt.TaxLine(tax.getTaxType(), percent, sum));
    }

    private static long tiyn(kz.ofd.protocol.proto.Money money) {
        return MoneyCodec.toTiyn(money);
    }

    private static LocalDateTime localDateTime(DateTime dt) {
        try {
            return LocalDateTime.of(dt.getDate().getYear(), dt.getDate().getMonth(), dt.getDate().getDay(),
                dt.getTime().getHour(), dt.getTime().getMinute(), dt.getTime().getSecond());
        } catch (DateTimeException e) {
            return null;
        }
    }
}
