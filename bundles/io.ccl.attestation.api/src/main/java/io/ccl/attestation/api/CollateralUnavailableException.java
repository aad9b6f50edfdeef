package io.ccl.attestation.api;

/**
 * Collateral needed to finish verification (a VCEK, a CRL, TCB info) could not be obtained. This
 * is neither acceptance nor rejection: the caller decides, and security decisions fail closed.
 */
public final class CollateralUnavailableException extends VerificationException {
    private static final long serialVersionUID = 1L;

    private final String collateral;

    /** @param collateral what was missing, e.g. {@code "VCEK"} or {@code "ARK CRL"} */
    public CollateralUnavailableException(String collateral, String message, Throwable cause) {
        super(message, cause);
        this.collateral = collateral;
    }

    public CollateralUnavailableException(String collateral, String message) {
        this(collateral, message, null);
    }

    /** What was missing. */
    public String collateral() {
        return collateral;
    }

    @Override
    public String reasonCode() {
        return "COLLATERAL_UNAVAILABLE";
    }
}
