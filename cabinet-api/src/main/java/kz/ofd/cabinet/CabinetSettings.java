package kz.ofd.cabinet;

import kz.ofd.cabinet.auth.PasswordHasher;

import java.time.Duration;

/**
 * The cabinet's security settings. Defaults are production values; tests shorten times and lower the Argon2 cost.
 *
 * @param sessionIdle         a session ends after this long without a request (sliding)
 * @param sessionMaxAge       and in any case this long after login (absolute)
 * @param challengeTtl        how long a signature challenge can be answered
 * @param registrationTtl     how long a verified sign-up waits for its password and contacts
 * @param codeTtl             how long a one-time code is valid
 * @param codeAttempts        wrong guesses allowed per one-time code
 * @param loginFailureLimit   failed logins per login name before it is locked
 * @param addressFailureLimit failed logins per source address before it is locked
 * @param lockout             how long a lock lasts (counted from the failure that set it)
 * @param argon2              Argon2id cost of new password hashes
 * @param production          never log one-time codes (false only on a demo stand)
 * @param requireRevocationCheck refuse certificates whose CA has no current CRL loaded
 */
public record CabinetSettings(Duration sessionIdle, Duration sessionMaxAge, Duration challengeTtl, Duration registrationTtl,
                              Duration codeTtl, int codeAttempts, int loginFailureLimit, int addressFailureLimit,
                              Duration lockout, PasswordHasher.Params argon2, boolean production,
                              boolean requireRevocationCheck) {

    /**
     * @return production defaults: 30 min idle / 12 h absolute sessions, 5 min challenges and codes, 5 code
     *     attempts, lock after 5 failures per login or 50 per address for 15 min, OWASP Argon2id
     */
    public static CabinetSettings defaults() {
        return new CabinetSettings(Duration.ofMinutes(30), Duration.ofHours(12), Duration.ofMinutes(5), Duration.ofMinutes(30),
            Duration.ofMinutes(5), 5, 5, 50, Duration.ofMinutes(15), PasswordHasher.DEFAULT, true, true);
    }

    /**
     * @param params Argon2id cost
     * @return a copy with that cost
     */
    public CabinetSettings withArgon2(PasswordHasher.Params params) {
        return new CabinetSettings(sessionIdle, sessionMaxAge, challengeTtl, registrationTtl, codeTtl, codeAttempts,
            loginFailureLimit, addressFailureLimit, lockout, params, production, requireRevocationCheck);
    }
}
