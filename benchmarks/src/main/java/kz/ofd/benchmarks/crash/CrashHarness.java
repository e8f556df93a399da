package kz.ofd.benchmarks.crash;

import kz.ofd.simulator.provision.KkmCredentials;
import kz.ofd.simulator.provision.ManagementClient;
import kz.ofd.storage.index.DocumentEntry;
import kz.ofd.storage.index.DocumentIndex;
import org.agrona.IoUtil;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kills the OFD server with SIGKILL under load, many times, and proves from the registers' own records that
 * nothing acknowledged was lost or duplicated (issue 5).
 *
 * <p>The server runs as a separate JVM on a temporary data directory, snapshotting every second so that kills
 * also land around snapshots. Virtual registers ({@link HarnessKkm}) send deposits, cash and card sales, partial
 * returns of their own sales and shift closes, one connection per request, and re-send an unanswered request
 * unchanged after the server comes back. Between kills the load runs for a random time; each restart is followed by
 * every register checking that its last acknowledged document, sent again, gets the identical answer, and that the
 * server's X report equals its own tally. At the end the server is stopped gracefully and
 * <ul>
 *   <li>{@code ofd verify} must pass (signs unique and in order, per-KKM chains, index = journal, snapshots =
 *       replay);</li>
 *   <li>every fiscal sign a register received is in the index, for that register (lost = 0);</li>
 *   <li>the journal holds exactly the documents the registers were acknowledged (duplicates = 0).</li>
 * </ul>
 *
 * <pre>
 * ./ofd crash-test [--kills 20] [--kkms 16] [--seed N] [--min-ms 100] [--max-ms 1500] [--durability async|sync]
 *                  [--keep-data]
 * </pre>
 */
public final class CrashHarness {

    private static final Pattern DOCUMENTS = Pattern.compile("(\\d+) documents");

    private CrashHarness() {
    }

    /**
     * What a run found.
     *
     * @param seed          the seed (the run is reproducible in its choices, not its timing)
     * @param kills         SIGKILLs delivered under load
     * @param acknowledged  documents the registers were told were accepted
     * @param signs         fiscal signs among them
     * @param journaled     documents in the journal at the end
     * @param lost          acknowledged signs missing from the index or filed under another KKM
     * @param duplicates    journaled documents no register was acknowledged for
     * @param resent        requests sent again after a failed exchange
     * @param lastChecks    "last document again" checks after restarts
     * @param reportChecks  X report checks after restarts
     * @param failures      what went wrong (empty on success)
     * @param dataDir       the data directory (deleted unless kept)
     */
    public record Report(long seed, int kills, long acknowledged, long signs, long journaled, long lost, long duplicates,
                         long resent, long lastChecks, long reportChecks, List<String> failures, Path dataDir) {

        /** @return true when nothing was lost or duplicated and every check passed */
        public boolean ok() {
            return failures.isEmpty() && lost == 0 && duplicates == 0;
        }

        @Override
        public String toString() {
            return String.format("seed %d: %d kills, %d documents acknowledged (%d fiscal signs), %d journaled, lost %d, "
                    + "duplicates %d; %d requests re-sent after a failed exchange, %d last-answer and %d X-report checks "
                    + "after restarts; %d failures%s", seed, kills, acknowledged, signs, journaled, lost, duplicates, resent,
                lastChecks, reportChecks, failures.size(), failures.isEmpty() ? "" : ": " + failures);
        }
    }

    /**
     * Run options.
     *
     * @param kills      SIGKILLs to deliver
     * @param kkms       virtual registers
     * @param seed       seed of every random choice
     * @param minMillis  shortest load between a restart and the next kill
     * @param maxMillis  longest load between a restart and the next kill
     * @param durability {@code async} or {@code sync}
     * @param dataDir    data directory (empty or absent)
     */
    public record Options(int kills, int kkms, long seed, long minMillis, long maxMillis, String durability, Path dataDir) {
    }

