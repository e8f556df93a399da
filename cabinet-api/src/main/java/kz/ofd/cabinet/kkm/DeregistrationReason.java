package kz.ofd.cabinet.kkm;

/**
 * The seven reasons a KKM may be deregistered for (domain-facts §2.2 item 7, Transtelecom's list; manual 001 §5.2
 * shows the same choice, e.g. «Замена ККМ»). The names are the API codes and match the engine's KGD gateway.
 */
public enum DeregistrationReason {
    /** Activity involving cash settlements stopped. */
    CASH_ACTIVITY_STOPPED("Прекращение деятельности с применением ККМ"),
    /** The place of use moved so that another revenue office is competent. */
    PLACE_OF_USE_MOVED_TO_ANOTHER_OFFICE("Изменение места использования ККМ (другой орган госдоходов)"),
    /** A technical fault makes further use impossible. */
    TECHNICAL_FAULT("Техническая неисправность, исключающая дальнейшее использование"),
    /** The model was excluded from the state register. */
    MODEL_EXCLUDED_FROM_REGISTER("Исключение модели из государственного реестра ККМ"),
    /** The model was replaced by a new one. */
    MODEL_REPLACED("Замена ККМ"),
    /** Theft or loss. */
    THEFT_OR_LOSS("Кража или утеря ККМ"),
    /** Other cases not contradicting tax law. */
    OTHER("Иные случаи, не противоречащие налоговому законодательству");

    private final String display;

    DeregistrationReason(String display) {
        this.display = display;
    }

    /** @return the reason as the cabinet shows it */
    public String display() {
        return display;
    }
}
