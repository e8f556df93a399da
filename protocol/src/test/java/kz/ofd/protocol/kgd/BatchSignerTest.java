package kz.ofd.protocol.kgd;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Detached CMS signatures over KGD batches, RSA and GOST 2012: a signature verifies over exactly the bytes it was
 * made for, with the certificate it names, and nothing else.
 */
final class BatchSignerTest {

    private static final byte[] BATCH = "{\"documents\":[{\"fiscalSign\":1000000001}]}".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void shouldVerifyOverTheSignedBytesOnly(boolean gost) {
        BatchSigner signer = BatchSigner.generate("CN=Test OFD", gost);
        assertEquals(gost ? "GOST3411-2012-256WITHECGOST3410-2012-256" : "SHA256withRSA", signer.algorithm());
        byte[] signature = signer.sign(BATCH);

        assertNull(BatchVerifier.problem(BATCH, signature, null));
        assertNull(BatchVerifier.problem(BATCH, signature, signer.certificate()));

        byte[] changed = BATCH.clone();
        changed[5] ^= 1;
        assertNotNull(BatchVerifier.problem(changed, signature, null), "one changed byte in the batch");
        BatchSigner other = BatchSigner.generate("CN=Other OFD", gost);
        assertTrue(BatchVerifier.problem(BATCH, signature, other.certificate()).contains("certificate other than"));
        assertNotNull(BatchVerifier.problem(BATCH, other.sign("something else".getBytes(StandardCharsets.UTF_8)), null));
        assertTrue(BatchVerifier.problem(BATCH, new byte[] {1, 2, 3}, null).contains("not a valid CMS"));
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void shouldReadAKeyAndCertificateFromPem(boolean gost) throws Exception {
        BatchSigner generated = BatchSigner.generate("CN=Pem OFD", gost);
        Path key = dir.resolve("ofd.key");
        Path cert = dir.resolve("ofd.crt");
        generated.writePem(key, cert);
        BatchSigner read = BatchSigner.fromPem(key, cert);
        assertEquals(generated.certificate(), read.certificate());
        assertNull(BatchVerifier.problem(BATCH, read.sign(BATCH), generated.certificate()));
    }

    @Test
    void shouldRefuseAFileThatIsNotAPrivateKey() throws Exception {
        Path cert = dir.resolve("ofd.crt");
        BatchSigner.generate("CN=Pem OFD", false).writePem(dir.resolve("ofd.key"), cert);
        Exception e = assertThrows(java.security.GeneralSecurityException.class, () -> BatchSigner.fromPem(cert, cert));
        assertTrue(e.getMessage().contains("not a PKCS#8 private key"), e.getMessage());
    }

}
