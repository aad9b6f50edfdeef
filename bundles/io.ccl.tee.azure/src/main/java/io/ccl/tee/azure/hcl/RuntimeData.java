package io.ccl.tee.azure.hcl;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.ccl.attestation.api.EvidenceRejectedException;
import io.ccl.attestation.api.MalformedEvidenceException;
import io.ccl.attestation.api.RejectionReason;
import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;

/**
 * The HCL runtime data ("var_data"): JSON {@code {"keys":[JWK...], ...}} in which the JWK with
 * {@code kid = "HCLAkPub"} is the vTPM attestation key (RSA, RFC 7517/7518 §6.3.1).
 */
public final class RuntimeData {
    public static final String AK_KID = "HCLAkPub";
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private RuntimeData() {
    }

    /** The attestation key from the var_data JSON. */
    public static RSAPublicKey attestationKey(byte[] varData) throws MalformedEvidenceException,
            EvidenceRejectedException {
        JsonNode root;
        try (JsonParser p = JSON.createParser(varData)) {
            root = JSON.readTree(p);
        } catch (IOException e) {
            throw new MalformedEvidenceException("HCL var_data is not JSON", e);
        }
        JsonNode keys = root == null ? null : root.get("keys");
        if (keys == null || !keys.isArray()) {
            throw new MalformedEvidenceException("HCL var_data has no keys array");
        }
        JsonNode ak = null;
        for (JsonNode k : keys) {
            if (AK_KID.equals(k.path("kid").asText(null))) {
                if (ak != null) {
                    throw new MalformedEvidenceException("HCL var_data names " + AK_KID + " twice");
                }
                ak = k;
            }
        }
        if (ak == null) {
            throw new MalformedEvidenceException("HCL var_data has no " + AK_KID + " key");
        }
        if (!"RSA".equals(ak.path("kty").asText(null))) {
            throw new EvidenceRejectedException(RejectionReason.UNSUPPORTED_ALGORITHM, "HCLAkPub is not an RSA key",
                    "RSA", ak.path("kty").asText("?"));
        }
        BigInteger n = unsigned(ak.path("n").asText(""));
        BigInteger e = unsigned(ak.path("e").asText(""));
        if (n.bitLength() < 2048 || n.bitLength() > 4096 || e.signum() <= 0 || e.bitLength() > 32) {
            throw new EvidenceRejectedException(RejectionReason.UNSUPPORTED_ALGORITHM,
                    "HCLAkPub modulus of " + n.bitLength() + " bits is outside 2048..4096");
        }
        try {
            return (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(n, e));
        } catch (GeneralSecurityException ex) {
            throw new MalformedEvidenceException("HCLAkPub is not a usable RSA key", ex);
        }
    }

    private static BigInteger unsigned(String b64url) throws MalformedEvidenceException {
        try {
            byte[] b = Base64.getUrlDecoder().decode(b64url);
            if (b.length == 0) {
                throw new MalformedEvidenceException("HCLAkPub has an empty n or e");
            }
            return new BigInteger(1, b);
        } catch (IllegalArgumentException ex) {
            throw new MalformedEvidenceException("HCLAkPub n or e is not base64url", ex);
        }
    }
}
