package kz.ofd.cabinet.access;

import java.util.Locale;
import java.util.Optional;

/**
 * The cabinet's modules a group or a user is given rights to (manual 001 §12.1, §13.1 "Личный кабинет": the
 * sections of the side menu). Trade points belong to {@link #KKMS} (001 §3.1 adds a point from the KKM section);
 * groups belong to {@link #USERS}. Modules marked {@code pointScoped} are limited by the grant's trade points.
 */
public enum Module {
    /** «Кассы»: KKMs and trade points. */
    KKMS("kkms", true),
    /** Transactions (shifts, receipts) of KKMs. */
    TRANSACTIONS("transactions", true),
    /** Z/X reports of KKMs. */
    REPORTS("reports", true),
    /** «Лицевой счет»: balance, top-ups, invoices. */
    ACCOUNT("account", false),
    /** «Пользователи» and «Группы». */
    USERS("users", false),
    /** «Документы». */
    DOCUMENTS("documents", false),
    /** «Тарифы». */
    TARIFFS("tariffs", false),
    /** «ЦТО»: service centres, on both sides (a client granting access, a centre answering). */
    SERVICE_CENTRES("service-centres", false),
    /** «Организация»: the organization's requisites. */
    ORGANIZATION("organization", false);

    private final String code;
    private final boolean pointScoped;

    Module(String code, boolean pointScoped) {
        this.code = code;
        this.pointScoped = pointScoped;
    }

    /** @return the code used in JSON and in the registry */
    public String code() {
        return code;
    }

    /** @return whether rights to this module are limited to the grant's trade points */
    public boolean pointScoped() {
        return pointScoped;
    }

    /**
     * @param code a JSON code
     * @return the module, if the code names one
     */
    public static Optional<Module> of(String code) {
        for (Module m : values()) {
            if (m.code.equals(code == null ? null : code.toLowerCase(Locale.ROOT))) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }
}
