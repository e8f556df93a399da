package kz.ofd.engine.launcher;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A tiny {@code --name value} / {@code --name=value} parser that refuses unknown options with a clear message.
 */
final class CommandLine {

    private final Map<String, String> values = new LinkedHashMap<>();
    private final boolean help;

    private CommandLine(boolean help) {
        this.help = help;
    }

    /**
     * @param args    arguments after the subcommand
     * @param allowed option names without the dashes
     * @return the parsed options
     * @throws IllegalArgumentException on an unknown option, a missing value or a stray argument
     */
    static CommandLine parse(List<String> args, Set<String> allowed) {
        boolean help = args.contains("--help") || args.contains("-h");
        CommandLine cl = new CommandLine(help);
        if (help) {
            return cl;
        }
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--help") || arg.equals("-h")) {
                continue;
            }
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument '" + arg + "'");
            }
            String name = arg.substring(2);
            int eq = name.indexOf('=');
            String inlineValue = eq >= 0 ? name.substring(eq + 1) : null;
            name = eq >= 0 ? name.substring(0, eq) : name;
            if (!allowed.contains(name)) {
                throw new IllegalArgumentException("unknown option --" + name);
            }
            String value;
            if (inlineValue != null) {
                value = inlineValue;
            } else if (i + 1 < args.size() && !args.get(i + 1).startsWith("--")) {
                value = args.get(++i);
            } else {
                throw new IllegalArgumentException("option --" + name + " needs a value");
            }
            cl.values.put(name, value);
        }
        return cl;
    }

    boolean help() {
        return help;
    }

    String get(String name) {
        return values.get(name);
    }

    String get(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    String require(String name) {
        String v = values.get(name);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException("option --" + name + " is required");
        }
        return v;
    }

    long requireLong(String name) {
        String v = require(name);
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("option --" + name + " must be a number, got '" + v + "'", e);
        }
    }
}
