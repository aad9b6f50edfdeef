package io.ccl.runtime.api;

/**
 * States of the Confidential Runtime. Data is accepted only in {@link #READY}.
 *
 * <pre>
 * BOOTING → ATTESTING → READY ⇄ ATTESTING (re-attestation)
 *              ↓           ↓
 *           DEGRADED ←─────┘   (appraisal failed or expired; retried)
 * any ─ lockdown → LOCKDOWN ─ recover + fresh attestation → READY
 * </pre>
 */
public enum RuntimeState {
    /** Keys are being created and the TEE detected. */
    BOOTING,
    /** Evidence is being produced and appraised. */
    ATTESTING,
    /** Attested, secrets provisioned; data accepted. */
    READY,
    /** Attestation failed or expired; secrets dropped; data refused; retrying. */
    DEGRADED,
    /** Compromise signalled; all released keys dropped; data refused until an operator recovers. */
    LOCKDOWN
}
