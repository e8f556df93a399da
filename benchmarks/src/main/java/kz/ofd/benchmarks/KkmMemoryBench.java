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

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/**
 * Memory at national scale (issue 7): registers N KKMs in the business logic, has each accept one 3-item ticket (so
 * every KKM holds a last answer and open-shift counters, as a working register does), and reports the heap after
 * GC per KKM, then the snapshot's size and how long the logic thread takes to encode it.
 *
 * <pre>
 * ./ofd kkm-memory-bench [--kkms 1000000]
 * </pre>
 */
public final class KkmMemoryBench {

    private KkmMemoryBench() {
    }

    /**
     * @param args options, see the class comment
     */
    public static void main(String[] args) {
        int kkms = args.length == 2 && args[0].equals("--kkms") ? Integer.parseInt(args[1]) : 1_000_000;
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long before = usedAfterGc(memory);
        TicketLedger ledger = new TicketLedger(TicketArchive.EMPTY);
        BusinessLogic logic = new BusinessLogic(new LogicSettings("http://check.bench", "Bench OFD",
            LogicSettings.KAZAKHSTAN), previous -> previous % 4_000_000_000L + 1, ledger);
        Request ticket = RequestDecodeBenchmark.ticket(3);
        Answer answer = new Answer();
        long start = System.nanoTime();
        for (int i = 1; i <= kkms; i++) {
            logic.register(new KkmRegistration(i, 1_000 + i, String.format("62%010d", i), "SN" + i, "Штрих-М 01",
                "180340021791", "ТОО «Ромашка»", "г. Алматы, ул. Абая, " + i, "Касса " + i));
            logic.onRequest(FrameHeader.of(203, 0, i, 1_000 + i, 1), 1, ticket, null, 1_795_419_060_000L, answer);
            if (!answer.accepted()) {
                throw new IllegalStateException("ticket of KKM " + i + " refused with " + answer.resultCode());
            }
            ledger.indexedUpTo(answer.fiscalSign());
        }
        long fillMs = (System.nanoTime() - start) / 1_000_000;
        long after = usedAfterGc(memory);
        long perKkm = (after - before) / kkms;
        System.out.printf("%,d KKMs (each registered and with one accepted ticket) in %,d ms: heap after GC %,d MB "
            + "(+%,d MB), %,d bytes per KKM%n", kkms, fillMs, after >> 20, (after - before) >> 20, perKkm);
        start = System.nanoTime();
        byte[] snapshot = StateSnapshot.write(logic);
        long encodeMs = (System.nanoTime() - start) / 1_000_000;
        System.out.printf("snapshot: %,d MB, %,d bytes per KKM, encoded on the logic thread in %,d ms%n",
            snapshot.length >> 20, snapshot.length / kkms, encodeMs);
        if (logic.kkmCount() != kkms) {
            throw new IllegalStateException("lost KKMs");
        }
    }

    private static long usedAfterGc(MemoryMXBean memory) {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return memory.getHeapMemoryUsage().getUsed();
    }
}
