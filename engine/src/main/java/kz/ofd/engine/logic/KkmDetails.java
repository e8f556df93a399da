package kz.ofd.engine.logic;

import java.util.Objects;

/**
 * The part of a KKM's registration that a re-registration may change: everything but its OFD id, RNM and token.
 *
 * @param serialNumber factory number of the KKM
 * @param model        model name
 * @param bin          owner's IIN/BIN (12 digits)
 * @param orgName      owner's name
 * @param address      trade point address
 * @param pointName    trade point name
 */
public record KkmDetails(String serialNumber, String model, String bin, String orgName, String address,
                         String pointName) {

    /**
     * Null checks only; value rules are checked where details enter (see {@code KkmRegistrationRules}).
     */
    public KkmDetails {
        Objects.requireNonNull(serialNumber, "serialNumber");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(bin, "bin");
        Objects.requireNonNull(orgName, "orgName");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(pointName, "pointName");
    }
}
