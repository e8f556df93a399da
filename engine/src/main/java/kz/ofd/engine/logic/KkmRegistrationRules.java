package kz.ofd.engine.logic;

import java.util.ArrayList;
import java.util.List;

/**
 * Value rules for a KKM registration, with messages a person can act on. Stateless.
 */
public final class KkmRegistrationRules {

    /** Longest free-text value accepted. */
    public static final int MAX_TEXT = 256;

    private static final long MAX_U32 = 0xFFFF_FFFFL;

    private KkmRegistrationRules() {
    }

    /**
     * @param r registration to check
     * @return every problem found; empty when the registration is acceptable
     */
    public static List<String> problems(KkmRegistration r) {
        List<String> problems = new ArrayList<>();
        if (r.id() < 1 || r.id() > MAX_U32) {
            problems.add("id must be an integer 1..4294967295");
        }
        if (r.token() < 1 || r.token() > MAX_U32) {
            problems.add("token must be an integer 1..4294967295");
        }
        if (!r.rnm().matches("\\d{12}")) {
            problems.add("rnm must be the 12-digit KGD registration number");
        }
        if (!isValidIinBin(r.bin())) {
            problems.add("bin must be a 12-digit IIN/BIN with a valid check digit");
        }
        text(problems, "serial", r.serialNumber());
        text(problems, "model", r.model());
        text(problems, "org", r.orgName());
        text(problems, "address", r.address());
        text(problems, "point", r.pointName());
        return problems;
    }

    /**
     * Kazakhstan IIN/BIN check: weights 1..11 mod 11; on 10, weights 3..11,1,2; on 10 again the number is invalid.
     *
     * @param value candidate
     * @return true for 12 digits with a correct check digit
     */
    public static boolean isValidIinBin(String value) {
        if (value == null || !value.matches("\\d{12}")) {
            return false;
        }
        int check = weighted(value, 1);
        if (check == 10) {
            check = weighted(value, 3);
        }
        return check != 10 && check == value.charAt(11) - '0';
    }

    private static int weighted(String digits, int firstWeight) {
        int sum = 0;
        for (int i = 0; i < 11; i++) {
            int weight = (firstWeight + i - 1) % 11 + 1;
            sum += (digits.charAt(i) - '0') * weight;
        }
        return sum % 11;
    }

    private static void text(List<String> problems, String name, String value) {
        if (value.isBlank()) {
            problems.add(name + " must not be blank");
        } else if (value.length() > MAX_TEXT) {
            problems.add(name + " must be at most " + MAX_TEXT + " characters");
        }
    }
}
