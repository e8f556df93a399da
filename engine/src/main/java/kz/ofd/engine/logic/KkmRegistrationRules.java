package kz.ofd.engine.logic;

import kz.ofd.protocol.validate.IinBin;

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
        problems.addAll(problems(r.details()));
        return problems;
    }

    /**
     * @param d registration details to check (a re-registration's new data)
     * @return every problem found; empty when the details are acceptable
     */
    public static List<String> problems(KkmDetails d) {
        List<String> problems = new ArrayList<>();
        if (!IinBin.isValid(d.bin())) {
            problems.add("bin must be a 12-digit IIN/BIN with a valid check digit");
        }
        text(problems, "serial", d.serialNumber());
        text(problems, "model", d.model());
        text(problems, "org", d.orgName());
        text(problems, "address", d.address());
        text(problems, "point", d.pointName());
        return problems;
    }

    private static void text(List<String> problems, String name, String value) {
        if (value.isBlank()) {
            problems.add(name + " must not be blank");
        } else if (value.length() > MAX_TEXT) {
            problems.add(name + " must be at most " + MAX_TEXT + " characters");
        }
    }
}
