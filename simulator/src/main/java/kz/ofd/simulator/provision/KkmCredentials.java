package kz.ofd.simulator.provision;

/**
 * What a virtual KKM needs to start talking to the server: its id and its current token, both unsigned 32-bit.
 *
 * @param id    KKM id (header ID), 0..4294967295
 * @param token current token, 1..4294967295
 */
public record KkmCredentials(long id, long token) {

    /** Largest unsigned 32-bit value. */
    public static final long MAX_U32 = 0xFFFF_FFFFL;

    /**
     * Checks the ranges.
     */
    public KkmCredentials {
        if (id < 0 || id > MAX_U32) {
            throw new IllegalArgumentException("KKM id must be 0.." + MAX_U32 + ": " + id);
        }
        if (token < 1 || token > MAX_U32) {
            throw new IllegalArgumentException("token must be 1.." + MAX_U32 + ": " + token);
        }
    }
}
