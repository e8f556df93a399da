package kz.ofd.benchmarks;

import kz.ofd.engine.logic.Answer;
import kz.ofd.engine.logic.BusinessLogic;
import kz.ofd.engine.logic.KkmRegistration;
import kz.ofd.engine.logic.LogicSettings;
import kz.ofd.engine.logic.StateSnapshot;
import kz.ofd.engine.logic.TicketArchive;
import kz.ofd.engine.logic.TicketLedger;
import kz.ofd.protocol.frame.FrameHeader;
import kz.ofd.protocol.proto.Request;

import javax.management.JMException;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import java.util.List;

/**
 * Memory at national scale (issue 7): registers N KKMs in the business logic and reports the heap after GC per
 * KKM, then the snapshot's size and how long the logic thread takes to encode it (and recovery to decode it). Two
 * scenarios, each in a fresh logic: {@code registered} (KKMs registered, nothing sent yet) and {@code shift} (each
 * KKM also accepted one 3-item ticket, so it holds a last answer and open-shift counters, as a working register
 * does).
 *
 * <pre>
 * ./ofd kkm-memory-bench [--kkms 1000000] [--scenario registered|shift|both] [--tickets 1] [--histogram 25]
 * </pre>
 * {@code --tickets N} has each KKM of the shift scenario accept N tickets (the fill time then shows the cost of a
 * shift's later tickets beside its first).
 * {@code --histogram N} prints the N classes taking most heap at the end of each fill (the JVM's class histogram).
 * Encode and decode are given in wall time and in the thread's CPU time (less disturbed by other processes).
 */
public final class KkmMemoryBench {

    private static final long RECEIVED_AT = 1_795_419_060_000L;

    private KkmMemoryBench() {
    }

    /**
     * @param args options, see the class comment
     * @throws JMException when the class histogram is asked for and the JVM cannot give it
     */
    public static void main(String[] args) throws JMException {
        int kkms = 1_000_000;
        String scenario = "both";
        int histogram = 0;
        int tickets = 1;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--kkms" -> kkms = Integer.parseInt(args[i + 1]);
                case "--scenario" -> scenario = args[i + 1];
                case "--histogram" -> histogram = Integer.parseInt(args[i + 1]);
                case "--tickets" -> tickets = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (args.length % 2 != 0 || kkms < 1 || tickets < 1 || !List.of("registered", "shift", "both").contains(scenario)) {
            throw new IllegalArgumentException(
                "usage: kkm-memory-bench [--kkms N] [--scenario registered|shift|both] [--tickets N] [--histogram N]");
        }
        if (!scenario.equals("shift")) {
            run(kkms, 0, histogram);
        }
        if (!scenario.equals("registered")) {
            run(kkms, tickets, histogram);
        }
    }

    private static void run(int kkms, int tickets, int histogram) throws JMException {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long before = usedAfterGc(memory);
        TicketLedger ledger = new TicketLedger(TicketArchive.EMPTY);
        BusinessLogic logic = logic(ledger);
        Request ticket = RequestDecodeBenchmark.ticket(3);
        Answer answer = new Answer();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long fillCpu = threads.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        for (int i = 1; i <= kkms; i++) {
            logic.register(new KkmRegistration(i, 1_000 + i, String.format("62%010d", i), "SN" + i, "Штрих-М 01",
                "180340021791", "ТОО «Ромашка»", "г. Алматы, ул. Абая, " + i, "Касса " + i));
            long token = 1_000 + i;
            for (int t = 1; t <= tickets; t++) {
                logic.onRequest(FrameHeader.of(203, 0, i, token, t), 1, ticket, null, RECEIVED_AT, answer);
                if (!answer.accepted()) {
                    throw new IllegalStateException("ticket of KKM " + i + " refused with " + answer.resultCode());
                }
                token = answer.newToken();
                ledger.indexedUpTo(answer.fiscalSign());
            }
        }
        long fillMs = (System.nanoTime() - start) / 1_000_000;
        long fillCpuMs = (threads.getCurrentThreadCpuTime() - fillCpu) / 1_000_000;
        long after = usedAfterGc(memory);
        long perKkm = (after - before) / kkms;
        String what = tickets == 0 ? "registered only"
            : "registered, " + (tickets == 1 ? "one accepted ticket" : tickets + " accepted tickets") + " each (open shift)";
        System.out.printf("[%s] %,d KKMs in %,d ms wall, %,d ms CPU: heap after GC %,d MiB (+%,d MiB), %,d bytes per "
            + "KKM%n", what, kkms, fillMs, fillCpuMs, after >> 20, (after - before) >> 20, perKkm);
        if (histogram > 0) {
            printHistogram(histogram);
        }
        long bestEncode = Long.MAX_VALUE;
        long bestEncodeCpu = Long.MAX_VALUE;
        long firstEncode = 0;
        byte[] snapshot = null;
        for (int round = 0; round < 2; round++) {
            long cpu = threads.getCurrentThreadCpuTime();
            start = System.nanoTime();
            snapshot = StateSnapshot.write(logic);
            long ns = System.nanoTime() - start;
            bestEncodeCpu = Math.min(bestEncodeCpu, threads.getCurrentThreadCpuTime() - cpu);
            firstEncode = round == 0 ? ns : firstEncode;
            bestEncode = Math.min(bestEncode, ns);
        }
        long cpu = threads.getCurrentThreadCpuTime();
        start = System.nanoTime();
        BusinessLogic restored = logic(new TicketLedger(TicketArchive.EMPTY));
        StateSnapshot.read(snapshot, restored);
        long decodeMs = (System.nanoTime() - start) / 1_000_000;
        long decodeCpuMs = (threads.getCurrentThreadCpuTime() - cpu) / 1_000_000;
        System.out.printf("[%s] snapshot: %,d MiB, %,d bytes per KKM; encoded on the logic thread in %,d ms wall, "
            + "%,d ms CPU (first run %,d ms wall); decoded in %,d ms wall, %,d ms CPU%n", what, snapshot.length >> 20,
            snapshot.length / kkms, bestEncode / 1_000_000, bestEncodeCpu / 1_000_000, firstEncode / 1_000_000,
            decodeMs, decodeCpuMs);
        if (logic.kkmCount() != kkms || restored.kkmCount() != kkms) {
            throw new IllegalStateException("lost KKMs");
        }
    }

    private static BusinessLogic logic(TicketLedger ledger) {
        return new BusinessLogic(new LogicSettings("http://check.bench", "Bench OFD", LogicSettings.KAZAKHSTAN),
            previous -> previous % 4_000_000_000L + 1, ledger);
    }

    /** The JVM's own class histogram (what {@code jcmd PID GC.class_histogram} prints), its first lines. */
    private static void printHistogram(int lines) throws JMException {
        Object text = ManagementFactory.getPlatformMBeanServer().invoke(
            new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
            new Object[] {new String[0]}, new String[] {String[].class.getName()});
        String[] rows = text.toString().split("\n");
        for (int i = 0; i < Math.min(rows.length, lines + 2); i++) {
            System.out.println(rows[i]);
        }
    }

    private static long usedAfterGc(MemoryMXBean memory) {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return memory.getHeapMemoryUsage().getUsed();
    }
}
