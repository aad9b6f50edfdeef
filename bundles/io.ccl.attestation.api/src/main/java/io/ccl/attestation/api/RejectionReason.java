package io.ccl.attestation.api;

/**
 * Why authentic-looking evidence was rejected. Tests and callers decide on the reason, never on
 * message text. Adding a constant is a minor API change.
 */
public enum RejectionReason {
    /** The bytes do not parse per the vendor specification (also used by the CLI for malformed input). */
    MALFORMED,
    /** The evidence format version is not supported. */
    UNSUPPORTED_VERSION,
    /** The evidence signature does not verify with the signing key. */
    BAD_SIGNATURE,
    /** A certificate in the chain does not verify with its issuer, or names/extensions are wrong. */
    CERT_CHAIN_INVALID,
    /** The chain does not end at a pinned root for the claimed product. */
    UNTRUSTED_ROOT,
    /** A certificate is not yet valid or no longer valid at the verification time. */
    CERT_EXPIRED,
    /** A certificate in the chain is on a revocation list. */
    CERT_REVOKED,
    /** The signing key or certificate does not belong to the chip, platform or product reported. */
    PLATFORM_MISMATCH,
    /** The TCB in the evidence differs from the TCB the signing certificate was issued for. */
    TCB_MISMATCH,
    /** The platform TCB is revoked or out of date beyond what may be appraised. */
    TCB_REVOKED,
    /** Vendor collateral (TCB info, identities, CRLs) is invalid, badly signed or expired. */
    COLLATERAL_INVALID,
    /** The quoting enclave or other vendor component is not the one the collateral describes. */
    QE_IDENTITY_MISMATCH,
    /** The report data does not carry the expected binding of nonce and keys. */
    REPORT_DATA_MISMATCH,
    /** A nonce inside the evidence does not match the challenge. */
    NONCE_MISMATCH,
    /** An event log replay does not reproduce the measurement registers in the evidence. */
    MEASUREMENT_MISMATCH,
    /** The evidence is too old (or from the future) for the verification time. */
    STALE,
    /** The evidence declares a key, algorithm or field value that the verifier does not accept. */
    UNSUPPORTED_ALGORITHM,
    /** The TEE runs in a debug mode whose memory the host can read; refused unless allowed. */
    DEBUG_MODE
}
