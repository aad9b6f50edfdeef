package io.ccl.attestation.api;

/**
 * Trustworthiness tiers of an attestation result (draft-ietf-rats-ear / AR4SI). Ordered from
 * worst to best by {@link #rank()}.
 */
public enum EarStatus {
    /** The verifier makes no claim: default for anything not positively appraised. */
    NONE("none", 0),
    /** The evidence shows the attester should not be trusted. */
    CONTRAINDICATED("contraindicated", 1),
    /** Trustworthy with reservations (e.g. a TCB that needs a configuration change). */
    WARNING("warning", 2),
    /** Trustworthy per the appraisal policy. */
    AFFIRMING("affirming", 3);

    private final String json;
    private final int rank;

    EarStatus(String json, int rank) {
        this.json = json;
        this.rank = rank;
    }

    /** The EAR JSON spelling. */
    public String json() {
        return json;
    }

    public int rank() {
        return rank;
    }

    /** The worse of two tiers. */
    public EarStatus worst(EarStatus other) {
        return other.rank < rank ? other : this;
    }

    /** Parses the EAR JSON spelling; anything unknown is {@link #NONE}. */
    public static EarStatus fromJson(String value) {
        for (EarStatus s : values()) {
            if (s.json.equals(value)) {
                return s;
            }
        }
        return NONE;
    }
}
