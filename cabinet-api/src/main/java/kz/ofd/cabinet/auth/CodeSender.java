package kz.ofd.cabinet.auth;

/**
 * Delivers a one-time code to a phone (an SMS gateway in production). Called on a worker thread; may block.
 */
public interface CodeSender {

    /**
     * @param phone   normalized number, {@code +77081502810}
     * @param code    the code
     * @param purpose {@code signup} or {@code login}, for the message text
     */
    void send(String phone, String code, String purpose);
}
