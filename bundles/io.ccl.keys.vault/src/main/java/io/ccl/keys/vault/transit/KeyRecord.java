package io.ccl.keys.vault.transit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ccl.keys.api.KeyAlgorithm;
import io.ccl.keys.api.KeyPurpose;
import io.ccl.keys.api.KeyStorageException;
import io.ccl.keys.api.KeyStorageException.Reason;
import io.ccl.keys.api.KeyVersionState;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * CCL's own record of a Transit key, kept in KV v2 beside the key because Vault has no per-version
 * state and no purposes: the algorithm, the purposes, and the versions CCL retired or revoked.
 * Stored as the KV data object
 * {@code {"format": 1, "algorithm": "AES_256_GCM", "purposes": ["ENCRYPT", "DECRYPT"], "retired": [1], "revoked": [2]}}.
 * Updates are check-and-set on the KV version, so concurrent writers never lose a revocation.
 *
 * @param algorithm the key's algorithm
 * @param purposes what it may be used for
 * @param retired versions retired by CCL (versions below Vault's {@code min_decryption_version} are retired as well)
 * @param revoked versions revoked by CCL; final
 */
public record KeyRecord(KeyAlgorithm algorithm, Set<KeyPurpose> purposes, SortedSet<Integer> retired, SortedSet<Integer> revoked) {
    static final int FORMAT = 1;

    public KeyRecord {
        Objects.requireNonNull(algorithm, "algorithm");
        purposes = Collections.unmodifiableSet(EnumSet.copyOf(purposes));
        retired = Collections.unmodifiableSortedSet(new TreeSet<>(retired));
        revoked = Collections.unmodifiableSortedSet(new TreeSet<>(revoked));
    }

    /** A fresh record: nothing retired or revoked. */
    static KeyRecord fresh(KeyAlgorithm algorithm, Set<KeyPurpose> purposes) {
        return new KeyRecord(algorithm, purposes, new TreeSet<>(), new TreeSet<>());
    }

    /** This record with {@code version} retired or revoked; a revoked version leaves the retired set. */
    KeyRecord with(int version, KeyVersionState state) {
        TreeSet<Integer> r = new TreeSet<>(retired);
        TreeSet<Integer> x = new TreeSet<>(revoked);
        if (state == KeyVersionState.REVOKED) {
            r.remove(version);
            x.add(version);
        } else if (state == KeyVersionState.RETIRED) {
            r.add(version);
        } else {
            throw new IllegalArgumentException("only RETIRED and REVOKED are recorded");
        }
        return new KeyRecord(algorithm, purposes, r, x);
    }

    ObjectNode toJson() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("format", FORMAT);
        o.put("algorithm", algorithm.name());
        var p = o.putArray("purposes");
        for (KeyPurpose purpose : purposes) {
            p.add(purpose.name());
        }
        var r = o.putArray("retired");
        retired.forEach(r::add);
        var x = o.putArray("revoked");
        revoked.forEach(x::add);
        return o;
    }

    static KeyRecord fromJson(String name, JsonNode data) throws KeyStorageException {
        try {
            if (data.path("format").asInt(0) != FORMAT) {
                throw new IllegalArgumentException("format");
            }
            KeyAlgorithm algorithm = KeyAlgorithm.valueOf(data.path("algorithm").asText());
            EnumSet<KeyPurpose> purposes = EnumSet.noneOf(KeyPurpose.class);
            for (JsonNode p : data.path("purposes")) {
                purposes.add(KeyPurpose.valueOf(p.asText()));
            }
            if (purposes.isEmpty()) {
                throw new IllegalArgumentException("purposes");
            }
            return new KeyRecord(algorithm, purposes, versions(data.path("retired")), versions(data.path("revoked")));
        } catch (IllegalArgumentException e) {
            throw new KeyStorageException(Reason.INTEGRITY, "the CCL record of key " + name + " in Vault is malformed");
        }
    }

    private static SortedSet<Integer> versions(JsonNode array) {
        TreeSet<Integer> out = new TreeSet<>();
        for (JsonNode v : array) {
            if (!v.canConvertToInt() || v.asInt() < 1) {
                throw new IllegalArgumentException("version");
            }
            out.add(v.asInt());
        }
        return out;
    }
}
