package kz.ofd.engine.logic;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Value rules of KKM registrations and the Kazakhstan IIN/BIN check digit.
 */
final class KkmRegistrationRulesTest {

    private static final KkmRegistration VALID = LogicFixture.registration(1, 1);
    private static final String LONG_TEXT = "я".repeat(KkmRegistrationRules.MAX_TEXT + 1);

    static Stream<Arguments> badRegistrations() {
        return Stream.of(
            bad("id 0", r -> with(r, 0, r.token(), r.rnm(), r.bin(), r.serialNumber()), "id"),
            bad("id 2^32", r -> with(r, 1L << 32, r.token(), r.rnm(), r.bin(), r.serialNumber()), "id"),
            bad("id -1", r -> with(r, -1, r.token(), r.rnm(), r.bin(), r.serialNumber()), "id"),
            bad("token 0", r -> with(r, r.id(), 0, r.rnm(), r.bin(), r.serialNumber()), "token"),
            bad("token 2^32", r -> with(r, r.id(), 1L << 32, r.rnm(), r.bin(), r.serialNumber()), "token"),
            bad("rnm 11 digits", r -> with(r, r.id(), r.token(), "62030014446", r.bin(), r.serialNumber()), "rnm"),
            bad("rnm 13 digits", r -> with(r, r.id(), r.token(), "6203001444670", r.bin(), r.serialNumber()), "rnm"),
            bad("rnm letters", r -> with(r, r.id(), r.token(), "62030014446A", r.bin(), r.serialNumber()), "rnm"),
            bad("rnm blank", r -> with(r, r.id(), r.token(), "", r.bin(), r.serialNumber()), "rnm"),
            bad("bin check digit", r -> with(r, r.id(), r.token(), r.rnm(), "180340021792", r.serialNumber()), "bin"),
            bad("bin 11 digits", r -> with(r, r.id(), r.token(), r.rnm(), "18034002179", r.serialNumber()), "bin"),
            bad("serial blank", r -> with(r, r.id(), r.token(), r.rnm(), r.bin(), "  "), "serial"),
            bad("serial too long", r -> with(r, r.id(), r.token(), r.rnm(), r.bin(), LONG_TEXT), "serial"),
            bad("model blank", r -> new KkmRegistration(r.id(), r.token(), r.rnm(), r.serialNumber(), "",
                r.bin(), r.orgName(), r.address(), r.pointName()), "model"),
            bad("model too long", r -> new KkmRegistration(r.id(), r.token(), r.rnm(), r.serialNumber(), LONG_TEXT,
                r.bin(), r.orgName(), r.address(), r.pointName()), "model"),
            bad("org blank", r -> new KkmRegistration(r.id(), r.token(), r.rnm(), r.serialNumber(), r.model(),
                r.bin(), "\t", r.address(), r.pointName()), "org"),
            bad("org too long", r -> new KkmRegistration(r.id(), r.token(), r.rnm(), r.serialNumber(), r.model(),
                r.bin(), LONG_TEXT, r.address(), r.pointName()), "org"),
            bad("address blank", r -> new KkmRegistration(r.id(), r.token(), r.rnm(), r.serialNumber(), r.model(),
                r.bin(), r.orgName(), "", r.pointName()), "address"),
            bad("address too long", r -> new KkmRegistration(r.id(), r.token(), r.rnm(), r.serialNumber(), r.model(),
                r.bin(), r.orgName(), LONG_TEXT, r.pointName()), "address"),
            bad("point blank", r -> new KkmRegistration(r.id(), r.token(), r.rnm(), r.serialNumber(), r.model(),
                r.bin(), r.orgName(), r.address(), " "), "point"),
            bad("point too long", r -> new KkmRegistration(r.id(), r.token(), r.rnm(), r.serialNumber(), r.model(),
                r.bin(), r.orgName(), r.address(), LONG_TEXT), "point"));
    }

    @Test
    void shouldFindNoProblemInAValidRegistration() {
        assertEquals(List.of(), KkmRegistrationRules.problems(VALID));
    }

