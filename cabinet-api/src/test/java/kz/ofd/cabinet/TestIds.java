package kz.ofd.cabinet;

import kz.ofd.cabinet.validate.Identifiers;

/**
 * Valid IINs and BINs for tests, built with the check digit so each seed gives a different number.
 */
public final class TestIds {

    private TestIds() {
    }

    /**
     * @param seed 0..9999
     * @return a valid IIN of a man born 1 Jan 1990 (20th century: digit 3)
     */
    public static String iin(int seed) {
        return complete("9001013" + String.format("%04d", seed));
    }

    /**
     * @param seed 0..99999
     * @return a valid BIN of a resident legal entity (head office) registered April 2004
     */
    public static String bin(int seed) {
        return complete("040440" + String.format("%05d", seed));
    }

    private static String complete(String first11) {
        for (int bump = 0; bump < 100; bump++) {
            String candidate = first11;
            if (bump > 0) {
                long n = Long.parseLong(first11.substring(7)) + bump * 7L;
                candidate = first11.substring(0, 7) + String.format("%04d", n % 10_000);
            }
            int check = Identifiers.checkDigit(candidate);
            if (check >= 0) {
                return candidate + check;
            }
        }
        throw new IllegalStateException("no valid number near " + first11);
    }

    /**
     * @param valid a valid IIN/BIN
     * @return the same with a wrong check digit
     */
    public static String withWrongCheckDigit(String valid) {
        int check = valid.charAt(11) - '0';
        return valid.substring(0, 11) + ((check + 1) % 10);
    }
}
