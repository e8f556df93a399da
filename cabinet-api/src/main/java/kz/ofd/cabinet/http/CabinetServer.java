package kz.ofd.cabinet.http;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import kz.ofd.cabinet.CabinetSettings;
import kz.ofd.cabinet.access.Access;
import kz.ofd.cabinet.access.AccessResolver;
import kz.ofd.cabinet.access.Level;
import kz.ofd.cabinet.access.Module;
import kz.ofd.cabinet.access.Permission;
import kz.ofd.cabinet.auth.Challenges;
import kz.ofd.cabinet.auth.CodeSender;
import kz.ofd.cabinet.auth.LoginThrottle;
import kz.ofd.cabinet.auth.PasswordHasher;
import kz.ofd.cabinet.auth.PendingRegistrations;
import kz.ofd.cabinet.auth.SessionManager;
import kz.ofd.cabinet.billing.Billing;
import kz.ofd.cabinet.billing.FakePaymentProvider;
import kz.ofd.cabinet.billing.Invoices;
import kz.ofd.cabinet.billing.PaymentProvider;
import kz.ofd.cabinet.contract.Contracts;
import kz.ofd.cabinet.kkm.KkmLifecycle;
import kz.ofd.cabinet.registry.CabinetRegistry;
import kz.ofd.cabinet.registry.proto.UserRecord;
import kz.ofd.cabinet.signature.ChallengeSignatureVerifier;
import kz.ofd.cabinet.spi.FiscalDocuments;
import kz.ofd.cabinet.spi.KgdApplications;
import kz.ofd.cabinet.spi.KkmEngine;
import kz.ofd.cabinet.spi.PhoneOwnership;
import kz.ofd.cabinet.spi.TradePointKkms;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The cabinet's REST API on Vert.x web: sign-up, sessions, the organization and its trade points, and the OpenAPI
 * document at {@code GET /openapi.json}. Every {@code /api/v1} route except sign-up and login requires a bearer
 * session, and takes the organization from that session only: no route names an organization, so no request can
 * reach another organization's data. Handlers run on Vert.x worker threads (unordered), because they hash
 * passwords (Argon2id), verify CMS signatures and write RocksDB; the event loop only parses and routes.
 */
