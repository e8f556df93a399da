package kz.ofd.cabinet.registry;

import com.google.protobuf.ByteString;
import kz.ofd.cabinet.registry.proto.OneTimeCodeRecord;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * One-time codes, stored as an HMAC-SHA256 under a random key kept in the registry's meta family, with an expiry
 * and a number of attempts left. A new code for the same purpose and subject replaces the old one. Thread-safe.
 */
public final class OneTimeCodes {

    /** What checking a code found. */
    public enum Check {
        /** The code matched; it is now used up. */
        OK,
        /** No code was issued, or it was used up or replaced. */
        NONE,
        /** The code expired. */
        EXPIRED,
        /** The code is wrong; attempts are left. */
        WRONG,
        /** The code is wrong and no attempts are left: the code is gone. */
        EXHAUSTED
    }

    private final CabinetRegistry registry;
    private final SecretKeySpec key;

    OneTimeCodes(CabinetRegistry registry) {
        this.registry = registry;
        this.key = new SecretKeySpec(registry.otpKey(), "HmacSHA256");
    }

    /**
     * @param purpose     e.g. {@code signup}
     * @param subject     e.g. the IIN
     * @param code        the code sent
     * @param phone       where it was sent
     * @param expiresAtMs expiry
     * @param attempts    wrong guesses allowed
     */
    public void issue(String purpose, String subject, String code, String phone, long expiresAtMs, int attempts) {
        OneTimeCodeRecord record = OneTimeCodeRecord.newBuilder()
            .setCodeMac(ByteString.copyFrom(mac(purpose, subject, code)))
            .setExpiresAtMs(expiresAtMs)
            .setAttemptsLeft(attempts)
            .setPhone(phone)
            .build();
        byte[] k = RegistryKeys.oneTimeCode(purpose, subject);
        registry.write((batch, r) -> CabinetRegistry.put(batch, r.codesCf, k, record.toByteArray()));
    }

    /**
     * Checks a code and uses it up when it matches (single use); a wrong guess costs an attempt.
     *
     * @param purpose e.g. {@code signup}
     * @param subject e.g. the IIN
     * @param code    what the user typed
     * @param nowMs   current time
     * @return the outcome, with the phone it was sent to when {@link Check#OK}
     */
    public synchronized Result check(String purpose, String subject, String code, long nowMs) {
        byte[] k = RegistryKeys.oneTimeCode(purpose, subject);
        Optional<OneTimeCodeRecord> found = registry.getRecord(registry.codesCf, k, OneTimeCodeRecord::parseFrom);
        if (found.isEmpty()) {
            return new Result(Check.NONE, null);
        }
        OneTimeCodeRecord record = found.get();
        if (nowMs >= record.getExpiresAtMs()) {
            registry.write((batch, r) -> batch.delete(r.codesCf, k));
            return new Result(Check.EXPIRED, null);
        }
        if (MessageDigest.isEqual(record.getCodeMac().toByteArray(), mac(purpose, subject, code == null ? "" : code))) {
            registry.write((batch, r) -> batch.delete(r.codesCf, k));
            return new Result(Check.OK, record.getPhone());
        }
        int left = record.getAttemptsLeft() - 1;
        if (left <= 0) {
            registry.write((batch, r) -> batch.delete(r.codesCf, k));
            return new Result(Check.EXHAUSTED, null);
        }
        OneTimeCodeRecord fewer = record.toBuilder().setAttemptsLeft(left).build();
        registry.write((batch, r) -> CabinetRegistry.put(batch, r.codesCf, k, fewer.toByteArray()));
        return new Result(Check.WRONG, null);
    }

    /**
     * @param check outcome
     * @param phone the phone the code was sent to, when it matched
     */
    public record Result(Check check, String phone) {
    }

    private byte[] mac(String purpose, String subject, String code) {
        try {
            Mac m = Mac.getInstance("HmacSHA256");
            m.init(key);
            return m.doFinal((purpose + "\n" + subject + "\n" + code).getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
