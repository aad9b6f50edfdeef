package io.ccl.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CryptoTest {

    @Test
    void jcsSortsMembersAndNormalisesNumbers() throws Exception {
        // RFC 8785 §3.2.3 example shape: members sorted by UTF-16 code units, numbers in ES6 form.
        String input = "{\"b\": 1.0E2, \"a\": \"\\u20ac\", \"\\u00e9\": [true, null]}";
        assertEquals("{\"a\":\"€\",\"b\":100,\"é\":[true,null]}",
                new String(Jcs.canonicalizeJson(input), StandardCharsets.UTF_8));
    }

    @Test
    void runtimeDataBindingIsSha384OfJcsZeroPadded() throws Exception {
        Map<String, Object> rd = new LinkedHashMap<>();
        rd.put("tee-pubkey", Map.of("kty", "EC", "crv", "P-256", "x", "AA", "y", "BB"));
        rd.put("nonce", "n0");
        byte[] expected = MessageDigest.getInstance("SHA-384").digest(
                "{\"nonce\":\"n0\",\"tee-pubkey\":{\"crv\":\"P-256\",\"kty\":\"EC\",\"x\":\"AA\",\"y\":\"BB\"}}"
                        .getBytes(StandardCharsets.UTF_8));
        byte[] rdBytes = RuntimeDataBinding.reportData(rd).bytes();
        assertArrayEquals(expected, java.util.Arrays.copyOf(rdBytes, 48));
        assertArrayEquals(new byte[16], java.util.Arrays.copyOfRange(rdBytes, 48, 64));
    }

    @Test
    void signedTokenVerifiesAndTamperingIsTyped() throws Exception {
        SigningKey key = SigningKey.generate();
        Instant now = Instant.parse("2026-11-21T10:00:00Z");
        String token = key.signJwt(Map.of("iss", "https://v.example", "exp", now.plusSeconds(60).getEpochSecond(),
                "ear.status", "affirming"), "JWT");
        JwtVerifier verifier = JwtVerifier.forJwks(Map.of("keys", List.of(key.publicJwk())));
        assertEquals("affirming", verifier.verify(token, now, "https://v.example").get("ear.status"));

        assertEquals(CryptoException.Reason.EXPIRED, assertThrows(CryptoException.class,
                () -> verifier.verify(token, now.plus(Duration.ofHours(1)), null)).reason());
        assertEquals(CryptoException.Reason.WRONG_ISSUER, assertThrows(CryptoException.class,
                () -> verifier.verify(token, now, "https://other")).reason());
        String[] parts = token.split("\\.");
        String forged = parts[0] + "." + parts[1].substring(0, parts[1].length() - 2) + "AA." + parts[2];
        CryptoException e = assertThrows(CryptoException.class, () -> verifier.verify(forged, now, null));
        assertEquals(true, e.reason() == CryptoException.Reason.BAD_SIGNATURE || e.reason() == CryptoException.Reason.MALFORMED);
        JwtVerifier stranger = JwtVerifier.forJwks(Map.of("keys", List.of(SigningKey.generate().publicJwk())));
        assertEquals(CryptoException.Reason.UNKNOWN_KEY,
                assertThrows(CryptoException.class, () -> stranger.verify(token, now, null)).reason());
        assertEquals(CryptoException.Reason.MALFORMED,
                assertThrows(CryptoException.class, () -> verifier.verify("not.a.token", now, null)).reason());
    }

    @Test
    void jweRoundTripsOnlyToTheRightKey() throws Exception {
        EncryptionKey key = EncryptionKey.generate();
        byte[] secret = "s3cret".getBytes(StandardCharsets.UTF_8);
        String jwe = Jwe.seal(secret, key.publicJwk());
        assertArrayEquals(secret, key.open(jwe));
        assertEquals(CryptoException.Reason.DECRYPTION_FAILED,
                assertThrows(CryptoException.class, () -> EncryptionKey.generate().open(jwe)).reason());
        assertEquals(CryptoException.Reason.MALFORMED,
                assertThrows(CryptoException.class, () -> key.open("garbage")).reason());
        assertEquals(CryptoException.Reason.MALFORMED,
                assertThrows(CryptoException.class, () -> Jwe.seal(secret, Map.of("kty", "EC"))).reason());
    }

    @Test
    void signingKeySurvivesEncryptedPersistenceFormat() throws Exception {
        SigningKey key = SigningKey.generate();
        SigningKey back = SigningKey.fromPrivateJwk(key.toPrivateJwkInsecure());
        assertEquals(key.kid(), back.kid());
        assertEquals(64, back.sign(new byte[] {1, 2, 3}).length);
    }
}