public final class CabinetServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CabinetServer.class);
    /** Largest request body: a CMS with a certificate chain is a few KiB. */
    static final int MAX_BODY = 64 * 1024;
    /** How often expired sessions are deleted (they are also refused and deleted when presented). */
    private static final long SWEEP_EVERY_MS = 10 * 60_000;
    /** The prefix of every API route. */
    public static final String API = "/api/v1";

    private final Vertx vertx;
    private final SessionManager sessions;
    private final Router router;
    private final CabinetRegistry registry;
    private final AccessResolver resolver;
    private final Map<String, Optional<Permission>> permissions = new java.util.concurrent.ConcurrentHashMap<>();
    private HttpServer server;
    private final Billing billing;
    private final Clock clock;
    /** How often the renewal scheduler runs ({@link Billing#tick}) unless the host says otherwise. */
    public static final java.time.Duration BILLING_INTERVAL_DEFAULT = java.time.Duration.ofMinutes(1);
    private final long billingEveryMs;

    /**
     * Everything the cabinet needs from outside.
     *
     * @param registry     the registry (owned by the caller, closed by it)
     * @param settings     security settings
     * @param clock        time (tests move it)
     * @param verifier     signed-challenge checks against the configured CAs
     * @param codeSender   SMS gateway
     * @param phones       mobile-number ownership check for code sign-up
     * @param kkms         active KKMs per trade point that the cabinet does not hold itself (its own KKM records
     *                     are always counted; {@link TradePointKkms#none()} when the cabinet registers every KKM)
     * @param kkmEngine    the engine, which registers KKMs, issues tokens and journals every status change
     * @param kgd          KGD's application gateway
     * @param documents    the fiscal documents the KKMs sent (receipts, X and Z reports), read from the engine's
     *                     index and journal
     */
    public record Dependencies(CabinetRegistry registry, CabinetSettings settings, Clock clock,
                               ChallengeSignatureVerifier verifier, CodeSender codeSender, PhoneOwnership phones,
                               TradePointKkms kkms, KkmEngine kkmEngine, KgdApplications kgd, FiscalDocuments documents) {

        /**
         * A cabinet whose KKMs have sent no fiscal documents it can read ({@link FiscalDocuments#none()}).
         *
         * @param registry   the registry
         * @param settings   security settings
         * @param clock      time
         * @param verifier   signature checks
         * @param codeSender SMS gateway
         * @param phones     mobile-number ownership check
         * @param kkms       active KKMs per trade point besides the cabinet's own
         * @param kkmEngine  the engine
         * @param kgd        KGD's application gateway
         */
        public Dependencies(CabinetRegistry registry, CabinetSettings settings, Clock clock,
                            ChallengeSignatureVerifier verifier, CodeSender codeSender, PhoneOwnership phones,
                            TradePointKkms kkms, KkmEngine kkmEngine, KgdApplications kgd) {
            this(registry, settings, clock, verifier, codeSender, phones, kkms, kkmEngine, kgd, FiscalDocuments.none());
        }

        /**
         * A cabinet without an engine behind it (the KKM routes answer 503 {@code engine-unavailable}).
         *
         * @param registry   the registry
         * @param settings   security settings
         * @param clock      time
         * @param verifier   signature checks
         * @param codeSender SMS gateway
         * @param phones     mobile-number ownership check
         * @param kkms       active KKMs per trade point besides the cabinet's own
         */
        public Dependencies(CabinetRegistry registry, CabinetSettings settings, Clock clock,
                            ChallengeSignatureVerifier verifier, CodeSender codeSender, PhoneOwnership phones,
                            TradePointKkms kkms) {
            this(registry, settings, clock, verifier, codeSender, phones, kkms, KkmEngine.absent(), KgdApplications.absent());
        }
    }

    /**
     * Builds the routes without a payment provider (top-ups answer 503 {@code payment-unavailable}); {@link #start}
     * binds them.
     *
     * @param deps what the cabinet uses
     */
    public CabinetServer(Dependencies deps) {
        this(deps, PaymentProvider.unavailable(), DEMO_SELLER);
    }

    /** The invoices' seller when none is configured (a demo stand). */
    public static final Invoices.Seller DEMO_SELLER = new Invoices.Seller(
        "Оператор фискальных данных (демонстрационный стенд)", "000000000000", "Астана");

    /**
     * Builds the routes; {@link #start} binds them.
     *
     * @param deps     what the cabinet uses
     * @param payments the card acquirer for top-ups
     * @param seller   the OFD's requisites on invoices
     */
    public CabinetServer(Dependencies deps, PaymentProvider payments, Invoices.Seller seller) {
        this(deps, payments, seller, BILLING_INTERVAL_DEFAULT);
    }

    /**
     * Builds the routes; {@link #start} binds them. A {@link FakePaymentProvider} also gets its checkout pages
     * ({@code /fake-acquirer/checkout/{paymentId}}, public, outside {@code /api/v1}) and a warning in the log.
     *
     * @param deps            what the cabinet uses
     * @param payments        the card acquirer for top-ups
     * @param seller          the OFD's requisites on invoices
     * @param billingInterval how often the renewal scheduler ({@link Billing#tick}) runs, at least 10 ms
     */
    public CabinetServer(Dependencies deps, PaymentProvider payments, Invoices.Seller seller,
                         java.time.Duration billingInterval) {
        if (billingInterval.toMillis() < 10) {
            throw new IllegalArgumentException("the billing interval must be at least 10 ms, got " + billingInterval);
        }
        this.billingEveryMs = billingInterval.toMillis();
        this.clock = deps.clock();
        this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(4));
        SecureRandom random = new SecureRandom();
        CabinetSettings s = deps.settings();
        this.registry = deps.registry();
        this.resolver = new AccessResolver(deps.registry());
        this.sessions = new SessionManager(deps.registry().sessions(), random, deps.clock(), s.sessionIdle(), s.sessionMaxAge());
        AuthRoutes auth = new AuthRoutes(deps, sessions,
            new Challenges(random, deps.clock(), s.challengeTtl(), 100_000),
            new PendingRegistrations(random, deps.clock(), s.registrationTtl(), 10_000),
            new LoginThrottle(deps.clock(), s.loginFailureLimit(), s.addressFailureLimit(), s.lockout()),
            new PasswordHasher(s.argon2(), random), random);
        OrganizationRoutes organization = new OrganizationRoutes(deps.registry(), deps.clock());
        TradePointKkms others = deps.kkms();
        TradePointKkms active = (org, point) -> deps.registry().kkms().activeAt(org, point) + others.activeKkms(org, point);
        TradePointRoutes tradePoints = new TradePointRoutes(deps.registry(), active, deps.clock());
        this.billing = new Billing(deps.registry(), deps.kkmEngine(), payments, deps.clock(), random);
        KkmLifecycle lifecycle = new KkmLifecycle(deps.registry(), deps.verifier(), deps.kkmEngine(), deps.kgd(),
            deps.clock(), random);
        lifecycle.listen(billingListener(billing));
        Contracts contracts = new Contracts(deps.registry(), lifecycle.ownerSignature(), deps.clock(), random);
        KkmRoutes kkms = new KkmRoutes(deps.registry(), lifecycle, deps.clock(), billing, contracts);
        this.router = Router.router(vertx);
        router.route().handler(BodyHandler.create().setBodyLimit(MAX_BODY));
        router.get("/openapi.json").handler(this::openApi);
        router.get(API + "/auth/challenge").handler(auth::challenge);
        router.post(API + "/sign-up/signature").blockingHandler(auth::signUpBySignature, false);
        router.post(API + "/sign-up/code").blockingHandler(auth::sendSignUpCode, false);
        router.post(API + "/sign-up/code/verify").blockingHandler(auth::verifySignUpCode, false);
        router.post(API + "/sign-up/complete").blockingHandler(auth::completeSignUp, false);
        router.post(API + "/sessions/password").blockingHandler(auth::loginByPassword, false);
        router.post(API + "/sessions/signature").blockingHandler(auth::loginBySignature, false);
        router.post(API + "/sessions/code/send").blockingHandler(auth::sendLoginCode, false);
        router.post(API + "/sessions/code").blockingHandler(auth::loginByCode, false);
        authenticated(router.delete(API + "/sessions/current"), ANY_SESSION, auth::logout);
        authenticated(router.get(API + "/me"), ANY_SESSION, auth::me);
        authenticated(router.get(API + "/organization"), need(Module.ORGANIZATION, Level.VIEW), organization::get);
        authenticated(router.put(API + "/organization"), need(Module.ORGANIZATION, Level.MANAGE), organization::put);
        new ContractRoutes(deps.registry(), contracts).register(router, this::authenticated);
        authenticated(router.get(API + "/trade-points"), need(Module.KKMS, Level.VIEW), tradePoints::list);
        authenticated(router.post(API + "/trade-points"), need(Module.KKMS, Level.MANAGE), tradePoints::create);
        authenticated(router.get(API + "/trade-points/:pointId"), need(Module.KKMS, Level.VIEW), tradePoints::get);
        authenticated(router.put(API + "/trade-points/:pointId"), need(Module.KKMS, Level.MANAGE), tradePoints::put);
        authenticated(router.delete(API + "/trade-points/:pointId"), need(Module.KKMS, Level.MANAGE), tradePoints::delete);
        authenticated(router.get(API + "/kkm-models"), need(Module.KKMS, Level.VIEW), kkms::models);
        authenticated(router.get(API + "/kkm-deregistration-reasons"), need(Module.KKMS, Level.VIEW),
            kkms::deregistrationReasons);
        authenticated(router.post(API + "/kkms/application-document"), need(Module.KKMS, Level.MANAGE), kkms::document);
        authenticated(router.get(API + "/kkms"), need(Module.KKMS, Level.VIEW), kkms::list);
        authenticated(router.post(API + "/kkms"), need(Module.KKMS, Level.MANAGE), kkms::register);
        authenticated(router.get(API + "/kkms/:kkmId"), need(Module.KKMS, Level.VIEW), kkms::get);
        authenticated(router.post(API + "/kkms/:kkmId/token"), need(Module.KKMS, Level.MANAGE), kkms::token);
        authenticated(router.post(API + "/kkms/:kkmId/reregistration"), need(Module.KKMS, Level.MANAGE), kkms::reregister);
        authenticated(router.post(API + "/kkms/:kkmId/deregistration"), need(Module.KKMS, Level.MANAGE), kkms::deregister);
        UserRoutes users = new UserRoutes(deps.registry(), sessions, new PasswordHasher(s.argon2(), random), deps.clock());
        users.register(router, this::authenticated);
        TransactionRoutes transactions = new TransactionRoutes(deps.registry(), deps.documents());
        authenticated(router.get(API + "/kkms/:kkmId/receipts"), need(Module.TRANSACTIONS, Level.VIEW), transactions::list);
        authenticated(router.get(API + "/kkms/:kkmId/receipts.csv"), need(Module.TRANSACTIONS, Level.VIEW),
            transactions::csv);
        authenticated(router.get(API + "/kkms/:kkmId/receipts.xlsx"), need(Module.TRANSACTIONS, Level.VIEW),
            transactions::xlsx);
        authenticated(router.get(API + "/kkms/:kkmId/receipts/:fiscalSign"), need(Module.TRANSACTIONS, Level.VIEW),
            transactions::receipt);
        ReportRoutes reports = new ReportRoutes(deps.registry(), deps.documents());
        authenticated(router.get(API + "/kkms/:kkmId/shifts/:shift/reports"), need(Module.REPORTS, Level.VIEW),
            reports::shift);
        authenticated(router.get(API + "/kkms/:kkmId/shifts/:shift/reports.pdf"), need(Module.REPORTS, Level.VIEW),
            reports::pdf);
        authenticated(router.get(API + "/kkms/:kkmId/reports"), need(Module.REPORTS, Level.VIEW), reports::list);
        authenticated(router.get(API + "/kkms/:kkmId/reports.csv"), need(Module.REPORTS, Level.VIEW), reports::csv);
        DocumentRoutes signedDocuments = new DocumentRoutes(deps.registry());
        authenticated(router.get(API + "/documents"), need(Module.DOCUMENTS, Level.VIEW), signedDocuments::list);
        authenticated(router.get(API + "/documents/:documentId"), need(Module.DOCUMENTS, Level.VIEW), signedDocuments::get);
        ServiceCentreRoutes centres = new ServiceCentreRoutes(deps.registry(), deps.clock(), kkmLookup(deps));
        centres.register(router, this::authenticated);
        new TariffRoutes(deps.registry(), billing, contracts, lifecycle.ownerSignature(), deps.clock(), random)
            .register(router, this::authenticated);
        new AccountRoutes(billing, new Invoices(deps.registry(), seller)).register(router, this::authenticated);
        paymentPages(payments);
        fallbacks();
        if (deps.phones() == PhoneOwnership.UNVERIFIED) {
            LOG.warn("event=phone_ownership_unverified: sign-up by one-time code trusts any IIN/phone pair; "
                + "plug the mobile citizens' database (BMG) lookup in before production");
        }
    }

    /** The provider's own pages on this server: only the fake acquirer has any (a test or demo stand). */
    private void paymentPages(PaymentProvider payments) {
        if (payments instanceof FakePaymentProvider fake) {
            new FakeAcquirerRoutes(fake).register(router);
            LOG.warn("event=fake_acquirer_enabled path={}<paymentId>: top-ups are paid on the cabinet's own test "
                + "page and no money moves; never on a production stand", FakePaymentProvider.CHECKOUT_PATH);
        }
    }

    /** Unknown routes and failures as problem details. */
    private void fallbacks() {
        router.route().last().handler(ctx -> Problem.send(ctx, 404, "not-found", "Not Found",
            "no resource at " + ctx.request().method() + " " + ctx.request().path()));
        router.errorHandler(500, ctx -> {
            LOG.error("event=request_failed method={} path={}", ctx.request().method(), ctx.request().path(), ctx.failure());
            Problem.send(ctx, 500, "internal", "Internal Server Error", "the request failed inside the server");
        });
        router.errorHandler(413, ctx -> Problem.send(ctx, 413, "too-large", "Payload Too Large",
            "the request body is larger than " + MAX_BODY + " bytes"));
        router.errorHandler(405, ctx -> Problem.send(ctx, 405, "method-not-allowed", "Method Not Allowed",
            ctx.request().method() + " is not allowed on " + ctx.request().path()));
    }

    /** KGD's registration starts a KKM's subscription; its deregistration stops it. */
    private static KkmLifecycle.Listener billingListener(Billing billing) {
        return new KkmLifecycle.Listener() {
            @Override
            public void registered(kz.ofd.cabinet.registry.proto.KkmRecord kkm) {
                billing.kkmRegistered(kkm);
            }

            @Override
            public void deregistered(kz.ofd.cabinet.registry.proto.KkmRecord kkm) {
                billing.kkmDeregistered(kkm);
            }
        };
    }

    /** What a session route needs beyond a live session: nothing ({@link #ANY_SESSION}) or a module permission. */
    static final Optional<Permission> ANY_SESSION = Optional.empty();

    static Optional<Permission> need(Module module, Level level) {
        return Optional.of(new Permission(module, level));
    }

    /**
     * Registers a session route with the permission it needs: the one place every route's access is checked
     * (session, blocked user, module and level). Trade-point scope is checked by the handler, which knows the point.
     */
    private void authenticated(io.vertx.ext.web.Route route, Optional<Permission> needed, Handler<RoutingContext> handler) {
        for (io.vertx.core.http.HttpMethod m : route.methods()) {
            permissions.put(m.name() + " " + route.getPath(), needed);
        }
        route.blockingHandler(ctx -> requireSession(ctx, needed), false).blockingHandler(handler, false);
    }

    /** Registers a session route; what route classes other than this one are given. */
    @FunctionalInterface
    interface SessionRoutes {
        void add(io.vertx.ext.web.Route route, Optional<Permission> needed, Handler<RoutingContext> handler);
    }

    /**
     * @return every session route ({@code METHOD path}) with the permission it needs (empty: any session)
     */
    public Map<String, Optional<Permission>> routePermissions() {
        return Map.copyOf(permissions);
    }

    /**
     * Resolves the bearer token (401 when there is no live session or the user is blocked or gone), then the user's
     * rights (403 {@code forbidden} naming the missing permission).
     */
    private void requireSession(RoutingContext ctx, Optional<Permission> needed) {
        if (!requireSession(ctx)) {
            return;
        }
        SessionManager.Principal who = Http.principal(ctx);
        Optional<UserRecord> user = registry.users().get(who.organizationId(), who.userId());
        if (user.isEmpty() || user.get().getBlocked()) {
            sessions.close(ctx.get(Http.TOKEN));
            ctx.response().putHeader("www-authenticate", "Bearer");
            Problem.send(ctx, 401, "unauthenticated", "Unauthorized", user.isEmpty() ? "the user no longer exists"
                : "the user is blocked; the organization's owner can unblock them");
            return;
        }
        Access access = resolver.resolve(user.get());
        if (needed.isPresent() && !access.has(needed.get())) {
            Problem.forbidden(ctx, needed.get(), "your groups do not give " + needed.get());
            return;
        }
        ctx.put(Http.ACCESS, access);
        ctx.put(Http.USER, user.get());
        ctx.next();
    }

    /** Resolves the bearer token; answers 401 when there is no live session. @return whether it is live */
    private boolean requireSession(RoutingContext ctx) {
        String header = ctx.request().getHeader("authorization");
        String token = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).trim() : null;
        Optional<SessionManager.Principal> principal = sessions.resolve(token);
        if (principal.isEmpty()) {
            ctx.response().putHeader("www-authenticate", "Bearer");
            Problem.send(ctx, 401, "unauthenticated", "Unauthorized",
                token == null ? "log in first: send Authorization: Bearer <token>" : "the session has ended; log in again");
            return false;
        }
        ctx.put(Http.PRINCIPAL, principal.get());
        ctx.put(Http.TOKEN, token);
        return true;
    }

    private void openApi(RoutingContext ctx) {
        try (InputStream in = CabinetServer.class.getResourceAsStream("/kz/ofd/cabinet/openapi.json")) {
            if (in == null) {
                Problem.send(ctx, 500, "internal", "Internal Server Error", "the OpenAPI document is missing from the build");
                return;
            }
            ctx.response().putHeader("content-type", "application/json")
                .end(io.vertx.core.buffer.Buffer.buffer(in.readAllBytes()));
        } catch (IOException e) {
            ctx.fail(e);
        }
    }

    /** The KKMs a service centre may be shown: the cabinet's KKM records. */
    private static kz.ofd.cabinet.spi.OrganizationKkms kkmLookup(Dependencies deps) {
        return (organizationId, kkmId) -> deps.registry().kkms().get(organizationId, kkmId)
            .map(k -> new kz.ofd.cabinet.spi.OrganizationKkms.Kkm(k.getId(), k.getTradePointId(), k.getName(),
                k.getModelCode(), k.getSerialNumber(), k.getStatus()));
    }

    /**
     * @return tariffs and the account: the renewal scheduler's {@link Billing#tick} (tests call it with a moved
     *         clock) and the operator's promo codes
     */
    public Billing billing() {
        return billing;
    }

    /**
     * @return the router, so tests can enumerate its routes
     */
    public Router router() {
        return router;
    }

    /**
     * @param host bind address
     * @param port port (0 = ephemeral)
     * @return the bound port
     * @throws Exception when it cannot bind within 10 s
     */
    public int start(String host, int port) throws Exception {
        vertx.setPeriodic(SWEEP_EVERY_MS, id -> vertx.executeBlocking(() -> {
            int swept = sessions.sweep();
            if (swept > 0) {
                LOG.info("event=sessions_swept count={}", swept);
            }
            return swept;
        }, false));
        vertx.setPeriodic(billingEveryMs, id -> vertx.executeBlocking(() -> billing.tick(clock.instant()), false)
            .onFailure(e -> LOG.error("event=billing_tick_failed", e)));
        server = vertx.createHttpServer().requestHandler(router).listen(port, host)
            .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        LOG.info("event=cabinet_listening host={} port={}", host, server.actualPort());
        return server.actualPort();
    }

    /**
     * Stops the HTTP server and its Vert.x instance (waits up to 10 s). The registry stays open: it is the caller's.
     */
    @Override
    public void close() {
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            LOG.warn("event=cabinet_close_failed", e);
        }
    }
}
