package io.ccl.attestation.api;

import java.util.Objects;

/**
 * The attestation protocol failed before an appraisal could be made: bad session or nonce, a
 * binding mismatch, or a verifier error. The {@link Kind} decides the client-visible status.
 */
public final class AttestationException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Protocol failure kinds. */
    public enum Kind {
        /** No such session, or it was already used. */
        UNKNOWN_SESSION,
        /** The challenge expired before the evidence arrived. */
        NONCE_EXPIRED,
        /** The runtime-data nonce is not the session's nonce. */
        NONCE_MISMATCH,
        /** The request is not well formed (runtime-data, evidence encoding). */
        BAD_REQUEST,
        /** No verifier for the TEE type is available. */
        UNSUPPORTED_TEE,
        /** The evidence itself is malformed. */
        MALFORMED_EVIDENCE,
        /** The evidence was rejected (see {@link #reasonCode()}). */
        EVIDENCE_REJECTED,
        /** Collateral could not be obtained; fail closed. */
        COLLATERAL_UNAVAILABLE
    }

    private final Kind kind;
    private final String reasonCode;

    public AttestationException(Kind kind, String reasonCode, String message, Throwable cause) {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.reasonCode = reasonCode == null ? kind.name() : reasonCode;
    }

    public AttestationException(Kind kind, String message) {
        this(kind, null, message, null);
    }

    public Kind kind() {
        return kind;
    }

    /** A typed code: the kind, or the {@link RejectionReason} name for rejected evidence. */
    public String reasonCode() {
        return reasonCode;
    }
}
