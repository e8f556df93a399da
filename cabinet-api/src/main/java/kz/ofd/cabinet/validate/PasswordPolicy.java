package kz.ofd.cabinet.validate;

import java.util.ArrayList;
import java.util.List;

/**
 * The cabinet password policy: at least 8 characters (at most 128), at least one lower-case and one upper-case
 * Latin letter, one digit and one special character from {@code @ ? - _ * = + ! /} (the set the Kazakhtelecom
 * cabinet lists; Transtelecom also asks for digits). Every unmet rule is reported, so a form can show all at once.
 */
public final class PasswordPolicy {

    /** The special characters a password must contain one of. */
    public static final String SPECIALS = "@?-_*=+!/";
    /** Minimum length. */
    public static final int MIN_LENGTH = 8;
    /** Maximum length: Argon2 copes with more, but a limit keeps request bodies and hashing time bounded. */
    public static final int MAX_LENGTH = 128;

    private PasswordPolicy() {
    }

    /**
     * @param field    the JSON field the password came in
     * @param password the proposed password
     * @return every rule it breaks; empty when it is acceptable
     */
    public static List<FieldError> problems(String field, String password) {
        List<FieldError> errors = new ArrayList<>();
        if (password == null || password.isEmpty()) {
            errors.add(new FieldError(field, "password-required", "a password is required"));
            return errors;
        }
        if (password.length() < MIN_LENGTH) {
            errors.add(new FieldError(field, "password-too-short", "at least " + MIN_LENGTH + " characters"));
        }
        if (password.length() > MAX_LENGTH) {
            errors.add(new FieldError(field, "password-too-long", "at most " + MAX_LENGTH + " characters"));
        }
        if (password.chars().noneMatch(c -> c >= 'a' && c <= 'z')) {
            errors.add(new FieldError(field, "password-no-lowercase", "at least one lower-case Latin letter (a-z)"));
        }
        if (password.chars().noneMatch(c -> c >= 'A' && c <= 'Z')) {
            errors.add(new FieldError(field, "password-no-uppercase", "at least one upper-case Latin letter (A-Z)"));
        }
        if (password.chars().noneMatch(c -> c >= '0' && c <= '9')) {
            errors.add(new FieldError(field, "password-no-digit", "at least one digit (0-9)"));
        }
        if (password.chars().noneMatch(c -> SPECIALS.indexOf(c) >= 0)) {
            errors.add(new FieldError(field, "password-no-special", "at least one of " + String.join(" ", SPECIALS.split(""))));
        }
        if (password.chars().anyMatch(Character::isISOControl)) {
            errors.add(new FieldError(field, "password-control-character", "no control characters"));
        }
        return errors;
    }
}
