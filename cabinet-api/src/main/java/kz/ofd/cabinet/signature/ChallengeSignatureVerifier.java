package kz.ofd.cabinet.signature;

import kz.ofd.cabinet.validate.Identifiers;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;

import java.io.IOException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Locale;

/**
 * Verifies a challenge signed by NCALayer ({@code basics.sign} with {@code format: cms}, the challenge passed as
 * data): a base64 CMS/PKCS#7 SignedData, attached (the challenge inside) or detached, with one signer and its
 * certificate. Checks, in order: the structure; the content is the challenge; the signature verifies with the
 * certificate's key (RSA, or GOST R 34.10-2012 256/512 with Streebog, as Bouncy Castle implements them); the
 * certificate is signed by one of the configured CA certificates, which is itself within its validity; the
 * certificate is within its validity now; it is not on its issuer's current CRL (a CRL file per CA, loaded at
 * start; OCSP is not used); it is an authentication key (keyUsage digitalSignature, and not a signing-only
 * nonRepudiation key; extendedKeyUsage, when present, includes clientAuth); and its subject carries a valid IIN.
 *
 * <p>Not covered: keys on the Kazakh GOST OIDs ({@code 1.2.398.3.10.1.1.*}), which Bouncy Castle does not map by
 * itself (domain-facts §5.5 describes the mapping, not built yet); timestamp tokens; chains longer than CA -> user
 * (configure the issuing CA itself as trusted). Stateless and thread-safe.
 */
public final class ChallengeSignatureVerifier {

    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
    private static final String EMAIL_PROTECTION = "1.3.6.1.5.5.7.3.4";
    private static final int DIGITAL_SIGNATURE = 0;
    private static final int NON_REPUDIATION = 1;
    private static final int KEY_ENCIPHERMENT = 2;

    private final TrustMaterial trust;
    private final boolean requireRevocationCheck;

    /**
     * @param trust                  CA certificates and their CRLs
     * @param requireRevocationCheck refuse certificates whose issuer has no current CRL (production); false only
     *                               for a test PKI without CRLs
     */
    public ChallengeSignatureVerifier(TrustMaterial trust, boolean requireRevocationCheck) {
        this.trust = trust;
        this.requireRevocationCheck = requireRevocationCheck;
    }

    /**
     * @param challenge the exact bytes the client was asked to sign
     * @param cmsBase64 the CMS as NCALayer returns it (base64; line breaks and PEM armour are tolerated)
     * @param now       the time to check validity and CRLs at
     * @return the signer
     * @throws SignatureRejectedException with the first check that failed
     */
    public SignerIdentity verify(byte[] challenge, String cmsBase64, Instant now) throws SignatureRejectedException {
        return verify(challenge, cmsBase64, now, false).signer();
    }

    /**
     * Verifies a signed document (a tax application about a KKM): the same checks as {@link #verify}, except that
     * the key must be a signing key, not the authentication key. Cabinets ask applications to be signed with the
     * signing key (legacy {@code RSA256_...} / {@code GOSTKNCA_...}; the single GOST 2015 key NCA issues since 2022
     * carries both usages), domain-facts §5.2: keyUsage nonRepudiation, and extendedKeyUsage, when present,
     * including emailProtection (the OID NCALayer filters signing keys by).
     *
     * @param document  the exact bytes the owner was shown and signed
     * @param cmsBase64 the CMS as NCALayer returns it, attached or detached
     * @param now       the time to check validity and CRLs at
     * @return the signer and the CMS in DER, to forward unchanged
     * @throws SignatureRejectedException with the first check that failed
     */
    public SignedDocument verifyDocument(byte[] document, String cmsBase64, Instant now) throws SignatureRejectedException {
        return verify(document, cmsBase64, now, true);
    }

    /**
     * A verified document signature.
     *
     * @param signer the signer
     * @param cms    the CMS, DER
     */
    public record SignedDocument(SignerIdentity signer, byte[] cms) {
    }

