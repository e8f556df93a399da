package kz.ofd.simulator;

/**
 * The little JSON this module needs without a JSON library: quoting strings for output and pulling one string
 * field out of a small document (an RFC 9457 problem answer).
 */
public final class JsonText {

    private JsonText() {
    }

    /**
     * @param text any text
     * @return the text as a JSON string literal, quotes included
     */
    public static String quote(String text) {
        StringBuilder sb = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    /**
     * Finds the first {@code "name": "value"} pair anywhere in {@code json} and returns the unescaped value.
     * Good enough for flat answers such as problem details; not a general parser.
     *
     * @param json a JSON document
     * @param name field name
     * @return the string value, or {@code null} if there is no such string field
     */
    public static String stringField(String json, String name) {
        String key = quote(name);
        int from = 0;
        while (true) {
            int at = json.indexOf(key, from);
            if (at < 0) {
                return null;
            }
            int i = skipSpace(json, at + key.length());
            if (i < json.length() && json.charAt(i) == ':') {
                i = skipSpace(json, i + 1);
                if (i < json.length() && json.charAt(i) == '"') {
                    return readString(json, i + 1);
                }
                return null;
            }
            from = at + 1;
        }
    }

    private static int skipSpace(String s, int i) {
        int j = i;
        while (j < s.length() && Character.isWhitespace(s.charAt(j))) {
            j++;
        }
        return j;
    }

    private static String readString(String s, int start) {
        StringBuilder sb = new StringBuilder();
        int i = start;
        while (i < s.length()) {
            char c = s.charAt(i++);
            if (c == '"') {
                return sb.toString();
            }
            if (c != '\\' || i >= s.length()) {
                sb.append(c);
                continue;
            }
            char e = s.charAt(i++);
            switch (e) {
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'u' -> {
                    if (i + 4 > s.length()) {
                        return sb.toString();
                    }
                    try {
                        sb.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                        i += 4;
                    } catch (NumberFormatException badEscape) {
                        sb.append('u');
                    }
                }
                default -> sb.append(e);
            }
        }
        return sb.toString();
    }
}
