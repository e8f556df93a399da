package kz.ofd.cabinet.auth;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sign-ups between their two steps: the identity is proven (by a signed challenge or a one-time code) and waits
 * for the password and the organization's data. In memory with a short lifetime; single use. Thread-safe.
 */
public final class PendingRegistrations {

    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final SecureRandom random;
    private final Clock clock;
    private final Duration ttl;
    private final int capacity;

    /**
     * A proven identity waiting for its password.
     *
     * @param iin       the person's IIN
     * @param bin       the organization's BIN, or {@code null} for an individual entrepreneur
     * @param name      person's name from the certificate, or {@code null} (code sign-up: the user types it)
     * @param orgName   organization name from the certificate, or {@code null}
     * @param email     e-mail from the certificate, or {@code null}
     * @param phone     the phone the code went to, or {@code null}
     * @param method    {@code SIGNATURE} or {@code ONE_TIME_CODE}
     * @param expiresAt after this it is gone
     */
    public record Pending(String iin, String bin, String name, String orgName, String email, String phone, String method,
                          Instant expiresAt) {
    }

    /**
     * @param random   id source
     * @param clock    time
     * @param ttl      lifetime
     * @param capacity most waiting at once
     */
    public PendingRegistrations(SecureRandom random, Clock clock, Duration ttl, int capacity) {
        this.random = random;
        this.clock = clock;
        this.ttl = ttl;
        this.capacity = capacity;
    }

    /**
     * @param iin     IIN
     * @param bin     BIN or null
     * @param name    name or null
     * @param orgName organization or null
     * @param email   e-mail or null
     * @param phone   phone or null
     * @param method  how it was proven
     * @return the registration id, or {@code null} when too many are waiting
     */
    public String add(String iin, String bin, String name, String orgName, String email, String phone, String method) {
        Instant now = clock.instant();
        if (pending.size() >= capacity) {
            pending.values().removeIf(p -> !p.expiresAt().isAfter(now));
            if (pending.size() >= capacity) {
                return null;
            }
        }
        byte[] raw = new byte[24];
        random.nextBytes(raw);
        String id = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        pending.put(id, new Pending(iin, bin, name, orgName, email, phone, method, now.plus(ttl)));
        return id;
    }

    /**
     * @param id registration id
     * @return the pending registration, if it exists and has not expired (it stays until {@link #remove})
     */
    public Pending get(String id) {
        Pending p = id == null ? null : pending.get(id);
        if (p == null) {
            return null;
        }
        if (!p.expiresAt().isAfter(clock.instant())) {
            pending.remove(id);
            return null;
        }
        return p;
    }

    /**
     * @param id registration id, completed
     */
    public void remove(String id) {
        pending.remove(id);
    }
}
