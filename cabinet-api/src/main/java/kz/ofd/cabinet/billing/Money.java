package kz.ofd.cabinet.billing;

/**
 * Amounts in tiyn (1 KZT = 100 tiyn), integer only, as people read them.
 */
public final class Money {

    private Money() {
    }

    /**
     * @param tiyn an amount
     * @return e.g. {@code 7 125,00 ₸} (groups of thousands by a space, comma before the tiyn)
     */
    public static String format(long tiyn) {
        String sign = tiyn < 0 ? "−" : "";
        long abs = Math.abs(tiyn);
        String tenge = Long.toString(abs / 100);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < tenge.length(); i++) {
            if (i > 0 && (tenge.length() - i) % 3 == 0) {
                b.append(' ');
            }
            b.append(tenge.charAt(i));
        }
        long rest = abs % 100;
        return sign + b + "," + (rest < 10 ? "0" : "") + rest + " ₸";
    }

    /**
     * The VAT contained in an amount that includes it (16 % from 2026, domain notes §3.6), rounded half up to a tiyn.
     *
     * @param grossTiyn amount with VAT
     * @param ratePercent VAT rate, e.g. 16
     * @return the VAT part
     */
    public static long vatIncluded(long grossTiyn, int ratePercent) {
        long base = 100L + ratePercent;
        return (grossTiyn * ratePercent + base / 2) / base;
    }
}
