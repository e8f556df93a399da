package kz.ofd.simulator.conformance;

import kz.ofd.simulator.provision.KkmCredentials;
import kz.ofd.simulator.provision.KkmFile;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * {@code ofd conformance}: runs one scripted protocol scenario per rule the server claims against any OFD server
 * address, over the wire only (plus the management API for fresh KKMs and blocking), and reports pass or fail per
 * rule with the expected and the actual answer. Exit code 0 when no rule failed, 1 when any failed, 2 for bad
 * options.
 */
public final class ConformanceMain {

    /** Exit code: every rule run passed (some may have been skipped). */
    public static final int EXIT_OK = 0;
    /** Exit code: a rule failed. */
    public static final int EXIT_FAILED = 1;
    /** Exit code: bad command line. */
    public static final int EXIT_USAGE = 2;

    static final String USAGE = """
        usage: ofd conformance --target host:port (--manage URL | --kkm-file FILE) [--only RULE...] [--json FILE]
                               [--timeout-seconds 5]

        Runs one protocol scenario per rule against an OFD server and prints PASS/FAIL per rule with the expected and
        the actual answer, then a total. Exit code 0 when no rule failed, 1 when any failed, 2 for bad options.

          --target host:port   the server's KKM port
          --manage URL         its management API (e.g. http://127.0.0.1:8080): each scenario registers fresh KKMs,
                               and the 'blocked' rule blocks and unblocks one
          --kkm-file FILE      registered KKMs to use instead, one 'id token' a line, taken in order (one per
                               scenario; rules beyond the file's KKMs are skipped). Their shifts get closed, and the
                               file is rewritten with the tokens they hold at the end. May be combined with --manage
                               (then only for blocking).
          --only RULE...       run only these rules (names or comma-separated lists)
          --json FILE          also write the report as JSON
          --timeout-seconds N  connect and answer timeout (default 5)
        """;

    private ConformanceMain() {
    }

    /**
     * @param args command-line arguments (after {@code conformance})
     */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /**
     * The names of every rule, in report order.
     *
     * @return rule names
     */
    public static List<String> ruleNames() {
        return ConformanceRun.catalogue().stream().map(Rule::name).toList();
    }

    /**
     * Runs the kit.
     *
     * @param args command-line arguments
     * @param out  the report
     * @param err  error messages
     * @return the exit code
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("ofd conformance: " + e.getMessage());
            err.print(USAGE);
            err.flush();
            return EXIT_USAGE;
        }
        if (options.help) {
            out.print(USAGE);
            out.flush();
            return EXIT_OK;
        }
        List<KkmCredentials> fileKkms = null;
        if (options.kkmFile != null) {
            try {
                fileKkms = KkmFile.read(options.kkmFile);
            } catch (IOException | IllegalArgumentException e) {
                err.println("ofd conformance: cannot use --kkm-file " + options.kkmFile + ": " + e.getMessage());
                return EXIT_USAGE;
            }
        }
        Duration timeout = Duration.ofSeconds(options.timeoutSeconds);
        ManagementPort manage = options.manage == null ? null
            : new ManagementPort(options.manage, timeout, new SplittableRandom());
        KkmSource kkms = fileKkms != null ? KkmSource.fromFile(fileKkms) : KkmSource.provisioned(manage);
        List<RuleResult> results = new ConformanceRun(options.target, timeout, kkms, manage).run(options.rules);
        ConformanceReport report = new ConformanceReport(options.targetText, results);
        report.print(out);
        int exit = report.anyFailed() ? EXIT_FAILED : EXIT_OK;
        if (options.json != null) {
            exit = write(options.json, report.json(), err, exit);
        }
        if (fileKkms != null) {
            StringBuilder lines = new StringBuilder("# id token (rewritten by ofd conformance with the current tokens)\n");
            kkms.current().forEach(k -> lines.append(k.id()).append(' ').append(k.token()).append('\n'));
            exit = write(options.kkmFile, lines.toString(), err, exit);
        }
        return exit;
    }

    private static int write(Path file, String text, PrintStream err, int exit) {
        try {
            Path dir = file.toAbsolutePath().getParent();
            Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return exit;
        } catch (IOException e) {
            err.println("ofd conformance: cannot write " + file + ": " + e);
            return EXIT_FAILED;
        }
    }

    /** The parsed command line. */
    private static final class Options {
        private boolean help;
        private InetSocketAddress target;
        private String targetText;
        private URI manage;
        private Path kkmFile;
        private Path json;
        private long timeoutSeconds = 5;
        private List<Rule> rules;

