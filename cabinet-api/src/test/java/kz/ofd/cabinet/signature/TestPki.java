package kz.ofd.cabinet.signature;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.jce.spec.ECNamedCurveGenParameterSpec;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A test PKI in the shape of NCA's: CAs (RSA or GOST 2012-512) issuing AUTH and SIGN certificates with the IIN in
 * SERIALNUMBER and the BIN in OU, CRLs, and NCALayer-like CMS signatures (signed attributes, attached or detached).
 */
public final class TestPki {

    private static final AtomicLong SERIALS = new AtomicLong(1000);

    private TestPki() {
    }

    /** A key algorithm. */
    public enum Alg {
        /** RSA 2048 with SHA-256. */
        RSA("RSA", "SHA256withRSA"),
        /** GOST R 34.10-2012 512-bit with Streebog-512, the curve NCA uses. */
        GOST("ECGOST3410-2012", "GOST3411-2012-512WITHECGOST3410-2012-512");

        final String keyAlgorithm;
        final String signatureAlgorithm;

        Alg(String keyAlgorithm, String signatureAlgorithm) {
            this.keyAlgorithm = keyAlgorithm;
            this.signatureAlgorithm = signatureAlgorithm;
        }
    }

    /** Which key of the pair NCA issues. */
    public enum Usage {
        /** Authentication: digitalSignature + keyEncipherment, EKU clientAuth. */
        AUTH,
        /** Signing: digitalSignature + nonRepudiation, EKU emailProtection. */
        SIGN
    }

    /**
     * A key with its certificate.
     *
     * @param keys        the key pair
     * @param certificate its certificate
     * @param alg         algorithm
     */
    public record Holder(KeyPair keys, X509Certificate certificate, Alg alg) {
    }

    private static final int POOL = 4;
    private static final java.util.Map<Alg, List<KeyPair>> KEYS = new java.util.concurrent.ConcurrentHashMap<>();
    private static final AtomicLong NEXT_KEY = new AtomicLong();

    /**
     * Key generation (RSA above all) is slow on a busy machine, so tests draw from a small pool generated once per
     * JVM: certificates stay distinct, only their keys repeat.
     *
     * @param alg key algorithm
     * @return a pooled key pair
     */
    public static KeyPair keyPair(Alg alg) {
        List<KeyPair> pool = KEYS.computeIfAbsent(alg, a -> {
            List<KeyPair> keys = new java.util.ArrayList<>();
            for (int i = 0; i < POOL; i++) {
                keys.add(generate(a));
            }
            return keys;
        });
        return pool.get((int) (NEXT_KEY.getAndIncrement() % POOL));
    }

    /**
     * @param holder a key holder
     * @return a pooled key pair of the same algorithm that is not the holder's: signing with it forges
     */
    public static KeyPair otherKey(Holder holder) {
        KeyPair k = keyPair(holder.alg());
        while (k.getPublic().equals(holder.keys().getPublic())) {
            k = keyPair(holder.alg());
        }
        return k;
    }

