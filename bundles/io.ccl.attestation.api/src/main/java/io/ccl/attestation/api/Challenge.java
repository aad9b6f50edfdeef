package io.ccl.attestation.api;

import java.time.Instant;

/**
 * A single-use nonce bound to an attestation session (KBS {@code /auth}).
 *
 * @param sessionId the opaque session identifier (the {@code kbs-session-id} cookie)
 * @param nonce the base64url nonce the attester must put into its runtime-data
 * @param expiresAt after this the nonce is refused
 */
public record Challenge(String sessionId, String nonce, Instant expiresAt) {
}
