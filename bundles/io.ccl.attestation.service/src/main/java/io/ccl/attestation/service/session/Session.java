package io.ccl.attestation.service.session;

import java.util.Objects;

/**
 * An open attestation session: the TEE type announced in {@code /auth} and the nonce the evidence
 * must be bound to.
 *
 * @param id the {@code kbs-session-id}
 * @param teeType the TEE type of the challenge
 * @param nonce base64url nonce (32 random bytes)
 */
public record Session(String id, String teeType, String nonce) {
    public Session {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(teeType, "teeType");
        Objects.requireNonNull(nonce, "nonce");
    }

    @Override
    public String toString() {
        return "Session[" + teeType + "]";
    }
}
