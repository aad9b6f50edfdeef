package io.ccl.attestation.policy.reference;

/**
 * AR4SI trustworthiness vector categories and the claim values this policy uses
 * (draft-ietf-rats-ar4si §2.3; 0 = no claim, 2–31 affirming, 32–95 warning, 96–127 contraindicated).
 */
public final class Ar4si {
    /** §2.3.1 instance identity. */
    public static final String INSTANCE_IDENTITY = "instance-identity";
    /** §2.3.2 configuration. */
    public static final String CONFIGURATION = "configuration";
    /** §2.3.3 executables. */
    public static final String EXECUTABLES = "executables";
    /** §2.3.5 hardware. */
    public static final String HARDWARE = "hardware";
    /** §2.3.6 runtime opaque. */
    public static final String RUNTIME_OPAQUE = "runtime-opaque";

    /** Instance identity: recognized and not known to be compromised. */
    public static final int TRUSTWORTHY_INSTANCE = 2;
    /** Configuration: a known and approved configuration. */
    public static final int APPROVED_CONFIG = 2;
    /** Configuration: includes or exposes known vulnerabilities. */
    public static final int UNSAFE_CONFIG = 32;
    /** Configuration: unacceptable security vulnerabilities. */
    public static final int UNSUPPORTABLE_CONFIG = 96;
    /** Executables: approved boot- and run-time. */
    public static final int APPROVED_RUNTIME = 2;
    /** Executables: approved boot-time only. */
    public static final int APPROVED_BOOT = 3;
    /** Executables: contraindicated run-time. */
    public static final int CONTRAINDICATED_RUNTIME = 96;
    /** Hardware: genuine. */
    public static final int GENUINE_HARDWARE = 2;
    /** Hardware: genuine but known bugs or vulnerabilities. */
    public static final int UNSAFE_HARDWARE = 32;
    /** Hardware: genuine but contraindicated. */
    public static final int CONTRAINDICATED_HARDWARE = 96;
    /** Hardware: not recognized (not genuine TEE hardware, or a TEE the policy does not know). */
    public static final int UNRECOGNIZED_HARDWARE = 97;
    /** Runtime opaque: memory encrypted inside a TEE. */
    public static final int ENCRYPTED_MEMORY = 2;
    /** Runtime opaque: memory visible to the host. */
    public static final int VISIBLE_MEMORY = 96;

    private Ar4si() {
    }
}
