package kz.ofd.engine.logic;

import java.security.SecureRandom;

/**
 * Tokens are the only secret a KKM presents, so they come from a {@link SecureRandom} (unpredictable), not from
 * a sequence. Not thread-safe: one instance per business-logic thread.
 */
public final class SecureTokenSource implements TokenSource {

    private final SecureRandom random = new SecureRandom();

    @Override
    public long next(long previous) {
        long token;
        do {
            token = Integer.toUnsignedLong(random.nextInt());
        } while (token == 0 || token == previous);
        return token;
    }
}
