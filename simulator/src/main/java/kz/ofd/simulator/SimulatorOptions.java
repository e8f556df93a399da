package kz.ofd.simulator;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * Parsed command line of {@code ofd simulate}.
 *
 * @param host             OFD host
 * @param port             OFD KKM port
 * @param kkms             number of virtual KKMs
 * @param kkmsGiven        whether {@code --kkms} was given explicitly
 * @param mode             connection style
 * @param duration         how long new requests are sent
 * @param manage           management API base URL, or {@code null}
 * @param kkmFile          file with existing KKMs, or {@code null}
 * @param jsonFile         where to write the JSON summary, or {@code null}
 * @param seed             random seed
 * @param version          protocol version put in request headers
 * @param closeShiftEvery  tickets per shift before the KKM closes it
 * @param mix              request mix
 * @param connectTimeout   connect timeout
 * @param readTimeout      answer timeout
 * @param checks           whether answers are checked ({@code --checks on}); off: only counted by result code
 * @param rate             open loop: requests per second in total over all KKMs; 0: closed loop
 * @param histogramLog     where to write an HdrHistogram interval log (one histogram per second), or {@code null}
 * @param help             whether only the usage text was asked for
 */
public record SimulatorOptions(String host, int port, int kkms, boolean kkmsGiven, Mode mode, Duration duration,
                               URI manage, Path kkmFile, Path jsonFile, long seed, int version, int closeShiftEvery,
                               Mix mix, Duration connectTimeout, Duration readTimeout, boolean checks,
                               double rate, Path histogramLog, boolean help) {

    /** Default number of KKMs. */
    public static final int DEFAULT_KKMS = 16;
    /** Default seed, so that two runs without {@code --seed} send the same documents. */
    public static final long DEFAULT_SEED = 42;
    /** Default header version (2.0.3). */
    public static final int DEFAULT_VERSION = 203;
    /** Default tickets per shift. */
    public static final int DEFAULT_CLOSE_SHIFT_EVERY = 50;

    /** Highest {@code --rate} accepted, requests per second. */
    public static final double MAX_RATE = 10_000_000;

    /** The text printed by {@code --help}. */
    public static final String USAGE = """
        Usage: ofd simulate --target HOST:PORT (--manage URL | --kkm-file FILE) [options]

        Runs virtual KKMs against an OFD server over the KKM binary protocol 2.0.3 (one request in flight per
        KKM), closed loop or at a fixed rate, checks every answer, prints a progress line every second and at the
        end throughput, latency percentiles, answers by result code and the checks that failed.

        Required:
          --target HOST:PORT          the server's KKM port, e.g. 127.0.0.1:7777
          --manage URL                provision fresh KKMs through the management API (POST URL/api/kkms), or
          --kkm-file FILE             use existing KKMs: one "id token" or "id,token" per line, # starts a comment

        Options:
          --kkms N                    number of virtual KKMs (default 16; with --kkm-file all KKMs in the file)
          --mode keepalive|per-request
                                      keepalive: one connection per KKM kept open (default);
                                      per-request: connect, send, read, close for every request, like real KKMs
          --duration D                how long to send new requests: 500ms, 20s, 2m (default 20s)
          --rate R                    open loop: R requests/s in total, spread evenly over the KKMs, each on a
                                      fixed schedule; latency counts from the intended send time, so a stall
                                      delays (and shows in) every request behind it; requests sent after their
                                      time because the previous answer was late are reported as late.
                                      Without --rate: closed loop, each KKM sends its next request at once
          --json FILE                 also write the summary as JSON to FILE
          --histogram-log FILE        write an HdrHistogram interval log (one latency histogram per second,
                                      values in microseconds; HistogramLogProcessor shows them in ms)
          --seed S                    random seed for ids, tokens and documents (default 42)
          --version V                 protocol version in the frame header (default 203)
          --close-shift-every M       each KKM closes its shift after M tickets (default 50)
          --help                      print this text and exit

        Advanced:
          --mix full|basic|tickets-only
                                      full (default): sells, buys, returns of the KKM's own earlier tickets,
                                      deposits, withdrawals, X reports, shift closes, offline bursts and re-sends of
                                      offline tickets, retries of the last document, reconnects (keepalive);
                                      basic: sells, buys, deposits, X reports and shift closes;
                                      tickets-only: nothing but sells and buys
          --connect-timeout D         connect timeout (default 5s, as real KKMs)
          --read-timeout D            answer timeout (default 7s, as real KKMs)
          --checks on|off             on: check every answer (default); off: only count answers by result code
                                      (or as unparsed) and adopt whatever token comes back, so the same KKMs and
                                      frames can drive a trivial server that answers every frame the same way

        Exit codes: 0 no errors, 1 errors were seen (or provisioning failed), 2 bad options.
        """;

    /** How a KKM uses TCP connections. */
    public enum Mode {
        /** One connection per KKM, kept open for the whole run. */
        KEEPALIVE("keepalive"),
        /** A new connection for every request, closed after the answer (what real KKMs do). */
        PER_REQUEST("per-request");

        private final String cliName;

        Mode(String cliName) {
            this.cliName = cliName;
        }

        /**
         * @return the name used on the command line and in summaries
         */
        public String cliName() {
            return cliName;
        }
    }

    /** Which commands the virtual KKMs send. */
    public enum Mix {
        /**
         * Sells, buys, returns of earlier tickets, deposits, withdrawals, X reports, a shift close every N tickets,
         * offline bursts and re-sends, retries of the last document and reconnects.
         */
        FULL("full"),
        /** Sells and buys, deposits, X reports and a shift close every N tickets (no returns, retries or offline). */
        BASIC("basic"),
        /** Only tickets. */
        TICKETS_ONLY("tickets-only");

        private final String cliName;

        Mix(String cliName) {
            this.cliName = cliName;
        }

        /**
         * @return the name used on the command line
         */
        public String cliName() {
            return cliName;
        }
    }

    /**
     * Parses the arguments that follow {@code ofd simulate}.
     *
     * @param args arguments; {@code --name value} and {@code --name=value} are both accepted
     * @return the options ({@link #help()} set and nothing checked if {@code --help} was given)
     * @throws UsageException if an option is unknown, lacks a value, has a bad value, or a required one is missing
     */
    public static SimulatorOptions parse(String[] args) throws UsageException {
        for (String arg : args) {
            if (arg.equals("--help") || arg.equals("-h")) {
                return new SimulatorOptions(null, 0, DEFAULT_KKMS, false, Mode.KEEPALIVE, Duration.ofSeconds(20),
                    null, null, null, DEFAULT_SEED, DEFAULT_VERSION, DEFAULT_CLOSE_SHIFT_EVERY, Mix.FULL,
                    Duration.ofSeconds(5), Duration.ofSeconds(7), true, 0, null, true);
            }
        }
        Parser p = new Parser();
        int i = 0;
        while (i < args.length) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new UsageException("unexpected argument '" + arg + "'");
            }
            String name = arg;
            String value;
            int eq = arg.indexOf('=');
            if (eq > 0) {
                name = arg.substring(0, eq);
                value = arg.substring(eq + 1);
                i++;
            } else {
                if (i + 1 >= args.length) {
                    throw new UsageException("option " + name + " needs a value");
                }
                value = args[i + 1];
                i += 2;
            }
            p.accept(name, value);
        }
        return p.build();
    }

    /**
     * Parses a duration such as {@code 500ms}, {@code 20s}, {@code 2m} or {@code 1h}.
     *
     * @param text the duration text
     * @return the positive duration
     * @throws UsageException if the text is not a positive duration in one of those units
     */
    public static Duration parseDuration(String text) throws UsageException {
        String t = text.trim().toLowerCase(Locale.ROOT);
        int unitAt = 0;
        while (unitAt < t.length() && Character.isDigit(t.charAt(unitAt))) {
            unitAt++;
        }
        if (unitAt == 0 || unitAt > 12) {
            throw new UsageException("bad duration '" + text + "': use a whole number with ms, s, m or h, e.g. 20s");
        }
        long n = Long.parseLong(t.substring(0, unitAt));
        Duration d = switch (t.substring(unitAt)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> throw new UsageException("bad duration '" + text + "': use a whole number with ms, s, m or h, e.g. 20s");
        };
        if (d.isZero()) {
            throw new UsageException("bad duration '" + text + "': must be greater than zero");
        }
        return d;
    }

    /** Collects option values, then checks them together. */
    private static final class Parser {
        private String target;
        private Integer kkms;
        private Mode mode = Mode.KEEPALIVE;
        private Duration duration = Duration.ofSeconds(20);
        private URI manage;
        private Path kkmFile;
        private Path jsonFile;
        private long seed = DEFAULT_SEED;
        private int version = DEFAULT_VERSION;
        private int closeShiftEvery = DEFAULT_CLOSE_SHIFT_EVERY;
        private Mix mix = Mix.FULL;
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration readTimeout = Duration.ofSeconds(7);
        private boolean checks = true;
        private double rate;
        private Path histogramLog;

        void accept(String name, String value) throws UsageException {
            switch (name) {
                case "--target" -> target = value;
                case "--kkms" -> kkms = (int) number(name, value, 1, 1_000_000);
                case "--mode" -> mode = mode(value);
                case "--duration" -> duration = parseDuration(value);
                case "--manage" -> manage = url(value);
                case "--kkm-file" -> kkmFile = Path.of(value);
                case "--json" -> jsonFile = Path.of(value);
                case "--seed" -> seed = number(name, value, Long.MIN_VALUE, Long.MAX_VALUE);
                case "--version" -> version = (int) number(name, value, 1, 0xFFFF);
                case "--close-shift-every" -> closeShiftEvery = (int) number(name, value, 1, Integer.MAX_VALUE);
                case "--mix" -> mix = mix(value);
                case "--connect-timeout" -> connectTimeout = parseDuration(value);
                case "--read-timeout" -> readTimeout = parseDuration(value);
                case "--checks" -> checks = onOff(name, value);
                case "--rate" -> rate = positive(name, value);
                case "--histogram-log" -> histogramLog = Path.of(value);
                default -> throw new UsageException("unknown option " + name);
            }
        }

        SimulatorOptions build() throws UsageException {
            if (target == null) {
                throw new UsageException("--target HOST:PORT is required");
            }
            if ((manage == null) == (kkmFile == null)) {
                throw new UsageException("give exactly one of --manage URL or --kkm-file FILE");
            }
            int colon = target.lastIndexOf(':');
            if (colon <= 0 || colon == target.length() - 1) {
                throw new UsageException("bad --target '" + target + "': expected HOST:PORT, e.g. 127.0.0.1:7777");
            }
            String host = target.substring(0, colon);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            int port = (int) number("--target port", target.substring(colon + 1), 1, 0xFFFF);
            return new SimulatorOptions(host, port, kkms == null ? DEFAULT_KKMS : kkms, kkms != null, mode, duration,
                manage, kkmFile, jsonFile, seed, version, closeShiftEvery, mix, connectTimeout, readTimeout, checks,
                rate, histogramLog, false);
        }

        private static long number(String name, String value, long min, long max) throws UsageException {
            long n;
            try {
                n = Long.parseLong(value.trim());
            } catch (NumberFormatException e) {
                throw new UsageException("bad " + name + " '" + value + "': not a whole number");
            }
            if (n < min || n > max) {
                throw new UsageException("bad " + name + " '" + value + "': must be " + min + ".." + max);
            }
            return n;
        }

        private static double positive(String name, String value) throws UsageException {
            double d;
            try {
                d = Double.parseDouble(value.trim());
            } catch (NumberFormatException e) {
                throw new UsageException("bad " + name + " '" + value + "': not a number");
            }
            if (!(d > 0) || d > MAX_RATE) {
                throw new UsageException("bad " + name + " '" + value + "': must be above 0 and at most " + (long) MAX_RATE);
            }
            return d;
        }

        private static boolean onOff(String name, String value) throws UsageException {
            return switch (value) {
                case "on" -> true;
                case "off" -> false;
                default -> throw new UsageException("bad " + name + " '" + value + "': use on or off");
            };
        }

        private static Mode mode(String value) throws UsageException {
            for (Mode m : Mode.values()) {
                if (m.cliName().equals(value)) {
                    return m;
                }
            }
            throw new UsageException("bad --mode '" + value + "': use keepalive or per-request");
        }

        private static Mix mix(String value) throws UsageException {
            for (Mix m : Mix.values()) {
                if (m.cliName().equals(value)) {
                    return m;
                }
            }
            throw new UsageException("bad --mix '" + value + "': use full, basic or tickets-only");
        }

        private static URI url(String value) throws UsageException {
            try {
                URI uri = new URI(value);
                if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                    throw new UsageException("bad --manage '" + value + "': expected http://HOST:PORT");
                }
                return uri;
            } catch (URISyntaxException e) {
                throw new UsageException("bad --manage '" + value + "': " + e.getMessage());
            }
        }
    }
}
