package kz.ofd.simulator.provision;

import java.util.SplittableRandom;

/**
 * Kazakhstan IIN/BIN (12 digits) check digit: the first 11 digits weighted 1..11, sum mod 11; if that gives 10,
 * weighted 3,4,5,6,7,8,9,10,11,1,2 instead; if that gives 10 again, no valid number has those 11 digits.
 */
public final class Bin {

    /** Length of an IIN/BIN. */
    public static final int LENGTH = 12;

    private static final int[] SECOND_WEIGHTS = {3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2};

    private Bin() {
    }

    /**
     * @param first11 the first 11 digits
     * @return the check digit 0..9, or -1 if no check digit makes these digits a valid number
     * @throws IllegalArgumentException if {@code first11} is not 11 ASCII digits
     */
    public static int checkDigit(CharSequence first11) {
        if (first11.length() != LENGTH - 1 || !allDigits(first11)) {
            throw new IllegalArgumentException("need 11 digits, got '" + first11 + "'");
        }
        int sum = 0;
        for (int i = 0; i < LENGTH - 1; i++) {
            sum += (first11.charAt(i) - '0') * (i + 1);
        }
        int check = sum % 11;
        if (check != 10) {
            return check;
        }
        sum = 0;
        for (int i = 0; i < LENGTH - 1; i++) {
            sum += (first11.charAt(i) - '0') * SECOND_WEIGHTS[i];
        }
        check = sum % 11;
        return check == 10 ? -1 : check;
    }

    /**
     * @param bin candidate IIN/BIN
     * @return whether it is 12 digits with a correct check digit
     */
    public static boolean isValid(String bin) {
        if (bin == null || bin.length() != LENGTH || !allDigits(bin)) {
            return false;
        }
        int check = checkDigit(bin.subSequence(0, LENGTH - 1));
        return check >= 0 && check == bin.charAt(LENGTH - 1) - '0';
    }

    /**
     * A random valid BIN of a resident legal entity's head office: YYMM of registration, '4', '0', five random
     * digits, check digit.
     *
     * @param random source of randomness
     * @return a valid BIN
     */
    public static String generate(SplittableRandom random) {
        while (true) {
            StringBuilder sb = new StringBuilder(LENGTH);
            int year = random.nextInt(0, 25);
            int month = random.nextInt(1, 13);
            sb.append(year / 10).append(year % 10).append(month / 10).append(month % 10).append('4').append('0');
            for (int i = 0; i < 5; i++) {
                sb.append((char) ('0' + random.nextInt(10)));
            }
            int check = checkDigit(sb);
            if (check >= 0) {
                return sb.append((char) ('0' + check)).toString();
            }
        }
    }

    private static boolean allDigits(CharSequence s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}
