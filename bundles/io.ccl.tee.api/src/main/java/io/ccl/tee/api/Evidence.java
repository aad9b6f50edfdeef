package io.ccl.tee.api;

import java.util.List;
import java.util.Objects;

/**
 * The evidence envelope: what an attester produced (a report, quote or token in the TEE's native
 * binary format) plus the collateral it could gather alongside (certificates from an extended
 * report, an event log, ...). Verifiers parse {@link #payload()} per the vendor specification.
 */
public final class Evidence {
    private final String teeType;
    private final byte[] payload;
    private final List<Collateral> collateral;

    /**
     * @param teeType the technology, as in {@link TeeType}
     * @param payload the native evidence bytes, copied
     * @param collateral collateral carried with the evidence, possibly empty
     */
    public Evidence(String teeType, byte[] payload, List<Collateral> collateral) {
        this.teeType = Objects.requireNonNull(teeType, "teeType");
        this.payload = Objects.requireNonNull(payload, "payload").clone();
        this.collateral = List.copyOf(collateral);
    }

    /** Evidence without collateral. */
    public Evidence(String teeType, byte[] payload) {
        this(teeType, payload, List.of());
    }

    public String teeType() {
        return teeType;
    }

    /** A copy of the native evidence bytes. */
    public byte[] payload() {
        return payload.clone();
    }

    public List<Collateral> collateral() {
        return collateral;
    }

    /** The same evidence with more collateral appended (e.g. files given on a command line). */
    public Evidence withCollateral(List<Collateral> more) {
        List<Collateral> all = new java.util.ArrayList<>(collateral);
        all.addAll(more);
        return new Evidence(teeType, payload, all);
    }

    @Override
    public String toString() {
        return "Evidence[" + teeType + ", " + payload.length + " bytes, " + collateral.size() + " collateral]";
    }
}