    @Test
    void shouldAcceptTheExtremesOfIdTokenAndTextLength() {
        String longest = "я".repeat(KkmRegistrationRules.MAX_TEXT);
        KkmRegistration r = new KkmRegistration(0xFFFF_FFFFL, 0xFFFF_FFFFL, "000000000000", longest, longest,
            "123456789013", longest, longest, longest);

        assertEquals(List.of(), KkmRegistrationRules.problems(r));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRegistrations")
    void shouldNameTheFieldOfEachBadValue(String name, UnaryOperator<KkmRegistration> change, String field) {
        List<String> problems = KkmRegistrationRules.problems(change.apply(VALID));

        assertEquals(1, problems.size(), () -> name + ": " + problems);
        assertTrue(problems.get(0).startsWith(field + " "), () -> name + ": " + problems);
    }

    @Test
    void shouldReportEveryProblemAtOnce() {
        KkmRegistration r = new KkmRegistration(0, 0, "x", "", "", "1", "", "", "");

        List<String> problems = KkmRegistrationRules.problems(r);

        assertEquals(9, problems.size(), problems::toString);
        List<String> fields = problems.stream().map(p -> p.substring(0, p.indexOf(' '))).toList();
        assertEquals(List.of("id", "token", "rnm", "bin", "serial", "model", "org", "address", "point"), fields);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "180340021791",   // first pass: check digit 1
        "620300144465",   // first pass: check digit 5
        "000000000000",
        "990101000004",
        "123456789013",   // first pass gives 10, second pass 3
        "100000000205",   // second pass
        "100000000217"    // second pass
    })
    void shouldAcceptIinBinsWithACorrectCheckDigit(String value) {
        assertEquals(checkDigit(value), value.charAt(11) - '0', "the test's own algorithm agrees: " + value);
        assertTrue(KkmRegistrationRules.isValidIinBin(value), value);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "180340021790", "180340021792", "123456789010", "990101000005",
        "100000000280", "100000000281", "100000000289",   // both passes give 10: never valid
        "18034002179", "1803400217910", "18034002179a", "18034002179 ", "-80340021791", "１８０３４００２１７９１"
    })
    void shouldRejectIinBinsThatAreNotTwelveDigitsWithTheCheckDigit(String value) {
        assertFalse(KkmRegistrationRules.isValidIinBin(value), value);
    }

    @ParameterizedTest
    @NullAndEmptySource
    void shouldRejectMissingIinBins(String value) {
        assertFalse(KkmRegistrationRules.isValidIinBin(value));
    }

    @Test
    void shouldAgreeWithTheAlgorithmOnEveryCheckDigitOfSomePrefixes() {
        for (long prefix = 10_000_000_000L; prefix < 10_000_000_400L; prefix++) {
            for (int digit = 0; digit <= 9; digit++) {
                String value = Long.toString(prefix) + digit;
                boolean expected = checkDigit(value) == digit;
                assertEquals(expected, KkmRegistrationRules.isValidIinBin(value), value);
            }
        }
    }

    /**
     * Reference algorithm: weights 1..11 mod 11; on 10, weights 3..11,1,2 mod 11; on 10 again, no digit is valid.
     *
     * @return the check digit, or -1 when no digit is valid
     */
    private static int checkDigit(String value) {
        int[] first = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};
        int[] second = {3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2};
        int check = weighted(value, first);
        if (check == 10) {
            check = weighted(value, second);
        }
        return check == 10 ? -1 : check;
    }

    private static int weighted(String value, int[] weights) {
        int sum = 0;
        for (int i = 0; i < 11; i++) {
            sum += (value.charAt(i) - '0') * weights[i];
        }
        return sum % 11;
    }

    private static KkmRegistration with(KkmRegistration r, long id, long token, String rnm, String bin, String serial) {
        return new KkmRegistration(id, token, rnm, serial, r.model(), bin, r.orgName(), r.address(), r.pointName());
    }

    private static Arguments bad(String name, UnaryOperator<KkmRegistration> change, String field) {
        return Arguments.of(name, change, field);
    }
}
