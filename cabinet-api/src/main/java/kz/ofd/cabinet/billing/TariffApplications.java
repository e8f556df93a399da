package kz.ofd.cabinet.billing;

import io.vertx.core.json.JsonObject;
import kz.ofd.cabinet.kkm.KkmCatalogue;
import kz.ofd.cabinet.registry.proto.KkmRecord;
import kz.ofd.cabinet.registry.proto.OrganizationRecord;
import kz.ofd.cabinet.registry.proto.SubscriptionRecord;
import kz.ofd.cabinet.validate.Identifiers;

import java.util.Optional;

/**
 * The tariff application an owner signs to connect a plan to a registered KKM or change its plan (manual 001 §16.1,
 * «Заявление на подключение тарифа»), and the checks of its SIM card number. The document is a compact JSON object
 * built field by field in a fixed order; it names the subscription's last change ({@code basedOn}), so a signed
 * application cannot be replayed once the subscription has moved on.
 */
public final class TariffApplications {

    /** Kind of the signed application in «Документы». */
    public static final String KIND = "TARIFF_APPLICATION";
    /** The consent the manual's note attaches to the application. */
    static final String CONSENT = "Подписывая заявление, выражаю согласие на активацию ККМ, которая происходит "
        + "автоматически после подключения подписки при достаточном остатке на лицевом счёте.";

    private TariffApplications() {
    }

    /**
     * @param org     the owner
     * @param kkm     the KKM (registered)
     * @param action  connect or change
     * @param current the KKM's subscription, if any
     * @param r       the request
     * @return the document to sign
     */
    public static JsonObject document(OrganizationRecord org, KkmRecord kkm, Billing.TariffAction action,
                                      Optional<SubscriptionRecord> current, Billing.TariffRequest r) {
        String model = KkmCatalogue.find(kkm.getModelCode()).map(KkmCatalogue.Model::name).orElse(kkm.getModelCode());
        JsonObject d = new JsonObject().put("kind", KIND).put("action", action.name()).put("idn", org.getIdn())
            .put("organizationName", org.getName()).put("kkmId", kkm.getId()).put("rnm", kkm.getRnm())
            .put("model", model).put("serialNumber", kkm.getSerialNumber())
            .put("plan", r.plan().code()).put("planName", r.plan().display()).put("months", r.plan().months())
            .put("connection", r.plan().connection().name()).put("priceTiyn", r.plan().priceTiyn())
            .put("simNumber", r.simNumber()).put("promoCode", r.promoCode());
        if (action == Billing.TariffAction.CHANGE) {
            SubscriptionRecord s = current.orElseThrow();
            d.put("currentPlan", s.getPlan()).put("currentStatus", s.getStatus())
                .put("appliesFrom", Billing.ACTIVE.equals(s.getStatus()) ? "END_OF_PAID_PERIOD" : "NOW");
        }
        return d.put("basedOn", basedOn(current)).put("consent", CONSENT);
    }

    /**
     * @param current the KKM's subscription, if any
     * @return the subscription's last change the application names (0: none)
     */
    public static long basedOn(Optional<SubscriptionRecord> current) {
        return current.map(SubscriptionRecord::getUpdatedAtMs).orElse(0L);
    }

    /**
     * A SIM card as the manual asks for it: its serial number (ICCID: 19 or 20 digits starting with 89, the last a
     * Luhn check digit) or its phone number (a Kazakhstan mobile number).
     *
     * @param value as typed (spaces and dashes allowed)
     * @return the normalized number (ICCID digits, or the phone as {@code +77xxxxxxxxx}), or empty when it is neither
     */
    public static Optional<String> normalizeSim(String value) {
        String compact = value.replaceAll("[\\s-]", "");
        if (compact.matches("89\\d{17,18}")) {
            return luhn(compact) ? Optional.of(compact) : Optional.empty();
        }
        return Identifiers.normalizePhone(value);
    }

    private static boolean luhn(String digits) {
        int sum = 0;
        boolean twice = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (twice) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            twice = !twice;
        }
        return sum % 10 == 0;
    }
}
