package kz.ofd.cabinet.http;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import kz.ofd.cabinet.CabinetSettings;
import kz.ofd.cabinet.auth.Challenges;
import kz.ofd.cabinet.auth.LoginThrottle;
import kz.ofd.cabinet.auth.PasswordHasher;
import kz.ofd.cabinet.auth.PendingRegistrations;
import kz.ofd.cabinet.auth.SessionManager;
import kz.ofd.cabinet.registry.CabinetRegistry;
import kz.ofd.cabinet.registry.DuplicateException;
import kz.ofd.cabinet.registry.OneTimeCodes;
import kz.ofd.cabinet.registry.proto.OrganizationRecord;
import kz.ofd.cabinet.registry.proto.UserRecord;
import kz.ofd.cabinet.signature.SignatureRejectedException;
import kz.ofd.cabinet.signature.SignerIdentity;
import kz.ofd.cabinet.validate.FieldError;
import kz.ofd.cabinet.validate.Identifiers;
import kz.ofd.cabinet.validate.PasswordPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Sign-up (by signed challenge or by one-time code, then password and contacts) and login (password, signed
 * challenge, one-time code), logout and "who am I". Log lines carry ids and outcomes, never a password, a token or
 * a code. Runs on worker threads.
 */
final class AuthRoutes {

    private static final Logger LOG = LoggerFactory.getLogger(AuthRoutes.class);
    static final String LEGAL_ENTITY = "LEGAL_ENTITY";
    static final String ENTREPRENEUR = "INDIVIDUAL_ENTREPRENEUR";

    private final CabinetServer.Dependencies deps;
    private final CabinetRegistry registry;
    private final CabinetSettings settings;
    private final SessionManager sessions;
    private final Challenges challenges;
    private final PendingRegistrations pending;
    private final LoginThrottle throttle;
    private final PasswordHasher hasher;
    private final SecureRandom random;
    /** Verified against when the login is unknown, so a wrong login costs as much time as a wrong password. */
    private final String decoyHash;

    AuthRoutes(CabinetServer.Dependencies deps, SessionManager sessions, Challenges challenges, PendingRegistrations pending,
               LoginThrottle throttle, PasswordHasher hasher, SecureRandom random) {
        this.deps = deps;
        this.registry = deps.registry();
        this.settings = deps.settings();
        this.sessions = sessions;
        this.challenges = challenges;
        this.pending = pending;
        this.throttle = throttle;
        this.hasher = hasher;
        this.random = random;
        this.decoyHash = hasher.hash("decoy-" + random.nextLong());
    }

    void challenge(RoutingContext ctx) {
        Challenges.Challenge c = challenges.issue();
        if (c == null) {
            Problem.send(ctx, 503, "busy", "Service Unavailable", "too many open challenges; retry in a minute");
            return;
        }
        Http.json(ctx, 200, new JsonObject()
            .put("challengeId", c.id())
            .put("payload", Base64.getEncoder().encodeToString(c.payload()))
            .put("payloadText", new String(c.payload(), java.nio.charset.StandardCharsets.US_ASCII))
            .put("expiresAt", c.expiresAt().toString()));
    }

    // ---- sign-up ----

    void signUpBySignature(RoutingContext ctx) {
        JsonObject body = Http.body(ctx);
        if (body == null) {
            return;
        }
        SignerIdentity who = verifiedSigner(ctx, body, 400);
        if (who == null) {
            return;
        }
        String idn = who.bin() != null ? who.bin() : who.iin();
        if (registry.organizations().byIdn(idn).isPresent()) {
            Problem.send(ctx, 409, "already-signed-up", "Conflict",
                "an organization with IIN/BIN " + idn + " is already signed up; log in instead");
            return;
        }
        String id = pending.add(who.iin(), who.bin(), who.personName(), who.organization(), who.email(), null, "SIGNATURE");
        answerPending(ctx, id);
    }

