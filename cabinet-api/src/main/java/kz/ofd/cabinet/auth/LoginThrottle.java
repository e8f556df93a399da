package kz.ofd.cabinet.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Brute-force protection: failed logins are counted per login name and per source address; after the limit the
 * key is locked for a period counted from the failure that reached it, and every attempt during the lock is
 * refused without checking the credentials. A success clears the login's counter (not the address's, so one
 * address cannot probe many accounts by mixing in a known password). In memory: a restart forgives, which is
 * acceptable for a lock of minutes. Entries are dropped once their lock or window has passed. Thread-safe.
 */
public final class LoginThrottle {

    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Clock clock;
    private final int loginLimit;
    private final int addressLimit;
    private final Duration period;

    private record Counter(int failures, Instant windowStart, Instant lockedUntil) {
    }

    /**
     * @param clock        time
     * @param loginLimit   failures per login name before a lock
     * @param addressLimit failures per source address before a lock
     * @param period       lock length, and the window failures are counted in
     */
    public LoginThrottle(Clock clock, int loginLimit, int addressLimit, Duration period) {
        this.clock = clock;
        this.loginLimit = loginLimit;
        this.addressLimit = addressLimit;
        this.period = period;
    }

    /**
     * @param login   the login name tried (normalized)
     * @param address the client's address
     * @return until when the attempt must be refused, or {@code null} when it may go ahead
     */
    public Instant lockedUntil(String login, String address) {
        Instant now = clock.instant();
        Instant a = locked("l:" + login, now);
        Instant b = locked("a:" + address, now);
        if (a == null) {
            return b;
        }
        return b == null || a.isAfter(b) ? a : b;
    }

    private Instant locked(String key, Instant now) {
        Counter c = counters.get(key);
        return c != null && c.lockedUntil() != null && c.lockedUntil().isAfter(now) ? c.lockedUntil() : null;
    }

    /**
     * @param login   the login name tried
     * @param address the client's address
     */
    public void failed(String login, String address) {
        Instant now = clock.instant();
        count("l:" + login, loginLimit, now);
        count("a:" + address, addressLimit, now);
        if (counters.size() > 100_000) {
            counters.values().removeIf(c -> !c.windowStart().plus(period).isAfter(now)
                && (c.lockedUntil() == null || !c.lockedUntil().isAfter(now)));
        }
    }

    private void count(String key, int limit, Instant now) {
        counters.compute(key, (k, c) -> {
            if (c == null || !c.windowStart().plus(period).isAfter(now) && (c.lockedUntil() == null
                || !c.lockedUntil().isAfter(now))) {
                c = new Counter(0, now, null);
            }
            int failures = c.failures() + 1;
            return new Counter(failures, c.windowStart(), failures >= limit ? now.plus(period) : c.lockedUntil());
        });
    }

    /**
     * @param login the login name that just logged in
     */
    public void succeeded(String login) {
        counters.remove("l:" + login);
    }
}
