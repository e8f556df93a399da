package kz.ofd.engine.logic;

/**
 * Issues fiscal signs: numeric, unique across the whole OFD, 10 digits for the first nine billion documents
 * (the length Kazakhtelecom's signs have; protocol-facts §7). The sequence is recovered from the journal on
 * restart through {@link #observe}. Business-logic thread only.
 */
public final class FiscalSigns {

    /** The first sign ever issued. */
    public static final long FIRST = 1_000_000_001L;

    private long last = FIRST - 1;

    /**
     * @return the next fiscal sign
     */
    public long next() {
        return ++last;
    }

    /**
     * Records a sign issued earlier (journal replay), so the sequence never repeats one.
     *
     * @param sign an issued sign
     */
    public void observe(long sign) {
        if (sign > last) {
            last = sign;
        }
    }

    /**
     * @return the last sign issued, or {@code FIRST - 1}
     */
    public long last() {
        return last;
    }
}
