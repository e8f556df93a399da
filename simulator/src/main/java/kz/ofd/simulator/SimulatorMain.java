package kz.ofd.simulator;

import kz.ofd.simulator.provision.KkmCredentials;
import kz.ofd.simulator.provision.KkmFile;
import kz.ofd.simulator.provision.ManagementClient;
import kz.ofd.simulator.provision.ProvisioningException;
import kz.ofd.simulator.stats.RunSummary;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;

/**
 * {@code ofd simulate}: virtual KKMs that talk to an OFD server over the wire only, check every answer, and
 * report throughput and latency. Exit code 0 when nothing went wrong, 1 when any check failed (or provisioning
 * failed), 2 for bad options.
 */
public final class SimulatorMain {

    /** Exit code: no errors. */
    public static final int EXIT_OK = 0;
    /** Exit code: errors seen, or the run could not start. */
    public static final int EXIT_ERRORS = 1;
    /** Exit code: bad command line. */
    public static final int EXIT_USAGE = 2;

    private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(10);

    private SimulatorMain() {
    }

    /**
     * @param args command-line arguments (after {@code simulate})
     */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /**
     * Runs the simulator.
     *
     * @param args command-line arguments
     * @param out  progress and summary
     * @param err  error messages
     * @return the exit code
     */
    static int run(String[] args, PrintStream out, PrintStream err) {
        SimulatorOptions options;
        InetSocketAddress target;
        List<KkmCredentials> kkms = null;
        try {
            options = SimulatorOptions.parse(args);
            if (options.help()) {
                out.print(SimulatorOptions.USAGE);
                out.flush();
                return EXIT_OK;
            }
            target = new InetSocketAddress(options.host(), options.port());
            if (target.isUnresolved()) {
                throw new UsageException("cannot resolve --target host '" + options.host() + "'");
            }
            if (options.kkmFile() != null) {
                kkms = readKkmFile(options);
            }
        } catch (UsageException e) {
            err.println("ofd simulate: " + e.getMessage());
            err.println("Run 'ofd simulate --help' for usage.");
            return EXIT_USAGE;
        }
        if (kkms == null) {
            out.println("ofd simulate: provisioning " + options.kkms() + " KKMs through " + options.manage());
            try {
                kkms = new ManagementClient(options.manage(), HTTP_TIMEOUT)
                    .provision(options.kkms(), new SplittableRandom(options.seed()));
            } catch (ProvisioningException e) {
                err.println("ofd simulate: provisioning failed: " + e.getMessage());
                return EXIT_ERRORS;
            }
        }
        RunSummary summary;
        try {
            summary = new LoadRunner(options, target, kkms, out).run();
        } catch (UncheckedIOException e) {
            err.println("ofd simulate: " + e.getMessage() + ": " + e.getCause().getMessage());
            return EXIT_ERRORS;
        }
        out.print(summary.toText());
        out.flush();
        if (options.jsonFile() != null) {
            try {
                Files.writeString(options.jsonFile(), summary.toJson(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                err.println("ofd simulate: cannot write " + options.jsonFile() + ": " + e.getMessage());
                return EXIT_ERRORS;
            }
        }
        return summary.exitCode();
    }

    private static List<KkmCredentials> readKkmFile(SimulatorOptions options) throws UsageException {
        List<KkmCredentials> all;
        try {
            all = KkmFile.read(options.kkmFile());
        } catch (IOException e) {
            throw new UsageException("cannot read --kkm-file " + options.kkmFile() + ": " + e);
        } catch (IllegalArgumentException e) {
            throw new UsageException("bad --kkm-file " + e.getMessage());
        }
        if (!options.kkmsGiven()) {
            return all;
        }
        if (options.kkms() > all.size()) {
            throw new UsageException("--kkms " + options.kkms() + " but " + options.kkmFile() + " lists only "
                + all.size() + " KKMs");
        }
        return all.subList(0, options.kkms());
    }
}
