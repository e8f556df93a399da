package kz.ofd.cabinet.validate;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PasswordPolicyTest {

    private static List<String> codes(String password) {
        return PasswordPolicy.problems("password", password).stream().map(FieldError::code).toList();
    }

    @Test
    void shouldAcceptEachListedSpecialCharacter() {
        for (char c : PasswordPolicy.SPECIALS.toCharArray()) {
            assertTrue(codes("Abcdefg1" + c).isEmpty(), "special " + c);
        }
    }

    @Test
    void shouldReportEveryBrokenRuleAtOnce() {
        assertEquals(List.of("password-too-short", "password-no-uppercase", "password-no-digit", "password-no-special"),
            codes("abc"));
        assertEquals(List.of("password-required"), codes(""));
        assertEquals(List.of("password-required"), codes(null));
        assertEquals(List.of("password-too-long"), codes("Aa1!" + "x".repeat(PasswordPolicy.MAX_LENGTH)));
        assertEquals(List.of("password-control-character"), codes("Abcdefg1!\n"));
    }
}