    void sendSignUpCode(RoutingContext ctx) {
        JsonObject body = Http.body(ctx);
        if (body == null) {
            return;
        }
        Fields f = new Fields(body);
        String iin = f.text("iin", true, 12);
        if (iin != null) {
            Identifiers.idnProblem("iin", iin).ifPresent(f::add);
            if (f.ok() && !Identifiers.isIin(iin)) {
                f.add(new FieldError("iin", "not-an-iin", "sign-up by code is for individual entrepreneurs: give the IIN"));
            }
        }
        String phoneText = f.text("phone", true, 32);
        Optional<String> phone = Identifiers.normalizePhone(phoneText);
        if (phoneText != null && phone.isEmpty()) {
            f.add(new FieldError("phone", "phone-format", "a Kazakhstan mobile number, +7 7xx xxx xx xx"));
        }
        if (!f.ok()) {
            Problem.invalid(ctx, f.errors);
            return;
        }
        if (locked(ctx, "signup:" + iin)) {
            return;
        }
        if (registry.organizations().byIdn(iin).isPresent()) {
            Problem.send(ctx, 409, "already-signed-up", "Conflict", "this IIN is already signed up; log in instead");
            return;
        }
        if (!deps.phones().belongsTo(iin, phone.get())) {
            Problem.send(ctx, 400, "phone-not-registered", "Bad Request",
                "the number is not registered to this IIN in the mobile citizens' database (BMG)");
            return;
        }
        throttle.failed("signup:" + iin, Http.address(ctx));
        Instant expires = sendCode("signup", iin, phone.get());
        Http.json(ctx, 202, new JsonObject().put("sentTo", Identifiers.maskPhone(phone.get()))
            .put("expiresAt", expires.toString()));
    }

    void verifySignUpCode(RoutingContext ctx) {
        JsonObject body = Http.body(ctx);
        if (body == null) {
            return;
        }
        Fields f = new Fields(body);
        String iin = f.text("iin", true, 12);
        String code = f.text("code", true, 12);
        if (!f.ok()) {
            Problem.invalid(ctx, f.errors);
            return;
        }
        OneTimeCodes.Result result = registry.oneTimeCodes().check("signup", iin, code, deps.clock().millis());
        if (result.check() != OneTimeCodes.Check.OK) {
            codeProblem(ctx, result.check(), 400);
            return;
        }
        answerPending(ctx, pending.add(iin, null, null, null, null, result.phone(), "ONE_TIME_CODE"));
    }

    private void answerPending(RoutingContext ctx, String id) {
        if (id == null) {
            Problem.send(ctx, 503, "busy", "Service Unavailable", "too many sign-ups in progress; retry in a minute");
            return;
        }
        PendingRegistrations.Pending p = pending.get(id);
        JsonObject answer = new JsonObject()
            .put("registrationId", id)
            .put("kind", p.bin() != null ? LEGAL_ENTITY : ENTREPRENEUR)
            .put("idn", p.bin() != null ? p.bin() : p.iin())
            .put("iin", p.iin())
            .put("bin", p.bin())
            .put("name", p.name())
            .put("organizationName", p.orgName())
            .put("email", p.email())
            .put("phone", p.phone())
            .put("expiresAt", p.expiresAt().toString());
        Http.json(ctx, 201, answer);
    }

    void completeSignUp(RoutingContext ctx) {
        JsonObject body = Http.body(ctx);
        if (body == null) {
            return;
        }
        Fields f = new Fields(body);
        String registrationId = f.text("registrationId", true, 64);
        PendingRegistrations.Pending p = registrationId == null ? null : pending.get(registrationId);
        if (registrationId != null && p == null) {
            Problem.send(ctx, 404, "registration-unknown", "Not Found",
                "the sign-up is unknown or has expired; verify the signature or the code again");
            return;
        }
        String password = f.raw("password");
        PasswordPolicy.problems("password", password).forEach(f::add);
        String name = f.text("name", p != null && p.name() == null, 300);
        String businessForm = f.text("businessForm", false, 100);
        String email = f.text("email", p == null || p.email() == null, 254);
        if (email != null) {
            Identifiers.emailProblem("email", email).ifPresent(f::add);
        }
        String phone = phone(f, "phone", p == null || p.phone() == null);
        String legal = f.text("legalAddress", true, 500);
        String actual = f.bool("actualSameAsLegal") ? legal : f.text("actualAddress", true, 500);
        Bank bank = bank(f.object("bank"));
        if (!f.ok()) {
            Problem.invalid(ctx, f.errors);
            return;
        }
        long now = deps.clock().millis();
        boolean legalEntity = p.bin() != null;
        String personName = name != null ? name : p.name();
        OrganizationRecord.Builder org = OrganizationRecord.newBuilder()
            .setKind(legalEntity ? LEGAL_ENTITY : ENTREPRENEUR)
            .setIdn(legalEntity ? p.bin() : p.iin())
            .setName(legalEntity ? nonNull(p.orgName(), personName) : personName)
            .setBusinessForm(legalEntity ? "" : nonNull(businessForm, "ИП"))
            .setLegalAddress(legal)
            .setActualAddress(actual)
            .setBankBik(bank.bik)
            .setBankIik(bank.iik)
            .setHeadName(legalEntity ? nonNull(personName, "") : "")
            .setHeadIin(legalEntity ? p.iin() : "")
            .setPhone(phone != null ? phone : p.phone())
            .setEmail(email != null ? email : p.email())
            .setCreatedAtMs(now)
            .setUpdatedAtMs(now)
            .setSignedUpBy(p.method());
        UserRecord user = UserRecord.newBuilder()
            .setIin(p.iin())
            .setEmail(org.getEmail().toLowerCase(Locale.ROOT))
            .setPhone(org.getPhone())
            .setFullName(nonNull(personName, ""))
            .setRole("ADMIN")
            .setPasswordHash(hasher.hash(password))
            .setCreatedAtMs(now)
            .build();
        CabinetRegistry.SignedUp done;
        try {
            done = registry.signUp(org.build(), user);
        } catch (DuplicateException e) {
            Problem.send(ctx, 409, "already-signed-up", "Conflict", e.getMessage(),
                List.of(new FieldError(e.field().equals("login") ? "email" : "idn", "duplicate", e.getMessage())));
            return;
        }
        pending.remove(registrationId);
        LOG.info("event=signed_up organization={} user={} method={} kind={}", done.organization().getId(),
            done.user().getId(), p.method(), done.organization().getKind());
        answerSession(ctx, 201, done.user(), done.organization(), "SIGN_UP");
    }

