package io.ccl.receipts.api;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import io.ccl.crypto.CryptoException;
import io.ccl.crypto.Jwe;
import io.ccl.crypto.JwtVerifier;
import io.ccl.receipts.api.ReceiptException.Reason;
import java.security.interfaces.ECPublicKey;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.Objects;

/**
 * Verifies receipts and signed tree heads end to end, offline: the EAR token carried with the
 * head, the binding of the signing key to that EAR, then the head signature and (for a receipt)
 * the inclusion proof. Pure: no I/O; the only clock is the tree head's own timestamp. Immutable
 * and thread safe.
 *
 * <p>For a tree head {@code sth} it checks, in this order:
 * <ol>
 * <li>{@code sth.ear()} is present ({@link Reason#EAR_MISSING});</li>
 * <li>the EAR is an ES256 JWT signed by a key of the attestation service's JWKS, with the expected
 *     {@code iss} when one is given, valid at the head's timestamp: {@code iat - 30 s <= timestamp
 *     < exp + 30 s}, and {@code nbf} if present ({@link Reason#EAR_INVALID}, the cause is the
 *     {@code CryptoException} with the precise reason, e.g. {@code EXPIRED});</li>
 * <li>its {@value #STATUS_CLAIM} is {@code affirming}, or {@code warning} when the verifier allows
 *     it, and equals the {@code ear.status} of its {@value #TEE_CLAIM} submodule
 *     ({@link Reason#EAR_NOT_AFFIRMING}, {@link Reason#EAR_INVALID});</li>
 * <li>its {@value #RUNTIME_DATA_CLAIM} holds a public JWK under {@value #SIGNING_KEY_MEMBER} whose
 *     RFC 7638 thumbprint is the head's key id ({@link Reason#KEY_NOT_BOUND}), and that JWK is an EC
 *     P-256 key ({@link Reason#UNSUPPORTED_KEY});</li>
 * <li>{@link ReceiptVerifier#verify(Receipt, java.security.PublicKey, String)} with that key (log
 *     id, leaf index and size, signature, inclusion), or for a bare head the log id and
 *     {@link ReceiptVerifier#verifySignature}.</li>
 * </ol>
 * The claim names are those of the CCL EAR profile written by {@code io.ccl.attestation.service}
 * ({@code EarToken}); the runtime-data member is {@code io.ccl.crypto.RuntimeDataBinding.SIGNING_KEY}.
 *
 * <p><b>Security guarantees.</b> A receipt or head is accepted only if an attestation service key
 * of the given JWKS signed an affirming appraisal of a TEE whose bound runtime-data names exactly
 * the key that signed the head, and everything {@link ReceiptVerifier} checks holds. The time
 * check uses the head's timestamp, which the runtime itself signs: it shows the head claims a time
 * at which the EAR vouched for the key, not that it was signed then. A signing key that leaked
 * after its EAR expired could sign heads backdated into the EAR's validity; heads are only as
 * trustworthy as the TEE that holds the key. Every failure is a {@link ReceiptException} with a
 * typed reason; nothing else is thrown for any input.
 */
public final class AttestedReceiptVerifier {
    /** EAR claim holding the overall appraisal status. */
    public static final String STATUS_CLAIM = "ccl.status";
    /** EAR claim naming the TEE type, the name of the EAR's single submodule. */
    public static final String TEE_CLAIM = "ccl.tee";
    /** EAR claim holding the runtime-data the evidence was bound to. */
    public static final String RUNTIME_DATA_CLAIM = "ccl.runtime-data";
    /** Runtime-data member holding the public JWK of the runtime's tree head signing key. */
    public static final String SIGNING_KEY_MEMBER = "ccl-signing-key";
    /** Tolerated clock difference between the runtime and the attestation service. */
    public static final Duration CLOCK_SKEW = Duration.ofSeconds(30);

    private static final String AFFIRMING = "affirming";
    private static final String WARNING = "warning";

    private final JwtVerifier earVerifier;
    private final String expectedIssuer;
    private final boolean allowWarning;

    private AttestedReceiptVerifier(JwtVerifier earVerifier, String expectedIssuer, boolean allowWarning) {
        this.earVerifier = earVerifier;
        this.expectedIssuer = expectedIssuer;
        this.allowWarning = allowWarning;
    }

