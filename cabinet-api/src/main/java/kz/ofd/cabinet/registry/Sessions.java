package kz.ofd.cabinet.registry;

import com.google.protobuf.InvalidProtocolBufferException;
import kz.ofd.cabinet.registry.proto.SessionRecord;
import org.rocksdb.RocksDBException;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Sessions keyed by the SHA-256 of their bearer token (the token itself is never stored). Thread-safe.
 */
public final class Sessions {

    private final CabinetRegistry registry;

    Sessions(CabinetRegistry registry) {
        this.registry = registry;
    }

    /**
     * @param tokenHash SHA-256 of the token
     * @param session   the session
     */
    public void put(byte[] tokenHash, SessionRecord session) {
        registry.write((batch, r) -> CabinetRegistry.put(batch, r.sessionsCf, tokenHash, session.toByteArray()));
    }

    /**
     * @param tokenHash SHA-256 of the token
     * @return the session
     */
    public Optional<SessionRecord> get(byte[] tokenHash) {
        return registry.getRecord(registry.sessionsCf, tokenHash, SessionRecord::parseFrom);
    }

    /**
     * @param tokenHash SHA-256 of the token
     */
    public void delete(byte[] tokenHash) {
        registry.write((batch, r) -> batch.delete(r.sessionsCf, tokenHash));
    }

    /**
     * Deletes every session last seen before a time (a periodic sweep; expired sessions are also refused and
     * deleted when presented).
     *
     * @param lastSeenBeforeMs idle limit
     * @param createdBeforeMs  absolute limit
     * @return how many were deleted
     */
    public int deleteExpired(long lastSeenBeforeMs, long createdBeforeMs) {
        List<byte[]> expired = new ArrayList<>();
        registry.forEach(registry.sessionsCf, (key, value) -> {
            try {
                SessionRecord s = SessionRecord.parseFrom(value);
                if (s.getLastSeenMs() < lastSeenBeforeMs || s.getCreatedAtMs() < createdBeforeMs) {
                    expired.add(key);
                }
            } catch (InvalidProtocolBufferException e) {
                expired.add(key);
            }
        });
        if (!expired.isEmpty()) {
            registry.write((batch, r) -> {
                for (byte[] key : expired) {
                    deleteKey(batch, r, key);
                }
            });
        }
        return expired.size();
    }

    /**
     * Ends every session of a user (blocked or deleted). Scans the sessions family, which the sweep keeps small.
     *
     * @param userId the user
     * @return how many were deleted
     */
    public int deleteForUser(long userId) {
        List<byte[]> found = new ArrayList<>();
        registry.forEach(registry.sessionsCf, (key, value) -> {
            try {
                if (SessionRecord.parseFrom(value).getUserId() == userId) {
                    found.add(key);
                }
            } catch (InvalidProtocolBufferException e) {
                found.add(key);
            }
        });
        if (!found.isEmpty()) {
            registry.write((batch, r) -> {
                for (byte[] key : found) {
                    deleteKey(batch, r, key);
                }
            });
        }
        return found.size();
    }

    private static void deleteKey(org.rocksdb.WriteBatch batch, CabinetRegistry r, byte[] key) throws RocksDBException {
        batch.delete(r.sessionsCf, key);
    }
}
