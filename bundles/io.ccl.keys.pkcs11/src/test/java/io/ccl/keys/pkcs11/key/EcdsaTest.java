package io.ccl.keys.pkcs11.key;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ccl.keys.api.KeyAlgorithm;
import io.ccl.keys.api.KeyStorageException;
import io.ccl.keys.api.KeyStorageException.Reason;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** DER and SPKI encodings, checked against the JDK; runs without a token. */
class EcdsaTest {
    @Test
    void rawAndDerConvertBothWaysAndTheJdkAgrees() throws Exception {
        for (KeyAlgorithm algorithm : new KeyAlgorithm[] {KeyAlgorithm.EC_P256, KeyAlgorithm.EC_P384}) {
            int n = Ecdsa.scalarBytes(algorithm);
            KeyPair pair = pair(algorithm);
            for (int i = 0; i < 50; i++) {
                byte[] data = ("message " + i).getBytes();
                Signature signer = Signature.getInstance(n == 32 ? "SHA256withECDSA" : "SHA384withECDSA");
                signer.initSign(pair.getPrivate());
                signer.update(data);
                byte[] der = signer.sign();
                byte[] raw = Ecdsa.toRaw(der, n).orElseThrow();
                assertEquals(2 * n, raw.length);
                assertArrayEquals(der, Ecdsa.toDer(raw), "DER -> raw -> DER is the identity");
            }
        }
    }

    @Test
    void smallValuesArePaddedAndMinimallyEncoded() throws Exception {
        byte[] raw = new byte[64];
        raw[31] = 1;
        raw[32] = (byte) 0x80;
        byte[] der = Ecdsa.toDer(raw);
        // r = 1; s = 0x80 followed by 31 zero bytes needs a leading 0x00 to stay positive.
        assertEquals("3026020101022100" + "80" + "00".repeat(31), HexFormat.of().formatHex(der));
        assertArrayEquals(raw, Ecdsa.toRaw(der, 32).orElseThrow());
    }

    @Test
    void refusesEverythingButStrictDer() {
        byte[] raw = new byte[64];
        Arrays.fill(raw, (byte) 0x11);
        byte[] der;
        try {
            der = Ecdsa.toDer(raw);
        } catch (KeyStorageException e) {
            throw new AssertionError(e);
        }
        assertTrue(Ecdsa.toRaw(der, 32).isPresent());
        assertTrue(Ecdsa.toRaw(Arrays.copyOf(der, der.length + 1), 32).isEmpty(), "trailing byte");
        assertTrue(Ecdsa.toRaw(Arrays.copyOf(der, der.length - 1), 32).isEmpty(), "truncated");
        assertTrue(Ecdsa.toRaw(new byte[0], 32).isEmpty());
        assertTrue(Ecdsa.toRaw(new byte[] {0x30, 0x00}, 32).isEmpty(), "empty sequence");
        assertTrue(Ecdsa.toRaw(HexFormat.of().parseHex("3006020101020100"), 32).isEmpty(), "s = 0");
        assertTrue(Ecdsa.toRaw(HexFormat.of().parseHex("30060201010201ff"), 32).isEmpty(), "negative s");
        assertTrue(Ecdsa.toRaw(HexFormat.of().parseHex("3007020101020200" + "01"), 32).isEmpty(), "non-minimal INTEGER");
        assertTrue(Ecdsa.toRaw(HexFormat.of().parseHex("3080020101020101" + "0000"), 32).isEmpty(), "BER indefinite length");
        // r of 33 significant bytes cannot be a P-256 scalar.
        byte[] wide = HexFormat.of().parseHex("3026022101" + "00".repeat(32) + "020101");
        assertTrue(Ecdsa.toRaw(wide, 32).isEmpty(), "r wider than the curve");
    }

    @Test
    void subjectPublicKeyInfoMatchesTheJdkEncoding() throws Exception {
        for (KeyAlgorithm algorithm : new KeyAlgorithm[] {KeyAlgorithm.EC_P256, KeyAlgorithm.EC_P384}) {
            ECPublicKey key = (ECPublicKey) pair(algorithm).getPublic();
            int n = Ecdsa.scalarBytes(algorithm);
            byte[] point = new byte[1 + 2 * n];
            point[0] = 4;
            put(key.getW().getAffineX(), point, 1, n);
            put(key.getW().getAffineY(), point, 1 + n, n);
            assertArrayEquals(key.getEncoded(), Ecdsa.subjectPublicKeyInfo(algorithm, point));
            point[point.length - 1] ^= 1;
            KeyStorageException e = assertThrows(KeyStorageException.class, () -> Ecdsa.subjectPublicKeyInfo(algorithm, point));
            assertEquals(Reason.INTEGRITY, e.reason(), "a point off the curve");
        }
    }

    private static KeyPair pair(KeyAlgorithm algorithm) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec(algorithm == KeyAlgorithm.EC_P256 ? "secp256r1" : "secp384r1"));
        return generator.generateKeyPair();
    }

    private static void put(BigInteger value, byte[] out, int offset, int length) {
        byte[] bytes = value.toByteArray();
        int skip = bytes.length > length ? bytes.length - length : 0;
        System.arraycopy(bytes, skip, out, offset + length - (bytes.length - skip), bytes.length - skip);
    }
}
