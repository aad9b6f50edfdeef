package io.ccl.crypto;

import io.ccl.tee.api.ReportData;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;

/**
 * The key-binding rule of CCL and Trustee: {@code report_data = SHA-384(JCS(runtime-data))},
 * zero-padded to 64 bytes. Runtime-data members: {@code nonce}, {@code tee-pubkey} (a JWK) and
 * {@code measurements} (digest of the bundle event log) and {@code ccl-signing-key} (a JWK).
 */
public final class RuntimeDataBinding {
    /** Runtime-data member holding the verifier's challenge. */
    public static final String NONCE = "nonce";
    /** Runtime-data member holding the runtime's encryption key as a JWK. */
    public static final String TEE_PUBKEY = "tee-pubkey";
    /** Runtime-data member holding the bundle measurement digest. */
    public static final String MEASUREMENTS = "measurements";
    /**
     * Runtime-data member: the public JWK of the runtime's ES256 signing key, with which it signs
     * the tree heads of its receipts log. An EAR over this runtime-data vouches for that key.
     */
    public static final String SIGNING_KEY = "ccl-signing-key";

    private RuntimeDataBinding() {
    }

    /** The report data that binds {@code runtimeData}. */
    public static ReportData reportData(Map<String, Object> runtimeData) throws CryptoException {
        return ReportData.of(sha384(Jcs.canonicalize(runtimeData)));
    }

    static byte[] sha384(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-384").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-384 is mandatory in every JDK", e);
        }
    }
}
