package io.ccl.attestation.api;

import io.ccl.tee.api.Collateral;
import io.ccl.tee.api.ReportData;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Inputs of one verification besides the evidence: the time at which certificates and collateral
 * must be valid (verification is offline-capable and never reads the clock itself), the report
 * data the caller expects, extra collateral, hints and the revocation policy.
 */
public final class VerificationContext {
    /** What to do when a revocation list or other freshness collateral cannot be obtained. */
    public enum CollateralPolicy {
        /** Missing collateral ends verification with {@link CollateralUnavailableException}. */
        FAIL_CLOSED,
        /** Missing revocation data is noted in the claims and verification continues (audit use). */
        ALLOW_UNAVAILABLE
    }

    private final Instant now;
    private final ReportData expectedReportData;
    private final List<Collateral> collateral;
    private final Map<String, String> hints;
    private final CollateralPolicy collateralPolicy;

    private VerificationContext(Builder b) {
        this.now = Objects.requireNonNull(b.now, "now");
        this.expectedReportData = b.expectedReportData;
        this.collateral = List.copyOf(b.collateral);
        this.hints = Map.copyOf(b.hints);
        this.collateralPolicy = b.collateralPolicy;
    }

    /** A context verifying at {@code now}, expecting no particular report data, failing closed. */
    public static VerificationContext at(Instant now) {
        return builder(now).build();
    }

    public static Builder builder(Instant now) {
        return new Builder(now);
    }

    /** The time at which everything must be valid. */
    public Instant now() {
        return now;
    }

    /** The report data the evidence must carry, if the caller requires a binding. */
    public Optional<ReportData> expectedReportData() {
        return Optional.ofNullable(expectedReportData);
    }

    /** Collateral supplied by the caller in addition to what the evidence carries. */
    public List<Collateral> collateral() {
        return collateral;
    }

    /** Backend-specific hints, e.g. {@code product=milan} for SEV-SNP v2 reports. */
    public Map<String, String> hints() {
        return hints;
    }

    public Optional<String> hint(String key) {
        return Optional.ofNullable(hints.get(key));
    }

    public CollateralPolicy collateralPolicy() {
        return collateralPolicy;
    }

    /** Builder; the time is mandatory. */
    public static final class Builder {
        private final Instant now;
        private ReportData expectedReportData;
        private final List<Collateral> collateral = new java.util.ArrayList<>();
        private final Map<String, String> hints = new LinkedHashMap<>();
        private CollateralPolicy collateralPolicy = CollateralPolicy.FAIL_CLOSED;

        private Builder(Instant now) {
            this.now = now;
        }

        public Builder expectReportData(ReportData reportData) {
            this.expectedReportData = reportData;
            return this;
        }

        public Builder collateral(List<Collateral> more) {
            this.collateral.addAll(more);
            return this;
        }

        public Builder hint(String key, String value) {
            this.hints.put(key, value);
            return this;
        }

        public Builder collateralPolicy(CollateralPolicy policy) {
            this.collateralPolicy = Objects.requireNonNull(policy);
            return this;
        }

        public VerificationContext build() {
            return new VerificationContext(this);
        }
    }
}
