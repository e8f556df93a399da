package kz.ofd.cabinet.billing;

import java.util.List;
import java.util.Optional;

/**
 * The plan catalogue (manual 001 §16 «Тарифы»): 1, 3, 6 or 12 months, each for a wired or a wireless connection.
 * Prices are integer tiyn (1 KZT = 100 tiyn), VAT included. No published KZT prices were found (domain notes §6), so
 * these are the project's sample price list: 2 500 ₸ a month wired and 3 000 ₸ wireless, 5 %, 10 % and 15 % off for
 * 3, 6 and 12 months.
 */
public final class Plans {

    /** How the KKM reaches the OFD. */
    public enum Connection {
        /** A VPN line ordered from the operator. */
        WIRED("проводное"),
        /** A mobile SIM. */
        WIRELESS("беспроводное");

        private final String display;

        Connection(String display) {
            this.display = display;
        }

        /** @return the Russian name */
        public String display() {
            return display;
        }
    }

    /**
     * A plan.
     *
     * @param code       stable code, e.g. {@code MONTHS_3_WIRED}
     * @param months     length of one period
     * @param connection connection type
     * @param priceTiyn  price of one period, tiyn, VAT included
     */
    public record Plan(String code, int months, Connection connection, long priceTiyn) {

        /** @return the name shown, e.g. «3 месяца, проводное подключение» */
        public String display() {
            String m = switch (months) {
                case 1 -> "1 месяц";
                case 3 -> "3 месяца";
                default -> months + " месяцев";
            };
            return m + ", " + connection.display() + " подключение";
        }
    }

    private static final List<Plan> PLANS = List.of(
        new Plan("MONTHS_1_WIRED", 1, Connection.WIRED, 250_000),
        new Plan("MONTHS_3_WIRED", 3, Connection.WIRED, 712_500),
        new Plan("MONTHS_6_WIRED", 6, Connection.WIRED, 1_350_000),
        new Plan("MONTHS_12_WIRED", 12, Connection.WIRED, 2_550_000),
        new Plan("MONTHS_1_WIRELESS", 1, Connection.WIRELESS, 300_000),
        new Plan("MONTHS_3_WIRELESS", 3, Connection.WIRELESS, 855_000),
        new Plan("MONTHS_6_WIRELESS", 6, Connection.WIRELESS, 1_620_000),
        new Plan("MONTHS_12_WIRELESS", 12, Connection.WIRELESS, 3_060_000));

    private Plans() {
    }

    /** @return every plan, wired first, shortest first */
    public static List<Plan> all() {
        return PLANS;
    }

    /**
     * @param code a plan code; the codes of applications made before plans had a connection type ({@code MONTHS_3})
     *             are read as wired
     * @return the plan
     */
    public static Optional<Plan> find(String code) {
        if (code == null) {
            return Optional.empty();
        }
        String c = code.matches("MONTHS_\\d+") ? code + "_WIRED" : code;
        return PLANS.stream().filter(p -> p.code().equals(c)).findFirst();
    }
}
