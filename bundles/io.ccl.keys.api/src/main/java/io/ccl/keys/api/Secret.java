package io.ccl.keys.api;

import java.time.Instant;
import java.util.Objects;

/**
 * One version of a stored secret.
 *
 * @param path its name
 * @param version 1-based version number
 * @param value the secret material
 * @param createdAt when this version was written
 */
public record Secret(ResourcePath path, int version, SecretBytes value, Instant createdAt) {
    public Secret {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(value, "value");
    }
}
