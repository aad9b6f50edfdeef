package io.ccl.keys.api;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Metadata of a named key; never key material.
 *
 * @param name the key name
 * @param algorithm its algorithm
 * @param purposes what it may be used for
 * @param versions all versions, oldest first
 */
public record KeyInfo(String name, KeyAlgorithm algorithm, Set<KeyPurpose> purposes, List<KeyVersion> versions) {
    public KeyInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(algorithm, "algorithm");
        purposes = Set.copyOf(purposes);
        versions = List.copyOf(versions);
    }

    /** The newest version number. */
    public int latestVersion() {
        return versions.isEmpty() ? 0 : versions.get(versions.size() - 1).version();
    }
}