    /**
     * @param args options, see the class comment
     * @throws Exception on a harness failure (not a finding)
     */
    public static void main(String[] args) throws Exception {
        int kills = 20;
        int kkms = 16;
        long seed = System.nanoTime();
        long min = 100;
        long max = 1_500;
        String durability = "async";
        boolean keep = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--kills" -> kills = Integer.parseInt(args[++i]);
                case "--kkms" -> kkms = Integer.parseInt(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--min-ms" -> min = Long.parseLong(args[++i]);
                case "--max-ms" -> max = Long.parseLong(args[++i]);
                case "--durability" -> durability = args[++i];
                case "--keep-data" -> keep = true;
                default -> {
                    System.err.println("usage: crash-test [--kills 20] [--kkms 16] [--seed N] [--min-ms 100] "
                        + "[--max-ms 1500] [--durability async|sync] [--keep-data]");
                    System.exit(2);
                }
            }
        }
        Path data = Files.createTempDirectory("ofd-crash");
        System.out.println("crash-test: seed " + seed + ", data " + data);
        Report report = run(new Options(kills, kkms, seed, min, max, durability, data));
        System.out.println(report);
        if (!keep && report.ok()) {
            IoUtil.delete(data.toFile(), false);
        }
        System.exit(report.ok() ? 0 : 1);
    }

    /**
     * Runs the harness.
     *
     * @param o options
     * @return the findings
     * @throws Exception on a harness failure (the server cannot start, ...)
     */
    public static Report run(Options o) throws Exception {
        SplittableRandom random = new SplittableRandom(o.seed());
        int kkmPort = freePort();
        int httpPort = freePort();
        Path log = o.dataDir().resolve("server.log");
        Files.createDirectories(o.dataDir());
        List<String> command = ServerProcess.command(o.dataDir().resolve("data"), kkmPort, httpPort,
            List.of("-Dofd.snapshot.interval.seconds=1", "-Dofd.durability=" + o.durability(), "-Dofd.kkm.host=127.0.0.1"));
        ServerProcess server = ServerProcess.start(command, log);
        List<KkmCredentials> credentials = new ManagementClient(URI.create("http://127.0.0.1:" + httpPort),
            Duration.ofSeconds(10)).provision(o.kkms(), random.split());

        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger round = new AtomicInteger();
        Queue<String> failures = new ConcurrentLinkedQueue<>();
        List<HarnessKkm> kkms = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (KkmCredentials c : credentials) {
            HarnessKkm kkm = new HarnessKkm(c.id(), c.token(), ManagementClient.rnm(c.id()), kkmPort, random.nextLong(),
                stop, round, failures);
            kkms.add(kkm);
            Thread t = new Thread(kkm, "kkm-" + c.id());
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        int kills = 0;
        try {
            for (; kills < o.kills() && failures.isEmpty(); kills++) {
                park(o.minMillis() + random.nextLong(o.maxMillis() - o.minMillis() + 1));
                server.kill9();
                server = ServerProcess.start(command, log);
                round.incrementAndGet();
            }
            park(o.maxMillis());   // let the registers check the last restart
            stop.set(true);
            for (Thread t : threads) {
                t.join(TimeUnit.SECONDS.toMillis(60));
                if (t.isAlive()) {
                    failures.add(t.getName() + " did not finish its last request within 60 s");
                }
            }
        } finally {
            server.stop();
        }
        return findings(o, kills, kkms, failures);
    }

    private static Report findings(Options o, int kills, List<HarnessKkm> kkms, Queue<String> failures) throws Exception {
        Path data = o.dataDir().resolve("data");
        List<String> verify = new ArrayList<>(ServerProcess.command(data, 0, 0, List.of()));
        verify.subList(verify.indexOf("server"), verify.size()).clear();
        verify.addAll(List.of("verify", "--data", data.toString()));
        Process p = new ProcessBuilder(verify).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            failures.add("ofd verify failed:\n" + output);
        }
        Matcher m = DOCUMENTS.matcher(output);
        long journaled = m.find() ? Long.parseLong(m.group(1)) : -1;

        long acknowledged = 0;
        long signs = 0;
        long lost = 0;
        long resent = 0;
        long lastChecks = 0;
        long reportChecks = 0;
        Set<String> unique = new HashSet<>();
        try (DocumentIndex index = DocumentIndex.openReadOnly(data.resolve("index"))) {
            for (HarnessKkm k : kkms) {
                acknowledged += k.acknowledgedDocuments;
                resent += k.resentAfterFailure;
                lastChecks += k.lastAnswerChecks;
                reportChecks += k.reportChecks;
                for (String sign : k.acknowledgedSigns) {
                    signs++;
                    if (!unique.add(sign)) {
                        failures.add("fiscal sign " + sign + " was given to two documents");
                    }
                    Optional<DocumentEntry> entry = index.findBySign(Long.parseLong(sign));
                    if (entry.isEmpty() || entry.get().kkmId() != k.id()) {
                        lost++;
                    }
                }
            }
        }
        long duplicates = journaled < 0 ? -1 : Math.max(0, journaled - acknowledged);
        if (journaled >= 0 && journaled < acknowledged) {
            failures.add("the journal has " + journaled + " documents but " + acknowledged + " were acknowledged");
        }
        return new Report(o.seed(), kills, acknowledged, signs, journaled, lost, duplicates, resent, lastChecks,
            reportChecks, List.copyOf(failures), o.dataDir());
    }

    private static void park(long millis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        for (long left = millis; left > 0; left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(left));
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

}
