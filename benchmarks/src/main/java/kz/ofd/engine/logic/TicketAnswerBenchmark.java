package kz.ofd.engine.logic;

import kz.ofd.protocol.codec.MoneyCodec;
import kz.ofd.protocol.codec.ParsedRequest;
import kz.ofd.protocol.codec.KkmMessages;
import kz.ofd.protocol.proto.Request;
import kz.ofd.protocol.proto.TicketRequest;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;

/**
 * What the business logic does to an accepted ticket after its checks: take the next fiscal sign, update the
 * shift counters, build the QR content and encode the answer ({@code DocumentCommands.apply}, the code live
 * requests and journal replay share).
 *
 * <p>It lives in the benchmarks module but in the engine's logic package because {@code DocumentCommands} and
 * {@code Messages} are package-private there: measuring the real code this way needs no wider engine API.
 * The fiscal sign itself ({@link FiscalSigns#next}) is a counter increment and is not measured on its own.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class TicketAnswerBenchmark {

    /** Items per ticket. */
    @Param({"1", "10"})
    public int items;

    private final FiscalSigns signs = new FiscalSigns();
    private LogicSettings settings;
    private DocumentCommands documents;
    private KkmState kkm;
    private Request request;
    private TicketRequest ticket;
    private long totalTiyn;

    /**
     * Builds the KKM and parses the ticket the way the server receives it.
     */
    @Setup
    public void setUp() {
        settings = new LogicSettings("http://check.bench", "Bench OFD", ZoneOffset.ofHours(5));
        documents = new DocumentCommands(settings);
        kkm = new KkmState(new KkmRegistration(1, 7, "620300144467", "SN1", "Bench", "180340021791", "ТОО Бенч",
            "Алматы", "Касса"));
        ParsedRequest parsed = KkmMessages.parseRequest(kz.ofd.benchmarks.RequestDecodeBenchmark.ticket(items)
            .toByteArray());
        request = parsed.request();
        ticket = request.getTicket();
        totalTiyn = MoneyCodec.toTiyn(ticket.getAmounts().getTotal());
    }

    /**
     * The QR content of a ticket (check URL, sign, RNM, total, local time).
     *
     * @return the QR string
     */
    @Benchmark
    public String qrContent() {
        return Messages.qrUrl(settings.checkUrl(), signs.next(), kkm.rnm, totalTiyn,
            ticket.getDateTime());
    }

    /**
     * Sign, counters, QR and the encoded answer body of one accepted ticket.
     *
     * @return the answer body
     */
    @Benchmark
    public byte[] ticketAnswer() {
        byte[] body = documents.apply(kkm, request, signs.next(), 203);
        if (body.length == 0) {
            throw new IllegalStateException("empty answer");
        }
        return body;
    }
}
