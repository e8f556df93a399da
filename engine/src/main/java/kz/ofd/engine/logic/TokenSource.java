package kz.ofd.engine.logic;

/**
 * Issues new exchange tokens. Called only by the business-logic thread.
 */
@FunctionalInterface
public interface TokenSource {

    /**
     * @param previous the token being replaced
     * @return a new unsigned 32-bit token, never 0 and never {@code previous}
     */
    long next(long previous);
}
