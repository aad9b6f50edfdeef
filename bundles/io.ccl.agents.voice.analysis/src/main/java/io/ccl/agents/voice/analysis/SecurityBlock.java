package io.ccl.agents.voice.analysis;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * The security facts of a safe view. The analyser only knows that it masked; the engine fills
 * in the runtime facts ({@link SafeView#withSecurity}). Null means "not stated".
 *
 * @param enclaveAttested the runtime held a valid attestation while it processed the call
 * @param memoryEncrypted the TEE encrypts the runtime's memory
 * @param piiMasked personal data was masked in this view (always true from {@link CallAnalyzer})
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record SecurityBlock(Boolean enclaveAttested, Boolean memoryEncrypted, boolean piiMasked) {
}
