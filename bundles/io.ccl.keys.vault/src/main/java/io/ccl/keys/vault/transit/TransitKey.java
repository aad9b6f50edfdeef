package io.ccl.keys.vault.transit;

import com.fasterxml.jackson.databind.JsonNode;
import io.ccl.keys.api.KeyAlgorithm;
import io.ccl.keys.api.KeyStorageException;
import io.ccl.keys.api.KeyStorageException.Reason;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A Transit key as {@code GET <transit>/keys/<name>} describes it: type, versions with their
 * creation time (AES: Unix seconds; EC: an object with {@code creation_time} and the PEM
 * {@code public_key}), {@code latest_version}, {@code min_decryption_version},
 * {@code min_encryption_version} and {@code deletion_allowed}.
 */
record TransitKey(String type, int latest, int minDecryption, int minEncryption, boolean deletionAllowed,
        SortedMap<Integer, Instant> created, Map<Integer, String> publicKeys) {
    static final String AES = "aes256-gcm96";
    static final String P256 = "ecdsa-p256";
    static final String P384 = "ecdsa-p384";

    static String type(KeyAlgorithm algorithm) {
        switch (algorithm) {
            case AES_256_GCM:
                return AES;
            case EC_P256:
                return P256;
            case EC_P384:
                return P384;
            default:
                throw new IllegalArgumentException("unsupported algorithm " + algorithm);
        }
    }

    static Optional<KeyAlgorithm> algorithm(String type) {
        switch (type) {
            case AES:
                return Optional.of(KeyAlgorithm.AES_256_GCM);
            case P256:
                return Optional.of(KeyAlgorithm.EC_P256);
            case P384:
                return Optional.of(KeyAlgorithm.EC_P384);
            default:
                return Optional.empty();
        }
    }

    static TransitKey parse(String name, JsonNode data) throws KeyStorageException {
        SortedMap<Integer, Instant> created = new TreeMap<>();
        SortedMap<Integer, String> publicKeys = new TreeMap<>();
        try {
            for (Map.Entry<String, JsonNode> e : data.path("keys").properties()) {
                int v = Integer.parseInt(e.getKey());
                JsonNode k = e.getValue();
                if (k.isNumber()) {
                    created.put(v, Instant.ofEpochSecond(k.asLong()));
                } else if (k.isObject()) {
                    String ct = k.path("creation_time").asText("");
                    created.put(v, ct.isEmpty() ? Instant.EPOCH : OffsetDateTime.parse(ct).toInstant());
                    if (k.path("public_key").isTextual()) {
                        publicKeys.put(v, k.path("public_key").asText());
                    }
                } else {
                    throw new IllegalArgumentException("version entry");
                }
            }
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new KeyStorageException(Reason.INTEGRITY, "Vault returned a malformed description of transit key " + name);
        }
        int latest = data.path("latest_version").asInt(created.isEmpty() ? 0 : created.lastKey());
        if (created.isEmpty() || latest < 1 || !created.containsKey(latest)) {
            throw new KeyStorageException(Reason.INTEGRITY, "Vault returned no usable versions for transit key " + name);
        }
        return new TransitKey(data.path("type").asText(""), latest, Math.max(1, data.path("min_decryption_version").asInt(1)),
                Math.max(0, data.path("min_encryption_version").asInt(0)), data.path("deletion_allowed").asBoolean(false),
                Collections.unmodifiableSortedMap(created), Collections.unmodifiableMap(publicKeys));
    }
}
