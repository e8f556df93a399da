package kz.ofd.engine.check;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The four parameters of a receipt's QR code, {@code ?i=<fiscal sign>&f=<RNM>&s=<total>&t=<yyyyMMddTHHmmss>}
 * (domain-facts §3.4), parsed strictly. Money is read into integer tiyn: {@code s} is tenge with a dot and at most
 * two decimals ({@code 13507}, {@code 13507.0}, {@code 13507.00} are the same total), as real registers print it.
 *
 * @param fiscalSign the fiscal sign ({@code i})
 * @param rnm        the KKM's 12-digit KGD registration number ({@code f})
 * @param totalTiyn  the receipt's total in tiyn ({@code s})
 * @param dateTime   the receipt's own date-time, the register's local time to the second ({@code t})
 */
public record CheckQuery(long fiscalSign, String rnm, long totalTiyn, LocalDateTime dateTime) {

    /** Longest tenge part accepted (keeps the tiyn value far inside a long). */
    private static final int MAX_TENGE_DIGITS = 15;

    /**
     * A parameter that is missing or malformed.
     *
     * @param name    the parameter ({@code i}, {@code f}, {@code s} or {@code t})
     * @param message what is wrong, in Russian, for the page
     */
    public record Malformed(String name, String message) {
    }

    /**
     * The outcome of parsing: a query, or every malformed parameter.
     *
     * @param query     the query, {@code null} when any parameter is malformed
     * @param malformed the malformed parameters, in the order i, f, s, t; empty when {@code query} is set
     */
    public record Parsed(CheckQuery query, List<Malformed> malformed) {
    }

    /**
     * Parses the parameters.
     *
     * @param parameter gives a parameter's single value, or {@code null} when it is absent
     * @return the query, or the list of malformed parameters
     */
    public static Parsed parse(Function<String, String> parameter) {
        List<Malformed> malformed = new ArrayList<>();
        String i = parameter.apply("i");
        String f = parameter.apply("f");
        String s = parameter.apply("s");
        String t = parameter.apply("t");
        long sign = sign(i, malformed);
        String rnm = rnm(f, malformed);
        long total = total(s, malformed);
        LocalDateTime time = time(t, malformed);
        if (!malformed.isEmpty()) {
            return new Parsed(null, List.copyOf(malformed));
        }
        return new Parsed(new CheckQuery(sign, rnm, total, time), List.of());
    }

    private static long sign(String v, List<Malformed> out) {
        if (v == null || v.isEmpty()) {
            out.add(new Malformed("i", "не указан фискальный признак"));
            return 0;
        }
        if (!digits(v) || v.length() > 19) {
            out.add(new Malformed("i", "фискальный признак должен состоять из цифр (не более 19)"));
            return 0;
        }
        long sign = Long.parseLong(v.length() == 19 && v.compareTo("9223372036854775807") > 0 ? "0" : v);
        if (sign < 1) {
            out.add(new Malformed("i", "фискальный признак должен быть положительным числом"));
        }
        return sign;
    }

    private static String rnm(String v, List<Malformed> out) {
        if (v == null || v.isEmpty()) {
            out.add(new Malformed("f", "не указан регистрационный номер ККМ (РНМ)"));
            return null;
        }
        if (v.length() != 12 || !digits(v)) {
            out.add(new Malformed("f", "регистрационный номер ККМ (РНМ) должен состоять из 12 цифр"));
            return null;
        }
        return v;
    }

    private static long total(String v, List<Malformed> out) {
        if (v == null || v.isEmpty()) {
            out.add(new Malformed("s", "не указана сумма чека"));
            return 0;
        }
        int dot = v.indexOf('.');
        String tenge = dot < 0 ? v : v.substring(0, dot);
        String coins = dot < 0 ? "" : v.substring(dot + 1);
        if (tenge.isEmpty() || tenge.length() > MAX_TENGE_DIGITS || !digits(tenge)
            || dot >= 0 && (coins.isEmpty() || coins.length() > 2 || !digits(coins))) {
            out.add(new Malformed("s", "сумма чека должна быть в тенге с точкой и не более чем двумя знаками, например 1234.50"));
            return 0;
        }
        long tiyn = coins.isEmpty() ? 0 : coins.length() == 1 ? (coins.charAt(0) - '0') * 10L : Long.parseLong(coins);
        return Long.parseLong(tenge) * 100 + tiyn;
    }

    private static LocalDateTime time(String v, List<Malformed> out) {
        String expected = "дата и время чека должны быть в виде ГГГГММДДTЧЧММСС, например 20261123T143005";
        if (v == null || v.isEmpty()) {
            out.add(new Malformed("t", "не указаны дата и время чека"));
            return null;
        }
        if (v.length() != 15 || v.charAt(8) != 'T' || !digits(v.substring(0, 8)) || !digits(v.substring(9))) {
            out.add(new Malformed("t", expected));
            return null;
        }
        try {
            return LocalDateTime.of(num(v, 0, 4), num(v, 4, 6), num(v, 6, 8), num(v, 9, 11), num(v, 11, 13), num(v, 13, 15));
        } catch (DateTimeException e) {
            out.add(new Malformed("t", expected + " (такой даты или времени не существует)"));
            return null;
        }
    }

    private static int num(String v, int from, int to) {
        return Integer.parseInt(v, from, to, 10);
    }

    private static boolean digits(String v) {
        if (v.isEmpty()) {
            return false;
        }
        for (int k = 0; k < v.length(); k++) {
            char c = v.charAt(k);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}
