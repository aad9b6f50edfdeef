package io.ccl.attestation.policy.reference;

import io.ccl.attestation.api.Appraisal;
import io.ccl.attestation.api.EarStatus;
import io.ccl.attestation.api.Finding;
import io.ccl.attestation.api.VerifiedClaims;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Evaluates one policy against authentic claims. Rules run in a fixed order — TEE, insecure,
 * require, reference, forbid, minimum, accept_tcb_status, warn_if, runtime measurements — and
 * within a rule in the file's order; each check adds one finding. The status is the worst finding.
 * Anything missing or unexpected contraindicates: a claim the policy names but the evidence lacks
 * is never assumed to be fine.
 */
public final class Appraiser {
    /** Runtime-data member holding the bundle event log digest. */
    public static final String RUNTIME_MEASUREMENTS = "measurements";
    /** Claim set by software-only backends (simulation). */
    public static final String INSECURE_CLAIM = "insecure";

    private final PolicyDocument policy;
    private final List<Finding> findings = new ArrayList<>();
    private final Map<String, Integer> vector = new LinkedHashMap<>();
    private boolean executablesPinned;
    private boolean executablesFailed;

    private Appraiser(PolicyDocument policy) {
        this.policy = policy;
    }

    /** Appraises {@code claims} bound to {@code runtimeData} under {@code policy}. */
    public static Appraisal appraise(PolicyDocument policy, VerifiedClaims claims, Map<String, Object> runtimeData) {
        return new Appraiser(policy).run(claims, runtimeData);
    }

    private Appraisal run(VerifiedClaims verified, Map<String, Object> runtimeData) {
        String tee = verified.teeType();
        TeeRules rules = policy.tees().get(tee);
        if (rules == null) {
            add("tee.unknown", EarStatus.CONTRAINDICATED, "TEE type '" + tee + "' is not listed in policy " + policy.name());
            raise(Ar4si.HARDWARE, Ar4si.UNRECOGNIZED_HARDWARE);
            return result();
        }
        Map<String, Object> claims = verified.claims();
        vector.put(Ar4si.INSTANCE_IDENTITY, Ar4si.TRUSTWORTHY_INSTANCE);
        vector.put(Ar4si.HARDWARE, Ar4si.GENUINE_HARDWARE);
        add("tee.verified", EarStatus.AFFIRMING, "evidence authenticated by the " + tee + " verifier");
        insecure(claims, rules, tee);
        rules.require().forEach(path -> require(claims, path));
        rules.reference().forEach((path, values) -> reference(claims, path, values));
        if (!rules.forbid().isEmpty()) {
            raise(Ar4si.CONFIGURATION, Ar4si.APPROVED_CONFIG);
        }
        rules.forbid().forEach((path, values) -> forbid(claims, path, values));
        rules.minimum().forEach((path, min) -> minimum(claims, path, min));
        if (rules.acceptTcbStatus() != null) {
            tcbStatus(claims, rules.acceptTcbStatus());
        }
        rules.warnIf().forEach((path, values) -> warnIf(claims, path, values));
        boolean runtimePinned = runtime(runtimeData);
        runtimePinned |= modules(runtimeData);
        executables(runtimePinned);
        return result();
    }

    private void insecure(Map<String, Object> claims, TeeRules rules, String tee) {
        Optional<Object> flag = ClaimPath.resolve(claims, INSECURE_CLAIM);
        if (flag.isEmpty() || Boolean.FALSE.equals(flag.get())) {
            raise(Ar4si.RUNTIME_OPAQUE, Ar4si.ENCRYPTED_MEMORY);
            return;
        }
        // Software-only evidence: the vector always says so, whatever the policy allows.
        raise(Ar4si.HARDWARE, Ar4si.UNRECOGNIZED_HARDWARE);
        raise(Ar4si.RUNTIME_OPAQUE, Ar4si.VISIBLE_MEMORY);
        if (rules.allowInsecure()) {
            add("tee.insecure", EarStatus.AFFIRMING, tee + " evidence is not rooted in TEE hardware; allowed by "
                    + "allow_insecure (development only)");
        } else {
            add("tee.insecure", EarStatus.CONTRAINDICATED, tee + " evidence is not rooted in TEE hardware");
        }
    }

    private void require(Map<String, Object> claims, String path) {
        executablesPinned = true;
        if (ClaimPath.resolve(claims, path).isPresent()) {
            add("require." + path, EarStatus.AFFIRMING, path + " is present");
        } else {
            executablesFailed = true;
            add("require." + path, EarStatus.CONTRAINDICATED, "required claim " + path + " is missing");
        }
    }

