package kz.ofd.cabinet.registry;

import kz.ofd.cabinet.registry.proto.UserRecord;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Users by id and by login (the IIN, or the e-mail). Thread-safe.
 */
public final class Users {

    private final CabinetRegistry registry;

    Users(CabinetRegistry registry) {
        this.registry = registry;
    }

    /**
     * @param id user id
     * @return the user
     */
    public Optional<UserRecord> byId(long id) {
        return registry.getRecord(registry.usersCf, RegistryKeys.u64(id), UserRecord::parseFrom);
    }

    /**
     * @param login an IIN or an e-mail, any case
     * @return the user with that login
     */
    public Optional<UserRecord> byLogin(String login) {
        byte[] id = registry.get(registry.userByLogin, RegistryKeys.login(login));
        return id == null ? Optional.empty() : byId(RegistryKeys.u64(id));
    }

    /**
     * Stores a new password hash (set after sign-up, changed, or re-hashed with stronger parameters).
     *
     * @param userId user id
     * @param hash   the PHC-format hash
     * @return false when the user does not exist
     */
    public synchronized boolean setPasswordHash(long userId, String hash) {
        Optional<UserRecord> user = byId(userId);
        if (user.isEmpty()) {
            return false;
        }
        UserRecord updated = user.get().toBuilder().setPasswordHash(hash).build();
        registry.write((batch, r) -> CabinetRegistry.put(batch, r.usersCf, RegistryKeys.u64(userId), updated.toByteArray()));
        return true;
    }

    static List<byte[]> loginKeys(UserRecord user) {
        List<byte[]> keys = new ArrayList<>();
        keys.add(RegistryKeys.login(user.getIin()));
        if (!user.getEmail().isEmpty()) {
            keys.add(RegistryKeys.login(user.getEmail()));
        }
        return keys;
    }
}
