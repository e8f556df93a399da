package kz.ofd.engine.launcher;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The launcher's {@code --name value} / {@code --name=value} parser.
 */
final class CommandLineTest {

    private static final Set<String> ALLOWED = Set.of("config", "id", "token", "rnm");

    @Test
    void shouldReadANameAndAValue() {
        CommandLine cl = parse("--config", "ofd.properties", "--id", "42");

        assertEquals("ofd.properties", cl.get("config"));
        assertEquals("42", cl.get("id"));
        assertEquals(42, cl.requireLong("id"));
        assertFalse(cl.help());
    }

    @Test
    void shouldReadANameEqualsValue() {
        CommandLine cl = parse("--config=/etc/ofd/ofd.properties", "--rnm=a=b", "--token=");

        assertEquals("/etc/ofd/ofd.properties", cl.get("config"));
        assertEquals("a=b", cl.get("rnm"), "only the first = separates the value");
        assertEquals("", cl.get("token"));
    }

    @Test
    void shouldAcceptANegativeNumberAsAValue() {
        assertEquals(-5, parse("--id", "-5").requireLong("id"));
    }

    @Test
    void shouldKeepTheLastValueOfARepeatedOption() {
        assertEquals("2", parse("--id", "1", "--id=2").get("id"));
    }

    @Test
    void shouldFallBackForAnAbsentOption() {
        CommandLine cl = parse();

        assertNull(cl.get("config"));
        assertEquals("data", cl.get("config", "data"));
        assertFalse(cl.help());
    }

    @ParameterizedTest
    @ValueSource(strings = {"--bogus", "--Config", "--"})
    void shouldRefuseAnUnknownOptionNamingIt(String option) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> parse(option, "x"));

        assertEquals("unknown option " + option, e.getMessage());
    }

    @Test
    void shouldRefuseAnUnknownOptionWithEquals() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> parse("--bogus=1"));

        assertEquals("unknown option --bogus", e.getMessage());
    }

    @Test
    void shouldRefuseAnOptionWithoutAValue() {
        IllegalArgumentException atEnd = assertThrows(IllegalArgumentException.class, () -> parse("--id"));
        IllegalArgumentException beforeNext = assertThrows(IllegalArgumentException.class,
            () -> parse("--id", "--token", "5"));

        assertEquals("option --id needs a value", atEnd.getMessage());
        assertEquals("option --id needs a value", beforeNext.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"run", "-id", "id=5", "-"})
    void shouldRefuseAStrayArgument(String stray) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> parse("--id", "5", stray));

        assertEquals("unexpected argument '" + stray + "'", e.getMessage());
    }

    @Test
    void shouldRefuseAStrayArgumentFirst() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> parse("serve", "--id", "5"));

        assertTrue(e.getMessage().contains("'serve'"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"--help", "-h"})
    void shouldRecogniseHelpAnywhereAndIgnoreTheRest(String help) {
        assertTrue(parse(help).help());
        assertTrue(parse("--id", "5", help, "--rnm", "620300144467").help());
        assertTrue(parse("--bogus", help).help(), "help wins over a bad option");
    }

    @Test
    void shouldRequireOptions() {
        CommandLine cl = parse("--rnm", " ", "--id", "x");

        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> cl.require("config"));
        IllegalArgumentException blank = assertThrows(IllegalArgumentException.class, () -> cl.require("rnm"));
        IllegalArgumentException notNumber = assertThrows(IllegalArgumentException.class, () -> cl.requireLong("id"));

        assertEquals("option --config is required", missing.getMessage());
        assertEquals("option --rnm is required", blank.getMessage());
        assertEquals("option --id must be a number, got 'x'", notNumber.getMessage());
    }

    private static CommandLine parse(String... args) {
        return CommandLine.parse(List.of(args), ALLOWED);
    }
}
