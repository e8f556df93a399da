package kz.ofd.engine.cabinet;

import io.vertx.core.json.JsonObject;
import kz.ofd.cabinet.spi.FiscalDocuments;
import kz.ofd.protocol.codec.MoneyCodec;
import kz.ofd.protocol.proto.CommandTypeEnum;
import kz.ofd.protocol.proto.OperationTypeEnum;
import kz.ofd.protocol.proto.TicketRequest;
import kz.ofd.protocol.proto.ZXReport;
import kz.ofd.storage.index.DocumentEntry;
import kz.ofd.storage.index.ReportEntry;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The cabinet's fiscal documents over the engine's document index and journal ({@link Receipts}): pages are index
 * scans in (KKM, shift, journal) key order, each receipt of a page is read back from the journal for its payments and
 * the register's date-time. Reads only, on the caller's thread. Reports come from the index's reports column family:
 * every X report the OFD answered (journaled as an X_REPORT record) and every closed shift's Z, with the register's Z
 * and the differences; listing them never reads a receipt.
 */
public final class EngineFiscalDocuments implements FiscalDocuments {

    /** Index entries read per page at most, whatever the filter skips (bounds the work of one request). */
    static final int SCAN_BUDGET = 10_000;
    /**
     * Reports of one shift shown in full at most (then the Z): a register asking for X reports without end must not
     * make one view unbounded; the report list pages through all of them.
     */
    static final int MAX_SHIFT_REPORTS = 1_000;

    private final Receipts receipts;

    /**
     * @param receipts reads documents back
     */
    public EngineFiscalDocuments(Receipts receipts) {
        this.receipts = receipts;
    }

    @Override
    public Page receipts(Query q, Position after, int limit) {
        long shift = after == null ? firstShift(q) : after.shift();
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

    /**
     * Where a first page starts: with a date filter, the first shift that can hold a document received at or after
     * {@code from}, found in the reports column family (a few entries a day) instead of the documents (thousands): a
     * shift whose Z report was received before {@code from} was closed before it, and so were all its documents.
     * Reads at most {@link #SCAN_BUDGET} reports; stopping early only starts the scan at an earlier shift.
     *
     * @param q the query
     * @return the shift to start the document scan at
     */
    public long firstShift(Query q) {
        long first = q.fromShift();
        if (q.fromMillis() <= 0) {
            return first;
        }
        long shift = first;
        long afterIndex = -1;
        int budget = SCAN_BUDGET;
        while (budget > 0) {
            List<ReportEntry> reports = receipts.index().scanReports(q.ofdId(), shift, afterIndex, q.toShift(),
                Math.min(budget, 256));
            budget -= reports.size();
            for (ReportEntry r : reports) {
                if (r.receivedAtMillis() >= q.fromMillis()) {
                    return first;
                }
                shift = r.shiftNumber();
                afterIndex = r.journalIndex();
                if (r.kind() == ReportEntry.Z) {
                    first = Math.max(first, r.shiftNumber() + 1);
                }
            }
            if (reports.size() < 256) {
                break;
            }
        }
        return first;
    }

    @Override
    public Optional<FullReceipt> receipt(long ofdId, long fiscalSign) {
        return receipts.bySign(fiscalSign).filter(d -> d.entry().kkmId() == ofdId && d.isTicket())
            .map(d -> new FullReceipt(summary(d), d.qrUrl(), ProtoJson.of(d.request().getTicket())));
    }

    @Override
    public List<Report> reports(long ofdId, long shift) {
        List<Report> reports = new ArrayList<>(2);
        for (ReportEntry r : receipts.index().findReports(ofdId, shift, MAX_SHIFT_REPORTS)) {
            reports.add(new Report(String.valueOf(r.kind()), shift, r.receivedAtMillis(), json(r.serverReport()),
                r.registerReport().length == 0 ? null : json(r.registerReport()), r.differences()));
        }
        return reports;
    }

    @Override
    public ReportPage reports(Query q, Position after, int limit) {
        long shift = after == null ? q.fromShift() : after.shift();
        long afterIndex = after == null ? -1 : after.journalIndex();
        List<ReportLine> page = new ArrayList<>(Math.min(limit, 64));
        int budget = SCAN_BUDGET;
        while (true) {
            int want = Math.min(budget, 256);
            List<ReportEntry> entries = receipts.index().scanReports(q.ofdId(), shift, afterIndex, q.toShift(), want);
            budget -= entries.size();
            for (ReportEntry r : entries) {
                shift = r.shiftNumber();
                afterIndex = r.journalIndex();
                if (r.receivedAtMillis() >= q.toMillis()) {
                    return new ReportPage(page, Optional.empty());   // a KKM's reports are received in key order
                }
                if (r.receivedAtMillis() >= q.fromMillis()) {
                    page.add(line(r));
                    if (page.size() == limit) {
                        return new ReportPage(page, Optional.of(new Position(shift, afterIndex)));
                    }
                }
            }
            if (entries.size() < want) {
                return new ReportPage(page, Optional.empty());
            }
            if (budget <= 0) {
                return new ReportPage(page, Optional.of(new Position(shift, afterIndex)));
            }
        }
    }

    private static ReportLine line(ReportEntry r) {
        ZXReport zx = parse(r.serverReport());
        long[] sells = tickets(zx, OperationTypeEnum.OPERATION_SELL);
        long[] returns = tickets(zx, OperationTypeEnum.OPERATION_SELL_RETURN);
        long revenue = MoneyCodec.toTiyn(zx.getRevenue().getSum());
        return new ReportLine(String.valueOf(r.kind()), r.shiftNumber(), r.receivedAtMillis(), sells[0], sells[1],
            returns[0], returns[1], MoneyCodec.toTiyn(zx.getCashSum()), zx.getRevenue().getIsNegative() ? -revenue : revenue,
            r.kind() == ReportEntry.Z && r.registerReport().length > 0 ? r.differences().isEmpty() : null);
    }

    /** @return {tickets in the shift, their sum in tiyn} of one operation */
    private static long[] tickets(ZXReport zx, OperationTypeEnum operation) {
        for (ZXReport.TicketOperation t : zx.getTicketOperationsList()) {
            if (t.getOperation() == operation) {
                return new long[] {Integer.toUnsignedLong(t.getTicketsCount()), MoneyCodec.toTiyn(t.getTicketsSum())};
            }
        }
        return new long[2];
    }

    private static JsonObject json(byte[] report) {
        return ProtoJson.of(parse(report));
    }

    private static ZXReport parse(byte[] report) {
        try {
            return ZXReport.parser().parsePartialFrom(report);
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new IllegalStateException("an indexed report no longer parses", e);
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
