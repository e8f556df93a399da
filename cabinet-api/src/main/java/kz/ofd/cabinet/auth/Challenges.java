package kz.ofd.cabinet.auth;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Signature challenges: a random id and a random 256-bit nonce, valid for a short time and answerable once
 * (taken out of the map by the first answer, right or wrong). Kept in memory only: a restart just makes clients
 * ask for a new one. Bounded: when full, expired ones are dropped, and if it is still full no more are issued.
 * Thread-safe.
 */
public final class Challenges {

    /** The text a client signs: a fixed prefix that says what the signature is for, then the nonce. */
    static final String PREFIX = "ofd-cabinet-auth:";

    private final Map<String, Challenge> open = new ConcurrentHashMap<>();
    private final SecureRandom random;
    private final Clock clock;
    private final Duration ttl;
    private final int capacity;

    /**
     * An issued challenge.
     *
     * @param id        what the client sends back
     * @param payload   the exact bytes to sign (ASCII)
     * @param expiresAt after this it is refused
     */
    public record Challenge(String id, byte[] payload, Instant expiresAt) {
    }

    /** Why a challenge could not be used. */
    public enum Failure {
        /** Never issued, already answered, or dropped. */
        UNKNOWN,
        /** Issued but too old. */
        EXPIRED
    }

    /**
     * @param random   nonce source
     * @param clock    time
     * @param ttl      lifetime
     * @param capacity most open challenges at once
     */
    public Challenges(SecureRandom random, Clock clock, Duration ttl, int capacity) {
        this.random = random;
        this.clock = clock;
        this.ttl = ttl;
        this.capacity = capacity;
    }

    /**
     * @return a new challenge, or {@code null} when too many are open
     */
    public Challenge issue() {
        Instant now = clock.instant();
        if (open.size() >= capacity) {
            open.values().removeIf(c -> !c.expiresAt().isAfter(now));
            if (open.size() >= capacity) {
                return null;
            }
        }
        String id = token(16);
        byte[] payload = (PREFIX + token(32)).getBytes(StandardCharsets.US_ASCII);
        Challenge challenge = new Challenge(id, payload, now.plus(ttl));
        open.put(id, challenge);
        return challenge;
    }

    /**
     * Takes a challenge out: whatever happens next, it cannot be answered again.
     *
     * @param id the challenge id the client sent
     * @return the challenge
     * @throws ChallengeException when it is unknown (or used) or expired
     */
    public Challenge consume(String id) throws ChallengeException {
        Challenge challenge = id == null ? null : open.remove(id);
        if (challenge == null) {
            throw new ChallengeException(Failure.UNKNOWN);
        }
        if (!challenge.expiresAt().isAfter(clock.instant())) {
            throw new ChallengeException(Failure.EXPIRED);
        }
        return challenge;
    }

    private String token(int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** A challenge that cannot be used; {@link #failure()} says why. */
    public static final class ChallengeException extends Exception {

        private static final long serialVersionUID = 1L;

        /** Why. */
        private final Failure failure;

        ChallengeException(Failure failure) {
            super(failure.name());
            this.failure = failure;
        }

        /** @return why */
        public Failure failure() {
            return failure;
        }
    }
}
