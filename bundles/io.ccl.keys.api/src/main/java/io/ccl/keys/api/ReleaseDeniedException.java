package io.ccl.keys.api;

import java.util.Objects;

/** The key broker refused to release a resource. */
public final class ReleaseDeniedException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why a release was refused. */
    public enum Reason {
        /** No attestation result, or it is not trustworthy (tier) at this time. */
        NOT_ATTESTED,
        /** The attestation result has expired. */
        ATTESTATION_EXPIRED,
        /** The release policy does not grant this resource to this attester. */
        POLICY_DENIED,
        /** No such resource. */
        NOT_FOUND,
        /** The resource or the key protecting it is revoked. */
        REVOKED,
        /** The attester presented no usable public key to wrap the resource to. */
        NO_TEE_KEY,
        /** The runtime is in lockdown. */
        LOCKDOWN,
        /** The key store is unavailable. */
        UNAVAILABLE
    }

    private final Reason reason;

    public ReleaseDeniedException(Reason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public Reason reason() {
        return reason;
    }
}
