package kz.ofd.cabinet.spi;

/**
 * What the cabinet needs from the engine, which owns the live state of every KKM. The engine implements it over its
 * ring: each call becomes an operator command that the single business-logic thread applies and the journal records
 * before the call returns, so the journal is the audit trail of the cabinet's KKM lifecycle too. Calls block until
 * the engine has answered (a few milliseconds); called on a worker thread.
 */
public interface KkmEngine {

    /**
     * A KKM KGD has registered, as the engine needs it.
     *
     * @param proposedId   the OFD id the cabinet proposes (the engine may take the next free one)
     * @param rnm          KGD registration number, 12 digits
     * @param serialNumber factory number
     * @param model        model name
     * @param idn          owner's IIN/BIN
     * @param ownerName    owner's name
     * @param address      trade point address
     * @param pointName    trade point name
     */
    record Registration(long proposedId, String rnm, String serialNumber, String model, String idn, String ownerName,
                        String address, String pointName) {
    }

    /**
     * A registered KKM's data as KGD approved them again at a re-registration (its OFD id, RNM and token stay).
     *
     * @param serialNumber factory number
     * @param model        model name
     * @param idn          owner's IIN/BIN
     * @param ownerName    owner's name
     * @param address      the new trade point's address
     * @param pointName    the new trade point's name
     */
    record Details(String serialNumber, String model, String idn, String ownerName, String address, String pointName) {
    }

    /**
     * @param ofdId the id the KKM presents in every request header
     * @param token the first token it presents
     */
    record Registered(long ofdId, long token) {
    }

    /**
     * A KKM's state in the engine.
     *
     * @param shiftOpen   whether its current shift is open (has documents and no Z-report yet)
     * @param shiftNumber the current shift's number
     * @param blockReason why the engine refuses its requests, or {@code null}
     */
    record State(boolean shiftOpen, long shiftNumber, String blockReason) {
    }

    /**
     * Registers a KKM in the engine and issues its first token.
     *
     * @param registration the KKM
     * @return its OFD id and token
     * @throws KkmEngineException when the engine did not take it (journal failure, no free id)
     */
    Registered register(Registration registration);

    /**
     * Issues a new token: the KKM's old token is refused from now on.
     *
     * @param ofdId the KKM
     * @return the new token
     * @throws KkmEngineException when the KKM is unknown to the engine or the change is not durable
     */
    long issueToken(long ofdId);

    /**
     * Replaces a registered KKM's registration data after KGD approved its re-registration: the engine answers the
     * register with the new data (reg info) from its next request on.
     *
     * @param ofdId   the KKM
     * @param details its data as re-registered
     * @throws KkmEngineException when the data are refused, the KKM is unknown, or the change is not durable
     */
    void updateRegistration(long ofdId, Details details);

    /**
     * Stops the engine from accepting anything from a deregistered KKM (its requests are refused with the reason).
     *
     * @param ofdId  the KKM
     * @param reason what the KKM shows
     * @throws KkmEngineException when the KKM is unknown or the change is not durable
     */
    void deregister(long ofdId, String reason);

    /**
     * @param ofdId the KKM
     * @return its state
     * @throws KkmEngineException when the KKM is unknown to the engine
     */
    State state(long ofdId);

    /**
     * Blocks a registered KKM for a while (billing: its subscription is not paid): every request gets BLOCKED (15)
     * with the reason until {@link #unblock}.
     *
     * @param ofdId  the KKM
     * @param reason what the register shows, e.g. «Подписка истекла: пополните лицевой счёт»
     * @throws KkmEngineException when the KKM is unknown or the change is not durable
     */
    void block(long ofdId, String reason);

    /**
     * Lifts a block: the KKM works again.
     *
     * @param ofdId the KKM
     * @throws KkmEngineException when the KKM is unknown or the change is not durable
     */
    void unblock(long ofdId);

    /**
     * Journals a status change of a KKM in the cabinet (application signed, KGD's answer, ...), so the journal holds
     * the whole lifecycle.
     *
     * @param ofdId the KKM's OFD id, or 0 before it has one
     * @param event one line: {@code kkm=<cabinet id> organization=<id> status=<code> ...}
     * @throws KkmEngineException when the journal did not take it
     */
    void record(long ofdId, String event);

    /**
     * @return the engine of a cabinet run without one: every call fails with {@link KkmEngineException}
     */
    static KkmEngine absent() {
        return new KkmEngine() {
            @Override
            public Registered register(Registration registration) {
                throw notConnected();
            }

            @Override
            public long issueToken(long ofdId) {
                throw notConnected();
            }

            @Override
            public void updateRegistration(long ofdId, Details details) {
                throw notConnected();
            }

            @Override
            public void deregister(long ofdId, String reason) {
                throw notConnected();
            }

            @Override
            public State state(long ofdId) {
                throw notConnected();
            }

            @Override
            public void block(long ofdId, String reason) {
                throw notConnected();
            }

            @Override
            public void unblock(long ofdId) {
                throw notConnected();
            }

            @Override
            public void record(long ofdId, String event) {
                throw notConnected();
            }
        };
    }

    private static KkmEngineException notConnected() {
        return new KkmEngineException("no OFD engine is connected to this cabinet");
    }

    /** Why the engine did not do what it was asked. */
    final class KkmEngineException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        /** @param message what went wrong */
        public KkmEngineException(String message) {
            super(message);
        }
    }
}
