package kz.ofd.cabinet.kkm;

/**
 * Where a KKM stands, with the status text the owner sees in the cabinet (manual 001 §3.2, §4, §5.2, §8). The enum
 * names are the API's stable codes; the Russian texts are display strings.
 */
public enum KkmLifecycleStatus {
    /** The registration application is signed and sent; KGD has not answered yet. */
    AWAITING_REGISTRATION("Ожидает регистрацию в КГД"),
    /** KGD refused the registration application (the refusal reason is kept). */
    REFUSED_BY_KGD("Отказано в регистрации КГД"),
    /** Registered: the KKM has its RNM, OFD id and token and may work. */
    REGISTERED("Зарегистрирована"),
    /** A re-registration application is waiting for KGD; the KKM keeps working meanwhile. */
    AWAITING_REREGISTRATION("Ожидает перерегистрацию"),
    /** A deregistration application is waiting for KGD. */
    AWAITING_DEREGISTRATION("Ожидает снятия с учета в КГД"),
    /** Deregistered: the engine refuses everything from the KKM. */
    DEREGISTERED("Снята с учета");

    private final String display;

    KkmLifecycleStatus(String display) {
        this.display = display;
    }

    /** @return the status text the cabinet shows */
    public String display() {
        return display;
    }
}