    private SignedDocument verify(byte[] challenge, String cmsBase64, Instant now, boolean signingKey)
        throws SignatureRejectedException {
        byte[] der = decode(cmsBase64);
        CMSSignedData cms = parse(der, challenge);
        SignerInformation signer = onlySigner(cms);
        X509CertificateHolder holder = certificateOf(cms, signer);
        X509Certificate certificate = toX509(holder);
        String algorithm = algorithm(certificate);
        // Validity first: Bouncy Castle's signer check also refuses a certificate outside its validity at the
        // (client-claimed) signing time, which would otherwise surface as an invalid signature.
        checkValidity(certificate, now);
        verifySignature(signer, holder);
        X509Certificate issuer = trustedIssuer(holder, now);
        checkRevocation(certificate, issuer, now);
        if (signingKey) {
            checkSigningKey(certificate);
        } else {
            checkAuthenticationKey(certificate);
        }
        return new SignedDocument(identity(holder.getSubject(), algorithm, certificate), der);
    }

    private static byte[] decode(String cmsBase64) throws SignatureRejectedException {
        if (cmsBase64 == null || cmsBase64.isBlank()) {
            throw new SignatureRejectedException(SignatureRejection.MALFORMED, "the signature is empty");
        }
        String clean = cmsBase64.replaceAll("-----[A-Z0-9 #]+-----", "").replaceAll("\\s", "");
        try {
            return Base64.getDecoder().decode(clean);
        } catch (IllegalArgumentException e) {
            throw new SignatureRejectedException(SignatureRejection.MALFORMED, "the signature is not base64");
        }
    }

    private static CMSSignedData parse(byte[] der, byte[] challenge) throws SignatureRejectedException {
        try {
            CMSSignedData cms = new CMSSignedData(der);
            if (cms.getSignedContent() == null) {
                return new CMSSignedData(new CMSProcessableByteArray(challenge), der);
            }
            Object content = cms.getSignedContent().getContent();
            if (!(content instanceof byte[] bytes) || !Arrays.equals(bytes, challenge)) {
                throw new SignatureRejectedException(SignatureRejection.WRONG_CONTENT,
                    "the signed content is not the challenge that was issued");
            }
            return cms;
        } catch (CMSException | RuntimeException e) {
            throw new SignatureRejectedException(SignatureRejection.MALFORMED, "the signature is not a CMS SignedData");
        }
    }

    private static SignerInformation onlySigner(CMSSignedData cms) throws SignatureRejectedException {
        Collection<SignerInformation> signers = cms.getSignerInfos().getSigners();
        if (signers.size() != 1) {
            throw new SignatureRejectedException(SignatureRejection.MALFORMED,
                "the signature has " + signers.size() + " signers, expected exactly 1");
        }
        return signers.iterator().next();
    }

    private static X509CertificateHolder certificateOf(CMSSignedData cms, SignerInformation signer)
        throws SignatureRejectedException {
        @SuppressWarnings("unchecked")
        Collection<X509CertificateHolder> matches = cms.getCertificates().getMatches(signer.getSID());
        if (matches.isEmpty()) {
            throw new SignatureRejectedException(SignatureRejection.MALFORMED,
                "the signature does not carry the signer's certificate");
        }
        return matches.iterator().next();
    }

    private static X509Certificate toX509(X509CertificateHolder holder) throws SignatureRejectedException {
        try {
            return new JcaX509CertificateConverter().setProvider(TrustMaterial.BC).getCertificate(holder);
        } catch (CertificateException e) {
            throw new SignatureRejectedException(SignatureRejection.MALFORMED, "the signer's certificate does not parse");
        }
    }

    private static String algorithm(X509Certificate certificate) throws SignatureRejectedException {
        String key = certificate.getPublicKey().getAlgorithm().toUpperCase(Locale.ROOT);
        if (key.equals("RSA")) {
            return "RSA";
        }
        if (key.startsWith("ECGOST3410-2012")) {
            return "GOST2012";
        }
        throw new SignatureRejectedException(SignatureRejection.UNSUPPORTED_ALGORITHM,
            "the certificate's key is " + certificate.getPublicKey().getAlgorithm() + "; RSA or GOST R 34.10-2012 expected");
    }

