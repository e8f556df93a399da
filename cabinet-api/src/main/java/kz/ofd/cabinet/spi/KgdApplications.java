package kz.ofd.cabinet.spi;

import java.util.function.Consumer;

/**
 * How the owner's signed applications reach KGD and how its decisions come back (domain-facts §2.2): KGD takes
 * from 15 minutes to 3 days, so a decision is an event delivered later, on another thread. The engine implements it
 * with its KGD application gateway; submitting an application again is safe (KGD deduplicates by application id).
 */
public interface KgdApplications {

    /** The application kinds KGD knows. */
    enum Kind {
        /** Register a new KKM. */
        REGISTRATION,
        /** Move a registered KKM to another place of use. */
        REREGISTRATION,
        /** Deregister a KKM for one of the seven reasons. */
        DEREGISTRATION
    }

    /**
     * KGD's decision.
     *
     * @param applicationId the application
     * @param approved      approved or refused
     * @param rnm           the registration number (12 digits) of an approved registration; the KKM's otherwise, or
     *                      {@code null}
     * @param code          the refusal code, or {@code null}
     * @param reason        the refusal reason, or {@code null}
     */
    record Decision(String applicationId, boolean approved, String rnm, String code, String reason) {
    }

    /**
     * Sends an application (returns at once; the decision comes through {@link #onDecision}).
     *
     * @param applicationId  the cabinet's id of the application, unique
     * @param kind           what is applied for
     * @param document       the application as the owner signed it: compact JSON, UTF-8
     * @param ownerSignature the owner's CMS over {@code document} (DER)
     */
    void submit(String applicationId, Kind kind, String document, byte[] ownerSignature);

    /**
     * @param listener receives every decision, on the implementation's thread
     */
    void onDecision(Consumer<Decision> listener);

    /**
     * @return the gateway of a cabinet run without an engine: submitting throws {@link IllegalStateException}
     *         (never reached: the lifecycle journals through the absent engine first, which refuses)
     */
    static KgdApplications absent() {
        return new KgdApplications() {
            @Override
            public void submit(String applicationId, Kind kind, String document, byte[] ownerSignature) {
                throw new IllegalStateException("no KGD gateway is connected to this cabinet");
            }

            @Override
            public void onDecision(Consumer<Decision> listener) {
                // no decisions ever come
            }
        };
    }
}
