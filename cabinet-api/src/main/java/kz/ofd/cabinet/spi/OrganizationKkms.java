package kz.ofd.cabinet.spi;

import java.util.Optional;

/**
 * Reads one KKM of an organization, for the service-centre (ЦТО) routes that show a client's chosen KKMs to a
 * centre. The cabinet's own KKM repository implements it; tests may give a fixed set.
 */
@FunctionalInterface
public interface OrganizationKkms {

    /**
     * What a service centre is shown of a KKM (manual 001 §17.1, the consent form: model, ID, serial number, status).
     *
     * @param id           the KKM's id in the cabinet
     * @param tradePointId its trade point
     * @param name         the owner's label
     * @param model        the model
     * @param serialNumber the factory number
     * @param status       its lifecycle status
     */
    record Kkm(long id, long tradePointId, String name, String model, String serialNumber, String status) {
    }

    /**
     * @param organizationId the owner
     * @param kkmId          the KKM
     * @return the KKM, only if that organization owns it
     */
    Optional<Kkm> get(long organizationId, long kkmId);
}
