package io.ccl.keys.pkcs11.secret;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ccl.keys.api.KeyStorageException;
import io.ccl.keys.api.KeyStorageException.Reason;
import io.ccl.keys.api.ResourcePath;
import io.ccl.keys.api.SecretVersion;
import io.ccl.keys.pkcs11.layout.MetadataObjects;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Secret metadata, the CKA_VALUE of {@code <ns>:secretmeta:<repo/type/tag>}:
 *
 * <pre>
 * {"format":1,"kind":"secret","path":"db/password/main","deleted_through":0,
 *  "versions":[{"version":1,"state":"DESTROYED","created_at":"..."},
 *              {"version":2,"state":"LIVE","created_at":"..."}],
 *  "generation":3}
 * </pre>
 *
 * {@code deleted_through} is the tombstone of {@code deleteSecret}: versions at or below it are
 * gone and their numbers are never used again. Decoding checks that the path matches the label
 * and that versions rise strictly above the tombstone.
 */
final class SecretCodec {
    private static final int FORMAT = 1;

    private SecretCodec() {
    }

    /** The decoded metadata. */
    record Meta(ResourcePath path, int deletedThrough, List<SecretVersion> versions) {
        Meta {
            versions = List.copyOf(versions);
        }

        /** The newest version number, whatever its state; 0 when there is none. */
        int current() {
            return versions.isEmpty() ? 0 : versions.get(versions.size() - 1).version();
        }

        int next() {
            return Math.max(current(), deletedThrough) + 1;
        }
    }

    static ObjectNode encode(Meta meta) {
        ObjectNode root = MetadataObjects.newRoot();
        root.put("format", FORMAT);
        root.put("kind", "secret");
        root.put("path", meta.path().toString());
        root.put("deleted_through", meta.deletedThrough());
        ArrayNode versions = root.putArray("versions");
        for (SecretVersion v : meta.versions()) {
            versions.addObject().put("version", v.version()).put("state", v.state().name()).put("created_at", v.createdAt().toString());
        }
        return root;
    }

    static Meta decode(ResourcePath path, JsonNode root) throws KeyStorageException {
        try {
            if (root.path("format").asInt() != FORMAT || !"secret".equals(root.path("kind").asText())
                    || !path.toString().equals(root.path("path").asText())) {
                throw invalid(path, "format, kind or path");
            }
            int deletedThrough = root.path("deleted_through").asInt(-1);
            if (deletedThrough < 0) {
                throw invalid(path, "tombstone");
            }
            List<SecretVersion> versions = new ArrayList<>();
            int previous = deletedThrough;
            for (JsonNode v : root.path("versions")) {
                SecretVersion version = new SecretVersion(v.path("version").asInt(), Instant.parse(v.path("created_at").asText()),
                        SecretVersion.State.valueOf(v.path("state").asText()));
                if (version.version() <= previous) {
                    throw invalid(path, "version numbering");
                }
                previous = version.version();
                versions.add(version);
            }
            return new Meta(path, deletedThrough, versions);
        } catch (IllegalArgumentException | NullPointerException | DateTimeException e) {
            throw invalid(path, "values");
        }
    }

    private static KeyStorageException invalid(ResourcePath path, String what) {
        return new KeyStorageException(Reason.INTEGRITY, "metadata of secret " + path + " is invalid (" + what + ")");
    }
}
