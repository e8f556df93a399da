package kz.ofd.engine.pipeline;

import kz.ofd.engine.logic.KkmRegistration;

/**
 * An operator's change to KKM state. It enters the ring like a KKM request, so the single business-logic thread
 * applies it and the journal records it before it is confirmed.
 */
public sealed interface AdminCommand {

    /**
     * Register a KKM.
     *
     * @param registration values already checked by {@code KkmRegistrationRules}
     */
    record Register(KkmRegistration registration) implements AdminCommand {
    }

    /**
     * Block a KKM server-side (every request gets BLOCKED with the reason), or unblock it.
     *
     * @param kkmId  the KKM
     * @param reason what the register shows; {@code null} unblocks
     */
    record Block(long kkmId, String reason) implements AdminCommand {
    }
}