    private static KeyPair generate(Alg alg) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance(alg.keyAlgorithm, TrustMaterial.BC);
            if (alg == Alg.GOST) {
                g.initialize(new ECNamedCurveGenParameterSpec("Tc26-Gost-3410-12-512-paramSetA"));
            } else {
                g.initialize(2048);
            }
            return g.generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * @param alg  key algorithm
     * @param name CN of the CA
     * @param now  time the CA is valid around
     * @return a self-signed CA
     */
    public static Holder ca(Alg alg, String name, Instant now) {
        KeyPair keys = keyPair(alg);
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, name).addRDN(BCStyle.C, "KZ").build();
        try {
            JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(subject, serial(),
                Date.from(now.minus(Duration.ofDays(365))), Date.from(now.plus(Duration.ofDays(3650))), subject,
                keys.getPublic());
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            return new Holder(keys, convert(b.build(signer(alg, keys))), alg);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Issues a user certificate.
     *
     * @param ca        issuer
     * @param alg       the user's key algorithm
     * @param usage     AUTH or SIGN
     * @param iin       the person's IIN (SERIALNUMBER=IIN...)
     * @param bin       the organization's BIN (OU=BIN...), or null
     * @param notBefore validity start
     * @param notAfter  validity end
     * @return the user's key and certificate
     */
    public static Holder user(Holder ca, Alg alg, Usage usage, String iin, String bin, Instant notBefore, Instant notAfter) {
        KeyPair keys = keyPair(alg);
        X500NameBuilder name = new X500NameBuilder(BCStyle.INSTANCE)
            .addRDN(BCStyle.CN, "ТЕСТОВ ТЕСТ")
            .addRDN(BCStyle.SURNAME, "ТЕСТОВ")
            .addRDN(BCStyle.SERIALNUMBER, "IIN" + iin)
            .addRDN(BCStyle.C, "KZ")
            .addRDN(BCStyle.GIVENNAME, "ТЕСТОВИЧ")
            .addRDN(BCStyle.E, "test" + iin + "@example.kz");
        if (bin != null) {
            name.addRDN(BCStyle.O, "ТОО \"Тестовая организация\"").addRDN(BCStyle.OU, "BIN" + bin);
        }
        try {
            JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(ca.certificate(), serial(),
                Date.from(notBefore), Date.from(notAfter), name.build(), keys.getPublic());
            if (usage == Usage.AUTH) {
                b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
                b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
            } else {
                b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.nonRepudiation));
                b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_emailProtection));
            }
            return new Holder(keys, convert(b.build(signer(ca.alg(), ca.keys()))), alg);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * @param ca         issuer
     * @param now        thisUpdate
     * @param revoked    certificates on the list
     * @return a CRL valid for a day
     */
    public static X509CRL crl(Holder ca, Instant now, List<X509Certificate> revoked) {
        try {
            X509v2CRLBuilder b = new X509v2CRLBuilder(
                X500Name.getInstance(ca.certificate().getSubjectX500Principal().getEncoded()),
                Date.from(now.minus(Duration.ofHours(1))));
            b.setNextUpdate(Date.from(now.plus(Duration.ofDays(1))));
            for (X509Certificate c : revoked) {
                b.addCRLEntry(c.getSerialNumber(), Date.from(now.minus(Duration.ofMinutes(30))), CRLReason.keyCompromise);
            }
            return new JcaX509CRLConverter().setProvider(TrustMaterial.BC).getCRL(b.build(signer(ca.alg(), ca.keys())));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Signs like NCALayer's {@code basics.sign} with {@code format: cms}: SignedData with signed attributes and the
     * signer's certificate.
     *
     * @param who         the signer (its certificate goes into the CMS)
     * @param signingKey  the key that actually signs (normally {@code who}'s; another one forges)
     * @param data        the data
     * @param encapsulate attach the data
     * @return base64 CMS
     */
    public static String cms(Holder who, KeyPair signingKey, byte[] data, boolean encapsulate) {
        try {
            CMSSignedDataGenerator g = new CMSSignedDataGenerator();
            g.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(
                new JcaDigestCalculatorProviderBuilder().setProvider(TrustMaterial.BC).build())
                .build(signer(who.alg(), signingKey), who.certificate()));
            g.addCertificates(new JcaCertStore(List.of(who.certificate())));
            return Base64.getMimeEncoder()
                .encodeToString(g.generate(new CMSProcessableByteArray(data), encapsulate).getEncoded());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * @param who  the signer
     * @param data the data
     * @return a correct attached CMS
     */
    public static String cms(Holder who, byte[] data) {
        return cms(who, who.keys(), data, true);
    }

    private static ContentSigner signer(Alg alg, KeyPair keys) throws Exception {
        return new JcaContentSignerBuilder(alg.signatureAlgorithm).setProvider(TrustMaterial.BC).build(keys.getPrivate());
    }

    private static X509Certificate convert(X509CertificateHolder holder) throws Exception {
        return new JcaX509CertificateConverter().setProvider(TrustMaterial.BC).getCertificate(holder);
    }

    private static BigInteger serial() {
        return BigInteger.valueOf(SERIALS.incrementAndGet());
    }
}
