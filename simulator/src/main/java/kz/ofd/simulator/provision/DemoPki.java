package kz.ofd.simulator.provision;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;

/**
 * A throw-away PKI for the demo stand, shaped like NCA's (domain-facts §5.2–5.3): a CA with a CRL, and for one person
 * of one organization an authentication key (digitalSignature + keyEncipherment, EKU clientAuth) to sign up and log
 * in with, and a signing key (digitalSignature + nonRepudiation, EKU emailProtection) to sign applications with; the
 * subject carries {@code SERIALNUMBER=IIN...} and {@code OU=BIN...}. RSA 2048 / SHA-256. Files in one directory:
 * {@code ca.cer} and {@code ca.crl} (what the server is told to trust: {@code ofd.cabinet.ca.certs},
 * {@code ofd.cabinet.crls}), {@code auth.p12} and {@code sign.p12} (password {@value #PASSWORD}). Never for production.
 */
public final class DemoPki {

    /** Password of the demo key stores (they hold throw-away keys). */
    public static final String PASSWORD = "demo";
    private static final String SIGNATURE = "SHA256withRSA";
    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    private final PrivateKey authKey;
    private final X509Certificate authCertificate;
    private final PrivateKey signKey;
    private final X509Certificate signCertificate;

    private DemoPki(PrivateKey authKey, X509Certificate authCertificate, PrivateKey signKey, X509Certificate signCertificate) {
        this.authKey = authKey;
        this.authCertificate = authCertificate;
        this.signKey = signKey;
        this.signCertificate = signCertificate;
    }

    /**
     * Generates the CA, its CRL and the person's two keys into {@code dir}.
     *
     * @param dir  where the files go
     * @param iin  the person's IIN
     * @param bin  the organization's BIN
     * @param name the organization's name
     * @return the keys
     * @throws IOException              when a file cannot be written
     * @throws GeneralSecurityException when a key or certificate cannot be made
     */
    public static DemoPki generate(Path dir, String iin, String bin, String name) throws IOException, GeneralSecurityException {
        Files.createDirectories(dir);
        Instant now = Instant.now();
        KeyPair caKeys = rsa();
        X500Name caName = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, "OFD DEMO CA (not NCA)")
            .addRDN(BCStyle.C, "KZ").build();
        try {
            JcaX509v3CertificateBuilder ca = new JcaX509v3CertificateBuilder(caName, serial(), Date.from(now.minus(
                Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(365))), caName, caKeys.getPublic());
            ca.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            ca.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            X509Certificate caCert = convert(ca.build(signer(caKeys.getPrivate())));
            X509v2CRLBuilder crl = new X509v2CRLBuilder(caName, Date.from(now.minus(Duration.ofHours(1))));
            crl.setNextUpdate(Date.from(now.plus(Duration.ofDays(30))));
            Files.write(dir.resolve("ca.cer"), caCert.getEncoded());
            Files.write(dir.resolve("ca.crl"), crl.build(signer(caKeys.getPrivate())).getEncoded());
            KeyPair auth = rsa();
            KeyPair sign = rsa();
            X509Certificate authCert = user(caName, caKeys, auth, iin, bin, name, true, now);
            X509Certificate signCert = user(caName, caKeys, sign, iin, bin, name, false, now);
            store(dir.resolve("auth.p12"), auth.getPrivate(), authCert, caCert);
            store(dir.resolve("sign.p12"), sign.getPrivate(), signCert, caCert);
            return new DemoPki(auth.getPrivate(), authCert, sign.getPrivate(), signCert);
        } catch (org.bouncycastle.operator.OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
    }

    /**
     * @param dir a directory {@link #generate} wrote
     * @return its keys
     * @throws IOException              when a file cannot be read
     * @throws GeneralSecurityException when a key store does not open
     */
    public static DemoPki load(Path dir) throws IOException, GeneralSecurityException {
        KeyStore auth = open(dir.resolve("auth.p12"));
        KeyStore sign = open(dir.resolve("sign.p12"));
        return new DemoPki((PrivateKey) auth.getKey("key", PASSWORD.toCharArray()), (X509Certificate) auth.getCertificate("key"),
            (PrivateKey) sign.getKey("key", PASSWORD.toCharArray()), (X509Certificate) sign.getCertificate("key"));
    }

    /**
     * @param data bytes to sign (a challenge)
     * @return base64 CMS, data attached, signed with the authentication key (as NCALayer's {@code basics.sign})
     * @throws GeneralSecurityException when signing fails
     */
    public String signWithAuthKey(byte[] data) throws GeneralSecurityException {
        return cms(authKey, authCertificate, data);
    }

    /**
     * @param data bytes to sign (an application document)
     * @return base64 CMS, data attached, signed with the signing key
     * @throws GeneralSecurityException when signing fails
     */
    public String signWithSigningKey(byte[] data) throws GeneralSecurityException {
        return cms(signKey, signCertificate, data);
    }

    private static String cms(PrivateKey key, X509Certificate certificate, byte[] data) throws GeneralSecurityException {
        try {
            CMSSignedDataGenerator g = new CMSSignedDataGenerator();
            g.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(new JcaDigestCalculatorProviderBuilder().build())
                .build(signer(key), certificate));
            g.addCertificates(new JcaCertStore(List.of(certificate)));
            return Base64.getEncoder().encodeToString(g.generate(new CMSProcessableByteArray(data), true).getEncoded());
        } catch (org.bouncycastle.operator.OperatorCreationException | org.bouncycastle.cms.CMSException | IOException e) {
            throw new GeneralSecurityException("cannot sign: " + e.getMessage(), e);
        }
    }

    private static X509Certificate user(X500Name issuer, KeyPair caKeys, KeyPair keys, String iin, String bin, String org,
                                        boolean authentication, Instant now)
        throws GeneralSecurityException, org.bouncycastle.operator.OperatorCreationException, IOException {
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, "ДЕМО ПОЛЬЗОВАТЕЛЬ")
            .addRDN(BCStyle.SURNAME, "ДЕМО").addRDN(BCStyle.SERIALNUMBER, "IIN" + iin).addRDN(BCStyle.C, "KZ")
            .addRDN(BCStyle.O, org).addRDN(BCStyle.OU, "BIN" + bin).addRDN(BCStyle.E, "demo@example.kz").build();
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer, serial(),
            Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(365))), subject, keys.getPublic());
        if (authentication) {
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
            b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
        } else {
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.nonRepudiation));
            b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_emailProtection));
        }
        return convert(b.build(signer(caKeys.getPrivate())));
    }

    private static KeyPair rsa() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        return g.generateKeyPair();
    }

    private static ContentSigner signer(PrivateKey key) throws org.bouncycastle.operator.OperatorCreationException {
        return new JcaContentSignerBuilder(SIGNATURE).build(key);
    }

    private static X509Certificate convert(org.bouncycastle.cert.X509CertificateHolder holder) throws GeneralSecurityException {
        return new JcaX509CertificateConverter().getCertificate(holder);
    }

    private static BigInteger serial() {
        return new BigInteger(63, RANDOM).add(BigInteger.ONE);
    }

    private static void store(Path file, PrivateKey key, X509Certificate certificate, X509Certificate ca)
        throws IOException, GeneralSecurityException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("key", key, PASSWORD.toCharArray(), new Certificate[] {certificate, ca});
        try (OutputStream out = Files.newOutputStream(file)) {
            ks.store(out, PASSWORD.toCharArray());
        }
    }

    private static KeyStore open(Path file) throws IOException, GeneralSecurityException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            ks.load(in, PASSWORD.toCharArray());
        }
        return ks;
    }
}
