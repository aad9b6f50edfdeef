package io.ccl.tee.cca.verify;

import io.ccl.tee.cca.token.CcaToken;
import io.ccl.tee.cca.token.PlatformClaims;
import io.ccl.tee.cca.token.RealmClaims;
import io.ccl.tee.cca.token.SwComponent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Maps verified CCA claims to CCL's JSON-shaped, snake_case claim names (see the README). */
final class ClaimsMapper {
    private ClaimsMapper() {
    }

    static Map<String, Object> claims(PlatformClaims p, RealmClaims r, CcaToken token, PlatformKey cpak) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("report_data", TokenVerifier.hex(r.challenge()));
        m.put("realm_profile", r.profile() == null ? "legacy" : r.profile());
        m.put("realm_challenge", TokenVerifier.hex(r.challenge()));
        m.put("realm_personalization_value", TokenVerifier.hex(r.personalizationValue()));
        m.put("realm_initial_measurement", TokenVerifier.hex(r.initialMeasurement()));
        List<Object> rems = new ArrayList<>();
        r.extensibleMeasurements().forEach(rem -> rems.add(TokenVerifier.hex(rem)));
        m.put("realm_extensible_measurements", rems);
        m.put("realm_hash_algo_id", r.hashAlgoId());
        m.put("realm_public_key", TokenVerifier.hex(r.publicKey()));
        m.put("realm_public_key_hash_algo_id", r.publicKeyHashAlgoId());
        m.put("realm_signature_alg", CoseSignature.name(token.realm().alg()));
        m.put("platform_profile", p.profile());
        m.put("platform_challenge", TokenVerifier.hex(p.challenge()));
        m.put("platform_implementation_id", TokenVerifier.hex(p.implementationId()));
        m.put("platform_instance_id", TokenVerifier.hex(p.instanceId()));
        m.put("platform_config", TokenVerifier.hex(p.config()));
        m.put("platform_lifecycle", p.lifecycle());
        m.put("platform_lifecycle_state", p.lifecycleState());
        m.put("platform_secured", p.secured());
        List<Object> components = new ArrayList<>();
        for (SwComponent c : p.swComponents()) {
            Map<String, Object> cm = new LinkedHashMap<>();
            if (c.measurementType() != null) {
                cm.put("measurement_type", c.measurementType());
            }
            cm.put("measurement_value", TokenVerifier.hex(c.measurementValue()));
            if (c.version() != null) {
                cm.put("version", c.version());
            }
            cm.put("signer_id", TokenVerifier.hex(c.signerId()));
            if (c.hashAlgoId() != null) {
                cm.put("hash_algo_id", c.hashAlgoId());
            }
            components.add(cm);
        }
        m.put("platform_sw_components", components);
        if (p.verificationService() != null) {
            m.put("platform_verification_service", p.verificationService());
        }
        m.put("platform_hash_algo_id", p.hashAlgoId());
        m.put("platform_signature_alg", CoseSignature.name(token.platform().alg()));
        m.put("platform_key", cpak.label());
        return m;
    }
}