    private void reference(Map<String, Object> claims, String path, List<Object> values) {
        executablesPinned = true;
        Optional<Object> claim = ClaimPath.resolve(claims, path);
        String code = "reference." + path;
        if (claim.isEmpty()) {
            executablesFailed = true;
            add(code, EarStatus.CONTRAINDICATED, "claim " + path + " is missing");
        } else if (values.isEmpty()) {
            executablesFailed = true;
            add(code, EarStatus.CONTRAINDICATED, "no reference values for " + path + " (empty list denies all)");
        } else if (values.stream().anyMatch(v -> ClaimPath.matches(claim.get(), v))) {
            add(code, EarStatus.AFFIRMING, path + " matches a reference value");
        } else {
            executablesFailed = true;
            add(code, EarStatus.CONTRAINDICATED, path + " " + ClaimPath.display(claim.get()) + " is not one of the "
                    + values.size() + " reference values");
        }
    }

    private void forbid(Map<String, Object> claims, String path, List<Object> values) {
        Optional<Object> claim = ClaimPath.resolve(claims, path);
        String code = "forbid." + path;
        if (claim.isEmpty()) {
            raise(Ar4si.CONFIGURATION, Ar4si.UNSUPPORTABLE_CONFIG);
            add(code, EarStatus.CONTRAINDICATED, "claim " + path + " is missing, cannot rule out a forbidden value");
        } else if (values.stream().anyMatch(v -> ClaimPath.matches(claim.get(), v))) {
            raise(Ar4si.CONFIGURATION, Ar4si.UNSUPPORTABLE_CONFIG);
            add(code, EarStatus.CONTRAINDICATED, path + " is " + ClaimPath.display(claim.get()) + ", which is forbidden");
        } else {
            add(code, EarStatus.AFFIRMING, path + " is " + ClaimPath.display(claim.get()));
        }
    }

    private void minimum(Map<String, Object> claims, String path, long min) {
        Optional<Object> claim = ClaimPath.resolve(claims, path);
        OptionalLong value = claim.map(ClaimPath::integer).orElse(OptionalLong.empty());
        String code = "minimum." + path;
        if (value.isEmpty()) {
            raise(Ar4si.HARDWARE, Ar4si.CONTRAINDICATED_HARDWARE);
            add(code, EarStatus.CONTRAINDICATED, claim.isEmpty() ? "claim " + path + " is missing"
                    : path + " " + ClaimPath.display(claim.get()) + " is not an integer");
        } else if (value.getAsLong() < min) {
            raise(Ar4si.HARDWARE, Ar4si.CONTRAINDICATED_HARDWARE);
            add(code, EarStatus.CONTRAINDICATED, path + " is " + value.getAsLong() + ", below the minimum " + min);
        } else {
            add(code, EarStatus.AFFIRMING, path + " is " + value.getAsLong() + " (minimum " + min + ")");
        }
    }

