package kz.ofd.cabinet.kkm;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The KKM models an owner can apply for. The real list is KGD's state register of KKM models; until it is imported
 * this is a small built-in sample: the models the manuals show (WEBKASSA 1.0, «E-kassa») plus the project's own
 * simulator, so the demo can register what it drives. Immutable.
 */
public final class KkmCatalogue {

    /**
     * A model.
     *
     * @param code          stable code the API takes
     * @param name          the name as the register and the manuals write it
     * @param manufacturer  who makes it
     * @param kind          {@code SOFTWARE} (a program or cloud cash register) or {@code HARDWARE}
     * @param protocol      the KKM→OFD protocol version it speaks
     * @param serialPattern the shape of its factory numbers (a regular expression), checked on applications
     */
    public record Model(String code, String name, String manufacturer, String kind, String protocol,
                        String serialPattern) {
    }

    private static final Map<String, Model> MODELS = new LinkedHashMap<>();

    static {
        for (Model m : List.of(
            new Model("WEBKASSA-1.0", "WEBKASSA 1.0", "ТОО «Webkassa»", "SOFTWARE", "2.0.3", "[A-Za-z0-9]{4,20}"),
            new Model("E-KASSA", "«E-kassa» (E-KACCA)", "ТОО «E-kassa»", "SOFTWARE", "2.0.3", "[A-Za-z0-9]{4,20}"),
            new Model("OFD-SIM-1", "OFD simulator KKM 1", "ofd-engine project (test)", "SOFTWARE", "2.0.3",
                "[A-Za-z0-9-]{4,30}"),
            new Model("MERCURY-115F-KZ", "Меркурий-115Ф KZ", "ООО «Инкотекс»", "HARDWARE", "2.0.3", "[0-9]{6,12}"))) {
            MODELS.put(m.code(), m);
        }
    }

    private KkmCatalogue() {
    }

    /** @return every model, in catalogue order */
    public static List<Model> models() {
        return List.copyOf(MODELS.values());
    }

    /**
     * @param code a model code
     * @return the model
     */
    public static Optional<Model> find(String code) {
        return Optional.ofNullable(code == null ? null : MODELS.get(code));
    }
}
