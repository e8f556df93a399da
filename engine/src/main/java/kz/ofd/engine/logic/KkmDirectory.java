package kz.ofd.engine.logic;

import org.agrona.collections.Long2ObjectHashMap;

import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The registration (RNM, seller, trade point, serial) of every registered KKM, readable from any thread: the KGD
 * forwarder labels each document with the RNM, the public receipt check shows the seller. Written by the
 * business-logic thread as KKMs register, live or in replay; a KKM is in it before any of its documents is journaled.
 *
 * <p>A primitive-keyed map under a read-write lock rather than a {@code ConcurrentHashMap<Long, String>}: no boxed
 * key and no node per KKM (about 40 bytes less per KKM at a million). Its values are the logic's own
 * {@link KkmState} objects, of which only the final registration fields are read here (safe from any thread), so the
 * directory costs no memory per KKM beyond the map's slot. Writes are registrations, rare; reads are uncontended
 * but for those.
 */
public final class KkmDirectory {

    private final Long2ObjectHashMap<KkmState> kkms = new Long2ObjectHashMap<>();
    private final ReadWriteLock lock = new ReentrantReadWriteLock();

    void registered(KkmState kkm) {
        lock.writeLock().lock();
        try {
            kkms.put(kkm.id, kkm);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * @param kkmId OFD id
     * @return the KKM's RNM, or {@code null} when it is not registered
     */
    public String rnm(long kkmId) {
        lock.readLock().lock();
        try {
            KkmState kkm = kkms.get(kkmId);
            return kkm == null ? null : kkm.rnm;
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * The registration as the OFD holds it, without the credential: its {@code token} is 0.
     *
     * @param kkmId OFD id
     * @return the registration, or {@code null} when the KKM is not registered
     */
    public KkmRegistration registration(long kkmId) {
        KkmState kkm;
        lock.readLock().lock();
        try {
            kkm = kkms.get(kkmId);
        } finally {
            lock.readLock().unlock();
        }
        if (kkm == null) {
            return null;
        }
        KkmRegistration r = kkm.registration();   // reads only final fields: safe off the logic thread
        return new KkmRegistration(r.id(), 0, r.rnm(), r.serialNumber(), r.model(), r.bin(), r.orgName(), r.address(),
            r.pointName());
    }
}
