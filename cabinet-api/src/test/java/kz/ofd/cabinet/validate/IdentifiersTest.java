package kz.ofd.cabinet.validate;

import kz.ofd.cabinet.TestIds;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IdentifiersTest {

    @Test
    void shouldComputeCheckDigitWithFirstWeights() {
        // 1*9+2*0+3*0+4*1+5*0+6*1+7*3+8*0+9*0+10*0+11*1 = 51; 51 mod 11 = 7
        assertEquals(7, Identifiers.checkDigit("90010130001"));
        assertTrue(Identifiers.idnProblem("iin", "900101300017").isEmpty());
        assertEquals("idn-checksum", Identifiers.idnProblem("iin", "900101300018").orElseThrow().code());
    }

    @Test
    void shouldUseSecondWeightsWhenFirstPassGivesTen() {
        // first pass: 1*0+2*0+3*0+4*0+5*0+6*0+7*0+8*0+9*0+10*1+11*0 = 10 -> second weights: 3..11,1,2 -> 1*1 = 1
        assertEquals(1, Identifiers.checkDigit("00000000010"));
        assertTrue(Identifiers.idnProblem("iin", "000000000101").isEmpty());
    }

    @Test
    void shouldRefuseNumbersWhoseBothPassesGiveTen() {
        // found by search: both weighted sums are 10 mod 11, so no check digit makes this prefix valid
        String prefix = "90010100092";
        int first = 0;
        int[] w1 = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};
        int[] w2 = {3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2};
        int second = 0;
        for (int i = 0; i < 11; i++) {
            first += (prefix.charAt(i) - '0') * w1[i];
            second += (prefix.charAt(i) - '0') * w2[i];
        }
        assertEquals(10, first % 11);
        assertEquals(10, second % 11);
        assertEquals(-1, Identifiers.checkDigit(prefix));
        for (char d = '0'; d <= '9'; d++) {
            assertTrue(Identifiers.idnProblem("iin", prefix + d).isPresent());
        }
    }

    @Test
    void shouldTellIinFromBin() {
        assertTrue(Identifiers.isIin(TestIds.iin(1)));
        assertFalse(Identifiers.isBin(TestIds.iin(1)));
        assertTrue(Identifiers.isBin(TestIds.bin(1)));
        assertEquals("idn-format", Identifiers.idnProblem("bin", "12345678901a").orElseThrow().code());
    }

    @ParameterizedTest
    @CsvSource({
        "KZ86125KZT5004100100, ",
        "kz86 125k zt50 0410 0100, ",
        "KZ86125KZT5004100101, iban-checksum",
        "KZ86125KZT500410010, iban-length",
        "KZ86125KZT50041001000, iban-length",
        "DE89370400440532013000, iban-country",
        "KZ8612AKZT5004100100, iban-format"
    })
    void shouldCheckKazakhIban(String iban, String code) {
        Optional<FieldError> problem = Identifiers.ibanProblem("iik", iban);
        assertEquals(code, problem.map(FieldError::code).orElse(null));
    }

    @ParameterizedTest
    @CsvSource({
        "+7 708 150-28-10, +77081502810",
        "87081502810, +77081502810",
        "7081502810, +77081502810",
        "+7 (701) 234 56 78, +77012345678",
        "+7 495 123 45 67, ",
        "12345, "
    })
    void shouldNormalizeKazakhMobileNumbers(String typed, String normalized) {
        assertEquals(normalized, Identifiers.normalizePhone(typed).orElse(null));
    }

    @Test
    void shouldMaskPhoneForLogs() {
        assertEquals("+7 7** *** 28 10", Identifiers.maskPhone("+77081502810"));
    }

    @Test
    void shouldCheckBik() {
        assertTrue(Identifiers.bikProblem("bik", "CASPKZKA").isEmpty());
        assertTrue(Identifiers.bikProblem("bik", "hsbkkzkx").isEmpty());
        assertEquals("bik-format", Identifiers.bikProblem("bik", "CASPRUMM").orElseThrow().code());
    }
}
