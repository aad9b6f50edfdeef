package io.ccl.attestation.service.kbs;

import io.ccl.attestation.api.AttestationException;
import io.ccl.keys.api.ReleaseDeniedException;
import io.ccl.web.Problem;
import io.ccl.web.ProblemException;

/** HTTP status and problem code for each protocol failure; the code is the typed reason. */
final class AttestationProblems {
    /** Seconds a client should wait after a 503. */
    static final String RETRY_AFTER_SECONDS = "5";

    private AttestationProblems() {
    }

    static ProblemException of(AttestationException e) {
        String code = e.reasonCode();
        String detail = e.getMessage();
        return switch (e.kind()) {
            case UNKNOWN_SESSION, NONCE_EXPIRED, NONCE_MISMATCH, EVIDENCE_REJECTED ->
                    new ProblemException(Problem.unauthorized(code, detail));
            case BAD_REQUEST, UNSUPPORTED_TEE, MALFORMED_EVIDENCE -> new ProblemException(Problem.badRequest(code, detail));
            case COLLATERAL_UNAVAILABLE -> new ProblemException(Problem.unavailable(code, detail), RETRY_AFTER_SECONDS);
        };
    }

    static ProblemException of(ReleaseDeniedException e) {
        String code = e.reason().name();
        String detail = e.getMessage();
        return switch (e.reason()) {
            case NOT_FOUND -> new ProblemException(Problem.notFound(code, detail));
            case POLICY_DENIED, NOT_ATTESTED, REVOKED, LOCKDOWN, NO_TEE_KEY ->
                    new ProblemException(Problem.forbidden(code, detail));
            case ATTESTATION_EXPIRED -> new ProblemException(Problem.unauthorized(code, detail));
            case UNAVAILABLE -> new ProblemException(Problem.unavailable(code, detail), RETRY_AFTER_SECONDS);
        };
    }
}
