package kz.ofd.cabinet.signature;

import kz.ofd.cabinet.TestIds;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ChallengeSignatureVerifierTest {

    private static final Instant NOW = Instant.parse("2026-03-02T06:00:00Z");
    private static final byte[] CHALLENGE = "ofd-cabinet-auth:test".getBytes(StandardCharsets.US_ASCII);

    private final TestPki.Holder ca = TestPki.ca(TestPki.Alg.RSA, "TEST NCA RSA", NOW);
    private final TestPki.Holder user = TestPki.user(ca, TestPki.Alg.RSA, TestPki.Usage.AUTH, TestIds.iin(51), TestIds.bin(51),
        NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(300)));

    private ChallengeSignatureVerifier verifier(List<java.security.cert.X509CRL> crls, boolean requireCrl) {
        return new ChallengeSignatureVerifier(new TrustMaterial(List.of(ca.certificate()), crls), requireCrl);
    }

    private SignatureRejection rejection(ChallengeSignatureVerifier v, String cms, Instant at) {
        return assertThrows(SignatureRejectedException.class, () -> v.verify(CHALLENGE, cms, at)).reason();
    }

    @Test
    void shouldReadIdentityAndTolerateNcaLayerPemArmour() throws Exception {
        String cms = "-----BEGIN CMS-----\r\n" + TestPki.cms(user, CHALLENGE) + "\r\n-----END CMS-----\r\n";
        SignerIdentity who = verifier(List.of(TestPki.crl(ca, NOW, List.of())), true).verify(CHALLENGE, cms, NOW);
        assertEquals(TestIds.iin(51), who.iin());
        assertEquals(TestIds.bin(51), who.bin());
        assertEquals("ТЕСТОВ ТЕСТ", who.personName());
        assertEquals("test" + TestIds.iin(51) + "@example.kz", who.email());
        assertEquals("RSA", who.algorithm());
    }

    @Test
    void shouldFailClosedWithoutCurrentCrlUnlessToldOtherwise() throws Exception {
        String cms = TestPki.cms(user, CHALLENGE);
        assertEquals(SignatureRejection.REVOCATION_UNKNOWN, rejection(verifier(List.of(), true), cms, NOW));
        java.security.cert.X509CRL stale = TestPki.crl(ca, NOW.minus(Duration.ofDays(3)), List.of());
        assertEquals(SignatureRejection.REVOCATION_UNKNOWN, rejection(verifier(List.of(stale), true), cms, NOW),
            "a CRL past its nextUpdate is not used");
        TestPki.Holder impostor = TestPki.ca(TestPki.Alg.RSA, "TEST NCA RSA", NOW);
        java.security.cert.X509CRL forged = TestPki.crl(impostor, NOW, List.of());
        assertEquals(SignatureRejection.REVOCATION_UNKNOWN, rejection(verifier(List.of(forged), true), cms, NOW),
            "a CRL not signed by the CA is not used");
        assertEquals(TestIds.iin(51), verifier(List.of(), false).verify(CHALLENGE, cms, NOW).iin(),
            "a test PKI without CRLs can be allowed explicitly");
    }

    @Test
    void shouldRefuseCertificateNotValidYet() {
        assertEquals(SignatureRejection.NOT_YET_VALID, rejection(verifier(List.of(TestPki.crl(ca, NOW, List.of())), true),
            TestPki.cms(user, CHALLENGE), NOW.minus(Duration.ofDays(2))));
    }

    @Test
    void shouldRefuseEmptyAndNonBase64Input() {
        ChallengeSignatureVerifier v = verifier(List.of(), false);
        assertEquals(SignatureRejection.MALFORMED, rejection(v, "", NOW));
        assertEquals(SignatureRejection.MALFORMED, rejection(v, "***", NOW));
        assertEquals(SignatureRejection.MALFORMED, rejection(v, "AAAA", NOW));
    }
}