    record Bank(String bik, String iik) {
    }

    /** Bank details are optional (no account yet), but BIK and IIK come together. */
    static Bank bank(Fields bank) {
        String bik = bank.text("bik", false, 11);
        String iik = bank.text("iik", false, 34);
        if (bik == null && iik == null) {
            return new Bank("", "");
        }
        if (bik == null) {
            bank.add(new FieldError(bank.path("bik"), "required", "BIK is required with an IIK"));
        } else {
            Identifiers.bikProblem(bank.path("bik"), bik).ifPresent(bank::add);
        }
        if (iik == null) {
            bank.add(new FieldError(bank.path("iik"), "required", "IIK is required with a BIK"));
        } else {
            Identifiers.ibanProblem(bank.path("iik"), iik).ifPresent(bank::add);
        }
        return new Bank(bik == null ? "" : bik.toUpperCase(Locale.ROOT), Identifiers.normalizeIban(iik));
    }

    static String phone(Fields f, String field, boolean required) {
        String text = f.text(field, required, 32);
        if (text == null) {
            return null;
        }
        Optional<String> phone = Identifiers.normalizePhone(text);
        if (phone.isEmpty()) {
            f.add(new FieldError(f.path(field), "phone-format", "a Kazakhstan mobile number, +7 7xx xxx xx xx"));
            return null;
        }
        return phone.get();
    }

    private static String nonNull(String a, String b) {
        return a != null ? a : b;
    }

    // ---- login ----

    void loginByPassword(RoutingContext ctx) {
        JsonObject body = Http.body(ctx);
        if (body == null) {
            return;
        }
        Fields f = new Fields(body);
        String login = f.text("login", true, 254);
        String password = f.raw("password");
        if (password == null || password.isEmpty()) {
            f.add(new FieldError("password", "required", "is required"));
        }
        if (!f.ok()) {
            Problem.invalid(ctx, f.errors);
            return;
        }
        String key = login.toLowerCase(Locale.ROOT);
        if (locked(ctx, key)) {
            return;
        }
        Optional<UserRecord> user = registry.users().byLogin(key);
        String stored = user.map(UserRecord::getPasswordHash).filter(h -> !h.isEmpty()).orElse(decoyHash);
        boolean ok = hasher.verify(password, stored) && user.isPresent() && !user.get().getPasswordHash().isEmpty();
        if (!ok) {
            throttle.failed(key, Http.address(ctx));
            LOG.info("event=login_failed method=password user={} address={}", user.map(u -> String.valueOf(u.getId()))
                .orElse("unknown"), Http.address(ctx));
            Problem.send(ctx, 401, "login-failed", "Unauthorized", "wrong login or password");
            return;
        }
        throttle.succeeded(key);
        if (hasher.needsRehash(stored)) {
            registry.users().setPasswordHash(user.get().getId(), hasher.hash(password));
        }
        loggedIn(ctx, user.get(), "PASSWORD");
    }

    void loginBySignature(RoutingContext ctx) {
        JsonObject body = Http.body(ctx);
        if (body == null) {
            return;
        }
        SignerIdentity who = verifiedSigner(ctx, body, 401);
        if (who == null) {
            return;
        }
        Optional<UserRecord> user = registry.users().byLogin(who.iin());
        Optional<OrganizationRecord> org = user.flatMap(u -> registry.organizations().byId(u.getOrganizationId()));
        if (org.isEmpty() || who.bin() != null && !who.bin().equals(org.get().getIdn())) {
            LOG.info("event=login_failed method=signature reason=no_account certificate={}", who.certificateSerial());
            Problem.send(ctx, 401, "no-account", "Unauthorized",
                "no cabinet user has this certificate's IIN" + (who.bin() != null ? " in the organization of its BIN" : "")
                    + "; sign up first");
            return;
        }
        loggedIn(ctx, user.get(), "SIGNATURE");
    }

