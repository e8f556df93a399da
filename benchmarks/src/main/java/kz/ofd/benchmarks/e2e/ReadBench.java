package kz.ofd.benchmarks.e2e;

import kz.ofd.cabinet.spi.FiscalDocuments;
import kz.ofd.engine.cabinet.EngineFiscalDocuments;
import kz.ofd.engine.launcher.OfdServer;
import kz.ofd.engine.launcher.ServerConfiguration;
import kz.ofd.simulator.provision.KkmCredentials;
import org.HdrHistogram.Histogram;
import org.agrona.IoUtil;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The cabinet's two hot queries under full ingestion load (issue 9, item 7): «receipts of one shift» (the first page
 * of 50) and «one receipt by fiscal sign». Starts the real server in this JVM (the cabinet runs in the engine's JVM
 * too), registers KKMs, drives them with the simulator as a child process in keep-alive mode, and meanwhile issues
 * the two queries in a bounded loop from one client thread through the same {@link EngineFiscalDocuments} the
 * cabinet's worker threads use (RocksDB reads and a journal tailer of their own; nothing goes through the ring).
 * The queries start after {@value #WARMUP_SECONDS} s of answers and come every 0.5 ms until the load ends or
 * {@code --queries} pairs were made. Prints p50/p99/p99.9/max of each query (HdrHistogram) and the simulator's own
 * throughput and latency, so a run with {@code --queries 0} is the ingestion baseline to compare with.
 *
 * <pre>
 * ./ofd read-bench [--kkms 200] [--seconds 30] [--queries 200000]
 * </pre>
 */
public final class ReadBench {

    /** Seconds of simulator answers before the queries start. */
    private static final int WARMUP_SECONDS = 3;
    /** Pause between two query pairs, so the queries last as long as the load. */
    private static final long PAUSE_NANOS = TimeUnit.MICROSECONDS.toNanos(500);

    private ReadBench() {
    }

    /**
     * @param args options, see the class comment
     * @throws Exception on any failure
     */
    public static void main(String[] args) throws Exception {
        int kkms = 200;
        int seconds = 30;
        long queries = 200_000;
        for (int i = 0; i < args.length; i += 2) {
            switch (args[i]) {
                case "--kkms" -> kkms = Integer.parseInt(args[i + 1]);
                case "--seconds" -> seconds = Integer.parseInt(args[i + 1]);
                case "--queries" -> queries = Long.parseLong(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                    + "; usage: read-bench [--kkms N] [--seconds N] [--queries N]");
            }
        }
        SimulatorRun.stopChildrenOnExit();
        Path work = Files.createTempDirectory("ofd-read-bench");
        try {
            ServerConfiguration config = new ServerConfiguration().dataDir(work.resolve("data")).kkmHost("127.0.0.1")
                .kkmPort(0).httpPort(0).conclude();
            try (OfdServer server = OfdServer.start(config)) {
                run(server, work, kkms, seconds, queries);
            }
        } finally {
            IoUtil.delete(work.toFile(), false);
        }
    }

    private static void run(OfdServer server, Path work, int kkms, int seconds, long queries) throws Exception {
        URI manage = URI.create("http://127.0.0.1:" + server.httpPort());
        List<KkmCredentials> registered = ParallelProvisioner.provision(manage, kkms, 1_000_001, 32, 42);
        Path kkmFile = work.resolve("kkms.txt");
        ParallelProvisioner.writeKkmFile(kkmFile, registered);
        Path json = work.resolve("sim.json");
        SimulatorRun sim = new SimulatorRun("127.0.0.1:" + server.kkmPort(), null, kkmFile, "keepalive", kkms, seconds,
            true, 7, json, List.of());
        CompletableFuture<SimulatorRun.Summary> load = CompletableFuture.supplyAsync(() -> {
            try {
                return sim.run(work.resolve("sim.log"), json, seconds + 120L);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        FiscalDocuments documents = new EngineFiscalDocuments(server.receipts());
        Histogram shiftPage = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
        Histogram bySign = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
        SplittableRandom random = new SplittableRandom(1);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds + 120L);
        // Measure under load only: from the simulator's third second of answers to its end.
        while (sim.tick(WARMUP_SECONDS) == null && !load.isDone() && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
        long empty = 0;
        long missing = 0;
        for (long q = 0; q < queries && !load.isDone() && System.nanoTime() < deadline; q++) {
            LockSupport.parkNanos(PAUSE_NANOS);   // a steady stream of queries through the whole load
            long ofdId = registered.get(random.nextInt(registered.size())).id();
            long start = System.nanoTime();
            FiscalDocuments.Page page = documents.receipts(new FiscalDocuments.Query(ofdId, 1, 1, 0, Long.MAX_VALUE),
                null, 50);
            long afterPage = System.nanoTime();
            shiftPage.recordValue(afterPage - start);
            if (page.receipts().isEmpty()) {
                empty++;
                Thread.onSpinWait();
                continue;
            }
            String sign = page.receipts().get(random.nextInt(page.receipts().size())).fiscalSign();
            long signStart = System.nanoTime();
            boolean found = documents.receipt(ofdId, Long.parseLong(sign)).isPresent();
            bySign.recordValue(System.nanoTime() - signStart);
            missing += found ? 0 : 1;
        }
        SimulatorRun.Summary summary = load.get();
        System.out.printf("read-bench: %d KKMs, %d s of simulator load (keep-alive), queries from one client thread%n",
            kkms, seconds);
        print("receipts of one shift (first page of 50)", shiftPage);
        print("one receipt by fiscal sign", bySign);
        System.out.printf("  pages still empty (KKM without receipts yet): %,d; signs not found: %,d%n", empty, missing);
        System.out.printf("ingestion meanwhile: %,d answers, %,.0f req/s, p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, "
            + "errors %d (simulator exit %d)%n", summary.requests(), summary.throughput(), summary.p50Ms(),
            summary.p99Ms(), summary.p999Ms(), summary.errors(), summary.exitCode());
    }

    private static void print(String what, Histogram h) {
        System.out.printf("  %-42s n=%,9d  p50 %8.1f µs  p99 %8.1f µs  p99.9 %8.1f µs  max %8.1f µs%n", what,
            h.getTotalCount(), h.getValueAtPercentile(50) / 1e3, h.getValueAtPercentile(99) / 1e3,
            h.getValueAtPercentile(99.9) / 1e3, h.getMaxValue() / 1e3);
    }
}
