package kz.ofd.engine.pipeline;

import kz.ofd.engine.logic.KkmDetails;
import kz.ofd.engine.logic.KkmRegistration;
import kz.ofd.engine.logic.KkmStatus;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An operator's command: a change to KKM state, or a read of it. It enters the ring like a KKM request, so the single
 * business-logic thread applies it, and the journal records a change before it is confirmed.
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

    /**
     * Issue a KKM a new token (the cabinet's «Получить токен»): the old one is refused from then on.
     *
     * @param kkmId the KKM
     * @param token the new token, unsigned 32-bit, never 0
     */
    record IssueToken(long kkmId, long token) implements AdminCommand {
    }

    /**
     * Replace a KKM's registration details after KGD approved its re-registration (its id, RNM and token stay).
     *
     * @param kkmId   the KKM
     * @param details the new details, already checked by {@code KkmRegistrationRules}
     */
    record UpdateRegistration(long kkmId, KkmDetails details) implements AdminCommand {
    }

    /**
     * Journal a status change of a KKM in the cabinet (changes no state; the journal is the audit trail).
     *
     * @param kkmId the KKM's OFD id, or 0 before it has one
     * @param event one line
     */
    record CabinetEvent(long kkmId, String event) implements AdminCommand {
    }

    /**
     * Read a KKM's state (not journaled: it changes nothing).
     *
     * @param kkmId  the KKM
     * @param result receives the snapshot, or stays empty when the KKM is unknown
     */
    record Status(long kkmId, AtomicReference<KkmStatus> result) implements AdminCommand {
    }

    /**
     * Take a snapshot of the logic state (not journaled). The logic thread encodes its state; the journal stage
     * records the last journal index that state includes (every record before this command in the ring).
     *
     * @param state        receives the encoded state
     * @param journalIndex receives the last journal index the state includes ({@code -1}: nothing journaled yet)
     */
    record Snapshot(AtomicReference<byte[]> state, AtomicLong journalIndex) implements AdminCommand {
    }
}
