package kz.ofd.protocol.validate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

final class IinBinTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "180340021791",   // first pass: check digit 1
        "620300144465",   // first pass: check digit 5
        "990101000004",
        "000000000000",
        "123456789013",   // first pass gives 10, second pass 3
        "100000000205",   // second pass
        "100000000217"    // second pass
    })
    void shouldAcceptTwelveDigitsWithTheCheckDigit(String value) {
        assertEquals(checkDigit(value), value.charAt(11) - '0', "the test's own algorithm agrees: " + value);
        assertTrue(IinBin.isValid(value), value);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "180340021792", "180340021790", "123456789010", "990101000005", "870412300415",
        "100000000280", "100000000281", "100000000289",   // both passes give 10: no digit is valid
        "18034002179", "1803400217910", "18034002179a", "18034002179 ", " 80340021791", "-80340021791",
        "１８０３４００２１７９１", "١٨٠٣٤٠٠٢١٧٩١"           // full-width and Arabic-Indic digits are not ASCII digits
    })
    void shouldRefuseAnythingElse(String value) {
        assertFalse(IinBin.isValid(value), value);
    }

    @ParameterizedTest
    @NullAndEmptySource
    void shouldRefuseMissingValues(String value) {
        assertFalse(IinBin.isValid(value));
    }

    @Test
    void shouldAgreeWithTheAlgorithmOnEveryCheckDigitOfSomePrefixes() {
        int valid = 0;
        for (long prefix = 10_000_000_000L; prefix < 10_000_000_400L; prefix++) {
            for (int digit = 0; digit <= 9; digit++) {
                String value = Long.toString(prefix) + digit;
                boolean expected = checkDigit(value) == digit;
                assertEquals(expected, IinBin.isValid(value), value);
                valid += expected ? 1 : 0;
            }
        }
        assertTrue(valid > 300 && valid < 400, "about one digit in ten per prefix, minus those with none: " + valid);
    }

    /**
     * Reference algorithm: weights 1..11 mod 11; on 10, weights 3..11,1,2 mod 11; on 10 again, no digit is valid.
     *
     * @return the check digit, or -1 when no digit is valid
     */
    private static int checkDigit(String value) {
        int[] first = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};
        int[] second = {3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2};
        int check = weightedMod11(value, first);
        if (check == 10) {
            check = weightedMod11(value, second);
        }
        return check == 10 ? -1 : check;
    }

    private static int weightedMod11(String value, int[] weights) {
        int sum = 0;
        for (int i = 0; i < weights.length; i++) {
            sum += (value.charAt(i) - '0') * weights[i];
        }
        return sum % 11;
    }
}
