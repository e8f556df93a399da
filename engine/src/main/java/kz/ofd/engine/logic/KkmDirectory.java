package kz.ofd.engine.logic;

import java.util.concurrent.ConcurrentHashMap;

/**
 * The registration number (RNM) of every registered KKM, readable from any thread (the KGD forwarder labels each
 * document with it). Written by the business-logic thread as KKMs register, live or in replay; a KKM is in it
 * before any of its documents is journaled.
 */
public final class KkmDirectory {

    private final ConcurrentHashMap<Long, String> rnms = new ConcurrentHashMap<>();

    void registered(KkmRegistration registration) {
        rnms.put(registration.id(), registration.rnm());
    }

    /**
     * @param kkmId OFD id
     * @return the KKM's RNM, or {@code null} when it is not registered
     */
    public String rnm(long kkmId) {
        return rnms.get(kkmId);
    }
}