    /**
     * A verifier trusting the attestation service keys of a JWKS document.
     *
     * @param verifierJwks {@code {"keys":[...]}} of the attestation service (its
     *     {@code /.well-known/jwks.json}); at least one key
     * @param expectedIssuer the EAR {@code iss} required, or null to accept any issuer the keys sign for
     * @param allowWarning accept EARs with status {@code warning} as well as {@code affirming}
     * @throws ReceiptException {@link Reason#MALFORMED} when the document is not a JWKS with keys
     */
    public static AttestedReceiptVerifier forJwks(Map<String, Object> verifierJwks, String expectedIssuer,
            boolean allowWarning) throws ReceiptException {
        if (verifierJwks == null) {
            throw new ReceiptException(Reason.MALFORMED, "no trusted key set");
        }
        try {
            // Nimbus skips keys of unknown types; a set left without an EC key can verify no EAR.
            if (JWKSet.parse(verifierJwks).getKeys().stream().noneMatch(ECKey.class::isInstance)) {
                throw new ReceiptException(Reason.MALFORMED, "the trusted key set has no EC key");
            }
            return new AttestedReceiptVerifier(JwtVerifier.forJwks(verifierJwks), expectedIssuer, allowWarning);
        } catch (ParseException | CryptoException | RuntimeException e) {
            throw new ReceiptException(Reason.MALFORMED, "the trusted key set is not a JWKS", e);
        }
    }

    /**
     * Verifies a receipt with a verifier that requires an affirming EAR (see the class description).
     *
     * @param expectedIssuer the EAR {@code iss} required, or null
     * @param expectedLogId the log the receipt must come from, or null to accept any
     */
    public static AttestedKey verify(Receipt receipt, Map<String, Object> verifierJwks, String expectedIssuer,
            String expectedLogId) throws ReceiptException {
        return forJwks(verifierJwks, expectedIssuer, false).verify(receipt, expectedLogId);
    }

    /**
     * Verifies a receipt: EAR, key binding, log id, tree head signature, inclusion.
     *
     * @param expectedLogId the log the receipt must come from, or null to accept any
     * @return the signing key and what its EAR says
     */
    public AttestedKey verify(Receipt receipt, String expectedLogId) throws ReceiptException {
        Objects.requireNonNull(receipt, "receipt");
        requireLog(receipt.treeHead(), expectedLogId);
        AttestedKey key = attestedKey(receipt.treeHead());
        ReceiptVerifier.verify(receipt, key.publicKey(), expectedLogId);
        return key;
    }

    /**
     * Verifies a signed tree head (for log audits): EAR, key binding, log id, signature.
     *
     * @param expectedLogId the log the head must belong to, or null to accept any
     * @return the signing key and what its EAR says
     */
    public AttestedKey verifyTreeHead(SignedTreeHead treeHead, String expectedLogId) throws ReceiptException {
        Objects.requireNonNull(treeHead, "treeHead");
        requireLog(treeHead, expectedLogId);
        AttestedKey key = attestedKey(treeHead);
        ReceiptVerifier.verifySignature(treeHead, key.publicKey());
        return key;
    }

