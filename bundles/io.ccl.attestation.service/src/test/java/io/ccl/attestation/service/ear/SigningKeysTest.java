package io.ccl.attestation.service.ear;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ccl.crypto.CryptoException;
import io.ccl.crypto.JwtVerifier;
import io.ccl.crypto.SigningKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SigningKeysTest {
    @TempDir
    Path dir;

    @Test
    void createsTheFileOnceAndReadsItBack() throws Exception {
        Path file = dir.resolve("keys/ear-signing.jwk");
        SigningKey first = SigningKeys.loadOrCreate(file);
        assertTrue(Files.exists(file));
        assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
                Files.getPosixFilePermissions(file));
        SigningKey second = SigningKeys.loadOrCreate(file);
        assertEquals(first.kid(), second.kid());
        // A token from one replica verifies with the other's published key.
        String token = first.signJwt(Map.of("iss", "x", "exp", Instant.now().plusSeconds(60).getEpochSecond()), "JWT");
        JwtVerifier.forJwks(Map.of("keys", List.of(second.publicJwk()))).verify(token, Instant.now(), "x");
        try (var files = Files.list(file.getParent())) {
            assertEquals(1, files.count(), "no temporary file left behind");
        }
    }

    @Test
    void aKeyWithoutKidGetsItsThumbprint() throws Exception {
        SigningKey original = SigningKey.generate();
        ObjectMapper mapper = new ObjectMapper();
        @SuppressWarnings("unchecked")
        Map<String, Object> jwk = mapper.readValue(original.toPrivateJwkInsecure(), LinkedHashMap.class);
        jwk.remove("kid");
        Path file = dir.resolve("nokid.jwk");
        Files.writeString(file, mapper.writeValueAsString(jwk));
        assertEquals(original.kid(), SigningKeys.load(file).kid(), "generated keys use the thumbprint as kid");
    }

    @Test
    void refusesFilesThatAreNotPrivateP256Jwks() throws Exception {
        Path notJson = Files.writeString(dir.resolve("a.jwk"), "not json");
        assertThrows(CryptoException.class, () -> SigningKeys.load(notJson));
        Path publicOnly = Files.writeString(dir.resolve("b.jwk"),
                new ObjectMapper().writeValueAsString(SigningKey.generate().publicJwk()));
        assertThrows(CryptoException.class, () -> SigningKeys.load(publicOnly));
    }
}