    void sendLoginCode(RoutingContext ctx) {
        JsonObject body = Http.body(ctx);
        if (body == null) {
            return;
        }
        Fields f = new Fields(body);
        String login = f.text("login", true, 254);
        if (!f.ok()) {
            Problem.invalid(ctx, f.errors);
            return;
        }
        String key = login.toLowerCase(Locale.ROOT);
        if (locked(ctx, key)) {
            return;
        }
        // Counted like a failure: sending codes is rate-limited by the same lock.
        throttle.failed(key, Http.address(ctx));
        Optional<UserRecord> user = registry.users().byLogin(key).filter(u -> !u.getPhone().isEmpty());
        Instant expires = deps.clock().instant().plus(settings.codeTtl());
        if (user.isPresent()) {
            expires = sendCode("login", user.get().getIin(), user.get().getPhone());
        }
        // The same answer whether or not the login exists, so the endpoint does not reveal accounts.
        Http.json(ctx, 202, new JsonObject().put("sent", true).put("expiresAt", expires.toString()));
    }

    void loginByCode(RoutingContext ctx) {
        JsonObject body = Http.body(ctx);
        if (body == null) {
            return;
        }
        Fields f = new Fields(body);
        String login = f.text("login", true, 254);
        String code = f.text("code", true, 12);
        if (!f.ok()) {
            Problem.invalid(ctx, f.errors);
            return;
        }
        String key = login.toLowerCase(Locale.ROOT);
        if (locked(ctx, key)) {
            return;
        }
        Optional<UserRecord> user = registry.users().byLogin(key);
        OneTimeCodes.Check check = user.isEmpty() ? OneTimeCodes.Check.NONE
            : registry.oneTimeCodes().check("login", user.get().getIin(), code, deps.clock().millis()).check();
        if (check != OneTimeCodes.Check.OK) {
            throttle.failed(key, Http.address(ctx));
            LOG.info("event=login_failed method=code outcome={} address={}", check, Http.address(ctx));
            codeProblem(ctx, check, 401);
            return;
        }
        throttle.succeeded(key);
        loggedIn(ctx, user.get(), "ONE_TIME_CODE");
    }

    void logout(RoutingContext ctx) {
        String token = ctx.get(Http.TOKEN);
        sessions.close(token);
        LOG.info("event=logout user={}", Http.principal(ctx).userId());
        ctx.response().setStatusCode(204).end();
    }

    void me(RoutingContext ctx) {
        SessionManager.Principal who = Http.principal(ctx);
        Optional<UserRecord> user = registry.users().byId(who.userId());
        Optional<OrganizationRecord> org = registry.organizations().byId(who.organizationId());
        if (user.isEmpty() || org.isEmpty()) {
            Problem.send(ctx, 404, "not-found", "Not Found", "the session's user no longer exists");
            return;
        }
        Http.json(ctx, 200, new JsonObject().put("user", userJson(user.get())).put("organization", orgSummary(org.get()))
            .put("access", accessJson(Http.access(ctx))));
    }

    // ---- shared ----

    /** @return the verified signer, or {@code null} after answering with the specific problem */
    private SignerIdentity verifiedSigner(RoutingContext ctx, JsonObject body, int status) {
        Fields f = new Fields(body);
        String challengeId = f.text("challengeId", true, 64);
        String signature = f.text("signature", true, CabinetServer.MAX_BODY);
        if (!f.ok()) {
            Problem.invalid(ctx, f.errors);
            return null;
        }
        Challenges.Challenge challenge;
        try {
            challenge = challenges.consume(challengeId);
        } catch (Challenges.ChallengeException e) {
            if (e.failure() == Challenges.Failure.EXPIRED) {
                Problem.send(ctx, 400, "challenge-expired", "Bad Request", "the challenge has expired; ask for a new one");
            } else {
                Problem.send(ctx, 400, "challenge-unknown", "Bad Request",
                    "the challenge is unknown or was already used; ask for a new one");
            }
            return null;
        }
        try {
            return deps.verifier().verify(challenge.payload(), signature, deps.clock().instant());
        } catch (SignatureRejectedException e) {
            LOG.info("event=signature_rejected reason={} address={}", e.reason().code(), Http.address(ctx));
            Problem.send(ctx, status, e.reason().code(), status == 401 ? "Unauthorized" : "Bad Request",
                e.reason().message() + ": " + e.getMessage());
            return null;
        }
    }

