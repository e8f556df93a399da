package kz.ofd.cabinet.access;

import java.util.Locale;
import java.util.Optional;

/** How much of a module a right allows; {@link #MANAGE} includes {@link #VIEW}. */
public enum Level {
    /** Read. */
    VIEW,
    /** Read, create, change, delete. */
    MANAGE;

    /** @return the code used in JSON and in the registry */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param needed the level a request needs
     * @return whether this level covers it
     */
    public boolean covers(Level needed) {
        return compareTo(needed) >= 0;
    }

    /**
     * @param code a JSON code
     * @return the level, if the code names one
     */
    public static Optional<Level> of(String code) {
        for (Level l : values()) {
            if (l.code().equals(code)) {
                return Optional.of(l);
            }
        }
        return Optional.empty();
    }
}
