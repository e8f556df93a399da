package kz.ofd.cabinet.kkm;

import kz.ofd.cabinet.registry.proto.OrganizationRecord;
import kz.ofd.cabinet.signature.ChallengeSignatureVerifier;
import kz.ofd.cabinet.signature.SignatureRejectedException;
import kz.ofd.cabinet.signature.SignerIdentity;
import kz.ofd.cabinet.validate.FieldError;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;

/**
 * The check every application an organization signs goes through (KKM registration, re-registration and
 * deregistration, the contract accession application, tariff applications): a CMS by a signing key of a trusted CA,
 * valid now, over exactly the document's bytes (attached or detached), by the organization's owner — for a legal
 * entity a certificate carrying its BIN, for an individual entrepreneur the entrepreneur's personal certificate
 * (IIN, no BIN). Either algorithm the verifier knows (RSA or GOST 2012) is taken for either kind: the manuals name
 * RSA-prefixed keys for entrepreneurs and GOST ones for legal entities, but both are issued by NCA to both.
 * Thread-safe.
 */
public final class OwnerSignature {

    private static final String LEGAL_ENTITY = "LEGAL_ENTITY";

    private final ChallengeSignatureVerifier verifier;
    private final Clock clock;

    /**
     * @param verifier the CMS checks against the configured CAs
     * @param clock    time (certificate validity)
     */
    public OwnerSignature(ChallengeSignatureVerifier verifier, Clock clock) {
        this.verifier = verifier;
        this.clock = clock;
    }

    /**
     * @param org       the organization that applies
     * @param document  the exact document (UTF-8)
     * @param signature the owner's CMS, base64
     * @return the CMS, DER, to keep with the document
     * @throws KkmProblem 400 without a signature or with one the verifier refuses (its reason's code), 403
     *                    {@code signer-not-owner} when someone else signed
     */
    public Signed check(OrganizationRecord org, String document, String signature) {
        if (signature == null || signature.isBlank()) {
            throw new KkmProblem(400, "invalid-request", "signature: is required",
                List.of(new FieldError("signature", "required", "sign the application document with the signing key")));
        }
        ChallengeSignatureVerifier.SignedDocument signed;
        try {
            signed = verifier.verifyDocument(document.getBytes(StandardCharsets.UTF_8), signature, clock.instant());
        } catch (SignatureRejectedException e) {
            throw new KkmProblem(400, e.reason().code(), e.reason().message() + ": " + e.getMessage());
        }
        SignerIdentity s = signed.signer();
        boolean owner = LEGAL_ENTITY.equals(org.getKind()) ? org.getIdn().equals(s.bin())
            : org.getIdn().equals(s.iin()) && s.bin() == null;
        if (!owner) {
            throw new KkmProblem(403, "signer-not-owner", "the application must be signed by "
                + (LEGAL_ENTITY.equals(org.getKind()) ? "an employee of BIN " : "the entrepreneur with IIN ") + org.getIdn()
                + "; the certificate belongs to IIN " + s.iin() + (s.bin() == null ? "" : ", BIN " + s.bin()));
        }
        return new Signed(signed.cms(), s);
    }

    /**
     * A document's accepted signature.
     *
     * @param cms    the CMS, DER
     * @param signer who signed
     */
    public record Signed(byte[] cms, SignerIdentity signer) {
    }
}
