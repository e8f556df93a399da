package kz.ofd.engine.check;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * Parsing of the QR parameters: totals into exact tiyn, strict time, and every malformed parameter named.
 */
final class CheckQueryTest {

    private static Map<String, String> valid() {
        Map<String, String> p = new HashMap<>();
        p.put("i", "1000000001");
        p.put("f", "620300144467");
        p.put("s", "11022.00");
        p.put("t", "20231109T203226");
        return p;
    }

    @Test
    void shouldParseARealKazakhtelecomQrCode() {
        CheckQuery q = CheckQuery.parse(valid()::get).query();

        assertEquals(new CheckQuery(1_000_000_001L, "620300144467", 1_102_200, LocalDateTime.of(2023, 11, 9, 20, 32, 26)), q);
    }

    @ParameterizedTest
    @CsvSource({"13507, 1350700", "13507.0, 1350700", "13507.00, 1350700", "13507.5, 1350750", "13507.05, 1350705",
        "0.01, 1", "0, 0"})
    void shouldReadTheTotalIntoExactTiyn(String s, long tiyn) {
        Map<String, String> p = valid();
        p.put("s", s);

        assertEquals(tiyn, CheckQuery.parse(p::get).query().totalTiyn());
    }

    @ParameterizedTest
    @CsvSource({"i, ''", "i, 12a", "i, -5", "i, 0", "i, 99999999999999999999", "i, 9300000000000000000",
        "f, 62030014446", "f, 6203001444670", "f, 62030014446x",
        "s, 1.234", "s, .50", "s, 12.", "s, 1e3", "s, -1.00", "s, '1,50'", "s, 1234567890123456",
        "t, 20231109 203226", "t, 20231109T2032", "t, 20231301T203226", "t, 20230230T120000", "t, 20231109T246000",
        "t, 2023-11-09T20:32:26"})
    void shouldNameTheOneMalformedParameter(String name, String value) {
        Map<String, String> p = valid();
        p.put(name, value);

        CheckQuery.Parsed parsed = CheckQuery.parse(p::get);

        assertNull(parsed.query());
        assertEquals(List.of(name), parsed.malformed().stream().map(CheckQuery.Malformed::name).toList());
    }

    @Test
    void shouldNameEveryMissingParameterInOrder() {
        CheckQuery.Parsed parsed = CheckQuery.parse(name -> null);

        assertEquals(List.of("i", "f", "s", "t"), parsed.malformed().stream().map(CheckQuery.Malformed::name).toList());
    }
}
