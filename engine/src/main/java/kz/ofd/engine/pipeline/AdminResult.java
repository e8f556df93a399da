package kz.ofd.engine.pipeline;

/**
 * How an operator command that went through the ring (registration, block, unblock) ended.
 */
public enum AdminResult {
    /** Applied and journaled. */
    DONE,
    /** A registration whose id is already registered; nothing changed. */
    DUPLICATE_ID,
    /** A command for an id that is not registered; nothing changed. */
    UNKNOWN_KKM,
    /** The journal could not take it; nothing changed. */
    NOT_DURABLE
}
