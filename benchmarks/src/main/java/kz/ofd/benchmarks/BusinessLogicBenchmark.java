package kz.ofd.benchmarks;

import kz.ofd.engine.logic.Answer;
import kz.ofd.engine.logic.BusinessLogic;
import kz.ofd.engine.logic.KkmRegistration;
import kz.ofd.engine.logic.LogicSettings;
import kz.ofd.engine.logic.TicketArchive;
import kz.ofd.engine.logic.TicketLedger;
import kz.ofd.protocol.frame.FrameHeader;
import kz.ofd.protocol.proto.Request;
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

import java.util.concurrent.TimeUnit;

/**
 * The single business-logic thread's cost per accepted ticket: auth, request-number rules, counters, fiscal
 * sign, token rotation, answer encoding. This is the serial part of the pipeline, so its inverse bounds the
 * server's throughput. The token source is a counter here so the benchmark measures the logic, not SecureRandom.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class BusinessLogicBenchmark {

    private static final int KKMS = 1_000;

    /** Items per ticket. */
    @Param({"1", "10"})
    public int items;

    private BusinessLogic logic;
    private TicketLedger ledger;
    private Request ticket;
    private final Answer answer = new Answer();
    private final long[] tokens = new long[KKMS];
    private final int[] reqNums = new int[KKMS];
    private long tokenCounter = 1;
    private int next;

    /**
     * Registers the KKMs.
     */
    @Setup
    public void setUp() {
        ledger = new TicketLedger(TicketArchive.EMPTY);
        logic = new BusinessLogic(new LogicSettings("http://check.bench", "Bench OFD", LogicSettings.KAZAKHSTAN),
            previous -> ++tokenCounter, ledger);
        for (int i = 0; i < KKMS; i++) {
            tokens[i] = ++tokenCounter;
            logic.register(new KkmRegistration(i + 1, tokens[i], "620300144467", "SN" + i, "Bench", "180340021791",
                "ТОО Бенч", "Алматы", "Касса"));
        }
        ticket = RequestDecodeBenchmark.ticket(items);
    }

    /**
     * One accepted ticket, round-robin over the KKMs.
     *
     * @return the answer body (consumed by JMH)
     */
    @Benchmark
    public byte[] acceptTicket() {
        int i = next;
        next = (next + 1) % KKMS;
        reqNums[i] = (reqNums[i] + 1) & 0xFFFF;
        logic.onRequest(FrameHeader.of(203, 0, i + 1, tokens[i], reqNums[i]), 1, ticket, null, 1_763_900_000_000L, answer);
        if (answer.resultCode() != 0 || !answer.accepted()) {
            throw new IllegalStateException("ticket refused with " + answer.resultCode());
        }
        tokens[i] = answer.newToken();
        ledger.indexedUpTo(answer.fiscalSign());   // as the indexer does, so the ledger's window stays small
        return answer.body();
    }
}