    private void tcbStatus(Map<String, Object> claims, Map<String, EarStatus> accepted) {
        String path = TeeRules.TCB_STATUS_CLAIM;
        Optional<Object> claim = ClaimPath.resolve(claims, path);
        EarStatus tier = null;
        if (claim.isPresent() && claim.get() instanceof String s) {
            tier = accepted.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(s)).map(Map.Entry::getValue)
                    .findFirst().orElse(null);
        }
        if (claim.isEmpty()) {
            raise(Ar4si.HARDWARE, Ar4si.CONTRAINDICATED_HARDWARE);
            add(path, EarStatus.CONTRAINDICATED, "claim " + path + " is missing");
        } else if (tier == null) {
            raise(Ar4si.HARDWARE, Ar4si.CONTRAINDICATED_HARDWARE);
            add(path, EarStatus.CONTRAINDICATED, path + " " + ClaimPath.display(claim.get()) + " is not accepted");
        } else {
            raise(Ar4si.HARDWARE, switch (tier) {
                case AFFIRMING -> Ar4si.GENUINE_HARDWARE;
                case WARNING -> Ar4si.UNSAFE_HARDWARE;
                default -> Ar4si.CONTRAINDICATED_HARDWARE;
            });
            add(path, tier, path + " " + ClaimPath.display(claim.get()) + " is accepted as " + tier.json());
        }
    }

    private void warnIf(Map<String, Object> claims, String path, List<Object> values) {
        Optional<Object> claim = ClaimPath.resolve(claims, path);
        String code = "warn." + path;
        if (claim.isPresent() && values.stream().anyMatch(v -> ClaimPath.matches(claim.get(), v))) {
            raise(Ar4si.CONFIGURATION, Ar4si.UNSAFE_CONFIG);
            add(code, EarStatus.WARNING, path + " is " + ClaimPath.display(claim.get()));
        } else {
            add(code, EarStatus.AFFIRMING, path + (claim.isPresent() ? " is " + ClaimPath.display(claim.get())
                    : " is absent"));
        }
    }

    /** Returns true when the policy pins runtime measurements. */
    private boolean runtime(Map<String, Object> runtimeData) {
        List<String> accepted = policy.runtimeMeasurements();
        if (accepted == null) {
            return false;
        }
        Object value = runtimeData == null ? null : runtimeData.get(RUNTIME_MEASUREMENTS);
        String code = "runtime.measurements";
        if (!(value instanceof String s)) {
            executablesFailed = true;
            add(code, EarStatus.CONTRAINDICATED, value == null ? "runtime-data has no measurements"
                    : "runtime-data measurements is not a string");
        } else if (accepted.stream().anyMatch(s::equalsIgnoreCase)) {
            add(code, EarStatus.AFFIRMING, "runtime measurements match an accepted value");
        } else {
            executablesFailed = true;
            add(code, EarStatus.CONTRAINDICATED, "runtime measurements " + ClaimPath.display(s) + " not among the "
                    + accepted.size() + " accepted values");
        }
        return true;
    }

    /**
     * The {@code modules} section: replays {@code ccl-bundle-log}, which must reproduce the bound
     * {@code measurements} ({@code modules.log}), and checks that every active bundle's jar digest is
     * allowed ({@code modules.active}, or {@code modules.unknown} naming the first offenders).
     * Returns true when the policy has the section.
     */
    private boolean modules(Map<String, Object> runtimeData) {
        List<String> allowed = policy.moduleDigests();
        if (allowed == null) {
            return false;
        }
        Object bound = runtimeData == null ? null : runtimeData.get(RUNTIME_MEASUREMENTS);
        Object log = runtimeData == null ? null : runtimeData.get(ModuleLog.MEMBER);
        ModuleLog.Replay replay;
        try {
            if (log == null) {
                throw new IllegalArgumentException("runtime-data has no " + ModuleLog.MEMBER);
            }
            replay = ModuleLog.replay(log);
        } catch (IllegalArgumentException e) {
            executablesFailed = true;
            add("modules.log", EarStatus.CONTRAINDICATED, "MALFORMED_LOG: " + e.getMessage());
            return true;
        }
        if (!(bound instanceof String s) || !s.equalsIgnoreCase(replay.digest())) {
            executablesFailed = true;
            add("modules.log", EarStatus.CONTRAINDICATED, "MEASUREMENT_MISMATCH: the bundle event log replays to "
                    + ClaimPath.display(replay.digest()) + ", runtime-data measurements is "
                    + (bound instanceof String s2 ? ClaimPath.display(s2) : "absent"));
            return true;
        }
        add("modules.log", EarStatus.AFFIRMING, "bundle event log replays to the bound measurements");
        List<ModuleLog.Module> unknown = replay.modules().stream().filter(ModuleLog.Module::active)
                .filter(m -> !allowed.contains(m.sha384().toLowerCase(java.util.Locale.ROOT))).toList();
        long active = replay.modules().stream().filter(ModuleLog.Module::active).count();
        if (unknown.isEmpty()) {
            add("modules.active", EarStatus.AFFIRMING, "all " + active + " active bundles have allowed digests");
        } else {
            executablesFailed = true;
            String names = String.join(", ", unknown.stream().limit(5).map(m -> m.bsn() + " " + m.version()).toList());
            add("modules.unknown", EarStatus.CONTRAINDICATED, unknown.size() + " of " + active
                    + " active bundles have digests the policy does not allow: " + names
                    + (unknown.size() > 5 ? ", ..." : ""));
        }
        return true;
    }

    private void executables(boolean runtimePinned) {
        if (executablesFailed) {
            raise(Ar4si.EXECUTABLES, Ar4si.CONTRAINDICATED_RUNTIME);
        } else if (executablesPinned) {
            raise(Ar4si.EXECUTABLES, runtimePinned ? Ar4si.APPROVED_RUNTIME : Ar4si.APPROVED_BOOT);
        }
    }

    private void add(String code, EarStatus status, String message) {
        findings.add(new Finding(code, status, message));
    }

    /** AR4SI values grow worse with magnitude within the range this policy uses (2, 3, 32, 96, 97). */
    private void raise(String category, int value) {
        vector.merge(category, value, Math::max);
    }

    private Appraisal result() {
        EarStatus status = EarStatus.AFFIRMING;
        for (Finding f : findings) {
            status = status.worst(f.status());
        }
        return new Appraisal(policy.revision(), status, findings, vector);
    }
}
