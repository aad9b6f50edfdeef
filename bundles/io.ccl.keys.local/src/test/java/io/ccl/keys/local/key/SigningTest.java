package io.ccl.keys.local.key;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ccl.keys.api.KeyAlgorithm;
import io.ccl.keys.api.KeyInfo;
import io.ccl.keys.api.KeyPurpose;
import io.ccl.keys.local.disk.MasterKey;
import io.ccl.keys.local.disk.NameLocks;
import io.ccl.keys.local.disk.SealedFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SigningTest {
    private static final byte[] DATA = "tree head".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;
    MasterKey master;
    KeyRing ring;
    Signing signing;

    @BeforeEach
    void open() throws Exception {
        SecureRandom random = new SecureRandom();
        master = MasterKey.loadOrCreate(dir.resolve("master.key"), true, random);
        NameLocks locks = new NameLocks();
        ring = new KeyRing(dir.resolve("keys"), new SealedFile(master, random), locks, Clock.systemUTC(), random);
        signing = new Signing(ring, locks, random);
    }

    @AfterEach
    void close() {
        ring.close();
        master.close();
    }

    private void assertSignatureVerifies(String name, KeyAlgorithm algorithm, String jcaName, int fieldBits) throws Exception {
        KeyInfo info = ring.create(name, algorithm, Set.of(KeyPurpose.SIGN));
        byte[] der = signing.sign(name, DATA).der();
        ECPublicKey publicKey = (ECPublicKey) ring.material(info, 1).publicKey();
        assertEquals(fieldBits, publicKey.getParams().getCurve().getField().getFieldSize());
        Signature verifier = Signature.getInstance(jcaName);
        verifier.initVerify(publicKey);
        verifier.update(DATA);
        assertTrue(verifier.verify(der));
        verifier.initVerify(publicKey);
        verifier.update("other".getBytes(StandardCharsets.UTF_8));
        assertFalse(verifier.verify(der));
    }

    @Test
    void p256SignaturesAreDerEcdsaSha256() throws Exception {
        assertSignatureVerifies("p256", KeyAlgorithm.EC_P256, "SHA256withECDSA", 256);
    }

    @Test
    void p384SignaturesAreDerEcdsaSha384() throws Exception {
        assertSignatureVerifies("p384", KeyAlgorithm.EC_P384, "SHA384withECDSA", 384);
    }

    @Test
    void reloadedEcKeyIsTheSameKey() throws Exception {
        KeyInfo info = ring.create("sig", KeyAlgorithm.EC_P256, Set.of(KeyPurpose.SIGN));
        ECPublicKey before = (ECPublicKey) ring.material(info, 1).publicKey();
        ring.close();
        byte[] der = signing.sign("sig", DATA).der();
        Signature verifier = Signature.getInstance("SHA256withECDSA");
        verifier.initVerify(before);
        verifier.update(DATA);
        assertTrue(verifier.verify(der), "material read back from its sealed file signs for the same public key");
    }
}
