package kz.ofd.engine.cabinet;

import io.vertx.core.json.JsonObject;
import kz.ofd.cabinet.spi.KgdApplications;
import kz.ofd.engine.kgd.ApplicationGateway;
import kz.ofd.engine.kgd.KkmApplication;

import java.util.function.Consumer;

/**
 * The cabinet's applications to KGD ({@link KgdApplications}) through the engine's {@link ApplicationGateway}: the
 * owner's document and signature go unchanged inside the batch the OFD signs; KGD's decisions come back on the
 * gateway's thread.
 */
public final class GatewayKgdApplications implements KgdApplications {

    private final ApplicationGateway gateway;

    /** @param gateway the running gateway */
    public GatewayKgdApplications(ApplicationGateway gateway) {
        this.gateway = gateway;
    }

    @Override
    public void submit(String applicationId, Kind kind, String document, byte[] ownerSignature) {
        JsonObject json = new JsonObject(document);
        if (!json.encode().equals(document)) {
            // The gateway re-encodes the document; KGD checks the owner's signature over those bytes.
            throw new IllegalArgumentException("the application document is not in compact canonical JSON");
        }
        gateway.submit(new KkmApplication(applicationId, KkmApplication.Kind.valueOf(kind.name()), json, ownerSignature));
    }

    @Override
    public void onDecision(Consumer<Decision> listener) {
        gateway.onAnswer(a -> listener.accept(new Decision(a.applicationId(), a.approved(), a.rnm(), a.code(), a.reason())));
    }
}
