package io.ccl.attestation.service.ear;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ccl.crypto.CryptoException;
import io.ccl.crypto.EncryptionKey;
import java.io.InputStream;
import java.math.BigInteger;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KeyAttestationTest {
    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

    @Test
    void reproducesVeraisonsAkpubEncoding() throws Exception {
        JsonNode ear;
        try (InputStream in = KeyAttestationTest.class.getResourceAsStream("testdata/ear-claims-key-attestation-ok.json")) {
            ear = new ObjectMapper().readTree(in);
        }
        String akpub = ear.at("/submods/PARSEC_TPM/ear.veraison.key-attestation/akpub").textValue();
        ECPublicKey key = (ECPublicKey) KeyFactory.getInstance("EC")
                .generatePublic(new X509EncodedKeySpec(Base64.getUrlDecoder().decode(akpub)));
        Map<String, Object> jwk = Map.of("kty", "EC", "crv", "P-256",
                "x", B64URL.encodeToString(fixed(key.getW().getAffineX(), 32)),
                "y", B64URL.encodeToString(fixed(key.getW().getAffineY(), 32)));
        assertEquals(akpub, KeyAttestation.akpub(jwk));
    }

    @Test
    void encodesRsaKeys() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        RSAPublicKey rsa = (RSAPublicKey) g.generateKeyPair().getPublic();
        Map<String, Object> jwk = Map.of("kty", "RSA", "n", B64URL.encodeToString(unsigned(rsa.getModulus())),
                "e", B64URL.encodeToString(unsigned(rsa.getPublicExponent())));
        assertEquals(B64URL.encodeToString(rsa.getEncoded()), KeyAttestation.akpub(jwk));
    }

    @Test
    void encodesTheRuntimeKeyType() throws Exception {
        Map<String, Object> jwk = EncryptionKey.generate().publicJwk();
        byte[] der = Base64.getUrlDecoder().decode(KeyAttestation.akpub(jwk));
        ECPublicKey key = (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(der));
        assertEquals(new BigInteger(1, Base64.getUrlDecoder().decode((String) jwk.get("y"))), key.getW().getAffineY());
    }

    @Test
    void refusesWhatIsNotAPublicKey() {
        assertThrows(CryptoException.class, () -> KeyAttestation.akpub(Map.of("kty", "oct", "k", "AA")));
        assertThrows(CryptoException.class, () -> KeyAttestation.akpub(Map.of("kty", "EC", "crv", "P-192",
                "x", "AA", "y", "AA")));
        assertThrows(CryptoException.class, () -> KeyAttestation.akpub(Map.of("kty", "EC", "crv", "P-256")));
        assertThrows(CryptoException.class, () -> KeyAttestation.akpub(Map.of("kty", "RSA", "n", "!!", "e", "AQAB")));
    }

    private static byte[] fixed(BigInteger v, int len) {
        byte[] b = unsigned(v);
        byte[] out = new byte[len];
        System.arraycopy(b, 0, out, len - b.length, b.length);
        return out;
    }

    private static byte[] unsigned(BigInteger v) {
        byte[] b = v.toByteArray();
        return b[0] == 0 && b.length > 1 ? Arrays.copyOfRange(b, 1, b.length) : b;
    }
}
