package kz.ofd.cabinet.signature;

import org.bouncycastle.jce.provider.BouncyCastleProvider;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Provider;
import java.security.cert.CRL;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * What signed challenges are checked against: the CA certificates that issue users' AUTH certificates (for NCA:
 * its RSA and GOST intermediate CAs) and the current revocation list of each. Immutable; build a new one when the
 * CRL files are refreshed.
 *
 * @param caCertificates trusted issuers; a user certificate must be signed directly by one of them
 * @param crls           revocation lists of those issuers (each must be signed by its issuer to be used)
 */
public record TrustMaterial(List<X509Certificate> caCertificates, List<X509CRL> crls) {

    /** Bouncy Castle by instance: nothing is registered in the JVM's provider list. */
    static final Provider BC = new BouncyCastleProvider();

    /** Copies the lists. */
    public TrustMaterial {
        caCertificates = List.copyOf(caCertificates);
        crls = List.copyOf(crls);
    }

    /**
     * Reads certificates and CRLs from files, PEM or DER (several per file allowed).
     *
     * @param caFiles  CA certificate files
     * @param crlFiles CRL files
     * @return the material
     * @throws IOException              when a file cannot be read
     * @throws GeneralSecurityException when a file holds no certificate / CRL
     */
    public static TrustMaterial load(List<Path> caFiles, List<Path> crlFiles) throws IOException, GeneralSecurityException {
        CertificateFactory factory = CertificateFactory.getInstance("X.509", BC);
        List<X509Certificate> cas = new ArrayList<>();
        for (Path file : caFiles) {
            try (InputStream in = Files.newInputStream(file)) {
                for (Certificate c : factory.generateCertificates(in)) {
                    cas.add((X509Certificate) c);
                }
            }
        }
        List<X509CRL> crls = new ArrayList<>();
        for (Path file : crlFiles) {
            try (InputStream in = Files.newInputStream(file)) {
                for (CRL c : factory.generateCRLs(in)) {
                    crls.add((X509CRL) c);
                }
            }
        }
        if (cas.isEmpty()) {
            throw new GeneralSecurityException("no CA certificate in " + caFiles);
        }
        return new TrustMaterial(cas, crls);
    }
}
