package kz.ofd.cabinet.auth;

import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * Argon2id password hashes (Bouncy Castle's {@link Argon2BytesGenerator}) in the PHC string format
 * {@code $argon2id$v=19$m=<KiB>,t=<passes>,p=<lanes>$<salt>$<hash>} (unpadded base64), so each stored hash carries
 * the parameters it was made with: raising them later only needs {@link #needsRehash} at the next login.
 * Thread-safe; hashing is CPU- and memory-heavy by design, so callers run it off event-loop threads.
 */
public final class PasswordHasher {

    /** OWASP's Argon2id baseline: 19 MiB, 2 passes, 1 lane. */
    public static final Params DEFAULT = new Params(19 * 1024, 2, 1);

    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getDecoder();

    private final Params params;
    private final SecureRandom random;

    /**
     * Argon2id cost parameters.
     *
     * @param memoryKib memory in KiB
     * @param passes    iterations
     * @param lanes     parallelism
     */
    public record Params(int memoryKib, int passes, int lanes) {
        /** Checks the ranges Argon2 allows (memory at least 8 KiB per lane). */
        public Params {
            if (lanes < 1 || passes < 1 || memoryKib < 8 * lanes) {
                throw new IllegalArgumentException("Argon2 needs lanes >= 1, passes >= 1, memory >= 8 KiB per lane");
            }
        }
    }

    /**
     * @param params the parameters new hashes are made with
     * @param random salt source
     */
    public PasswordHasher(Params params, SecureRandom random) {
        this.params = params;
        this.random = random;
    }

    /**
     * @param password the password
     * @return its PHC-format Argon2id hash with a fresh random salt
     */
    public String hash(String password) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        byte[] hash = derive(password, salt, params, HASH_BYTES);
        return "$argon2id$v=19$m=" + params.memoryKib() + ",t=" + params.passes() + ",p=" + params.lanes()
            + "$" + B64.encodeToString(salt) + "$" + B64.encodeToString(hash);
    }

    /**
     * @param password a password to check
     * @param stored   a hash from {@link #hash} (any parameters)
     * @return true when they match; false also for a malformed hash
     */
    public boolean verify(String password, String stored) {
        Optional<Parsed> parsed = parse(stored);
        if (parsed.isEmpty()) {
            return false;
        }
        Parsed p = parsed.get();
        byte[] actual = derive(password, p.salt, p.params, p.hash.length);
        return MessageDigest.isEqual(actual, p.hash);
    }

    /**
     * @param stored a stored hash
     * @return true when it was made with weaker parameters than the current ones (re-hash after a successful login)
     */
    public boolean needsRehash(String stored) {
        return parse(stored).map(p -> p.params.memoryKib() < params.memoryKib() || p.params.passes() < params.passes()
            || p.params.lanes() < params.lanes()).orElse(true);
    }

    private static byte[] derive(String password, byte[] salt, Params params, int length) {
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
            .withVersion(Argon2Parameters.ARGON2_VERSION_13)
            .withMemoryAsKB(params.memoryKib())
            .withIterations(params.passes())
            .withParallelism(params.lanes())
            .withSalt(salt)
            .build());
        byte[] out = new byte[length];
        generator.generateBytes(password.getBytes(StandardCharsets.UTF_8), out);
        return out;
    }

    private record Parsed(Params params, byte[] salt, byte[] hash) {
    }

    private static Optional<Parsed> parse(String stored) {
        if (stored == null) {
            return Optional.empty();
        }
        String[] parts = stored.split("\\$");
        // "", "argon2id", "v=19", "m=..,t=..,p=..", salt, hash
        if (parts.length != 6 || !parts[1].equals("argon2id") || !parts[2].equals("v=19")) {
            return Optional.empty();
        }
        try {
            int m = -1;
            int t = -1;
            int p = -1;
            for (String kv : parts[3].split(",")) {
                int v = Integer.parseInt(kv.substring(2));
                switch (kv.substring(0, 2)) {
                    case "m=" -> m = v;
                    case "t=" -> t = v;
                    case "p=" -> p = v;
                    default -> {
                        return Optional.empty();
                    }
                }
            }
            return Optional.of(new Parsed(new Params(m, t, p), B64D.decode(parts[4]), B64D.decode(parts[5])));
        } catch (IllegalArgumentException | StringIndexOutOfBoundsException e) {
            return Optional.empty();
        }
    }
}
