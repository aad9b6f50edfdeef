package io.ccl.attestation.service.ear;

import io.ccl.attestation.api.Appraisal;
import io.ccl.attestation.api.Finding;
import io.ccl.crypto.CryptoException;
import io.ccl.crypto.Jwe;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The claims of a CCL EAR token (draft-ietf-rats-ear, profile {@value #PROFILE}): one submodule
 * named after the TEE type, plus {@code ccl.*} members so relying parties such as Vault can bind
 * on flat claims. The layout is documented in the bundle README.
 */
public final class EarToken {
    /** The EAR profile (draft-ietf-rats-ear §3, as used by Veraison). */
    public static final String PROFILE = "tag:github.com,2023:veraison/ear";
    /** {@code ear.verifier-id.developer}. */
    public static final String DEVELOPER = "io.ccl";
    /** JWT {@code typ} header. */
    public static final String TYPE = "JWT";

    /** Top-level overall status, equal to the submodule's {@code ear.status}. */
    public static final String CCL_STATUS = "ccl.status";
    /** TEE type, the name of the single submodule. */
    public static final String CCL_TEE = "ccl.tee";
    /** The attested runtime key as a JWK. */
    public static final String CCL_TEE_PUBKEY = "ccl.tee-pubkey";
    /** The runtime-data object the evidence is bound to. */
    public static final String CCL_RUNTIME_DATA = "ccl.runtime-data";
    /** Findings of the appraisal policy: {@code [{code, status, message}]}. */
    public static final String CCL_FINDINGS = "ccl.findings";
    /** Claims every CCL EAR carries (OpenID discovery {@code claims_supported}). */
    public static final List<String> CLAIM_NAMES = List.of("iss", "sub", "iat", "exp", "jti", "eat_profile",
            "eat_nonce", "ear.verifier-id", "submods", CCL_STATUS, CCL_TEE, CCL_TEE_PUBKEY, CCL_RUNTIME_DATA,
            CCL_FINDINGS);

    /**
     * What a token says.
     *
     * @param issuer {@code iss}
     * @param build {@code ear.verifier-id.build}
     * @param tokenId {@code jti}
     * @param nonce {@code eat_nonce}: the session nonce
     * @param issuedAt {@code iat} (whole seconds)
     * @param expiresAt {@code exp} (whole seconds)
     * @param teeType the submodule name
     * @param appraisal the policy's verdict
     * @param claims the verified claims ({@code ear.veraison.annotated-evidence})
     * @param teePubkey the runtime's public JWK
     * @param runtimeData the bound runtime-data
     */
    public record Input(String issuer, String build, String tokenId, String nonce, Instant issuedAt,
            Instant expiresAt, String teeType, Appraisal appraisal, Map<String, Object> claims,
            Map<String, Object> teePubkey, Map<String, Object> runtimeData) {
        public Input {
            Objects.requireNonNull(issuer, "issuer");
            Objects.requireNonNull(teeType, "teeType");
            Objects.requireNonNull(appraisal, "appraisal");
        }
    }

    private EarToken() {
    }

    /** The JWT claims set, JSON-shaped. */
    public static Map<String, Object> claims(Input in) throws CryptoException {
        Map<String, Object> submod = new LinkedHashMap<>();
        submod.put("ear.status", in.appraisal().status().json());
        if (!in.appraisal().trustVector().isEmpty()) {
            submod.put("ear.trustworthiness-vector", new LinkedHashMap<>(in.appraisal().trustVector()));
        }
        submod.put("ear.appraisal-policy-id", in.appraisal().policyId());
        submod.put("ear.veraison.annotated-evidence", in.claims());
        submod.put("ear.veraison.key-attestation", Map.of("akpub", KeyAttestation.akpub(in.teePubkey())));

        Map<String, Object> c = new LinkedHashMap<>();
        c.put("eat_profile", PROFILE);
        c.put("iss", in.issuer());
        c.put("sub", Jwe.thumbprint(in.teePubkey()));
        c.put("iat", in.issuedAt().getEpochSecond());
        c.put("exp", in.expiresAt().getEpochSecond());
        c.put("jti", in.tokenId());
        c.put("eat_nonce", in.nonce());
        c.put("ear.verifier-id", Map.of("developer", DEVELOPER, "build", in.build()));
        c.put("submods", Map.of(in.teeType(), submod));
        c.put(CCL_STATUS, in.appraisal().status().json());
        c.put(CCL_TEE, in.teeType());
        c.put(CCL_TEE_PUBKEY, in.teePubkey());
        c.put(CCL_RUNTIME_DATA, in.runtimeData());
        c.put(CCL_FINDINGS, findings(in.appraisal().findings()));
        return c;
    }

    private static List<Map<String, Object>> findings(List<Finding> findings) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Finding f : findings) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("code", f.code());
            m.put("status", f.status().json());
            m.put("message", f.message());
            out.add(m);
        }
        return out;
    }
}