    private static void verifySignature(SignerInformation signer, X509CertificateHolder holder)
        throws SignatureRejectedException {
        boolean valid;
        try {
            valid = signer.verify(new JcaSimpleSignerInfoVerifierBuilder().setProvider(TrustMaterial.BC).build(holder));
        } catch (CMSException e) {
            throw new SignatureRejectedException(SignatureRejection.INVALID, e.getMessage());
        } catch (OperatorCreationException | CertificateException | RuntimeException e) {
            throw new SignatureRejectedException(SignatureRejection.UNSUPPORTED_ALGORITHM,
                "the signature's algorithm cannot be verified here");
        }
        if (!valid) {
            throw new SignatureRejectedException(SignatureRejection.INVALID,
                "the signature does not match the challenge and the certificate's key");
        }
    }

    private X509Certificate trustedIssuer(X509CertificateHolder holder, Instant now) throws SignatureRejectedException {
        for (X509Certificate ca : trust.caCertificates()) {
            if (X500Name.getInstance(ca.getSubjectX500Principal().getEncoded()).equals(holder.getIssuer())
                && signedBy(holder, ca)) {
                try {
                    ca.checkValidity(Date.from(now));
                } catch (CertificateExpiredException | CertificateNotYetValidException e) {
                    throw new SignatureRejectedException(SignatureRejection.UNTRUSTED,
                        "the issuing CA certificate (" + ca.getSubjectX500Principal().getName() + ") is outside its validity");
                }
                return ca;
            }
        }
        throw new SignatureRejectedException(SignatureRejection.UNTRUSTED,
            "the certificate's issuer (" + holder.getIssuer() + ") is not a trusted CA, or did not sign it");
    }

    private static boolean signedBy(X509CertificateHolder holder, X509Certificate ca) {
        try {
            return holder.isSignatureValid(new JcaContentVerifierProviderBuilder().setProvider(TrustMaterial.BC).build(ca));
        } catch (OperatorCreationException | org.bouncycastle.cert.CertException | RuntimeException e) {
            return false;
        }
    }

    private static void checkValidity(X509Certificate certificate, Instant now) throws SignatureRejectedException {
        try {
            certificate.checkValidity(Date.from(now));
        } catch (CertificateExpiredException e) {
            throw new SignatureRejectedException(SignatureRejection.EXPIRED,
                "the certificate expired on " + certificate.getNotAfter().toInstant());
        } catch (CertificateNotYetValidException e) {
            throw new SignatureRejectedException(SignatureRejection.NOT_YET_VALID,
                "the certificate is valid from " + certificate.getNotBefore().toInstant());
        }
    }

    private void checkRevocation(X509Certificate certificate, X509Certificate issuer, Instant now)
        throws SignatureRejectedException {
        X509CRL current = null;
        for (X509CRL crl : trust.crls()) {
            if (crl.getIssuerX500Principal().equals(issuer.getSubjectX500Principal()) && crlSignedBy(crl, issuer)
                && (crl.getNextUpdate() == null || crl.getNextUpdate().toInstant().isAfter(now))) {
                current = crl;
                break;
            }
        }
        if (current == null) {
            if (requireRevocationCheck) {
                throw new SignatureRejectedException(SignatureRejection.REVOCATION_UNKNOWN,
                    "no current revocation list of " + issuer.getSubjectX500Principal().getName() + " is loaded");
            }
            return;
        }
        X509CRLEntry entry = current.getRevokedCertificate(certificate.getSerialNumber());
        if (entry != null && !entry.getRevocationDate().toInstant().isAfter(now)) {
            throw new SignatureRejectedException(SignatureRejection.REVOKED,
                "the certificate was revoked on " + entry.getRevocationDate().toInstant());
        }
    }

    private static boolean crlSignedBy(X509CRL crl, X509Certificate issuer) {
        try {
            return new X509CRLHolder(crl.getEncoded())
                .isSignatureValid(new JcaContentVerifierProviderBuilder().setProvider(TrustMaterial.BC).build(issuer));
        } catch (java.security.cert.CRLException | IOException | OperatorCreationException
                 | org.bouncycastle.cert.CertException | RuntimeException e) {
            return false;
        }
    }

