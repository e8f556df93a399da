package kz.ofd.cabinet.auth;

import kz.ofd.cabinet.registry.Sessions;
import kz.ofd.cabinet.registry.proto.SessionRecord;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

/**
 * Bearer sessions: a random 256-bit token (base64url) handed to the client once; the registry keeps only its
 * SHA-256 (a fast hash is enough for a 256-bit random secret). Expiry is sliding with an absolute cap: a session
 * ends after {@code idle} without requests or {@code maxAge} after login, whichever comes first. The last-seen
 * time is written at most once a minute, so reading a session is usually not a write. Thread-safe.
 */
public final class SessionManager {

    private static final long TOUCH_EVERY_MS = 60_000;

    private final Sessions sessions;
    private final SecureRandom random;
    private final Clock clock;
    private final Duration idle;
    private final Duration maxAge;

    /**
     * An authenticated caller.
     *
     * @param userId         the user
     * @param organizationId the user's organization: the only one its requests can see
     */
    public record Principal(long userId, long organizationId) {
    }

    /**
     * @param sessions storage
     * @param random   token source
     * @param clock    time
     * @param idle     sliding expiry
     * @param maxAge   absolute expiry
     */
    public SessionManager(Sessions sessions, SecureRandom random, Clock clock, Duration idle, Duration maxAge) {
        this.sessions = sessions;
        this.random = random;
        this.clock = clock;
        this.idle = idle;
        this.maxAge = maxAge;
    }

    /**
     * @param userId         the user
     * @param organizationId the user's organization
     * @param method         how they logged in
     * @return the new token (shown to the client once, never stored)
     */
    public String open(long userId, long organizationId, String method) {
        byte[] raw = new byte[32];
        random.nextBytes(raw);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        long now = clock.millis();
        sessions.put(hash(token), SessionRecord.newBuilder().setUserId(userId).setOrganizationId(organizationId)
            .setCreatedAtMs(now).setLastSeenMs(now).setMethod(method).build());
        return token;
    }

    /**
     * @param token a bearer token from a request
     * @return who it belongs to, when it is a live session (which this call keeps alive)
     */
    public Optional<Principal> resolve(String token) {
        if (token == null || token.isEmpty() || token.length() > 100) {
            return Optional.empty();
        }
        byte[] key = hash(token);
        Optional<SessionRecord> found = sessions.get(key);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        SessionRecord s = found.get();
        long now = clock.millis();
        if (now >= s.getLastSeenMs() + idle.toMillis() || now >= s.getCreatedAtMs() + maxAge.toMillis()) {
            sessions.delete(key);
            return Optional.empty();
        }
        if (now - s.getLastSeenMs() >= TOUCH_EVERY_MS) {
            sessions.put(key, s.toBuilder().setLastSeenMs(now).build());
        }
        return Optional.of(new Principal(s.getUserId(), s.getOrganizationId()));
    }

    /**
     * Ends a session (logout).
     *
     * @param token the bearer token
     */
    public void close(String token) {
        sessions.delete(hash(token));
    }

    /**
     * Ends every session of a user (blocked, deleted, or given a new password by an administrator).
     *
     * @param userId the user
     * @return how many sessions ended
     */
    public int closeAll(long userId) {
        return sessions.deleteForUser(userId);
    }

    /**
     * Deletes sessions that have expired (a periodic sweep).
     *
     * @return how many
     */
    public int sweep() {
        long now = clock.millis();
        return sessions.deleteExpired(now - idle.toMillis(), now - maxAge.toMillis());
    }

    private static byte[] hash(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
