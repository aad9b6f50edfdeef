package io.ccl.keys.local.key;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ccl.keys.api.KeyAlgorithm;
import io.ccl.keys.api.KeyInfo;
import io.ccl.keys.api.KeyPurpose;
import io.ccl.keys.api.KeyStorageException;
import io.ccl.keys.api.KeyStorageException.Reason;
import io.ccl.keys.api.KeyVersion;
import io.ccl.keys.api.KeyVersionState;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The key metadata payload (inside the sealed {@code meta.sec}):
 *
 * <pre>
 * {"format":1,"name":"orders","algorithm":"AES_256_GCM","purposes":["DECRYPT","ENCRYPT"],
 *  "versions":[{"version":1,"state":"DECRYPT_ONLY","created_at":"2026-11-21T10:00:00Z"},
 *              {"version":2,"state":"ACTIVE","created_at":"2026-11-22T10:00:00Z"}]}
 * </pre>
 *
 * Decoding re-checks the invariants the store maintains (versions numbered 1..n, at most one
 * ACTIVE): a violation means the file was not written by this store and is an integrity failure.
 */
final class KeyInfoCodec {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int FORMAT = 1;

    private KeyInfoCodec() {
    }

    static byte[] encode(KeyInfo info) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("format", FORMAT);
        root.put("name", info.name());
        root.put("algorithm", info.algorithm().name());
        ArrayNode purposes = root.putArray("purposes");
        EnumSet.copyOf(info.purposes()).forEach(p -> purposes.add(p.name()));
        ArrayNode versions = root.putArray("versions");
        for (KeyVersion v : info.versions()) {
            versions.addObject().put("version", v.version()).put("state", v.state().name())
                    .put("created_at", v.createdAt().toString());
        }
        try {
            return MAPPER.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serializes", e);
        }
    }

    static KeyInfo decode(String expectedName, byte[] json) throws KeyStorageException {
        try {
            JsonNode root = MAPPER.readTree(new String(json, StandardCharsets.UTF_8));
            if (root == null || root.path("format").asInt() != FORMAT || !expectedName.equals(root.path("name").asText())) {
                throw invalid(expectedName, "format or name");
            }
            KeyAlgorithm algorithm = KeyAlgorithm.valueOf(root.path("algorithm").asText());
            Set<KeyPurpose> purposes = EnumSet.noneOf(KeyPurpose.class);
            for (JsonNode p : root.path("purposes")) {
                purposes.add(KeyPurpose.valueOf(p.asText()));
            }
            List<KeyVersion> versions = new ArrayList<>();
            int active = 0;
            for (JsonNode v : root.path("versions")) {
                KeyVersion version = new KeyVersion(v.path("version").asInt(), KeyVersionState.valueOf(v.path("state").asText()),
                        Instant.parse(v.path("created_at").asText()));
                if (version.version() != versions.size() + 1) {
                    throw invalid(expectedName, "version numbering");
                }
                active += version.state() == KeyVersionState.ACTIVE ? 1 : 0;
                versions.add(version);
            }
            if (versions.isEmpty() || active > 1 || purposes.isEmpty()) {
                throw invalid(expectedName, "versions or purposes");
            }
            return new KeyInfo(expectedName, algorithm, purposes, versions);
        } catch (JsonProcessingException | IllegalArgumentException | java.time.DateTimeException e) {
            throw invalid(expectedName, "JSON");
        }
    }

    private static KeyStorageException invalid(String name, String what) {
        return new KeyStorageException(Reason.INTEGRITY, "metadata of key " + name + " is invalid (" + what + ")");
    }
}
