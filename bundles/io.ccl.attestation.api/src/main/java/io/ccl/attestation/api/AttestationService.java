package io.ccl.attestation.api;

import io.ccl.tee.api.Evidence;
import java.util.Map;
import java.util.Set;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The verifier side of the KBS challenge–response protocol, usable in-process or over HTTP
 * ({@code /kbs/v0/auth}, {@code /kbs/v0/attest}).
 *
 * <p><b>Security guarantees.</b> Each challenge is single use and expires; a session whose nonce
 * was used or expired is refused. The evidence must carry
 * {@code report_data = SHA-384(JCS(runtime-data))} zero-padded to 64 bytes and the runtime-data
 * must carry the session's nonce. Results are signed EAR tokens; anything the appraisal policy does
 * not affirm is reported as such, never upgraded.
 */
@ProviderType
public interface AttestationService {
    /** Opens a session for a TEE type and returns its nonce. */
    Challenge challenge(String teeType) throws AttestationException;

    /**
     * Verifies and appraises evidence for a session; consumes the session.
     *
     * @param sessionId from {@link #challenge(String)}
     * @param runtimeData the runtime-data JSON object as sent (its JCS form is what is bound)
     * @param evidence the TEE evidence
     */
    AttestationResult attest(String sessionId, Map<String, Object> runtimeData, Evidence evidence)
            throws AttestationException;

    /** TEE types with a verifier available now. */
    Set<String> supportedTeeTypes();

    /** The JSON Web Key Set (public keys) that verifies this service's EAR tokens. */
    Map<String, Object> jwks();

    /** The issuer URI placed in EAR tokens. */
    String issuer();
}
