package kz.ofd.cabinet.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import kz.ofd.cabinet.spi.FiscalDocuments;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Receipts made up on demand, for the HTTP side of transactions and reports: KKM {@code ofdId} has
 * {@code shifts × perShift} receipts, one a minute from {@link #FIRST}; every tenth is offline; receipt {@code i} of
 * shift {@code s} has the sign {@code s·10^7 + i + 1}. Counts every receipt it builds ({@link #produced}), so a test
 * can tell how far an export has read.
 */
final class SyntheticDocuments implements FiscalDocuments {

    /** The first receipt's receive time: 22:00 in Kazakhstan, so a day's receipts cross midnight. */
    static final Instant FIRST = Instant.parse("2026-03-01T17:00:00Z");

    final AtomicLong produced = new AtomicLong();
    private final Map<Long, long[]> kkms = new ConcurrentHashMap<>();
    final Map<Long, List<Report>> reports = new ConcurrentHashMap<>();

    void kkm(long ofdId, long shifts, long perShift) {
        kkms.put(ofdId, new long[] {shifts, perShift});
    }

    static long sign(long shift, long i) {
        return shift * 10_000_000L + i + 1;
    }

    private Receipt receipt(long ofdId, long shift, long i) {
        produced.incrementAndGet();
        long perShift = kkms.get(ofdId)[1];
        long at = FIRST.toEpochMilli() + ((shift - 1) * perShift + i) * 60_000L;
        long total = 10_000 + i;
        return new Receipt(Long.toString(sign(shift, i)), shift, at, "2026-03-01T22:00:00", i % 10 == 9,
            i % 7 == 6 ? "SELL_RETURN" : "SELL", total,
            List.of(new Payment("CASH", total - 100), new Payment("CARD", 100)));
    }

    @Override
    public Page receipts(Query q, Position after, int limit) {
        long[] k = kkms.get(q.ofdId());
        if (k == null) {
            return new Page(List.of(), Optional.empty());
        }
        long last = Math.min(k[0], q.toShift());
        long s = after == null ? Math.max(1, q.fromShift()) : after.shift();
        long i = after == null ? 0 : after.journalIndex() + 1;
        List<Receipt> page = new ArrayList<>();
        while (s <= last && page.size() < limit) {
            if (i >= k[1]) {
                s++;
                i = 0;
                continue;
            }
            Receipt r = receipt(q.ofdId(), s, i);
            if (r.receivedAtMillis() >= q.fromMillis() && r.receivedAtMillis() < q.toMillis()) {
                page.add(r);
            }
            i++;
        }
        boolean more = s < last || (s == last && i < k[1]);
        return new Page(page, more ? Optional.of(new Position(s, i - 1)) : Optional.empty());
    }

    @Override
    public Optional<FullReceipt> receipt(long ofdId, long fiscalSign) {
        long[] k = kkms.get(ofdId);
        long shift = fiscalSign / 10_000_000L;
        long i = fiscalSign % 10_000_000L - 1;
        if (k == null || shift < 1 || shift > k[0] || i < 0 || i >= k[1]) {
            return Optional.empty();
        }
        Receipt r = receipt(ofdId, shift, i);
        return Optional.of(new FullReceipt(r, "https://check.ofd.kz/t?i=" + fiscalSign, new JsonObject()
            .put("items", new JsonArray().add(new JsonObject().put("type", "ITEM_TYPE_COMMODITY")
                .put("commodity", new JsonObject().put("name", "Хлеб").put("sum", r.totalTiyn()))))));
    }

    @Override
    public List<Report> reports(long ofdId, long shift) {
        return reports.getOrDefault(ofdId * 1_000_000 + shift, List.of());
    }

    /**
     * The report list of KKM {@code ofdId}: per shift of {@link #kkm}, an X report half-way through the shift and the
     * Z after its last receipt, whose register Z differs in every third shift; sums follow the receipts' totals.
     * Positions are (shift, 0 for the X or 1 for the Z).
     */
    @Override
    public ReportPage reports(Query q, Position after, int limit) {
        long[] k = kkms.get(q.ofdId());
        if (k == null) {
            return new ReportPage(List.of(), Optional.empty());
        }
        long last = Math.min(k[0], q.toShift());
        long s = after == null ? Math.max(1, q.fromShift()) : after.shift();
        int i = after == null ? 0 : (int) after.journalIndex() + 1;
        List<ReportLine> page = new ArrayList<>();
        while (s <= last && page.size() < limit) {
            if (i > 1) {
                s++;
                i = 0;
                continue;
            }
            long perShift = k[1];
            long receipts = i == 0 ? perShift / 2 : perShift;
            long at = FIRST.toEpochMilli() + ((s - 1) * perShift + receipts - 1) * 60_000L + 30_000L;
            long sum = receipts * 10_000 + receipts * (receipts - 1) / 2;
            ReportLine r = new ReportLine(i == 0 ? "X" : "Z", s, at, receipts, sum, 0, 0, sum, sum,
                i == 0 ? null : s % 3 != 0);
            if (at >= q.fromMillis() && at < q.toMillis()) {
                page.add(r);
            }
            i++;
        }
        boolean more = s < last || (s == last && i <= 1);
        return new ReportPage(page, more ? Optional.of(new Position(s, i - 1)) : Optional.empty());
    }
}
