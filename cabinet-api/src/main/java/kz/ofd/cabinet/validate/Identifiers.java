package kz.ofd.cabinet.validate;

import java.math.BigInteger;
import java.util.Locale;
import java.util.Optional;

/**
 * Kazakhstan identifiers: IIN/BIN (12 digits, mod-11 check digit with a second weight set), the IIK bank
 * account (a KZ IBAN: 20 characters, ISO 13616 mod-97), the BIK (the bank's 8- or 11-character SWIFT code) and
 * mobile phone numbers (+7 7xx xxx xx xx). Each check returns the reason a value is wrong, or empty. Stateless.
 */
public final class Identifiers {

    /** Weights of the first pass of the IIN/BIN check digit. */
    private static final int[] FIRST_WEIGHTS = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};
    /** Weights of the second pass, used when the first gives 10. */
    private static final int[] SECOND_WEIGHTS = {3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2};
    private static final int IBAN_KZ_LENGTH = 20;
    private static final BigInteger NINETY_SEVEN = BigInteger.valueOf(97);

    private Identifiers() {
    }

    /**
     * @param field the JSON field it came in, for the error
     * @param value a claimed IIN or BIN
     * @return why it is not a valid 12-digit IIN/BIN, or empty when it is
     */
    public static Optional<FieldError> idnProblem(String field, String value) {
        if (value == null || !value.matches("[0-9]{12}")) {
            return Optional.of(new FieldError(field, "idn-format", "IIN/BIN is exactly 12 digits"));
        }
        int check = checkDigit(value);
        if (check < 0 || check != value.charAt(11) - '0') {
            return Optional.of(new FieldError(field, "idn-checksum",
                "IIN/BIN check digit does not match: the number has a typo"));
        }
        return Optional.empty();
    }

    /**
     * @param value a valid IIN/BIN
     * @return true for a BIN (5th digit 4, 5 or 6: legal entity, non-resident, sole proprietorship), false for an
     *     IIN (whose 5th digit is the first digit of a month, 0 or 1)
     */
    public static boolean isBin(String value) {
        char fifth = value.charAt(4);
        return fifth >= '4' && fifth <= '6';
    }

    /**
     * @param value a valid IIN/BIN
     * @return true for an IIN, i.e. a person
     */
    public static boolean isIin(String value) {
        char fifth = value.charAt(4);
        return fifth == '0' || fifth == '1';
    }

    /**
     * The check digit of the first 11 digits, or -1 when both weight passes give 10 (no valid number has that prefix).
     *
     * @param digits at least 11 ASCII digits
     * @return 0..9, or -1
     */
    public static int checkDigit(String digits) {
        int first = weighted(digits, FIRST_WEIGHTS);
        if (first != 10) {
            return first;
        }
        int second = weighted(digits, SECOND_WEIGHTS);
        return second == 10 ? -1 : second;
    }

    private static int weighted(String digits, int[] weights) {
        int sum = 0;
        for (int i = 0; i < weights.length; i++) {
            sum += (digits.charAt(i) - '0') * weights[i];
        }
        return sum % 11;
    }

    /**
     * @param field the JSON field it came in, for the error
     * @param value a claimed IIK; spaces are ignored and letters may be lower case
     * @return why it is not a KZ IBAN, or empty
     */
    public static Optional<FieldError> ibanProblem(String field, String value) {
        String iban = normalizeIban(value);
        if (!iban.startsWith("KZ")) {
            return Optional.of(new FieldError(field, "iban-country", "IIK is a Kazakhstan IBAN starting with KZ"));
        }
        if (iban.length() != IBAN_KZ_LENGTH) {
            return Optional.of(new FieldError(field, "iban-length",
                "a KZ IIK has exactly 20 characters, this one has " + iban.length()));
        }
        if (!iban.matches("KZ[0-9]{2}[0-9]{3}[0-9A-Z]{13}")) {
            return Optional.of(new FieldError(field, "iban-format",
                "IIK is KZ, 2 check digits, a 3-digit bank code and 13 letters or digits"));
        }
        if (!mod97IsOne(iban)) {
            return Optional.of(new FieldError(field, "iban-checksum", "IIK check digits do not match: the number has a typo"));
        }
        return Optional.empty();
    }

    /**
     * @param value an IIK as typed
     * @return without spaces, upper case
     */
    public static String normalizeIban(String value) {
        return value == null ? "" : value.replace(" ", "").toUpperCase(Locale.ROOT);
    }

    /** ISO 13616: move the first four characters to the end, letters to 10..35, the number mod 97 must be 1. */
    private static boolean mod97IsOne(String iban) {
        String rearranged = iban.substring(4) + iban.substring(0, 4);
        StringBuilder digits = new StringBuilder(rearranged.length() * 2);
        for (int i = 0; i < rearranged.length(); i++) {
            digits.append(Character.digit(rearranged.charAt(i), 36));
        }
        return new BigInteger(digits.toString()).mod(NINETY_SEVEN).intValue() == 1;
    }

    /**
     * @param field the JSON field it came in, for the error
     * @param value a claimed BIK (SWIFT/BIC code of a Kazakhstan bank)
     * @return why it is not one, or empty
     */
    public static Optional<FieldError> bikProblem(String field, String value) {
        String bik = value == null ? "" : value.trim().toUpperCase(Locale.ROOT);
        if (!bik.matches("[A-Z]{4}KZ[A-Z0-9]{2}([A-Z0-9]{3})?")) {
            return Optional.of(new FieldError(field, "bik-format",
                "BIK is the bank's SWIFT code: 4 letters, KZ, 2 letters or digits (e.g. CASPKZKA)"));
        }
        return Optional.empty();
    }

    /**
     * Normalizes a Kazakhstan mobile number typed as {@code +7 708 150-28-10}, {@code 87081502810} or
     * {@code 7081502810}.
     *
     * @param value the number as typed
     * @return {@code +77081502810}, or empty when it is not a Kazakhstan mobile number
     */
    public static Optional<String> normalizePhone(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String digits = value.replaceAll("[\\s()\\-]", "");
        if (digits.startsWith("+7")) {
            digits = digits.substring(2);
        } else if (digits.length() == 11 && (digits.startsWith("8") || digits.startsWith("7"))) {
            digits = digits.substring(1);
        }
        return digits.matches("7[0-9]{9}") ? Optional.of("+7" + digits) : Optional.empty();
    }

    /**
     * @param normalized a number from {@link #normalizePhone}
     * @return the number with all but the last four digits hidden, for logs: {@code +7 7** *** 28 10}
     */
    public static String maskPhone(String normalized) {
        if (normalized == null || normalized.length() != 12) {
            return "(invalid number)";
        }
        return "+7 " + normalized.charAt(2) + "** *** " + normalized.substring(8, 10) + " " + normalized.substring(10);
    }

    /**
     * @param field the JSON field it came in, for the error
     * @param value a claimed e-mail address
     * @return why it is not a plausible address, or empty; deliverability is proven only by a code sent to it
     */
    public static Optional<FieldError> emailProblem(String field, String value) {
        if (value == null || value.length() > 254 || !value.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
            return Optional.of(new FieldError(field, "email-format", "e-mail must look like name@example.kz"));
        }
        return Optional.empty();
    }
}
