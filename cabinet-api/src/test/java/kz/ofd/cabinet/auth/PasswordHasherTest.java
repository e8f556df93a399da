package kz.ofd.cabinet.auth;

import org.junit.jupiter.api.Test;

import java.security.SecureRandom;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PasswordHasherTest {

    private final PasswordHasher weak = new PasswordHasher(new PasswordHasher.Params(64, 1, 1), new SecureRandom());
    private final PasswordHasher stronger = new PasswordHasher(new PasswordHasher.Params(128, 2, 1), new SecureRandom());

    @Test
    void shouldVerifyOnlyTheRightPassword() {
        String hash = weak.hash("Secret-Pass1");
        assertTrue(hash.startsWith("$argon2id$v=19$m=64,t=1,p=1$"), hash);
        assertTrue(weak.verify("Secret-Pass1", hash));
        assertFalse(weak.verify("Secret-Pass2", hash));
        assertNotEquals(hash, weak.hash("Secret-Pass1"), "a fresh salt every time");
    }

    @Test
    void shouldVerifyWithTheStoredParametersAndAskForRehashWhenTheyAreRaised() {
        String old = weak.hash("Secret-Pass1");
        assertTrue(stronger.verify("Secret-Pass1", old), "old hashes keep working after the parameters are raised");
        assertTrue(stronger.needsRehash(old));
        assertFalse(stronger.needsRehash(stronger.hash("Secret-Pass1")));
    }

    @Test
    void shouldRefuseMalformedHashes() {
        assertFalse(weak.verify("x", null));
        assertFalse(weak.verify("x", "$argon2i$v=19$m=64,t=1,p=1$AAAA$AAAA"));
        assertFalse(weak.verify("x", "$argon2id$v=19$m=64,t=1$AAAA$AAAA"));
        assertFalse(weak.verify("x", "$argon2id$v=19$m=x,t=1,p=1$AAAA$AAAA"));
        assertTrue(weak.needsRehash("garbage"));
        assertThrows(IllegalArgumentException.class, () -> new PasswordHasher.Params(4, 1, 1));
    }
}
