package kz.ofd.engine.logic;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

    private static KkmRegistration with(KkmRegistration r, long id, long token, String rnm, String bin, String serial) {
        return new KkmRegistration(id, token, rnm, serial, r.model(), bin, r.orgName(), r.address(), r.pointName());
    }

    private static Arguments bad(String name, UnaryOperator<KkmRegistration> change, String field) {
        return Arguments.of(name, change, field);
    }
}
