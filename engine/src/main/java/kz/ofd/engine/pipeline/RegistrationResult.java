package kz.ofd.engine.pipeline;

/**
 * How a registration that went through the ring ended.
 */
public enum RegistrationResult {
    /** Registered and journaled. */
    REGISTERED,
    /** The id is already registered; nothing changed. */
    DUPLICATE_ID,
    /** The journal could not take it; nothing is registered. */
    NOT_DURABLE
}
