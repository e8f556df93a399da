package kz.ofd.engine.logic;

import org.agrona.collections.Long2ObjectHashMap;

import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The registration number (RNM) of every registered KKM, readable from any thread (the KGD forwarder labels each
 * document with it). Written by the business-logic thread as KKMs register, live or in replay; a KKM is in it
 * before any of its documents is journaled.
 *
 * <p>A primitive-keyed map under a read-write lock rather than a {@code ConcurrentHashMap<Long, String>}: no boxed
 * key and no node per KKM (about 40 bytes less per KKM at a million). Writes are registrations, rare; reads are
 * uncontended but for those.
 */
public final class KkmDirectory {

    private final Long2ObjectHashMap<String> rnms = new Long2ObjectHashMap<>();
    private final ReadWriteLock lock = new ReentrantReadWriteLock();

    void registered(long kkmId, String rnm) {
        lock.writeLock().lock();
        try {
            rnms.put(kkmId, rnm);
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
            return rnms.get(kkmId);
        } finally {
            lock.readLock().unlock();
        }
    }
}
