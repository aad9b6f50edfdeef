package io.ccl.tee.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Produces evidence inside a TEE. One implementation per technology, registered as a DS component
 * with {@link TeeType}; it should only be active when the hardware is really present.
 *
 * <p><b>Security guarantees.</b> {@link #attest(ReportData)} must place exactly the given 64 bytes
 * into the report data field the hardware signs, so a verifier can bind keys and nonces to the
 * evidence. An implementation whose evidence is not rooted in hardware must say so through
 * {@link #insecure()} and carry {@code Insecure} in its class name.
 */
@ConsumerType
public interface Attester {
    /** The technology, equal to the {@link TeeType} property. */
    String teeType();

    /**
     * Evidence whose signed report data equals {@code reportData}.
     *
     * @throws AttesterException when the TEE interface fails
     */
    Evidence attest(ReportData reportData) throws AttesterException;

    /** True when the evidence is not rooted in hardware (simulation). Production policies deny it. */
    default boolean insecure() {
        return false;
    }

    /** True when the TEE encrypts guest memory against the host. */
    default boolean memoryEncryptionActive() {
        return !insecure();
    }
}