        static Options parse(String[] args) {
            Options o = new Options();
            Set<String> only = new LinkedHashSet<>();
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--help", "-h" -> o.help = true;
                    case "--target" -> o.target(value(args, ++i, a));
                    case "--manage" -> o.manage = uri(value(args, ++i, a));
                    case "--kkm-file" -> o.kkmFile = Path.of(value(args, ++i, a));
                    case "--json" -> o.json = Path.of(value(args, ++i, a));
                    case "--timeout-seconds" -> o.timeoutSeconds = positive(value(args, ++i, a), a);
                    case "--only" -> {
                        int before = only.size();
                        while (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                            for (String name : args[++i].split(",")) {
                                if (!name.isBlank()) {
                                    only.add(name.trim());
                                }
                            }
                        }
                        if (only.size() == before) {
                            throw new IllegalArgumentException("--only needs at least one rule name");
                        }
                    }
                    default -> throw new IllegalArgumentException("unknown option " + a);
                }
            }
            if (o.help) {
                return o;
            }
            if (o.target == null) {
                throw new IllegalArgumentException("--target host:port is required");
            }
            if (o.manage == null && o.kkmFile == null) {
                throw new IllegalArgumentException("give --manage URL or --kkm-file FILE");
            }
            o.rules = select(only);
            return o;
        }

        private void target(String text) {
            int colon = text.lastIndexOf(':');
            if (colon <= 0 || colon == text.length() - 1) {
                throw new IllegalArgumentException("--target must be host:port, got " + text);
            }
            int port;
            try {
                port = Integer.parseInt(text.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--target port must be a number, got " + text, e);
            }
            if (port < 1 || port > 0xFFFF) {
                throw new IllegalArgumentException("--target port must be 1..65535, got " + port);
            }
            target = new InetSocketAddress(text.substring(0, colon), port);
            if (target.isUnresolved()) {
                throw new IllegalArgumentException("--target host " + text.substring(0, colon) + " cannot be resolved");
            }
            targetText = text;
        }

        private static List<Rule> select(Set<String> only) {
            List<Rule> all = ConformanceRun.catalogue();
            if (only.isEmpty()) {
                return all;
            }
            List<Rule> chosen = new ArrayList<>();
            for (String name : only) {
                Rule rule = all.stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow(() ->
                    new IllegalArgumentException("no rule named " + name + "; rules: "
                        + String.join(", ", all.stream().map(Rule::name).toList())));
                chosen.add(rule);
            }
            return chosen;
        }

        private static String value(String[] args, int i, String option) {
            if (i >= args.length || args[i].startsWith("--")) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return args[i];
        }

        private static URI uri(String text) {
            try {
                URI u = URI.create(text);
                if (u.getScheme() == null || u.getHost() == null) {
                    throw new IllegalArgumentException("--manage must be a URL like http://127.0.0.1:8080, got " + text);
                }
                return u;
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--manage must be a URL like http://127.0.0.1:8080, got " + text, e);
            }
        }

        private static long positive(String text, String option) {
            try {
                long v = Long.parseLong(text);
                if (v > 0 && v <= 3600) {
                    return v;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new IllegalArgumentException(option + " must be 1..3600, got " + text);
        }
    }
}
