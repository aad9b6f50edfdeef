package io.ccl.keys.api;

/** Lifecycle of one key version. */
public enum KeyVersionState {
    /** The newest version: every permitted operation. */
    ACTIVE,
    /** An older version after rotation: decrypt, unwrap and verify only. */
    DECRYPT_ONLY,
    /** Below the minimum version: no operation. */
    RETIRED,
    /** Compromised or withdrawn: no operation, never released, never reinstated. */
    REVOKED
}