    private static void checkAuthenticationKey(X509Certificate certificate) throws SignatureRejectedException {
        boolean[] usage = certificate.getKeyUsage();
        if (usage == null || !usage[DIGITAL_SIGNATURE]) {
            throw new SignatureRejectedException(SignatureRejection.NOT_AUTH_KEY,
                "the certificate's key usage does not include digitalSignature");
        }
        if (usage[NON_REPUDIATION] && !usage[KEY_ENCIPHERMENT]) {
            throw new SignatureRejectedException(SignatureRejection.NOT_AUTH_KEY,
                "the certificate is a signing key (nonRepudiation); use the authentication key");
        }
        List<String> extended;
        try {
            extended = certificate.getExtendedKeyUsage();
        } catch (CertificateParsingException e) {
            throw new SignatureRejectedException(SignatureRejection.MALFORMED, "the extended key usage does not parse");
        }
        if (extended != null && !extended.contains(CLIENT_AUTH)) {
            throw new SignatureRejectedException(SignatureRejection.NOT_AUTH_KEY,
                "the certificate's extended key usage does not include client authentication");
        }
    }

    private static void checkSigningKey(X509Certificate certificate) throws SignatureRejectedException {
        boolean[] usage = certificate.getKeyUsage();
        if (usage == null || !usage[NON_REPUDIATION]) {
            throw new SignatureRejectedException(SignatureRejection.NOT_SIGNING_KEY,
                "the certificate's key usage does not include nonRepudiation (it is an authentication key)");
        }
        List<String> extended;
        try {
            extended = certificate.getExtendedKeyUsage();
        } catch (CertificateParsingException e) {
            throw new SignatureRejectedException(SignatureRejection.MALFORMED, "the extended key usage does not parse");
        }
        if (extended != null && !extended.contains(EMAIL_PROTECTION)) {
            throw new SignatureRejectedException(SignatureRejection.NOT_SIGNING_KEY,
                "the certificate's extended key usage does not include document signing (emailProtection)");
        }
    }

    private static SignerIdentity identity(X500Name subject, String algorithm, X509Certificate certificate)
        throws SignatureRejectedException {
        String serial = first(subject, BCStyle.SERIALNUMBER);
        String iin = serial != null && serial.startsWith("IIN") ? serial.substring(3) : null;
        if (iin == null || Identifiers.idnProblem("iin", iin).isPresent() || !Identifiers.isIin(iin)) {
            throw new SignatureRejectedException(SignatureRejection.NO_IIN,
                "the subject's SERIALNUMBER must be IIN followed by a valid 12-digit IIN");
        }
        String bin = null;
        for (String ou : all(subject, BCStyle.OU)) {
            if (ou.startsWith("BIN")) {
                bin = ou.substring(3);
                if (Identifiers.idnProblem("bin", bin).isPresent() || !Identifiers.isBin(bin)) {
                    throw new SignatureRejectedException(SignatureRejection.NO_IIN,
                        "the subject's OU carries an invalid BIN");
                }
            }
        }
        String name = first(subject, BCStyle.CN);
        if (name == null) {
            String surname = first(subject, BCStyle.SURNAME);
            String given = first(subject, BCStyle.GIVENNAME);
            name = ((surname == null ? "" : surname) + " " + (given == null ? "" : given)).trim();
        }
        return new SignerIdentity(iin, bin, name, first(subject, BCStyle.O), first(subject, BCStyle.E), algorithm,
            certificate.getSerialNumber().toString(16));
    }

    private static String first(X500Name name, ASN1ObjectIdentifier type) {
        List<String> values = all(name, type);
        return values.isEmpty() ? null : values.get(0);
    }

    private static List<String> all(X500Name name, ASN1ObjectIdentifier type) {
        List<String> out = new ArrayList<>();
        for (RDN rdn : name.getRDNs(type)) {
            ASN1Encodable value = rdn.getFirst().getValue();
            out.add(value instanceof ASN1String text ? text.getString() : IETFUtils.valueToString(value));
        }
        return out;
    }
}
