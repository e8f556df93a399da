package kz.ofd.protocol.validate;

/**
 * Checksum of a Kazakhstan IIN (individual) or BIN (business) identification number: 12 ASCII digits, the last
 * being a check digit. The check digit is the weighted sum of the first 11 digits with weights 1..11, modulo 11;
 * when that is 10, the sum is taken again with weights 3, 4, …, 11, 1, 2; when it is 10 again, no check digit fits
 * and the number is invalid. Stateless and allocation-free; safe from any thread.
 */
public final class IinBin {

    /** Digits in an IIN/BIN. */
    public static final int LENGTH = 12;

    private static final int CHECKED_DIGITS = 11;
    private static final int MODULUS = 11;
    private static final int NO_DIGIT = 10;
    private static final int SECOND_PASS_FIRST_WEIGHT = 3;

    private IinBin() {
    }

    /**
     * @param value candidate, may be {@code null}
     * @return true when the value is exactly 12 ASCII digits whose last digit is the check digit of the others
     */
    public static boolean isValid(String value) {
        if (value == null || value.length() != LENGTH) {
            return false;
        }
        for (int i = 0; i < LENGTH; i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        int check = weighted(value, 1);
        if (check == NO_DIGIT) {
            check = weighted(value, SECOND_PASS_FIRST_WEIGHT);
        }
        return check != NO_DIGIT && check == value.charAt(CHECKED_DIGITS) - '0';
    }

    /** Weighted sum mod 11 of the first 11 digits; the weights run firstWeight, firstWeight + 1, …, wrapping 11 → 1. */
    private static int weighted(String digits, int firstWeight) {
        int sum = 0;
        for (int i = 0; i < CHECKED_DIGITS; i++) {
            int weight = (firstWeight + i - 1) % MODULUS + 1;
            sum += (digits.charAt(i) - '0') * weight;
        }
        return sum % MODULUS;
    }
}
