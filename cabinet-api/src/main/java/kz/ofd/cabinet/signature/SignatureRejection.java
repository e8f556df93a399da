package kz.ofd.cabinet.signature;

/**
 * Why a signed challenge was refused. Each reason becomes its own problem type, so a front end can tell the user
 * exactly what to do (pick the AUTH key, renew the certificate, ...).
 */
public enum SignatureRejection {
    /** Not base64, not a CMS SignedData, or not exactly one signer with its certificate. */
    MALFORMED("signature-malformed", "the signature is not a CMS/PKCS#7 SignedData with one signer and its certificate"),
    /** The CMS carries content other than the challenge. */
    WRONG_CONTENT("signature-wrong-content", "the signature is over other data than the challenge"),
    /** The signature does not verify with the certificate's key. */
    INVALID("signature-invalid", "the signature does not verify with the certificate it carries"),
    /** Neither RSA nor GOST R 34.10-2012. */
    UNSUPPORTED_ALGORITHM("signature-unsupported-algorithm", "only RSA and GOST R 34.10-2012 keys are accepted"),
    /** The certificate is not issued by a configured CA. */
    UNTRUSTED("certificate-untrusted", "the certificate is not issued by a trusted certification authority"),
    /** The certificate's validity has ended. */
    EXPIRED("certificate-expired", "the certificate has expired"),
    /** The certificate's validity has not begun. */
    NOT_YET_VALID("certificate-not-yet-valid", "the certificate is not valid yet"),
    /** The certificate is on its CA's revocation list. */
    REVOKED("certificate-revoked", "the certificate is revoked"),
    /** No current revocation list of the issuer is available. */
    REVOCATION_UNKNOWN("certificate-revocation-unknown", "the certificate's revocation status cannot be checked now"),
    /** A signing (non-repudiation) key instead of the authentication key. */
    NOT_AUTH_KEY("certificate-not-for-authentication",
        "the certificate is a signing key; log in with the authentication key (AUTH_...)"),
    /** An authentication key where a document must be signed with the signing key. */
    NOT_SIGNING_KEY("certificate-not-for-signing",
        "the certificate is an authentication key; sign applications with the signing key (RSA256_... or GOSTKNCA_...)"),
    /** No valid IIN in the subject. */
    NO_IIN("certificate-no-iin", "the certificate has no valid IIN in its subject");

    private final String code;
    private final String message;

    SignatureRejection(String code, String message) {
        this.code = code;
        this.message = message;
    }

    /** @return the problem type suffix, stable */
    public String code() {
        return code;
    }

    /** @return a sentence for the user */
    public String message() {
        return message;
    }
}
