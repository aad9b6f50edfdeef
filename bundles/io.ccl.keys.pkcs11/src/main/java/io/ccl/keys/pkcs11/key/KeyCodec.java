package io.ccl.keys.pkcs11.key;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ccl.keys.api.KeyAlgorithm;
import io.ccl.keys.api.KeyInfo;
import io.ccl.keys.api.KeyPurpose;
import io.ccl.keys.api.KeyStorageException;
import io.ccl.keys.api.KeyStorageException.Reason;
import io.ccl.keys.api.KeyVersion;
import io.ccl.keys.api.KeyVersionState;
import io.ccl.keys.pkcs11.layout.MetadataObjects;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Key metadata, the CKA_VALUE of {@code <ns>:keymeta:<name>}:
 *
 * <pre>
 * {"format":1,"kind":"key","name":"orders","algorithm":"AES_256_GCM","purposes":["ENCRYPT","DECRYPT"],
 *  "versions":[{"version":1,"state":"DECRYPT_ONLY","created_at":"2026-11-21T10:00:00Z"},
 *              {"version":2,"state":"ACTIVE","created_at":"2026-11-22T10:00:00Z"}],
 *  "generation":7}
 * </pre>
 *
 * Decoding re-checks the invariants the store keeps (the name matches the label, versions
 * numbered 1..n, at most one ACTIVE, purposes fit the algorithm); a violation is an integrity
 * failure.
 */
final class KeyCodec {
    private static final int FORMAT = 1;

    private KeyCodec() {
    }

    static ObjectNode encode(KeyInfo info) {
        ObjectNode root = MetadataObjects.newRoot();
        root.put("format", FORMAT);
        root.put("kind", "key");
        root.put("name", info.name());
        root.put("algorithm", info.algorithm().name());
        ArrayNode purposes = root.putArray("purposes");
        EnumSet.copyOf(info.purposes()).forEach(p -> purposes.add(p.name()));
        ArrayNode versions = root.putArray("versions");
        for (KeyVersion v : info.versions()) {
            versions.addObject().put("version", v.version()).put("state", v.state().name()).put("created_at", v.createdAt().toString());
        }
        return root;
    }

    static KeyInfo decode(String name, JsonNode root) throws KeyStorageException {
        try {
            if (root.path("format").asInt() != FORMAT || !"key".equals(root.path("kind").asText())
                    || !name.equals(root.path("name").asText())) {
                throw invalid(name, "format, kind or name");
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
                    throw invalid(name, "version numbering");
                }
                active += version.state() == KeyVersionState.ACTIVE ? 1 : 0;
                versions.add(version);
            }
            if (versions.isEmpty() || active > 1 || purposes.isEmpty() || !KeyRules.allowed(algorithm).containsAll(purposes)) {
                throw invalid(name, "versions or purposes");
            }
            return new KeyInfo(name, algorithm, purposes, versions);
        } catch (IllegalArgumentException | DateTimeException e) {
            throw invalid(name, "values");
        }
    }

    private static KeyStorageException invalid(String name, String what) {
        return new KeyStorageException(Reason.INTEGRITY, "metadata of key " + name + " is invalid (" + what + ")");
    }
}
