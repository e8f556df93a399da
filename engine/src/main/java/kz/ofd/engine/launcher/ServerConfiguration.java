package kz.ofd.engine.launcher;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * The server's one configuration object. Each option has a {@code *_PROP} key (usable in a {@code --config}
 * properties file or as a {@code -D} system property) and a {@code *_DEFAULT}. Setters are fluent;
 * {@link #conclude()} validates everything with precise messages and freezes the object.
 * docs/operations.md lists the same options; a test keeps the two in step.
 */
public final class ServerConfiguration {

    /** Data directory (journal, index, lock). */
    public static final String DATA_DIR_PROP = "ofd.data.dir";
    /** Default data directory. */
    public static final String DATA_DIR_DEFAULT = "data";
    /** Address the KKM port binds to. */
    public static final String KKM_HOST_PROP = "ofd.kkm.host";
    /** Default KKM bind address: every interface (registers connect from the OFD's network). */
    public static final String KKM_HOST_DEFAULT = "0.0.0.0";
    /** KKM protocol port. */
    public static final String KKM_PORT_PROP = "ofd.kkm.port";
    /** Default KKM port (the port Kazakhtelecom's OFD uses). */
    public static final int KKM_PORT_DEFAULT = 7777;
    /** Address the management HTTP port binds to. */
    public static final String HTTP_HOST_PROP = "ofd.http.host";
    /** Default management bind address: loopback only. */
    public static final String HTTP_HOST_DEFAULT = "127.0.0.1";
    /** Management HTTP port. */
    public static final String HTTP_PORT_PROP = "ofd.http.port";
    /** Default management port. */
    public static final int HTTP_PORT_DEFAULT = 8080;
    /** Largest accepted frame, header included, bytes. */
    public static final String MAX_FRAME_PROP = "ofd.kkm.max.frame.bytes";
    /** Default frame cap: 1 MiB (a 30-item ticket is about 2 KiB). */
    public static final int MAX_FRAME_DEFAULT = 1 << 20;
    /** Idle connection timeout, milliseconds. */
    public static final String IDLE_TIMEOUT_PROP = "ofd.kkm.idle.timeout.ms";
    /** Default idle timeout: 60 s (registers use 5-7 s per exchange). */
    public static final long IDLE_TIMEOUT_DEFAULT = 60_000;
    /** Netty I/O threads for the KKM port. */
    public static final String IO_THREADS_PROP = "ofd.kkm.io.threads";
    /** Default I/O threads: the number of cores. */
    public static final int IO_THREADS_DEFAULT = Runtime.getRuntime().availableProcessors();
    /** Transport: auto (epoll when available) or nio. */
    public static final String TRANSPORT_PROP = "ofd.kkm.transport";
    /** Default transport. */
    public static final String TRANSPORT_DEFAULT = "auto";
    /** Ring size (power of two). */
    public static final String RING_SIZE_PROP = "ofd.ring.size";
    /** Default ring size. */
    public static final int RING_SIZE_DEFAULT = 16_384;
    /** How idle ring stages wait: sleeping, blocking or yielding. */
    public static final String RING_WAIT_PROP = "ofd.ring.wait";
    /** Default ring wait strategy. */
    public static final String RING_WAIT_DEFAULT = "parking";
    /** Durability: async (page cache) or sync (group commit forced to disk before answers). */
    public static final String DURABILITY_PROP = "ofd.durability";
    /** Default durability. */
    public static final String DURABILITY_DEFAULT = "async";
    /** Base URL of the public receipt check site, used in QR codes. */
    public static final String CHECK_URL_PROP = "ofd.check.url";
    /** Default check URL (a local one: set the public host, and {@link #CHECK_PORT_PROP} to serve its page). */
    public static final String CHECK_URL_DEFAULT = "http://localhost:8080/check";
    /** Hours a shift may stay open before online documents get OPEN_SHIFT_TIMEOUT_EXPIRED (11). */
    public static final String SHIFT_MAX_HOURS_PROP = "ofd.shift.max.hours";
    /** Default shift limit: the legal 24 hours. */
    public static final int SHIFT_MAX_HOURS_DEFAULT = 24;
    /** OFD name shown to 2.0.4 registers. */
    public static final String OFD_NAME_PROP = "ofd.name";
    /** Default OFD name. */
    public static final String OFD_NAME_DEFAULT = "OFD Engine";
    /** Seconds between snapshots of the logic state (0 = only at shutdown and on request). */
    public static final String SNAPSHOT_INTERVAL_PROP = "ofd.snapshot.interval.seconds";
    /** Default snapshot interval: 5 minutes. */
    public static final int SNAPSHOT_INTERVAL_DEFAULT = 300;
    /** Seconds a graceful stop may take before the process is halted. */
    public static final String SHUTDOWN_TIMEOUT_PROP = "ofd.shutdown.timeout.seconds";
    /** Default shutdown timeout. */
    public static final int SHUTDOWN_TIMEOUT_DEFAULT = 30;
    /** KGD document endpoint; empty = no forwarding. */
    public static final String KGD_URL_PROP = "ofd.kgd.url";
    /** Most documents per KGD batch. */
    public static final String KGD_BATCH_PROP = "ofd.kgd.batch.size";
    /** Longest wait for a KGD batch to fill, ms. */
    public static final String KGD_LINGER_PROP = "ofd.kgd.linger.ms";
    /** Minutes a document may wait for KGD (the legal limit is 15). */
    public static final String KGD_DEADLINE_PROP = "ofd.kgd.deadline.minutes";
    /** PEM PKCS#8 private key the OFD signs KGD batches with; empty = a generated test key. */
    public static final String KGD_KEY_PROP = "ofd.kgd.key";
    /** PEM certificate of that key. */
    public static final String KGD_CERT_PROP = "ofd.kgd.cert";
    /** Snapshots kept (older ones are deleted after each new one). */
    public static final String SNAPSHOT_KEEP_PROP = "ofd.snapshot.keep";
    /** Default number of snapshots kept. */
    public static final int SNAPSHOT_KEEP_DEFAULT = 3;
    /** Cabinet REST port; -1 = no cabinet, 0 = any free port. */
    public static final String CABINET_PORT_PROP = "ofd.cabinet.port";
    /** Default: no cabinet. */
    public static final int CABINET_PORT_DEFAULT = -1;
    /** Cabinet bind address. */
    public static final String CABINET_HOST_PROP = "ofd.cabinet.host";
    /** Default cabinet bind address. */
    public static final String CABINET_HOST_DEFAULT = "127.0.0.1";
    /** Comma-separated CA certificate files (PEM or DER) whose users may sign in and sign applications. */
    public static final String CABINET_CA_PROP = "ofd.cabinet.ca.certs";
    /** Comma-separated CRL files of those CAs (a certificate whose CA has no current CRL is refused). */
    public static final String CABINET_CRL_PROP = "ofd.cabinet.crls";
    /** Card acquirer of the cabinet's top-ups: none (top-ups answer 503) or fake (a test page; demo and test stands). */
    public static final String CABINET_PAYMENTS_PROP = "ofd.cabinet.payments";
    /** Default: no acquirer. */
    public static final String CABINET_PAYMENTS_DEFAULT = "none";
    /** How often the cabinet's billing scheduler renews and expires subscriptions: ISO-8601 duration or milliseconds. */
    public static final String CABINET_BILLING_INTERVAL_PROP = "ofd.cabinet.billing.interval";
    /** Default billing interval: a minute. */
    public static final String CABINET_BILLING_INTERVAL_DEFAULT = "PT1M";
    /** The cabinet's public base URL (what users reach it at), for links such as the acquirer's checkout page. */
    public static final String CABINET_PUBLIC_URL_PROP = "ofd.cabinet.public.url";
    /** Public receipt-check port; -1 = off, 0 = any free port. */
    public static final String CHECK_PORT_PROP = "ofd.check.port";
    /** Default: no public check port. */
    public static final int CHECK_PORT_DEFAULT = -1;
    /** Public receipt-check bind address. */
    public static final String CHECK_HOST_PROP = "ofd.check.host";
    /** Default check bind address: every interface (it is public). */
    public static final String CHECK_HOST_DEFAULT = "0.0.0.0";
    /** Receipt checks a client address may make per minute, on average. */
    public static final String CHECK_RATE_PROP = "ofd.check.rate.per.minute";
    /** Default rate: one a second. */
    public static final int CHECK_RATE_DEFAULT = 60;
    /** Receipt checks a client address may make at once before the rate applies (bucket size). */
    public static final String CHECK_BURST_PROP = "ofd.check.burst";
    /** Default burst. */
    public static final int CHECK_BURST_DEFAULT = 20;

    private Path dataDir = Path.of(DATA_DIR_DEFAULT);
    private String kkmHost = KKM_HOST_DEFAULT;
    private int kkmPort = KKM_PORT_DEFAULT;
    private String httpHost = HTTP_HOST_DEFAULT;
    private int httpPort = HTTP_PORT_DEFAULT;
    private int maxFrameBytes = MAX_FRAME_DEFAULT;
    private long idleTimeoutMillis = IDLE_TIMEOUT_DEFAULT;
    private int ioThreads = IO_THREADS_DEFAULT;
    private String transport = TRANSPORT_DEFAULT;
    private int ringSize = RING_SIZE_DEFAULT;
    private String ringWait = RING_WAIT_DEFAULT;
    private String durability = DURABILITY_DEFAULT;
    private String checkUrl = CHECK_URL_DEFAULT;
    private String ofdName = OFD_NAME_DEFAULT;
    private int shiftMaxHours = SHIFT_MAX_HOURS_DEFAULT;
    private int snapshotIntervalSeconds = SNAPSHOT_INTERVAL_DEFAULT;
    private int snapshotKeep = SNAPSHOT_KEEP_DEFAULT;
    private int shutdownTimeoutSeconds = SHUTDOWN_TIMEOUT_DEFAULT;
    private String kgdUrl = "";
    private int kgdBatchSize = 500;
    private long kgdLingerMillis = 200;
    private int kgdDeadlineMinutes = 15;
    private String kgdKey = "";
    private String kgdCert = "";
    private int cabinetPort = CABINET_PORT_DEFAULT;
    private String cabinetHost = CABINET_HOST_DEFAULT;
    private String cabinetCaCerts = "";
    private String cabinetCrls = "";
    private String cabinetPayments = CABINET_PAYMENTS_DEFAULT;
    private String cabinetBillingInterval = CABINET_BILLING_INTERVAL_DEFAULT;
    private String cabinetPublicUrl = "";
    private int checkPort = CHECK_PORT_DEFAULT;
    private String checkHost = CHECK_HOST_DEFAULT;
    private int checkRatePerMinute = CHECK_RATE_DEFAULT;
    private int checkBurst = CHECK_BURST_DEFAULT;
    private boolean concluded;

    /**
     * Applies every known key found in a properties source.
     *
     * @param p properties (a config file or the system properties)
     * @return this
     */
    public ServerConfiguration apply(Properties p) {
        checkNotConcluded();
        dataDir = Path.of(p.getProperty(DATA_DIR_PROP, dataDir.toString()));
        kkmHost = p.getProperty(KKM_HOST_PROP, kkmHost);
        kkmPort = intOf(p, KKM_PORT_PROP, kkmPort);
        httpHost = p.getProperty(HTTP_HOST_PROP, httpHost);
        httpPort = intOf(p, HTTP_PORT_PROP, httpPort);
        maxFrameBytes = intOf(p, MAX_FRAME_PROP, maxFrameBytes);
        idleTimeoutMillis = longOf(p, IDLE_TIMEOUT_PROP, idleTimeoutMillis);
        ioThreads = intOf(p, IO_THREADS_PROP, ioThreads);
        transport = p.getProperty(TRANSPORT_PROP, transport);
        ringSize = intOf(p, RING_SIZE_PROP, ringSize);
        ringWait = p.getProperty(RING_WAIT_PROP, ringWait);
        durability = p.getProperty(DURABILITY_PROP, durability);
        checkUrl = p.getProperty(CHECK_URL_PROP, checkUrl);
        ofdName = p.getProperty(OFD_NAME_PROP, ofdName);
        shiftMaxHours = intOf(p, SHIFT_MAX_HOURS_PROP, shiftMaxHours);
        snapshotIntervalSeconds = intOf(p, SNAPSHOT_INTERVAL_PROP, snapshotIntervalSeconds);
        snapshotKeep = intOf(p, SNAPSHOT_KEEP_PROP, snapshotKeep);
        shutdownTimeoutSeconds = intOf(p, SHUTDOWN_TIMEOUT_PROP, shutdownTimeoutSeconds);
        kgdUrl = p.getProperty(KGD_URL_PROP, kgdUrl);
        kgdBatchSize = intOf(p, KGD_BATCH_PROP, kgdBatchSize);
        kgdLingerMillis = longOf(p, KGD_LINGER_PROP, kgdLingerMillis);
        kgdDeadlineMinutes = intOf(p, KGD_DEADLINE_PROP, kgdDeadlineMinutes);
        kgdKey = p.getProperty(KGD_KEY_PROP, kgdKey);
        kgdCert = p.getProperty(KGD_CERT_PROP, kgdCert);
        cabinetPort = intOf(p, CABINET_PORT_PROP, cabinetPort);
        cabinetHost = p.getProperty(CABINET_HOST_PROP, cabinetHost).trim();
        cabinetCaCerts = p.getProperty(CABINET_CA_PROP, cabinetCaCerts).trim();
        cabinetCrls = p.getProperty(CABINET_CRL_PROP, cabinetCrls).trim();
        cabinetPayments = p.getProperty(CABINET_PAYMENTS_PROP, cabinetPayments).trim();
        cabinetBillingInterval = p.getProperty(CABINET_BILLING_INTERVAL_PROP, cabinetBillingInterval).trim();
        cabinetPublicUrl = p.getProperty(CABINET_PUBLIC_URL_PROP, cabinetPublicUrl).trim();
        checkPort = intOf(p, CHECK_PORT_PROP, checkPort);
        checkHost = p.getProperty(CHECK_HOST_PROP, checkHost).trim();
        checkRatePerMinute = intOf(p, CHECK_RATE_PROP, checkRatePerMinute);
        checkBurst = intOf(p, CHECK_BURST_PROP, checkBurst);
        return this;
    }

    /**
     * Applies a properties file.
     *
     * @param file the file (UTF-8)
     * @return this
     * @throws IOException if it cannot be read
     */
    public ServerConfiguration applyFile(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        List<String> unknown = new ArrayList<>();
        for (String key : p.stringPropertyNames()) {
            if (!knownKeys().contains(key)) {
                unknown.add(key);
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown option(s) in " + file + ": " + unknown + "; known: " + knownKeys());
        }
        return apply(p);
    }

    /**
     * @return every option key
     */
    public static List<String> knownKeys() {
        return List.of(DATA_DIR_PROP, KKM_HOST_PROP, KKM_PORT_PROP, HTTP_HOST_PROP, HTTP_PORT_PROP, MAX_FRAME_PROP,
            IDLE_TIMEOUT_PROP, IO_THREADS_PROP, TRANSPORT_PROP, RING_SIZE_PROP, RING_WAIT_PROP, DURABILITY_PROP, CHECK_URL_PROP,
            OFD_NAME_PROP, SHIFT_MAX_HOURS_PROP, SNAPSHOT_INTERVAL_PROP, SNAPSHOT_KEEP_PROP,
            SHUTDOWN_TIMEOUT_PROP, KGD_URL_PROP, KGD_BATCH_PROP, KGD_LINGER_PROP, KGD_DEADLINE_PROP, KGD_KEY_PROP,
            KGD_CERT_PROP, CABINET_PORT_PROP, CABINET_HOST_PROP, CABINET_CA_PROP, CABINET_CRL_PROP,
            CHECK_PORT_PROP, CHECK_HOST_PROP, CHECK_RATE_PROP, CHECK_BURST_PROP, CABINET_PAYMENTS_PROP,
            CABINET_BILLING_INTERVAL_PROP, CABINET_PUBLIC_URL_PROP);
    }

    /**
     * Validates every option and freezes the object.
     *
     * @return this
     * @throws IllegalArgumentException naming every invalid option
     */
    public ServerConfiguration conclude() {
        checkNotConcluded();
        List<String> problems = new ArrayList<>();
        port(problems, KKM_PORT_PROP, kkmPort);
        port(problems, HTTP_PORT_PROP, httpPort);
        if (maxFrameBytes < 18 + 2) {
            problems.add(MAX_FRAME_PROP + " must be at least 20 bytes, got " + maxFrameBytes);
        }
        if (idleTimeoutMillis < 100) {
            problems.add(IDLE_TIMEOUT_PROP + " must be at least 100 ms, got " + idleTimeoutMillis);
        }
        if (ioThreads < 1) {
            problems.add(IO_THREADS_PROP + " must be at least 1, got " + ioThreads);
        }
        if (!transport.equals("auto") && !transport.equals("nio")) {
            problems.add(TRANSPORT_PROP + " must be auto or nio, got " + transport);
        }
        if (ringSize < 2 || Integer.bitCount(ringSize) != 1) {
            problems.add(RING_SIZE_PROP + " must be a power of two, got " + ringSize);
        }
        if (!List.of("parking", "sleeping", "blocking", "yielding").contains(ringWait)) {
            problems.add(RING_WAIT_PROP + " must be parking, sleeping, blocking or yielding, got " + ringWait);
        }
        if (!durability.equals("async") && !durability.equals("sync")) {
            problems.add(DURABILITY_PROP + " must be async or sync, got " + durability);
        }
        if (!checkUrl.startsWith("http://") && !checkUrl.startsWith("https://")) {
            problems.add(CHECK_URL_PROP + " must be an http(s) URL, got " + checkUrl);
        }
        if (shiftMaxHours < 1) {
            problems.add(SHIFT_MAX_HOURS_PROP + " must be at least 1, got " + shiftMaxHours);
        }
        if (snapshotIntervalSeconds < 0) {
            problems.add(SNAPSHOT_INTERVAL_PROP + " must be 0 (off) or more seconds, got " + snapshotIntervalSeconds);
        }
        if (!kgdUrl.isEmpty() && !kgdUrl.startsWith("http://") && !kgdUrl.startsWith("https://")) {
            problems.add(KGD_URL_PROP + " must be empty (no forwarding) or an http(s) URL, got " + kgdUrl);
        }
        if (kgdBatchSize < 1 || kgdBatchSize > 10_000) {
            problems.add(KGD_BATCH_PROP + " must be 1..10000, got " + kgdBatchSize);
        }
        if (kgdLingerMillis < 0) {
            problems.add(KGD_LINGER_PROP + " must not be negative, got " + kgdLingerMillis);
        }
        if (kgdDeadlineMinutes < 1) {
            problems.add(KGD_DEADLINE_PROP + " must be at least 1, got " + kgdDeadlineMinutes);
        }
        if (kgdKey.isEmpty() != kgdCert.isEmpty()) {
            problems.add(KGD_KEY_PROP + " and " + KGD_CERT_PROP + " go together: give both or neither");
        }
        if (cabinetPort != CABINET_PORT_DEFAULT) {
            port(problems, CABINET_PORT_PROP, cabinetPort);
            if (kgdUrl.isEmpty()) {
                problems.add(CABINET_PORT_PROP + " needs " + KGD_URL_PROP + ": the cabinet's KKM applications go to KGD");
            }
        }
        if (!cabinetPayments.equals("none") && !cabinetPayments.equals("fake")) {
            problems.add(CABINET_PAYMENTS_PROP + " must be none or fake, got " + cabinetPayments);
        }
        Duration interval = durationOf(cabinetBillingInterval);
        if (interval == null || interval.toMillis() < 10 || interval.compareTo(Duration.ofDays(1)) > 0) {
            problems.add(CABINET_BILLING_INTERVAL_PROP + " must be an ISO-8601 duration (PT1M) or milliseconds, "
                + "10 ms .. 1 day, got " + cabinetBillingInterval);
        }
        if (!cabinetPublicUrl.isEmpty() && !cabinetPublicUrl.startsWith("http://") && !cabinetPublicUrl.startsWith("https://")) {
            problems.add(CABINET_PUBLIC_URL_PROP + " must be empty (http://<cabinet host>:<port>) or an http(s) URL, got "
                + cabinetPublicUrl);
        }
        if (checkPort != CHECK_PORT_DEFAULT) {
            port(problems, CHECK_PORT_PROP, checkPort);
        }
        if (checkRatePerMinute < 1 || checkRatePerMinute > 600_000) {
            problems.add(CHECK_RATE_PROP + " must be 1..600000, got " + checkRatePerMinute);
        }
        if (checkBurst < 1 || checkBurst > 100_000) {
            problems.add(CHECK_BURST_PROP + " must be 1..100000, got " + checkBurst);
        }
        if (shutdownTimeoutSeconds < 1) {
            problems.add(SHUTDOWN_TIMEOUT_PROP + " must be at least 1 second, got " + shutdownTimeoutSeconds);
        }
        if (snapshotKeep < 1) {
            problems.add(SNAPSHOT_KEEP_PROP + " must be at least 1, got " + snapshotKeep);
        }
        if (ofdName.isBlank()) {
            problems.add(OFD_NAME_PROP + " must not be blank");
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid configuration: " + String.join("; ", problems));
        }
        concluded = true;
        return this;
    }

    private void checkNotConcluded() {
        if (concluded) {
            throw new IllegalStateException("configuration is already concluded");
        }
    }

    private static void port(List<String> problems, String key, int port) {
        if (port < 0 || port > 65_535) {
            problems.add(key + " must be 0..65535 (0 = any free port), got " + port);
        }
    }

    /** @return an ISO-8601 duration ({@code PT30S}) or a number of milliseconds, or {@code null} when neither */
    private static Duration durationOf(String v) {
        try {
            return v.matches("\\d{1,12}") ? Duration.ofMillis(Long.parseLong(v)) : Duration.parse(v);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static int intOf(Properties p, String key, int current) {
        long value = longOf(p, key, current);
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(key + " must be a number in int range, got " + value);
        }
        return (int) value;
    }

    private static long longOf(Properties p, String key, long current) {
        String v = p.getProperty(key);
        if (v == null) {
            return current;
        }
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a number, got '" + v + "'", e);
        }
    }

    // Fluent setters.

    /** @param v seconds between snapshots, 0 = off @return this */
    public ServerConfiguration snapshotIntervalSeconds(int v) {
        checkNotConcluded();
        snapshotIntervalSeconds = v;
        return this;
    }

    /** @return seconds between snapshots, 0 = only at shutdown and on request */
    public int snapshotIntervalSeconds() {
        return snapshotIntervalSeconds;
    }

    /** @param v KGD document endpoint, empty for none @return this */
    public ServerConfiguration kgdUrl(String v) {
        checkNotConcluded();
        kgdUrl = v;
        return this;
    }

    /** @param v most documents per KGD batch @return this */
    public ServerConfiguration kgdBatchSize(int v) {
        checkNotConcluded();
        kgdBatchSize = v;
        return this;
    }

    /** @param v longest wait for a KGD batch to fill, ms @return this */
    public ServerConfiguration kgdLingerMillis(long v) {
        checkNotConcluded();
        kgdLingerMillis = v;
        return this;
    }

    /** @return KGD document endpoint, empty when documents are not forwarded */
    public String kgdUrl() {
        return kgdUrl;
    }

    /** @return most documents per KGD batch */
    public int kgdBatchSize() {
        return kgdBatchSize;
    }

    /** @return longest wait for a KGD batch to fill, ms */
    public long kgdLingerMillis() {
        return kgdLingerMillis;
    }

    /** @return minutes a document may wait for KGD */
    public int kgdDeadlineMinutes() {
        return kgdDeadlineMinutes;
    }

    /** @return PEM private key for KGD batches, empty for a generated test key */
    public String kgdKey() {
        return kgdKey;
    }

    /** @return PEM certificate of that key */
    public String kgdCert() {
        return kgdCert;
    }

    /** @return seconds a graceful stop may take before the process is halted */
    public int shutdownTimeoutSeconds() {
        return shutdownTimeoutSeconds;
    }

    /** @return the cabinet's port, -1 when there is no cabinet, 0 for any free port */
    public int cabinetPort() {
        return cabinetPort;
    }

    /** @param v cabinet port (-1 = none) @return this */
    public ServerConfiguration cabinetPort(int v) {
        checkNotConcluded();
        cabinetPort = v;
        return this;
    }

    /** @return the cabinet's bind address */
    public String cabinetHost() {
        return cabinetHost;
    }

    /** @return the trusted CA certificate files of the cabinet */
    public List<Path> cabinetCaCerts() {
        return paths(cabinetCaCerts);
    }

    /** @param v comma-separated CA certificate files @return this */
    public ServerConfiguration cabinetCaCerts(String v) {
        checkNotConcluded();
        cabinetCaCerts = v;
        return this;
    }

    /** @return the CRL files of the cabinet's CAs */
    public List<Path> cabinetCrls() {
        return paths(cabinetCrls);
    }

    /** @param v comma-separated CRL files @return this */
    public ServerConfiguration cabinetCrls(String v) {
        checkNotConcluded();
        cabinetCrls = v;
        return this;
    }

    /** @return the cabinet's card acquirer: {@code none} or {@code fake} */
    public String cabinetPayments() {
        return cabinetPayments;
    }

    /** @param v {@code none} or {@code fake} @return this */
    public ServerConfiguration cabinetPayments(String v) {
        checkNotConcluded();
        cabinetPayments = v;
        return this;
    }

    /** @return how often the cabinet's billing scheduler runs (valid once concluded) */
    public Duration cabinetBillingInterval() {
        return durationOf(cabinetBillingInterval);
    }

    /** @param v how often the cabinet's billing scheduler runs @return this */
    public ServerConfiguration cabinetBillingInterval(Duration v) {
        checkNotConcluded();
        cabinetBillingInterval = v.toString();
        return this;
    }

    /** @return the cabinet's public base URL, empty for {@code http://<cabinet host>:<bound port>} */
    public String cabinetPublicUrl() {
        return cabinetPublicUrl;
    }

    /** @param v the cabinet's public base URL, empty to derive it @return this */
    public ServerConfiguration cabinetPublicUrl(String v) {
        checkNotConcluded();
        cabinetPublicUrl = v;
        return this;
    }

    private static List<Path> paths(String commaSeparated) {
        List<Path> out = new ArrayList<>();
        for (String s : commaSeparated.split(",")) {
            if (!s.isBlank()) {
                out.add(Path.of(s.trim()));
            }
        }
        return out;
    }

    /** @return the public check port, -1 when off, 0 for any free port */
    public int checkPort() {
        return checkPort;
    }

    /** @param v public check port (-1 = off) @return this */
    public ServerConfiguration checkPort(int v) {
        checkNotConcluded();
        checkPort = v;
        return this;
    }

    /** @return the public check's bind address */
    public String checkHost() {
        return checkHost;
    }

    /** @param v the public check's bind address @return this */
    public ServerConfiguration checkHost(String v) {
        checkNotConcluded();
        checkHost = v;
        return this;
    }

    /** @return receipt checks per client address per minute */
    public int checkRatePerMinute() {
        return checkRatePerMinute;
    }

    /** @param v receipt checks per client address per minute @return this */
    public ServerConfiguration checkRatePerMinute(int v) {
        checkNotConcluded();
        checkRatePerMinute = v;
        return this;
    }

    /** @return receipt checks a client address may make at once */
    public int checkBurst() {
        return checkBurst;
    }

    /** @param v receipt checks a client address may make at once @return this */
    public ServerConfiguration checkBurst(int v) {
        checkNotConcluded();
        checkBurst = v;
        return this;
    }

    /** @return snapshots kept */
    public int snapshotKeep() {
        return snapshotKeep;
    }

    /** @param v data directory @return this */
    public ServerConfiguration dataDir(Path v) {
        checkNotConcluded();
        dataDir = v;
        return this;
    }

    /** @param v KKM port @return this */
    public ServerConfiguration kkmPort(int v) {
        checkNotConcluded();
        kkmPort = v;
        return this;
    }

    /** @param v KKM bind host @return this */
    public ServerConfiguration kkmHost(String v) {
        checkNotConcluded();
        kkmHost = v;
        return this;
    }

    /** @param v HTTP port @return this */
    public ServerConfiguration httpPort(int v) {
        checkNotConcluded();
        httpPort = v;
        return this;
    }

    /** @param v max frame bytes @return this */
    public ServerConfiguration maxFrameBytes(int v) {
        checkNotConcluded();
        maxFrameBytes = v;
        return this;
    }

    /** @param v idle timeout ms @return this */
    public ServerConfiguration idleTimeoutMillis(long v) {
        checkNotConcluded();
        idleTimeoutMillis = v;
        return this;
    }

    /** @param v ring size @return this */
    public ServerConfiguration ringSize(int v) {
        checkNotConcluded();
        ringSize = v;
        return this;
    }

    /** @param v durability mode @return this */
    public ServerConfiguration durability(String v) {
        checkNotConcluded();
        durability = v;
        return this;
    }

    /** @param v check URL @return this */
    public ServerConfiguration checkUrl(String v) {
        checkNotConcluded();
        checkUrl = v;
        return this;
    }

    /** @return data directory */
    public Path dataDir() {
        return dataDir;
    }

    /** @return KKM bind host */
    public String kkmHost() {
        return kkmHost;
    }

    /** @return KKM port */
    public int kkmPort() {
        return kkmPort;
    }

    /** @return HTTP bind host */
    public String httpHost() {
        return httpHost;
    }

    /** @return HTTP port */
    public int httpPort() {
        return httpPort;
    }

    /** @return max frame bytes */
    public int maxFrameBytes() {
        return maxFrameBytes;
    }

    /** @return idle timeout ms */
    public long idleTimeoutMillis() {
        return idleTimeoutMillis;
    }

    /** @return I/O threads */
    public int ioThreads() {
        return ioThreads;
    }

    /** @return true unless NIO was asked for */
    public boolean useEpoll() {
        return !transport.equals("nio");
    }

    /** @return ring size */
    public int ringSize() {
        return ringSize;
    }

    /** @return ring wait strategy */
    public String ringWait() {
        return ringWait;
    }

    /** @return true in sync (group commit) mode */
    public boolean syncDurability() {
        return durability.equals("sync");
    }

    /** @return durability mode name */
    public String durability() {
        return durability;
    }

    /** @return check URL */
    public String checkUrl() {
        return checkUrl;
    }

    /** @return shift limit in hours */
    public int shiftMaxHours() {
        return shiftMaxHours;
    }

    /** @return OFD name */
    public String ofdName() {
        return ofdName;
    }
}
