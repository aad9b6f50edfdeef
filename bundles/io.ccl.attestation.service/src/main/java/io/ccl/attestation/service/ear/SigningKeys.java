package io.ccl.attestation.service.ear;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ccl.crypto.CryptoException;
import io.ccl.crypto.Jwe;
import io.ccl.crypto.SigningKey;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where the EAR signing key comes from: a private JWK file shared by replicas (and surviving
 * restarts), or an ephemeral key. A configured file that does not exist yet is created with a
 * fresh key, readable by the owner only; creation is atomic, so replicas starting together end up
 * with the one key that won.
 */
public final class SigningKeys {
    private static final int MAX_FILE = 64 * 1024;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private SigningKeys() {
    }

    /**
     * The key in {@code file}, creating the file when absent.
     *
     * @throws IOException the file cannot be read or written
     * @throws CryptoException the file is not a private P-256 JWK
     */
    public static SigningKey loadOrCreate(Path file) throws IOException, CryptoException {
        if (!Files.exists(file)) {
            SigningKey fresh = SigningKey.generate();
            if (create(file, fresh.toPrivateJwkInsecure())) {
                return fresh;
            }
        }
        return load(file);
    }

    /** Reads a private P-256 JWK; without a {@code kid} its RFC 7638 thumbprint becomes the key id. */
    public static SigningKey load(Path file) throws IOException, CryptoException {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_FILE + 1);
        }
        if (bytes.length > MAX_FILE) {
            throw new CryptoException(CryptoException.Reason.MALFORMED, "signing key file is too large");
        }
        Map<String, Object> jwk;
        try {
            jwk = MAPPER.readValue(bytes, new TypeReference<LinkedHashMap<String, Object>>() { });
        } catch (JsonProcessingException e) {
            throw new CryptoException(CryptoException.Reason.MALFORMED, "signing key file is not a JSON object");
        }
        if (!(jwk.get("kid") instanceof String kid) || kid.isEmpty()) {
            Map<String, Object> pub = new LinkedHashMap<>();
            for (String member : new String[] {"kty", "crv", "x", "y"}) {
                pub.put(member, jwk.get(member));
            }
            jwk.put("kid", Jwe.thumbprint(pub));
        }
        return SigningKey.fromPrivateJwk(MAPPER.writeValueAsString(jwk));
    }

    /** Writes the key into a private temporary file and links it into place; false if another writer won. */
    private static boolean create(Path file, String privateJwk) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, ".ear-signing-key", ".tmp");
        try {
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // Not a POSIX file system: the directory's own protection applies.
            }
            Files.writeString(tmp, privateJwk, StandardCharsets.UTF_8);
            try {
                Files.createLink(file, tmp);
            } catch (FileAlreadyExistsException e) {
                throw e;
            } catch (UnsupportedOperationException | FileSystemException e) {
                // No hard links here: a plain move still refuses to replace an existing file.
                Files.move(tmp, file);
            }
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
