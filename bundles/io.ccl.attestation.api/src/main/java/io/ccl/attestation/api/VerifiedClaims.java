package io.ccl.attestation.api;

import io.ccl.tee.api.ReportData;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Claims extracted from authentic evidence. Values are JSON-shaped: {@code String} (binary values
 * as lower-case hex), {@code Long}, {@code Boolean}, {@code java.util.List} and
 * {@code java.util.Map} of the same. Names are snake_case and stable per backend (documented in
 * the backend's README), e.g. {@code measurement}, {@code report_data}, {@code debug}.
 */
public final class VerifiedClaims {
    private final String teeType;
    private final ReportData reportData;
    private final Map<String, Object> claims;

    public VerifiedClaims(String teeType, ReportData reportData, Map<String, Object> claims) {
        this.teeType = Objects.requireNonNull(teeType, "teeType");
        this.reportData = Objects.requireNonNull(reportData, "reportData");
        this.claims = Collections.unmodifiableMap(new LinkedHashMap<>(claims));
    }

    public String teeType() {
        return teeType;
    }

    /** The report data the evidence carries. */
    public ReportData reportData() {
        return reportData;
    }

    /** All claims, in the backend's order. */
    public Map<String, Object> claims() {
        return claims;
    }

    public Optional<Object> claim(String name) {
        return Optional.ofNullable(claims.get(name));
    }

    @Override
    public String toString() {
        return "VerifiedClaims[" + teeType + ", " + claims.keySet() + "]";
    }
}
