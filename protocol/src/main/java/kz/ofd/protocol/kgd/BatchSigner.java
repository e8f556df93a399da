package kz.ofd.protocol.kgd;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.jce.spec.ECNamedCurveGenParameterSpec;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/**
 * Signs KGD batches: a detached CMS SignedData (the batch bytes are not inside) carrying the OFD's certificate,
 * with RSA (SHA256withRSA) or GOST (GOST R 34.10-2012 on 256-bit curves with GOST R 34.11-2012 hashing), the
 * algorithm following the key. Thread-safe: every call builds its own signer.
 */
public final class BatchSigner {

    /** Bouncy Castle, used by instance: nothing is registered in the JVM's provider list. */
    static final Provider BC = new BouncyCastleProvider();

    private static final String RSA_ALGORITHM = "SHA256withRSA";
    private static final String GOST_ALGORITHM = "GOST3411-2012-256WITHECGOST3410-2012-256";

    private final PrivateKey key;
    private final X509Certificate certificate;
    private final String algorithm;

    private BatchSigner(PrivateKey key, X509Certificate certificate) {
        this.key = key;
        this.certificate = certificate;
        this.algorithm = algorithmFor(key);
    }

    /**
     * Reads the OFD's key and certificate.
     *
     * @param keyPem         PKCS#8 private key, PEM ("BEGIN PRIVATE KEY"), RSA or GOST 2012
     * @param certificatePem X.509 certificate, PEM
     * @return the signer
     * @throws IOException              when a file cannot be read
     * @throws GeneralSecurityException when they are not a usable key and certificate
     */
    public static BatchSigner fromPem(Path keyPem, Path certificatePem) throws IOException, GeneralSecurityException {
        PrivateKey key = new JcaPEMKeyConverter().setProvider(BC)
            .getPrivateKey(pemObject(keyPem, PrivateKeyInfo.class, "a PKCS#8 private key (BEGIN PRIVATE KEY)"));
        X509Certificate certificate = new JcaX509CertificateConverter().setProvider(BC)
            .getCertificate(pemObject(certificatePem, X509CertificateHolder.class, "an X.509 certificate"));
        return new BatchSigner(key, certificate);
    }

    /** The first PEM object of a file, which must be of the expected type. */
    private static <T> T pemObject(Path file, Class<T> type, String what) throws IOException, GeneralSecurityException {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.US_ASCII); PEMParser pem = new PEMParser(r)) {
            Object o = pem.readObject();
            if (!type.isInstance(o)) {
                throw new GeneralSecurityException(file + " is not " + what);
            }
            return type.cast(o);
        }
    }

    /**
     * A fresh key and a self-signed certificate, for the demo and tests.
     *
     * @param subject certificate subject, e.g. {@code CN=Demo OFD}
     * @param gost    GOST 2012 (256-bit, curve Tc26-Gost-3410-12-256-paramSetA) instead of RSA 2048
     * @return the signer
     */
    public static BatchSigner generate(String subject, boolean gost) {
        try {
            KeyPairGenerator g;
            if (gost) {
                g = KeyPairGenerator.getInstance("ECGOST3410-2012", BC);
                g.initialize(new ECNamedCurveGenParameterSpec("Tc26-Gost-3410-12-256-paramSetA"));
            } else {
                g = KeyPairGenerator.getInstance("RSA", BC);
                g.initialize(2048);
            }
            KeyPair pair = g.generateKeyPair();
            Instant now = Instant.now();
            X500Name name = new X500Name(subject);
            ContentSigner self = new JcaContentSignerBuilder(algorithmFor(pair.getPrivate())).setProvider(BC)
                .build(pair.getPrivate());
            X509CertificateHolder holder = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(now.toEpochMilli()),
                Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(365))), name, pair.getPublic())
                .build(self);
            return new BatchSigner(pair.getPrivate(), new JcaX509CertificateConverter().setProvider(BC).getCertificate(holder));
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("cannot generate a " + (gost ? "GOST" : "RSA") + " test key", e);
        }
    }

    /**
     * @param content the batch bytes exactly as sent
     * @return a DER-encoded detached CMS SignedData over them, with the certificate
     */
    public byte[] sign(byte[] content) {
        try {
            CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
            ContentSigner signer = new JcaContentSignerBuilder(algorithm).setProvider(BC).build(key);
            generator.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(
                new JcaDigestCalculatorProviderBuilder().setProvider(BC).build()).build(signer, certificate));
            generator.addCertificates(new JcaCertStore(List.of(certificate)));
            CMSSignedData signed = generator.generate(new CMSProcessableByteArray(content), false);
            return signed.getEncoded();
        } catch (OperatorCreationException | CMSException | GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot sign a KGD batch with " + algorithm, e);
        }
    }

    /**
     * Writes the key (PKCS#8, unencrypted: for generated demo keys only) and the certificate as PEM files that
     * {@link #fromPem} reads back, e.g. so a KGD simulator can be told which certificate to trust.
     *
     * @param keyPem         where the private key goes
     * @param certificatePem where the certificate goes
     * @throws IOException when a file cannot be written
     */
    public void writePem(Path keyPem, Path certificatePem) throws IOException {
        try (Writer w = Files.newBufferedWriter(keyPem, StandardCharsets.US_ASCII); JcaPEMWriter pem = new JcaPEMWriter(w)) {
            pem.writeObject(new JcaPKCS8Generator(key, null));
        }
        try (Writer w = Files.newBufferedWriter(certificatePem, StandardCharsets.US_ASCII);
             JcaPEMWriter pem = new JcaPEMWriter(w)) {
            pem.writeObject(certificate);
        }
    }

    /**
     * @return the OFD's certificate
     */
    public X509Certificate certificate() {
        return certificate;
    }

    /**
     * @return the signature algorithm, following the key
     */
    public String algorithm() {
        return algorithm;
    }

    private static String algorithmFor(PrivateKey key) {
        String type = key.getAlgorithm().toUpperCase(java.util.Locale.ROOT);
        if (type.contains("GOST")) {
            return GOST_ALGORITHM;
        }
        if (type.equals("RSA")) {
            return RSA_ALGORITHM;
        }
        throw new IllegalArgumentException("KGD batches are signed with RSA or GOST 2012 keys, not " + key.getAlgorithm());
    }
}
