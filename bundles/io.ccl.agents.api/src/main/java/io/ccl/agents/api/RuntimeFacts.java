package io.ccl.agents.api;

/**
 * What the runtime states about itself when a job starts, for the security block of a result.
 *
 * @param teeType the TEE technology ({@code sevsnp}, {@code tdx}, {@code simulation}, ...)
 * @param insecureTee true when the TEE is simulated
 * @param attested the runtime held a valid, trustworthy attestation (it accepted data)
 * @param memoryEncrypted the TEE encrypts the runtime's memory: true only for a hardware TEE that
 *        reports memory encryption, always false for a simulated one
 */
public record RuntimeFacts(String teeType, boolean insecureTee, boolean attested, boolean memoryEncrypted) {
}
