package io.ccl.runtime.api;

/** The runtime's attestation as reported on its surfaces. */
public enum AttestationStatus {
    VERIFIED("verified"), PENDING("pending"), FAILED("failed");

    private final String json;

    AttestationStatus(String json) {
        this.json = json;
    }

    /** Spelling in REST bodies. */
    public String json() {
        return json;
    }
}
