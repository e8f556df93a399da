package kz.ofd.engine.kgd;

import io.vertx.core.json.JsonObject;

import java.util.Base64;
import java.util.Objects;

/**
 * An owner's application to KGD about a KKM (domain-facts §2.2): registration, re-registration (a new place of
 * use) or deregistration with one of the seven reasons. The owner signs {@link #document()} with their EDS (the
 * cabinet collects the signature); the gateway forwards document and signature unchanged, inside a batch the OFD
 * signs too.
 *
 * @param id             the OFD's id for the application (also the idempotency key at KGD)
 * @param kind           what is applied for
 * @param document       the application's fields, as the owner signed them
 * @param ownerSignature detached CMS signature of {@code document.encode()} bytes by the owner
 */
public record KkmApplication(String id, Kind kind, JsonObject document, byte[] ownerSignature) {

    /** What an application asks for. */
    public enum Kind {
        /** Register a new KKM: BIN, model, serial number, year, place of use. */
        REGISTRATION,
        /** Move a registered KKM (by RNM) to a new place of use. */
        REREGISTRATION,
        /** Deregister a KKM (by RNM) for one of {@link DeregistrationReason}. */
        DEREGISTRATION
    }

    /** The seven deregistration reasons the cabinets offer (domain-facts §2.2, item 7). */
    public enum DeregistrationReason {
        /** Activity involving cash settlements stopped. */
        CASH_ACTIVITY_STOPPED,
        /** The place of use moved so that another revenue office is competent. */
        PLACE_OF_USE_MOVED_TO_ANOTHER_OFFICE,
        /** A technical fault makes further use impossible. */
        TECHNICAL_FAULT,
        /** The model was excluded from the state register. */
        MODEL_EXCLUDED_FROM_REGISTER,
        /** The model was replaced by a new one. */
        MODEL_REPLACED,
        /** Theft or loss. */
        THEFT_OR_LOSS,
        /** Other cases not contradicting tax law. */
        OTHER
    }

    /**
     * Null checks.
     */
    public KkmApplication {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(document, "document");
        Objects.requireNonNull(ownerSignature, "ownerSignature");
    }

    /** @return the JSON KGD receives for this application */
    JsonObject toJson() {
        return new JsonObject().put("applicationId", id).put("kind", kind.name()).put("document", document.encode())
            .put("ownerSignature", Base64.getEncoder().encodeToString(ownerSignature));
    }

    /**
     * KGD's decision on an application, delivered as an event.
     *
     * @param applicationId the application
     * @param approved      approved or rejected
     * @param rnm           the registration number (approved registrations; the KKM's RNM otherwise), or {@code null}
     * @param code          the rejection code, or {@code null}
     * @param reason        the rejection reason, or {@code null}
     */
    public record Answer(String applicationId, boolean approved, String rnm, String code, String reason) {
    }
}
