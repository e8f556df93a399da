package kz.ofd.engine.logic;

import kz.ofd.protocol.proto.ZXReport;

/**
 * Everything the server keeps about one KKM: its registration, the token it must present next, the last accepted
 * document with its stored answer (for idempotent retries, protocol-facts §3.2), the open shift's counters and
 * the last Z report. Owned and mutated only by the business-logic thread.
 */
public final class KkmState {

    final KkmRegistration registration;
    long token;

    boolean hasLastDocument;
    long lastDocumentToken;
    int lastDocumentRequestNumber;
    int lastDocumentCommand;
    byte[] lastDocumentAnswer;

    ShiftCounters shift = new ShiftCounters(1);
    ZXReport lastZ;
    private OfflineAnswers offlineAnswers;
    String blockReason;

    int offlinePeriods;
    long offlineBeginMillis;
    long offlineEndMillis;

    KkmState(KkmRegistration registration) {
        this.registration = registration;
        this.token = registration.token();
    }

    void rememberDocument(long presentedToken, int requestNumber, int command, byte[] answer, long newToken) {
        hasLastDocument = true;
        lastDocumentToken = presentedToken;
        lastDocumentRequestNumber = requestNumber;
        lastDocumentCommand = command;
        lastDocumentAnswer = answer;
        token = newToken;
    }

    /**
     * @return the offline answers held, or {@code null} when none was ever remembered
     */
    OfflineAnswers offlineAnswers() {
        return offlineAnswers;
    }

    byte[] offlineAnswer(long offlineNumber) {
        return offlineAnswers == null ? null : offlineAnswers.get(offlineNumber);
    }

    void rememberOffline(long offlineNumber, byte[] answer) {
        if (offlineAnswers == null) {
            offlineAnswers = new OfflineAnswers();
        }
        offlineAnswers.put(offlineNumber, answer);
    }

    /**
     * Takes note of an offline period the register reported. A period is known by its begin; the register refreshes
     * its end while it leaves offline mode.
     *
     * @return true when this is news: a later period, or a later end of the last one
     */
    boolean offlinePeriod(long beginMillis, long endMillis) {
        if (offlinePeriods > 0 && beginMillis == offlineBeginMillis) {
            if (endMillis <= offlineEndMillis) {
                return false;
            }
            offlineEndMillis = endMillis;
            return true;
        }
        if (offlinePeriods > 0 && beginMillis < offlineBeginMillis) {
            return false;   // an older period reported again
        }
        offlinePeriods++;
        offlineBeginMillis = beginMillis;
        offlineEndMillis = endMillis;
        return true;
    }

    /**
     * @return the registration
     */
    public KkmRegistration registration() {
        return registration;
    }

    /**
     * @return the token the KKM must present next
     */
    public long token() {
        return token;
    }

    /**
     * @return the current shift's counters
     */
    public ShiftCounters shift() {
        return shift;
    }
}
