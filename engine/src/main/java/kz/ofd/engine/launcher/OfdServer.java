package kz.ofd.engine.launcher;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import kz.ofd.cabinet.CabinetSettings;
import kz.ofd.cabinet.auth.LogCodeSender;
import kz.ofd.cabinet.billing.FakePaymentProvider;
import kz.ofd.cabinet.billing.PaymentProvider;
import kz.ofd.cabinet.http.CabinetServer;
import kz.ofd.cabinet.registry.CabinetRegistry;
import kz.ofd.cabinet.signature.ChallengeSignatureVerifier;
import kz.ofd.cabinet.signature.TrustMaterial;
import kz.ofd.cabinet.spi.PhoneOwnership;
import kz.ofd.cabinet.spi.TradePointKkms;
import kz.ofd.engine.cabinet.EngineFiscalDocuments;
import kz.ofd.engine.cabinet.GatewayKgdApplications;
import kz.ofd.engine.cabinet.Receipts;
import kz.ofd.engine.cabinet.RingKkmEngine;
import kz.ofd.engine.check.CheckServer;
import kz.ofd.engine.check.CheckStats;
import kz.ofd.engine.check.ReceiptReader;
import kz.ofd.engine.check.TokenBuckets;
import kz.ofd.engine.http.ManagementServer;
import kz.ofd.engine.kgd.ApplicationGateway;
import kz.ofd.engine.kgd.HttpKgdTransport;
import kz.ofd.engine.kgd.KgdForwarder;
import kz.ofd.engine.logic.BusinessLogic;
import kz.ofd.engine.logic.LogicSettings;
import kz.ofd.engine.logic.SecureTokenSource;
import kz.ofd.engine.logic.TicketLedger;
import kz.ofd.engine.pipeline.IndexedTickets;
import kz.ofd.engine.pipeline.Pipeline;
import kz.ofd.engine.pipeline.PipelineStats;
import kz.ofd.engine.server.KkmServer;
import kz.ofd.engine.server.ServerStats;
import kz.ofd.protocol.kgd.BatchSigner;
import kz.ofd.storage.index.DocumentIndex;
import kz.ofd.storage.journal.Journal;
import kz.ofd.storage.lock.DataDirectoryLock;
import kz.ofd.storage.snapshot.SnapshotStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The whole product in one process, started as a stack in dependency order (data-directory lock, journal,
 * index, recovery, ring, KKM port, management port) and closed in reverse; close collects every failure.
 * Created and closed by one thread.
 */
