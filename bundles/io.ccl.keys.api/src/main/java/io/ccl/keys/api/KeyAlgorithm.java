package io.ccl.keys.api;

/** Key algorithms a store may support. */
public enum KeyAlgorithm {
    /** AES-256 in GCM mode, for encrypt/decrypt and wrap/unwrap. */
    AES_256_GCM,
    /** ECDSA on P-256 with SHA-256, for sign/verify. */
    EC_P256,
    /** ECDSA on P-384 with SHA-384, for sign/verify. */
    EC_P384
}
