package kz.ofd.protocol.codec;

import kz.ofd.protocol.proto.Money;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

final class MoneyCodecTest {

    @ParameterizedTest
    @CsvSource({
        "0, 0, 0",
        "5, 0, 5",
        "99, 0, 99",
        "100, 1, 0",
        "1102200, 11022, 0",
        "1350710, 13507, 10",
        "9223372036854775807, 92233720368547758, 7"
    })
    void shouldSplitTiynIntoBillsAndCoinsAndBack(long tiyn, long bills, int coins) {
        Money money = MoneyCodec.fromTiyn(tiyn);
        assertEquals(bills, money.getBills());
        assertEquals(coins, money.getCoins());
        assertEquals(tiyn, MoneyCodec.toTiyn(money));
    }

    @Test
    void shouldConvertBillsAndCoinsToTiyn() {
        assertEquals(1_350_710L, MoneyCodec.toTiyn(money(13_507, 10)));
    }

    @ParameterizedTest
    @ValueSource(ints = {100, 150, Integer.MAX_VALUE, -1})
    void shouldRejectCoinsOfOneHundredOrMore(int coins) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MoneyCodec.toTiyn(money(1, coins)));
        assertEquals("coins must be 0..99, got " + Integer.toUnsignedString(coins), e.getMessage());
    }

    @Test
    void shouldRejectBillsThatOverflowTiyn() {
        assertThrows(ArithmeticException.class, () -> MoneyCodec.toTiyn(money(Long.MAX_VALUE, 0)));
        assertThrows(ArithmeticException.class, () -> MoneyCodec.toTiyn(money(Long.MAX_VALUE / 100 + 1, 0)));
    }

    @Test
    void shouldRejectAnOverflowOnlyFromTheCoins() {
        assertThrows(ArithmeticException.class, () -> MoneyCodec.toTiyn(money(Long.MAX_VALUE / 100, 8)));
        assertEquals(Long.MAX_VALUE, MoneyCodec.toTiyn(money(Long.MAX_VALUE / 100, 7)));
    }

    @Test
    void shouldRejectBillsAboveTwoToTheSixtyThreeAsUnsigned() {
        ArithmeticException e = assertThrows(ArithmeticException.class, () -> MoneyCodec.toTiyn(money(-1L, 0)));
        assertEquals("bills out of range: 18446744073709551615", e.getMessage());
    }

    @Test
    void shouldRejectNegativeTiyn() {
        assertThrows(IllegalArgumentException.class, () -> MoneyCodec.fromTiyn(-1));
        assertThrows(IllegalArgumentException.class, () -> MoneyCodec.format(-5));
    }

    @ParameterizedTest
    @CsvSource({
        "1102200, 11022.00",
        "5, 0.05",
        "1350710, 13507.10",
        "0, 0.00",
        "99, 0.99",
        "100, 1.00",
        "110, 1.10",
        "9223372036854775807, 92233720368547758.07"
    })
    void shouldFormatTiynWithTwoDecimals(long tiyn, String expected) {
        assertEquals(expected, MoneyCodec.format(tiyn));
    }

    private static Money money(long bills, int coins) {
        return Money.newBuilder().setBills(bills).setCoins(coins).build();
    }
}
