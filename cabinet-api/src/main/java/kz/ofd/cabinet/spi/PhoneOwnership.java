package kz.ofd.cabinet.spi;

/**
 * Whether a mobile number belongs to a person: sign-up by one-time code is only for an individual entrepreneur
 * whose number is registered to their IIN in the mobile citizens' database (БМГ). A production cabinet plugs that
 * lookup in here. Called on a worker thread.
 */
@FunctionalInterface
public interface PhoneOwnership {

    /**
     * @param iin   the entrepreneur's IIN
     * @param phone normalized number, {@code +77081502810}
     * @return true when the number is registered to that IIN
     */
    boolean belongsTo(String iin, String phone);

    /** A check that believes every claim: for demo stands and tests only; the cabinet warns at start. */
    PhoneOwnership UNVERIFIED = (iin, phone) -> true;
}
