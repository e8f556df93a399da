package kz.ofd.protocol.codec;

import kz.ofd.protocol.proto.Money;

/**
 * Conversions between protocol {@link Money} (bills = whole tenge, coins = tiyn 0..99) and integer tiyn.
 * Money is never floating point here.
 */
public final class MoneyCodec {

    /** Tiyn per tenge. */
    public static final int TIYN_PER_TENGE = 100;

    private MoneyCodec() {
    }

    /**
     * @param money protocol money (coins must be 0..99)
     * @return the amount in tiyn
     * @throws ArithmeticException      if the amount does not fit a long
     * @throws IllegalArgumentException if coins are out of range
     */
    public static long toTiyn(Money money) {
        long coins = Integer.toUnsignedLong(money.getCoins());
        if (coins >= TIYN_PER_TENGE) {
            throw new IllegalArgumentException("coins must be 0..99, got " + coins);
        }
        long bills = money.getBills();
        if (bills < 0) {
            throw new ArithmeticException("bills out of range: " + Long.toUnsignedString(bills));
        }
        return Math.addExact(Math.multiplyExact(bills, TIYN_PER_TENGE), coins);
    }

    /**
     * @param tiyn non-negative amount in tiyn
     * @return protocol money
     */
    public static Money fromTiyn(long tiyn) {
        if (tiyn < 0) {
            throw new IllegalArgumentException("money on the wire is unsigned: " + tiyn);
        }
        return Money.newBuilder().setBills(tiyn / TIYN_PER_TENGE).setCoins((int) (tiyn % TIYN_PER_TENGE)).build();
    }

    /**
     * Formats tiyn as {@code tenge.tiyn} with two decimals, e.g. {@code 11022.00} (the QR code's {@code s}).
     *
     * @param tiyn non-negative amount
     * @return the decimal text
     */
    public static String format(long tiyn) {
        if (tiyn < 0) {
            throw new IllegalArgumentException("money on the wire is unsigned: " + tiyn);
        }
        long coins = tiyn % TIYN_PER_TENGE;
        return (tiyn / TIYN_PER_TENGE) + (coins < 10 ? ".0" : ".") + coins;
    }
}
