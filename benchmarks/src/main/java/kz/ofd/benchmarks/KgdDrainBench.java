package kz.ofd.benchmarks;

import kz.ofd.engine.launcher.OfdServer;
import kz.ofd.engine.launcher.ServerConfiguration;
import kz.ofd.simulator.kgd.KgdSimulator;
import org.agrona.IoUtil;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * How fast the KGD gateway drains a backlog (issue 6): writes a journal of N documents as if KGD had been down
 * while they arrived (the same writer as {@link RestartBench}), starts the real server forwarding to an in-process
 * KGD simulator, and times until every document is acknowledged.
 *
 * <pre>
 * ./ofd kgd-drain-bench [--documents 1000000] [--kkms 1000] [--batch 500]
 * </pre>
 */
public final class KgdDrainBench {

    private static final long LIMIT_NANOS = TimeUnit.MINUTES.toNanos(20);

    private KgdDrainBench() {
    }

    /**
     * @param args options, see the class comment
     * @throws Exception on any failure
     */
    public static void main(String[] args) throws Exception {
        long documents = 1_000_000;
        int kkms = 1_000;
        int batch = 500;
        for (int i = 0; i < args.length; i += 2) {
            switch (args[i]) {
                case "--documents" -> documents = Long.parseLong(args[i + 1]);
                case "--kkms" -> kkms = Integer.parseInt(args[i + 1]);
                case "--batch" -> batch = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                    + "; usage: kgd-drain-bench [--documents N] [--kkms N] [--batch N]");
            }
        }
        Path data = Files.createTempDirectory("ofd-kgd-drain");
        try (KgdSimulator kgd = new KgdSimulator(null, 1)) {
            RestartBench.write(data, documents, kkms, 3);
            int port = kgd.start("127.0.0.1", 0);
            ServerConfiguration config = new ServerConfiguration().dataDir(data).kkmHost("127.0.0.1").kkmPort(0)
                .httpPort(0).snapshotIntervalSeconds(0).kgdBatchSize(batch)
                .kgdUrl("http://127.0.0.1:" + port + KgdSimulator.DOCUMENTS_PATH).conclude();
            long start = System.nanoTime();
            try (OfdServer server = OfdServer.start(config)) {
                long started = System.nanoTime();
                while (kgd.documentCount() < documents && System.nanoTime() - start < LIMIT_NANOS) {
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
                }
                long drained = System.nanoTime();
                double seconds = (drained - started) / 1e9;
                System.out.printf("backlog of %,d documents (batches of %d): drained in %.1f s after a %.1f s start, "
                        + "%,.0f documents/s; KGD holds %,d, duplicates %d, failures %s%n", documents, batch, seconds,
                    (started - start) / 1e9, kgd.documentCount() / seconds, kgd.documentCount(), kgd.duplicateCount(),
                    server.kgd().status().getJsonObject("failures").encode());
            }
        } finally {
            IoUtil.delete(data.toFile(), false);
        }
    }
}
