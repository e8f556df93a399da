package kz.ofd.engine.logic;

import java.util.Objects;

/**
 * Registration data of one KKM, as provisioned by the operator (later: the cabinet after KGD's approval).
 *
 * @param id           OFD id of the KKM (the header ID), unsigned 32-bit
 * @param token        first exchange token, unsigned 32-bit, never 0
 * @param rnm          KGD registration number (12 digits)
 * @param serialNumber factory number of the KKM
 * @param model        model name
 * @param bin          owner's IIN/BIN (12 digits)
 * @param orgName      owner's name
 * @param address      trade point address
 * @param pointName    trade point name
 */
public record KkmRegistration(long id, long token, String rnm, String serialNumber, String model, String bin,
                              String orgName, String address, String pointName) {

    /**
     * Null checks only; value rules are checked where registrations enter (see {@code KkmRegistrationRules}).
     */
    public KkmRegistration {
        Objects.requireNonNull(rnm, "rnm");
        Objects.requireNonNull(serialNumber, "serialNumber");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(bin, "bin");
        Objects.requireNonNull(orgName, "orgName");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(pointName, "pointName");
    }

    /**
     * @return the part a re-registration may change
     */
    public KkmDetails details() {
        return new KkmDetails(serialNumber, model, bin, orgName, address, pointName);
    }
}
