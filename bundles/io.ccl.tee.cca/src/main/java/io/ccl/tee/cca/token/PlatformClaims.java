package io.ccl.tee.cca.token;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The CCA platform claims (draft-ffm-rats-cca-token §4.3; Arm CCA Security Model / RMM 1.0 A7.2.3.2).
 * Keys: profile 265, challenge 10, implementation id 2396, instance id 256, config 2401, lifecycle
 * 2395, software components 2399, verification service 2400 (optional), hash algorithm id 2402.
 */
public record PlatformClaims(String profile, byte[] challenge, byte[] implementationId, byte[] instanceId,
        byte[] config, long lifecycle, List<SwComponent> swComponents, String verificationService,
        String hashAlgoId) {
    /** The profile of the legacy (pre-1.0, "CCA-SSD") platform token. */
    public static final String PROFILE_LEGACY = "http://arm.com/CCA-SSD/1.0.0";
    /** The profile of the 1.0 platform token. */
    public static final String PROFILE_1_0 = "tag:arm.com,2023:cca_platform#1.0.0";
    /** At most this many software components are read. */
    public static final int MAX_COMPONENTS = 64;

    public static PlatformClaims parse(byte[] payload) throws TokenFormatException {
        Claims c = new Claims(CborDecoder.decode(payload, "platform claims").node(), "platform claims");
        String profile = c.text(265);
        if (!PROFILE_LEGACY.equals(profile) && !PROFILE_1_0.equals(profile)) {
            throw new UnsupportedProfileException("platform profile '" + profile + "' is not supported");
        }
        List<JsonNode> comps = c.array(2399);
        if (comps.isEmpty() || comps.size() > MAX_COMPONENTS) {
            throw new TokenFormatException("platform software components: " + comps.size() + " entries, expected 1.."
                    + MAX_COMPONENTS);
        }
        List<SwComponent> components = new ArrayList<>();
        for (int i = 0; i < comps.size(); i++) {
            components.add(SwComponent.parse(new Claims(comps.get(i), "software component " + i)));
        }
        return new PlatformClaims(profile, c.bytes(10, 32, 48, 64), c.bytes(2396, 32), c.bytes(256, 33),
                c.bytes(2401), c.unsigned(2395), List.copyOf(components), c.optionalText(2400), c.text(2402));
    }

    /**
     * The PSA lifecycle state name (RFC 9783 §4.2.5 / draft-ffm-rats-cca-token §4.3.6): the major
     * state is the high byte; 0x30xx is "secured", the only state in which the platform's
     * security guarantees hold.
     */
    public String lifecycleState() {
        if (lifecycle > 0xFFFF) {
            return "invalid";
        }
        return switch ((int) (lifecycle >>> 8)) {
            case 0x00 -> "unknown";
            case 0x10 -> "assembly-and-test";
            case 0x20 -> "psa-rot-provisioning";
            case 0x30 -> "secured";
            case 0x40 -> "non-psa-rot-debug";
            case 0x50 -> "recoverable-psa-rot-debug";
            case 0x60 -> "decommissioned";
            default -> "invalid";
        };
    }

    /** True in the debug states "non-psa-rot-debug" (0x40xx) and "recoverable-psa-rot-debug" (0x50xx). */
    public boolean debug() {
        return (lifecycle >= 0x4000 && lifecycle <= 0x40FF) || (lifecycle >= 0x5000 && lifecycle <= 0x50FF);
    }

    /** True when the lifecycle is in the "secured" range 0x3000..0x30FF. */
    public boolean secured() {
        return lifecycle >= 0x3000 && lifecycle <= 0x30FF;
    }
}
