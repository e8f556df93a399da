package kz.ofd.protocol.kgd;

import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.operator.OperatorCreationException;

import java.io.IOException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Collection;

/**
 * Checks a detached CMS signature over a KGD batch (the KGD side; the simulator uses it). Stateless.
 */
public final class BatchVerifier {

    private BatchVerifier() {
    }

    /**
     * @param content   the batch bytes as received
     * @param signature the DER CMS SignedData received with them
     * @param trusted   the certificate the signer must have, or {@code null} to accept the certificate the signature
     *                  carries
     * @return {@code null} when exactly one signer signed exactly these bytes (with the trusted certificate, if given);
     *     otherwise why not
     */
    public static String problem(byte[] content, byte[] signature, X509Certificate trusted) {
        try {
            CMSSignedData signed = new CMSSignedData(new CMSProcessableByteArray(content), signature);
            Collection<SignerInformation> signers = signed.getSignerInfos().getSigners();
            if (signers.size() != 1) {
                return "the signature has " + signers.size() + " signers, expected 1";
            }
            SignerInformation signer = signers.iterator().next();
            @SuppressWarnings("unchecked")
            Collection<X509CertificateHolder> certificates = signed.getCertificates().getMatches(signer.getSID());
            if (certificates.isEmpty()) {
                return "the signature carries no certificate for its signer";
            }
            X509CertificateHolder certificate = certificates.iterator().next();
            if (trusted != null && !Arrays.equals(certificate.getEncoded(), trusted.getEncoded())) {
                return "signed with a certificate other than the OFD's (" + certificate.getSubject() + ")";
            }
            boolean valid = signer.verify(new JcaSimpleSignerInfoVerifierBuilder().setProvider(BatchSigner.BC)
                .build(certificate));
            return valid ? null : "the signature does not match the batch";
        } catch (CMSException e) {
            return "the signature is not a valid CMS SignedData over the batch: " + e.getMessage();
        } catch (OperatorCreationException | IOException | CertificateException e) {
            return "the signature cannot be checked: " + e.getMessage();
        }
    }
}
