package io.ccl.keys.api;

import java.time.Instant;

/** One version of a key: its number, state and creation time. Never key material. */
public record KeyVersion(int version, KeyVersionState state, Instant createdAt) {
}
