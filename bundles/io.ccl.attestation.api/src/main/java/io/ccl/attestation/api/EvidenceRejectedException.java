package io.ccl.attestation.api;

import java.util.Objects;

/**
 * Well-formed evidence that failed an authenticity check. Carries a typed reason and, where it
 * helps an operator, the expected and the actual value ("reported TCB snp=5, VCEK TCB snp=8").
 */
public final class EvidenceRejectedException extends VerificationException {
    private static final long serialVersionUID = 1L;

    private final RejectionReason reason;
    private final String expected;
    private final String actual;

    public EvidenceRejectedException(RejectionReason reason, String message) {
        this(reason, message, null, null, null);
    }

    public EvidenceRejectedException(RejectionReason reason, String message, String expected, String actual) {
        this(reason, message, expected, actual, null);
    }

    public EvidenceRejectedException(RejectionReason reason, String message, String expected, String actual,
            Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.expected = expected;
        this.actual = actual;
    }

    public RejectionReason reason() {
        return reason;
    }

    /** The expected value, or null when it would not help. */
    public String expected() {
        return expected;
    }

    /** The actual value, or null when it would not help. */
    public String actual() {
        return actual;
    }

    @Override
    public String reasonCode() {
        return reason.name();
    }
}
