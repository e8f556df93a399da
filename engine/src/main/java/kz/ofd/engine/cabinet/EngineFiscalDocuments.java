package kz.ofd.engine.cabinet;

import io.vertx.core.json.JsonObject;
import kz.ofd.cabinet.spi.FiscalDocuments;
import kz.ofd.protocol.codec.MoneyCodec;
import kz.ofd.protocol.proto.CommandTypeEnum;
import kz.ofd.protocol.proto.OperationTypeEnum;
import kz.ofd.protocol.proto.TicketRequest;
import kz.ofd.protocol.proto.ZXReport;
import kz.ofd.storage.index.DocumentEntry;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The cabinet's fiscal documents over the engine's document index and journal ({@link Receipts}): pages are index
 * scans in (KKM, shift, journal) key order, each receipt of a page is read back from the journal for its payments and
 * the register's date-time. Reads only, on the caller's thread. Reports are the Z reports the index keeps per closed
 * shift: an X report is a service command answered from the logic's live counters and never journaled, so there
 * is no X report to read back.
 */
public final class EngineFiscalDocuments implements FiscalDocuments {

    /** Index entries read per page at most, whatever the filter skips (bounds the work of one request). */
    static final int SCAN_BUDGET = 10_000;

    private final Receipts receipts;

    /**
     * @param receipts reads documents back
     */
    public EngineFiscalDocuments(Receipts receipts) {
        this.receipts = receipts;
    }

    @Override
    public Page receipts(Query q, Position after, int limit) {
        long shift = after == null ? q.fromShift() : after.shift();
        long afterIndex = after == null ? -1 : after.journalIndex();
        List<DocumentEntry> wanted = new ArrayList<>(limit);
        Optional<Position> next = Optional.empty();
        int budget = SCAN_BUDGET;
        scan:
        while (true) {
            int want = Math.min(budget, 512);
            List<DocumentEntry> entries = receipts.index().scanKkm(q.ofdId(), shift, afterIndex, q.toShift(), want);
            budget -= entries.size();
            for (DocumentEntry e : entries) {
                shift = e.shiftNumber();
                afterIndex = e.journalIndex();
                if (e.receivedAtMillis() >= q.toMillis()) {
                    break scan;   // a KKM's documents are received in key order
                }
                if (e.command() == CommandTypeEnum.COMMAND_TICKET_VALUE && e.receivedAtMillis() >= q.fromMillis()) {
                    wanted.add(e);
                    if (wanted.size() == limit) {
                        next = Optional.of(new Position(shift, afterIndex));
                        break scan;
                    }
                }
            }
            if (entries.size() < want) {
                break;
            }
            if (budget <= 0) {
                next = Optional.of(new Position(shift, afterIndex));
                break;
            }
        }
        List<Receipt> page = new ArrayList<>(wanted.size());
        for (Receipts.Document d : receipts.read(wanted)) {
            page.add(summary(d));
        }
        return new Page(page, next);
    }

    @Override
    public Optional<FullReceipt> receipt(long ofdId, long fiscalSign) {
        return receipts.bySign(fiscalSign).filter(d -> d.entry().kkmId() == ofdId && d.isTicket())
            .map(d -> new FullReceipt(summary(d), d.qrUrl(), ProtoJson.of(d.request().getTicket())));
    }

    @Override
    public List<Report> reports(long ofdId, long shift) {
        List<Report> reports = new ArrayList<>(1);
        long closedAt = 0;
        for (DocumentEntry e : receipts.index().findByKkmShift(ofdId, shift)) {
            if (e.command() == CommandTypeEnum.COMMAND_CLOSE_SHIFT_VALUE) {
                closedAt = e.receivedAtMillis();
            }
        }
        long at = closedAt;
        receipts.index().findZReport(ofdId, shift).ifPresent(z -> reports.add(new Report("Z", shift, at,
            json(z.serverZ()), z.registerZ().length == 0 ? null : json(z.registerZ()), z.differences())));
        return reports;
    }

    private static JsonObject json(byte[] report) {
        try {
            return ProtoJson.of(ZXReport.parser().parsePartialFrom(report));
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new IllegalStateException("an indexed Z report no longer parses", e);
        }
    }

    private static Receipt summary(Receipts.Document d) {
        TicketRequest t = d.request().getTicket();
        List<Payment> payments = new ArrayList<>(t.getPaymentsCount());
        for (TicketRequest.Payment p : t.getPaymentsList()) {
            payments.add(new Payment(p.getType().name().substring("PAYMENT_".length()), MoneyCodec.toTiyn(p.getSum())));
        }
        DocumentEntry e = d.entry();
        OperationTypeEnum op = t.getOperation();
        return new Receipt(Long.toString(e.fiscalSign()), e.shiftNumber(), e.receivedAtMillis(),
            ProtoJson.dateTime(t.getDateTime()), e.offline(), op.name().substring("OPERATION_".length()),
            MoneyCodec.toTiyn(t.getAmounts().getTotal()), payments);
    }
}
