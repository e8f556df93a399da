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

    /**
     * @param organizationId the organization
     * @param userId         the user
     * @return the user, only if it belongs to that organization
     */
    public Optional<UserRecord> get(long organizationId, long userId) {
        return byId(userId).filter(u -> u.getOrganizationId() == organizationId);
    }

    /**
     * @param organizationId the organization
     * @return its users in id order (the owner first)
     */
    public List<UserRecord> list(long organizationId) {
        List<UserRecord> out = new ArrayList<>();
        for (byte[] key : registry.keys(registry.usersByOrganization, RegistryKeys.u64(organizationId))) {
            byId(java.nio.ByteBuffer.wrap(key).getLong(Long.BYTES)).ifPresent(out::add);
        }
        return out;
    }

    /**
     * Adds a user to an organization with its logins (IIN, e-mail) in one write.
     *
     * @param user the user without an id; its organization id says where it belongs
     * @return the stored user with its id
     * @throws DuplicateException when a login is taken (by anyone, in any organization)
     */
    public UserRecord create(UserRecord user) {
        synchronized (registry) {
            checkLogins(user, List.of());
            long id = registry.nextUserId();
            UserRecord stored = user.toBuilder().setId(id).build();
            registry.write((batch, r) -> {
                CabinetRegistry.put(batch, r.meta(), RegistryKeys.sequenceKey("user"), RegistryKeys.u64(id + 1));
                CabinetRegistry.put(batch, r.usersCf, RegistryKeys.u64(id), stored.toByteArray());
                CabinetRegistry.put(batch, r.usersByOrganization, RegistryKeys.pair(stored.getOrganizationId(), id),
                    new byte[0]);
                for (byte[] login : loginKeys(stored)) {
                    CabinetRegistry.put(batch, r.userByLogin, login, RegistryKeys.u64(id));
                }
            });
            return stored;
        }
    }

    /**
     * Replaces a user, moving its login index entries when the IIN or e-mail changed.
     *
     * @param user the new record; id and organization name the user
     * @return false when the organization has no such user
     * @throws DuplicateException when a new login is taken
     */
    public boolean update(UserRecord user) {
        synchronized (registry) {
            Optional<UserRecord> old = get(user.getOrganizationId(), user.getId());
            if (old.isEmpty()) {
                return false;
            }
            List<byte[]> oldLogins = loginKeys(old.get());
            checkLogins(user, oldLogins);
            registry.write((batch, r) -> {
                for (byte[] login : oldLogins) {
                    batch.delete(r.userByLogin, login);
                }
                for (byte[] login : loginKeys(user)) {
                    CabinetRegistry.put(batch, r.userByLogin, login, RegistryKeys.u64(user.getId()));
                }
                CabinetRegistry.put(batch, r.usersCf, RegistryKeys.u64(user.getId()), user.toByteArray());
            });
            return true;
        }
    }

    /**
     * Deletes a user, its logins and its organization index entry (sessions are the caller's to end).
     *
     * @param organizationId the organization
     * @param userId         the user
     * @return false when the organization has no such user
     */
    public boolean delete(long organizationId, long userId) {
        synchronized (registry) {
            Optional<UserRecord> old = get(organizationId, userId);
            if (old.isEmpty()) {
                return false;
            }
            registry.write((batch, r) -> {
                for (byte[] login : loginKeys(old.get())) {
                    batch.delete(r.userByLogin, login);
                }
                batch.delete(r.usersByOrganization, RegistryKeys.pair(organizationId, userId));
                batch.delete(r.usersCf, RegistryKeys.u64(userId));
            });
            return true;
        }
    }

    private void checkLogins(UserRecord user, List<byte[]> ownLogins) {
        for (byte[] login : loginKeys(user)) {
            byte[] holder = registry.get(registry.userByLogin, login);
            if (holder != null && RegistryKeys.u64(holder) != user.getId()) {
                boolean email = java.util.Arrays.equals(login, RegistryKeys.login(user.getEmail()));
                throw new DuplicateException(email ? "email" : "iin", "the login "
                    + new String(login, java.nio.charset.StandardCharsets.UTF_8) + " is already taken");
            }
        }
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
