package kz.ofd.cabinet.access;

/**
 * A module at a level: what a route needs, written {@code module:level} (e.g. {@code kkms:manage}) in problems.
 *
 * @param module the module
 * @param level  the level
 */
public record Permission(Module module, Level level) {

    /** @return {@code module:level} */
    @Override
    public String toString() {
        return module.code() + ":" + level.code();
    }
}
