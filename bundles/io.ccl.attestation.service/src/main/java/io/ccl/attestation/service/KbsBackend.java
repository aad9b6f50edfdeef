package io.ccl.attestation.service;

import io.ccl.attestation.api.AttestationResult;
import io.ccl.attestation.api.AttestationService;
import io.ccl.crypto.CryptoException;
import java.time.Instant;
import java.util.Optional;

/**
 * What the KBS endpoints of this bundle need beyond {@link AttestationService}. Registered as a
 * bundle-private service by {@link AttestationServiceComponent}; its package is never exported.
 */
public interface KbsBackend extends AttestationService {
    /** The latest result of a session whose evidence was appraised, while its token is valid. */
    Optional<AttestationResult> sessionResult(String sessionId);

    /**
     * The result a bearer EAR token carries, after checking its signature against this service's
     * JWKS, its expiry and its issuer.
     */
    AttestationResult tokenResult(String token) throws CryptoException;

    /** Whether a {@code warning} result may ask for resources (besides {@code affirming}). */
    boolean acceptWarning();

    /** Largest request body the endpoints read. */
    int maxBodyBytes();

    /** The service's clock. */
    Instant now();
}