public final class OfdServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OfdServer.class);

    private final Deque<AutoCloseable> stack = new ArrayDeque<>();
    private final ServerConfiguration config;
    private final LongSupplier clock;
    private KkmServer kkmServer;
    private Pipeline pipeline;
    private DocumentIndex index;
    private Snapshots snapshots;
    private KgdForwarder kgd;
    private ApplicationGateway applications;
    private StorageSeam seam = StorageSeam.NONE;
    private Runnable onJournalFailure = () -> { };
    private Recovery.Report recovered;
    private BusinessLogic logic;
    private int kkmPort;
    private int httpPort;
    private int cabinetPort = -1;
    private int checkPort = -1;
    private CabinetRegistry cabinetRegistry;
    private Receipts receipts;
    private kz.ofd.cabinet.billing.Billing cabinetBilling;
    private volatile String cabinetUrl;
    private boolean closed;

    private OfdServer(ServerConfiguration config, LongSupplier clock) {
        this.config = config;
        this.clock = clock;
    }

    /**
     * Starts everything; on failure, closes what was started and rethrows.
     *
     * @param config a concluded configuration
     * @return the running server
     * @throws Exception if any part fails to start
     */
    public static OfdServer start(ServerConfiguration config) throws Exception {
        return start(config, System::currentTimeMillis);
    }

    /**
     * Starts everything with a given clock for receive times (tests move time forward with it).
     *
     * @param config a concluded configuration
     * @param clock  epoch-millisecond clock stamped on every request
     * @return the running server
     * @throws Exception if any part fails to start
     */
    public static OfdServer start(ServerConfiguration config, LongSupplier clock) throws Exception {
        return start(config, clock, StorageSeam.NONE, () -> { });
    }

    /**
     * Starts everything with a clock, a storage seam and an action for a journal failure.
     *
     * @param config           a concluded configuration
     * @param clock            epoch-millisecond clock stamped on every request
     * @param seam             wraps the ring's storage writes ({@link StorageSeam#NONE} in production)
     * @param onJournalFailure run once, on the journal thread, when a journal write first fails; must not block.
     *                         The launcher exits the process with status 3 so a supervisor restarts it (the restart
     *                         replays the journal into exact state); in tests, a recorder
     * @return the running server
     * @throws Exception if any part fails to start
     */
    public static OfdServer start(ServerConfiguration config, LongSupplier clock, StorageSeam seam, Runnable onJournalFailure)
        throws Exception {
        OfdServer server = new OfdServer(config, clock);
        server.seam = seam;
        server.onJournalFailure = onJournalFailure;
        try {
            server.startStack();
            return server;
        } catch (Exception | Error e) {
            server.close();
            throw e;
        }
    }

    private void startStack() throws Exception {
        stack.push(DataDirectoryLock.acquire(config.dataDir()));
        Journal journal = Journal.open(config.dataDir().resolve("journal"));
        stack.push(journal);
        index = DocumentIndex.open(config.dataDir().resolve("index"));
        stack.push(index);
        receipts = new Receipts(index, journal);
        if (index.wasRebuilt()) {
            LOG.warn("event=index_layout_changed action=rebuild_from_journal");
        }
        PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        stack.push(metrics::close);
        stack.push(new ProcessMeters(metrics));

        TicketLedger ledger = new TicketLedger(new IndexedTickets(index));
        LogicSettings settings = new LogicSettings(config.checkUrl(), config.ofdName(), LogicSettings.KAZAKHSTAN,
            config.shiftMaxHours() * 3_600_000L);
        SecureTokenSource tokens = new SecureTokenSource();
        SnapshotStore snapshotStore = new SnapshotStore(config.dataDir().resolve("snapshots"), config.snapshotKeep());
        Recovery.Result result = Recovery.run(journal, index, () -> new BusinessLogic(settings, tokens, ledger),
            snapshotStore);
        logic = result.logic();
        recovered = result.report();
        LOG.info("event=recovered snapshot_journal_index={} snapshots_skipped={} records={} indexed={} kkms={} "
                + "last_fiscal_sign={} millis={}", recovered.snapshotIndex(), recovered.snapshotsSkipped(),
            recovered.records(), recovered.indexed(), logic.kkmCount(), logic.lastFiscalSign(), recovered.millis());

        PipelineStats pipelineStats = new PipelineStats(metrics);
        pipeline = new Pipeline(config.ringSize(), logic, seam.journal(journal), seam.index(index), ledger,
            config.syncDurability(), config.ringWait(), pipelineStats, clock);
        pipelineStats.watch(pipeline, journal, index);
        pipeline.health().onFailure(onJournalFailure);
        kkmServer = new KkmServer(config.kkmHost(), config.kkmPort(), config.ioThreads(), config.useEpoll(),
            config.maxFrameBytes(), config.idleTimeoutMillis(), pipeline, new ServerStats(metrics));
        // Close order (reverse of this): stop accepting, drain the ring so every pending answer reaches its
        // connection, then close the connections.
        stack.push(kkmServer::close);
        pipeline.start();
        stack.push(pipeline);
        if (config.cabinetPort() >= 0) {
            // Opened before the KGD application gateway so that it closes after it: the gateway's thread writes KGD
            // decisions into the registry until the gateway has stopped.
            cabinetRegistry = CabinetRegistry.open(config.dataDir().resolve("registry"), new SecureRandom());
            stack.push(cabinetRegistry);
        }
        if (!config.kgdUrl().isEmpty()) {
            BatchSigner signer = kgdSigner(config);
            applications = new ApplicationGateway(URI.create(config.kgdUrl()).resolve("/"), signer, Duration.ofSeconds(5));
            stack.push(applications);
            kgd = new KgdForwarder(journal, logic.directory(), signer,
                new HttpKgdTransport(URI.create(config.kgdUrl()), Duration.ofSeconds(10)),
                new KgdForwarder.Settings(config.kgdBatchSize(), Duration.ofMillis(config.kgdLingerMillis()),
                    Duration.ofMinutes(config.kgdDeadlineMinutes())),
                config.dataDir().resolve("kgd"), metrics);
            stack.push(kgd);   // stops before the journal closes
        }
        snapshots = new Snapshots(pipeline, snapshotStore, config.snapshotIntervalSeconds(), recovered.snapshotIndex());
        stack.push(snapshots);   // closed after accepting stops and before the ring halts: a last snapshot
        kkmPort = kkmServer.start();
        stack.push(kkmServer::stopAccepting);

        ManagementServer management = new ManagementServer(pipeline, index, metrics, snapshots::take,
            kgd == null ? null : kgd::status);
        httpPort = management.start(config.httpHost(), config.httpPort());
        stack.push(management);
        if (config.checkPort() >= 0) {
            // The public receipt check (issue 9): reads the index, the journal and the logic's KKM directory on its
            // own worker threads, never through the ring.
            CheckServer check = new CheckServer(new ReceiptReader(receipts, logic.directory(), config.ofdName()),
                new TokenBuckets(config.checkRatePerMinute(), config.checkBurst(), 100_000), config.checkUrl(),
                new CheckStats(metrics));
            stack.push(check);   // closed before the index and the journal
            checkPort = check.start(config.checkHost(), config.checkPort());
        }
        if (config.cabinetPort() >= 0) {
            startCabinet();
        }
    }

    /**
     * The cabinet (issue 8): its registry under {@code data/registry}, its REST server on {@code ofd.cabinet.port},
     * the engine behind its spi — the ring for KKM registrations, tokens, deregistrations and the status-change
     * journal lines, and the KGD application gateway for applications. Started last: it talks to the running ring.
     */
    private void startCabinet() throws Exception {
        TrustMaterial trust = config.cabinetCaCerts().isEmpty() ? new TrustMaterial(List.of(), List.of())
            : TrustMaterial.load(config.cabinetCaCerts(), config.cabinetCrls());
        if (trust.caCertificates().isEmpty()) {
            LOG.warn("event=cabinet_no_trusted_ca hint=\"set ofd.cabinet.ca.certs (and ofd.cabinet.crls): no signature "
                + "sign-up, login or application can be verified until then\"");
        }
        CabinetServer cabinet = new CabinetServer(new CabinetServer.Dependencies(cabinetRegistry, CabinetSettings.defaults(),
            new ServerClock(clock), new ChallengeSignatureVerifier(trust, true), new LogCodeSender(true),
            PhoneOwnership.UNVERIFIED, TradePointKkms.none(),
            new RingKkmEngine(pipeline, new SecureTokenSource(), 10_000), new GatewayKgdApplications(applications),
            new EngineFiscalDocuments(receipts)), cabinetPayments(), CabinetServer.DEMO_SELLER,
            config.cabinetBillingInterval());
        stack.push(cabinet);   // closed before the registry and the ring
        cabinetBilling = cabinet.billing();
        cabinetPort = cabinet.start(config.cabinetHost(), config.cabinetPort());
        cabinetUrl = publicUrl(config.cabinetPublicUrl(), config.cabinetHost(), cabinetPort);
    }

    /**
     * @param configured {@code ofd.cabinet.public.url}, empty when not set
     * @param host       the cabinet's bind address
     * @param port       its bound port
     * @return the configured URL without a trailing slash, or {@code http://host:port} (loopback for a wildcard host)
     */
    static String publicUrl(String configured, String host, int port) {
        if (!configured.isEmpty()) {
            return configured.replaceAll("/+$", "");
        }
        String h = host.equals("0.0.0.0") || host.equals("::") ? "127.0.0.1" : host;
        return "http://" + (h.contains(":") ? "[" + h + "]" : h) + ":" + port;
    }

    /**
     * The cabinet's card acquirer ({@code ofd.cabinet.payments}): none (top-ups answer 503 {@code payment-unavailable})
     * or the fake acquirer, whose checkout page the cabinet serves under its public URL (known once it listens).
     */
    private PaymentProvider cabinetPayments() {
        return config.cabinetPayments().equals("fake") ? new FakePaymentProvider(() -> cabinetUrl)
            : PaymentProvider.unavailable();
    }

    /**
     * @return the journal index of the snapshot this start recovered from, or -1 when it replayed the whole journal
     */
    public long recoveredFromSnapshot() {
        return recovered.snapshotIndex();
    }

    /**
     * @return journal records this start replayed
     */
    public long recoveredRecords() {
        return recovered.records();
    }

    /**
     * The OFD's key for KGD batches: from {@code ofd.kgd.key}/{@code ofd.kgd.cert}, or a test key generated once into
     * {@code data/kgd/} (its certificate is what a KGD simulator is told to trust).
     */
    private static BatchSigner kgdSigner(ServerConfiguration config) throws IOException, GeneralSecurityException {
        if (!config.kgdKey().isEmpty()) {
            return BatchSigner.fromPem(Path.of(config.kgdKey()), Path.of(config.kgdCert()));
        }
        Path dir = config.dataDir().resolve("kgd");
        Files.createDirectories(dir);
        Path key = dir.resolve("ofd-test.key");
        Path cert = dir.resolve("ofd-test.crt");
        if (Files.exists(key) && Files.exists(cert)) {
            return BatchSigner.fromPem(key, cert);
        }
        BatchSigner generated = BatchSigner.generate("CN=" + config.ofdName() + " (test key)", false);
        generated.writePem(key, cert);
        LOG.warn("event=kgd_test_key_generated cert={} hint=\"set ofd.kgd.key and ofd.kgd.cert for a real OFD key\"", cert);
        return generated;
    }

    /**
     * @return the gateway for owners' KKM applications to KGD, or {@code null} when {@code ofd.kgd.url} is empty
     */
    public ApplicationGateway applications() {
        return applications;
    }

    /**
     * @return the KGD forwarder, or {@code null} when {@code ofd.kgd.url} is empty
     */
    public KgdForwarder kgd() {
        return kgd;
    }

    /**
     * @return the bound KKM port
     */
    public int kkmPort() {
        return kkmPort;
    }

    /**
     * @return the bound management port
     */
    public int httpPort() {
        return httpPort;
    }

    /**
     * @return the public receipt check's port, or -1 when {@code ofd.check.port} is off
     */
    public int checkPort() {
        return checkPort;
    }

    /**
     * @return the cabinet's REST port, or -1 when {@code ofd.cabinet.port} is off
     */
    public int cabinetPort() {
        return cabinetPort;
    }

    /**
     * @return the cabinet's tariffs and account (the operator's promo codes and corrections), or {@code null} when
     *         there is no cabinet
     */
    public kz.ofd.cabinet.billing.Billing cabinetBilling() {
        return cabinetBilling;
    }

    /**
     * @return the cabinet's public base URL ({@code ofd.cabinet.public.url}, or {@code http://<host>:<port>}), or
     *         {@code null} when there is no cabinet
     */
    public String cabinetUrl() {
        return cabinetUrl;
    }

    /**
     * @return the cabinet's registry, or {@code null} when there is no cabinet
     */
    public CabinetRegistry cabinetRegistry() {
        return cabinetRegistry;
    }

    /**
     * @return "epoll" or "nio"
     */
    public String transport() {
        return kkmServer.transport();
    }

    /**
     * @return reads documents back from the index and the journal (queries: the cabinet, the receipt check page)
     */
    public Receipts receipts() {
        return receipts;
    }

    /**
     * @return the document index (read-only use)
     */
    public DocumentIndex index() {
        return index;
    }

    /**
     * @return the configuration
     */
    public ServerConfiguration config() {
        return config;
    }

    /**
     * @return the ring (tests publish through it)
     */
    public Pipeline pipeline() {
        return pipeline;
    }

    /**
     * Stops in reverse order: management port, accepting, last snapshot, ring drain, connections, index, journal,
     * lock.
     * Idempotent.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        RuntimeException failure = null;
        while (!stack.isEmpty()) {
            try {
                stack.pop().close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = new IllegalStateException("server did not close cleanly");
                }
                failure.addSuppressed(e);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