    private boolean locked(RoutingContext ctx, String key) {
        Instant until = throttle.lockedUntil(key, Http.address(ctx));
        if (until == null) {
            return false;
        }
        long seconds = Math.max(1, Duration.between(deps.clock().instant(), until).toSeconds());
        ctx.response().putHeader("retry-after", String.valueOf(seconds));
        Problem.send(ctx, 429, "locked", "Too Many Requests",
            "too many failed attempts; try again in " + seconds + " s (at " + until + ")");
        return true;
    }

    private Instant sendCode(String purpose, String subject, String phone) {
        String code = String.format(Locale.ROOT, "%06d", random.nextInt(1_000_000));
        Instant expires = deps.clock().instant().plus(settings.codeTtl());
        registry.oneTimeCodes().issue(purpose, subject, code, phone, expires.toEpochMilli(), settings.codeAttempts());
        deps.codeSender().send(phone, code, purpose);
        return expires;
    }

    private static void codeProblem(RoutingContext ctx, OneTimeCodes.Check check, int status) {
        String title = status == 401 ? "Unauthorized" : "Bad Request";
        switch (check) {
            case EXPIRED -> Problem.send(ctx, status, "code-expired", title, "the code has expired; ask for a new one");
            case EXHAUSTED -> Problem.send(ctx, status, "code-exhausted", title,
                "too many wrong codes; this code is cancelled, ask for a new one");
            case WRONG -> Problem.send(ctx, status, "code-wrong", title, "the code is wrong");
            default -> Problem.send(ctx, status, "code-unknown", title, "no code was sent, or it was already used");
        }
    }

    private void loggedIn(RoutingContext ctx, UserRecord user, String method) {
        Optional<OrganizationRecord> org = registry.organizations().byId(user.getOrganizationId());
        if (org.isEmpty()) {
            Problem.send(ctx, 401, "no-account", "Unauthorized", "the user's organization no longer exists");
            return;
        }
        if (user.getBlocked()) {
            LOG.info("event=login_refused reason=blocked user={} method={}", user.getId(), method);
            Problem.send(ctx, 403, "user-blocked", "Forbidden",
                "this user is blocked; the organization's owner can unblock them");
            return;
        }
        LOG.info("event=logged_in user={} organization={} method={}", user.getId(), user.getOrganizationId(), method);
        answerSession(ctx, 201, user, org.get(), method);
    }

    private void answerSession(RoutingContext ctx, int status, UserRecord user, OrganizationRecord org, String method) {
        String token = sessions.open(user.getId(), org.getId(), method);
        Http.json(ctx, status, new JsonObject()
            .put("token", token)
            .put("tokenType", "Bearer")
            .put("idleTimeoutSeconds", settings.sessionIdle().toSeconds())
            .put("maxAgeSeconds", settings.sessionMaxAge().toSeconds())
            .put("user", userJson(user))
            .put("organization", orgSummary(org)));
    }

    private static JsonObject userJson(UserRecord u) {
        return new JsonObject().put("id", u.getId()).put("iin", u.getIin()).put("email", u.getEmail())
            .put("phone", u.getPhone()).put("fullName", u.getFullName()).put("role", u.getRole());
    }

    /** What the user may do, so a front end shows only the sections and points it can use. */
    private static JsonObject accessJson(kz.ofd.cabinet.access.Access access) {
        io.vertx.core.json.JsonArray rights = new io.vertx.core.json.JsonArray();
        for (kz.ofd.cabinet.access.Module m : kz.ofd.cabinet.access.Module.values()) {
            for (kz.ofd.cabinet.access.Level l : kz.ofd.cabinet.access.Level.values()) {
                kz.ofd.cabinet.access.Permission p = new kz.ofd.cabinet.access.Permission(m, l);
                if (access.has(p)) {
                    java.util.Set<Long> points = access.points(p);
                    rights.add(new JsonObject().put("module", m.code()).put("level", l.code())
                        .put("allTradePoints", points == null)
                        .put("tradePointIds", points == null ? null : new io.vertx.core.json.JsonArray(
                            points.stream().sorted().toList())));
                }
            }
        }
        return new JsonObject().put("owner", access.isOwner()).put("permissions", rights);
    }

    private static JsonObject orgSummary(OrganizationRecord o) {
        return new JsonObject().put("id", o.getId()).put("kind", o.getKind()).put("idn", o.getIdn()).put("name", o.getName());
    }
}