    /**
     * Steps 1–4 only: the key the head's EAR vouches for, without checking the head's signature.
     * Callers must still verify the signature with {@link AttestedKey#publicKey()}.
     */
    public AttestedKey attestedKey(SignedTreeHead treeHead) throws ReceiptException {
        String ear = treeHead.ear();
        if (ear == null) {
            throw new ReceiptException(Reason.EAR_MISSING, "the tree head carries no EAR vouching for key " + treeHead.keyId());
        }
        Instant at = treeHead.treeHead().timestamp();
        Map<String, Object> claims;
        try {
            claims = earVerifier.verify(ear, at, expectedIssuer);
        } catch (CryptoException e) {
            throw new ReceiptException(Reason.EAR_INVALID, "EAR rejected (" + e.reason() + "): " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new ReceiptException(Reason.EAR_INVALID, "EAR cannot be verified", e);
        }
        Instant issuedAt = epochSeconds(claims.get("iat"), "iat");
        Instant expiresAt = epochSeconds(claims.get("exp"), "exp");
        if (at.plus(CLOCK_SKEW).isBefore(issuedAt)) {
            CryptoException early = new CryptoException(CryptoException.Reason.EXPIRED,
                    "token issued at " + issuedAt + ", after the tree head time " + at);
            throw new ReceiptException(Reason.EAR_INVALID, "EAR rejected (EXPIRED): " + early.getMessage(), early);
        }
        String status = requireStatus(claims);
        String tee = claims.get(TEE_CLAIM) instanceof String t ? t : null;
        Map<String, Object> jwk = signingJwk(claims);
        ECKey ecKey = p256(jwk);
        String thumbprint;
        try {
            thumbprint = Jwe.thumbprint(jwk);
        } catch (CryptoException e) {
            throw new ReceiptException(Reason.KEY_NOT_BOUND, "the EAR's " + SIGNING_KEY_MEMBER + " is not a public JWK", e);
        }
        if (!thumbprint.equals(treeHead.keyId())) {
            throw new ReceiptException(Reason.KEY_NOT_BOUND,
                    "the EAR vouches for key " + thumbprint + ", the tree head is signed by key " + treeHead.keyId());
        }
        ECPublicKey publicKey;
        try {
            publicKey = ecKey.toECPublicKey();
        } catch (JOSEException e) {
            throw new ReceiptException(Reason.UNSUPPORTED_KEY, "the EAR's signing key is not a usable P-256 key", e);
        }
        return new AttestedKey(thumbprint, publicKey, jwk, status, tee,
                claims.get("iss") instanceof String iss ? iss : null, issuedAt, expiresAt);
    }

    private static void requireLog(SignedTreeHead treeHead, String expectedLogId) throws ReceiptException {
        String logId = treeHead.treeHead().logId();
        if (expectedLogId != null && !expectedLogId.equals(logId)) {
            throw new ReceiptException(Reason.WRONG_LOG, "tree head of log " + logId + ", expected " + expectedLogId);
        }
    }

    /** The overall status, consistent with its submodule; affirming, or warning when allowed. */
    private String requireStatus(Map<String, Object> claims) throws ReceiptException {
        if (!(claims.get(STATUS_CLAIM) instanceof String status)) {
            throw new ReceiptException(Reason.EAR_INVALID, "the EAR has no " + STATUS_CLAIM);
        }
        // draft-ietf-rats-ear: the submodule carries the appraisal; ccl.status is its flat copy.
        if (!(claims.get(TEE_CLAIM) instanceof String tee) || !(claims.get("submods") instanceof Map<?, ?> submods)
                || !(submods.get(tee) instanceof Map<?, ?> submod) || !status.equals(submod.get("ear.status"))) {
            throw new ReceiptException(Reason.EAR_INVALID,
                    STATUS_CLAIM + " is not the ear.status of the EAR's " + TEE_CLAIM + " submodule");
        }
        if (!AFFIRMING.equals(status) && !(allowWarning && WARNING.equals(status))) {
            throw new ReceiptException(Reason.EAR_NOT_AFFIRMING, "EAR status is " + status + ", required " + AFFIRMING
                    + (allowWarning ? " or " + WARNING : ""));
        }
        return status;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> signingJwk(Map<String, Object> claims) throws ReceiptException {
        if (!(claims.get(RUNTIME_DATA_CLAIM) instanceof Map<?, ?> runtimeData)) {
            throw new ReceiptException(Reason.KEY_NOT_BOUND, "the EAR has no " + RUNTIME_DATA_CLAIM);
        }
        if (!(runtimeData.get(SIGNING_KEY_MEMBER) instanceof Map<?, ?> jwk)
                || !jwk.keySet().stream().allMatch(String.class::isInstance)) {
            throw new ReceiptException(Reason.KEY_NOT_BOUND, "the EAR's runtime-data has no " + SIGNING_KEY_MEMBER + " JWK");
        }
        return (Map<String, Object>) jwk;
    }

    private static ECKey p256(Map<String, Object> jwk) throws ReceiptException {
        ECKey key;
        try {
            key = ECKey.parse(jwk);
        } catch (ParseException | RuntimeException e) {
            // Not an EC JWK, or an EC point that is not on its curve.
            throw new ReceiptException(Reason.UNSUPPORTED_KEY, "the EAR's " + SIGNING_KEY_MEMBER + " is not an EC public JWK");
        }
        if (key.isPrivate()) {
            throw new ReceiptException(Reason.KEY_NOT_BOUND, "the EAR's " + SIGNING_KEY_MEMBER + " is a private JWK");
        }
        if (!Curve.P_256.equals(key.getCurve())
                || (key.getAlgorithm() != null && !JWSAlgorithm.ES256.equals(key.getAlgorithm()))) {
            throw new ReceiptException(Reason.UNSUPPORTED_KEY,
                    "the EAR's signing key is " + key.getCurve() + "/" + key.getAlgorithm() + ", required P-256/ES256");
        }
        return key;
    }

    private static Instant epochSeconds(Object value, String claim) throws ReceiptException {
        if (value instanceof Long || value instanceof Integer) {
            return Instant.ofEpochSecond(((Number) value).longValue());
        }
        if (value instanceof Date d) {
            return d.toInstant();
        }
        throw new ReceiptException(Reason.EAR_INVALID, "the EAR has no " + claim + " in whole seconds");
    }
}
