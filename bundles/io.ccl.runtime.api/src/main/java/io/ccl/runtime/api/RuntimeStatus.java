package io.ccl.runtime.api;

import io.ccl.attestation.api.AttestationResult;
import java.time.Instant;
import java.util.Optional;

/**
 * A snapshot of the runtime.
 *
 * @param state the state
 * @param since when it entered that state
 * @param reason why (for DEGRADED and LOCKDOWN), else empty
 * @param teeType the TEE the runtime attests with
 * @param insecureTee true when that TEE is simulated
 * @param memoryEncryptionActive whether the TEE encrypts memory
 * @param attestation verified, pending or failed
 * @param lastResult the newest attestation result, if any
 * @param secretsProvisioned true when the configured secrets are held
 * @param verificationService where the runtime attests (an URL, or {@code in-process})
 */
public record RuntimeStatus(RuntimeState state, Instant since, String reason, String teeType, boolean insecureTee,
        boolean memoryEncryptionActive, AttestationStatus attestation, Optional<AttestationResult> lastResult,
        boolean secretsProvisioned, String verificationService) {
}
