package kz.ofd.simulator.provision;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BinTest {

    @Test
    void shouldAcceptNumbersWhoseFirstWeightsGiveTheCheckDigit() {
        // 9·1+4·2+0·3+7·4+4·5+0·6+0·7+0·8+0·9+9·10+1·11 = 166, 166 mod 11 = 1
        assertTrue(Bin.isValid("940740000911"));
        assertTrue(Bin.isValid("123456789013"));
        assertTrue(Bin.isValid("000000000000"));
        assertEquals(2, Bin.checkDigit("21054012345"));
    }

    @Test
    void shouldUseTheSecondWeightsWhenTheFirstSumGivesTen() {
        // first weights: 263 mod 11 = 10; second weights 3..11,1,2: 319 mod 11 = 0
        assertEquals(0, Bin.checkDigit("37783533740"));
        assertTrue(Bin.isValid("377835337400"));
        assertFalse(Bin.isValid("377835337401"));
    }

    @Test
    void shouldRejectDigitsForWhichBothWeightingsGiveTen() {
        assertEquals(-1, Bin.checkDigit("06870986119"));
        for (char last = '0'; last <= '9'; last++) {
            assertFalse(Bin.isValid("06870986119" + last));
        }
    }

    @Test
    void shouldRejectAWrongCheckDigitAndMalformedInput() {
        assertFalse(Bin.isValid("940740000912"));
        assertFalse(Bin.isValid("94074000091"));
        assertFalse(Bin.isValid("9407400009110"));
        assertFalse(Bin.isValid("94074000091a"));
        assertFalse(Bin.isValid(null));
        assertThrows(IllegalArgumentException.class, () -> Bin.checkDigit("1234"));
    }

    @Test
    void shouldGenerateValidBinsOfLegalEntitiesThatFailWithAnyOtherLastDigit() {
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 1000; i++) {
            String bin = Bin.generate(random);
            assertTrue(Bin.isValid(bin), bin);
            assertEquals('4', bin.charAt(4), bin);
            assertEquals('0', bin.charAt(5), bin);
            int month = Integer.parseInt(bin.substring(2, 4));
            assertTrue(month >= 1 && month <= 12, bin);
            char flipped = (char) ('0' + (bin.charAt(11) - '0' + 1) % 10);
            assertFalse(Bin.isValid(bin.substring(0, 11) + flipped), bin);
        }
    }

    @Test
    void shouldGenerateTheSameBinsForTheSameSeed() {
        assertEquals(Bin.generate(new SplittableRandom(7)), Bin.generate(new SplittableRandom(7)));
    }
}
