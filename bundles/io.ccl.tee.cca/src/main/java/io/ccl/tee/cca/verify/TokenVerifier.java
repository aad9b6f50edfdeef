package io.ccl.tee.cca.verify;

import io.ccl.attestation.api.CollateralUnavailableException;
import io.ccl.attestation.api.EvidenceRejectedException;
import io.ccl.attestation.api.MalformedEvidenceException;
import io.ccl.attestation.api.RejectionReason;
import io.ccl.attestation.api.VerificationContext;
import io.ccl.attestation.api.VerifiedClaims;
import io.ccl.tee.api.Collateral;
import io.ccl.tee.api.Evidence;
import io.ccl.tee.api.ReportData;
import io.ccl.tee.cca.token.CcaToken;
import io.ccl.tee.cca.token.CoseSign1;
import io.ccl.tee.cca.token.PlatformClaims;
import io.ccl.tee.cca.token.RealmClaims;
import io.ccl.tee.cca.token.TokenFormatException;
import io.ccl.tee.cca.token.UnsupportedProfileException;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;

/**
 * The CCA token verification pipeline (Arm RMM 1.0 A7.2 and draft-ffm-rats-cca-token §4-5):
 * <ol>
 * <li>parse the tagged collection, both COSE_Sign1 and both claim sets (malformed otherwise);</li>
 * <li>the platform token must verify with a trusted CPAK valid at {@code now} whose pinned
 * implementation/instance ids (if any) match the token;</li>
 * <li>the realm token must verify with the RAK carried in realm claim 44237;</li>
 * <li>the RAK must be bound to the platform: platform challenge = hash of the claim 44237 bytes
 * with the realm's public-key hash algorithm (44240) — the RMM's "realm token binding";</li>
 * <li>the platform lifecycle must be "secured" unless configured otherwise;</li>
 * <li>the realm challenge (64 bytes) is the report data and must equal the expected one.</li>
 * </ol>
 * Trust anchors come from configuration and from the caller's context collateral (files named
 * {@code *.jwk}, {@code *.json}, {@code *.pem}), never from the evidence's own collateral.
 */
public final class TokenVerifier {
    /** The technology name. */
    public static final String TEE_TYPE = "cca";

    private final List<PlatformKey> configuredKeys;
    private final boolean acceptInsecureLifecycle;

    public TokenVerifier(List<PlatformKey> configuredKeys, boolean acceptInsecureLifecycle) {
        this.configuredKeys = List.copyOf(configuredKeys);
        this.acceptInsecureLifecycle = acceptInsecureLifecycle;
    }

    public VerifiedClaims verify(Evidence evidence, VerificationContext context)
            throws MalformedEvidenceException, EvidenceRejectedException, CollateralUnavailableException {
        if (!TEE_TYPE.equals(evidence.teeType())) {
            throw new MalformedEvidenceException("evidence is for TEE '" + evidence.teeType() + "', not " + TEE_TYPE);
        }
        CcaToken token;
        PlatformClaims platform;
        RealmClaims realm;
        ECPublicKeyParameters rak;
        try {
            token = CcaToken.parse(evidence.payload());
            platform = PlatformClaims.parse(token.platform().payload());
            realm = RealmClaims.parse(token.realm().payload());
            rak = realm.coseKeyRak() ? EcKeys.fromCoseKey(realm.publicKey()) : EcKeys.fromRawPoint(realm.publicKey());
        } catch (UnsupportedProfileException e) {
            throw new EvidenceRejectedException(RejectionReason.UNSUPPORTED_VERSION, e.getMessage());
        } catch (TokenFormatException e) {
            throw new MalformedEvidenceException(e.getMessage(), e);
        }
        supportedAlgorithm(token.platform(), "platform");
        supportedAlgorithm(token.realm(), "realm");

        PlatformKey cpak = platformKey(token.platform(), platform, context);

        if (!CoseSignature.verify(token.realm(), rak)) {
            throw new EvidenceRejectedException(RejectionReason.BAD_SIGNATURE,
                    "realm token signature does not verify with the RAK it carries");
        }
        byte[] rakHash = hash(realm.publicKeyHashAlgoId(), realm.publicKey());
        if (!MessageDigest.isEqual(rakHash, platform.challenge())) {
            throw new EvidenceRejectedException(RejectionReason.PLATFORM_MISMATCH,
                    "the RAK is not bound to the platform token (platform challenge is not "
                            + realm.publicKeyHashAlgoId() + "(RAK))",
                    hex(rakHash), hex(platform.challenge()));
        }
        if (!platform.secured() && !acceptInsecureLifecycle) {
            // debug states open the platform to its owner: DEBUG_MODE; every other state (unknown, still in
            // manufacture or provisioning, decommissioned, out of range) vouches for nothing: TCB_REVOKED
            throw new EvidenceRejectedException(platform.debug() ? RejectionReason.DEBUG_MODE : RejectionReason.TCB_REVOKED,
                    "platform lifecycle is not secured", "secured (0x3000-0x30ff)",
                    String.format(Locale.ROOT, "%s (0x%04x)", platform.lifecycleState(), platform.lifecycle()));
        }
        ReportData reportData = ReportData.of(realm.challenge());
        if (context.expectedReportData().isPresent() && !context.expectedReportData().get().matches(realm.challenge())) {
            throw new EvidenceRejectedException(RejectionReason.REPORT_DATA_MISMATCH,
                    "realm challenge differs from the expected report data",
                    context.expectedReportData().get().hex(), reportData.hex());
        }
        return new VerifiedClaims(TEE_TYPE, reportData, ClaimsMapper.claims(platform, realm, token, cpak));
    }

    private static void supportedAlgorithm(CoseSign1 sign1, String which) throws EvidenceRejectedException {
        if (CoseSignature.name(sign1.alg()) == null) {
            throw new EvidenceRejectedException(RejectionReason.UNSUPPORTED_ALGORITHM,
                    which + " token COSE algorithm " + sign1.alg() + " is not ES256/ES384/ES512");
        }
    }

    /** The trusted CPAK that signed the platform token, or the most specific rejection. */
    private PlatformKey platformKey(CoseSign1 sign1, PlatformClaims claims, VerificationContext context)
            throws MalformedEvidenceException, EvidenceRejectedException, CollateralUnavailableException {
        List<PlatformKey> anchors = new ArrayList<>(configuredKeys);
        anchors.addAll(contextKeys(context));
        if (anchors.isEmpty()) {
            throw new CollateralUnavailableException("CCA platform key",
                    "no CCA platform attestation key (CPAK) is configured or supplied");
        }
        EvidenceRejectedException best = null;
        boolean pinnedToThisInstance = false;
        for (PlatformKey anchor : anchors) {
            boolean idsMatch = (anchor.instanceId() == null || MessageDigest.isEqual(anchor.instanceId(), claims.instanceId()))
                    && (anchor.implementationId() == null
                            || MessageDigest.isEqual(anchor.implementationId(), claims.implementationId()));
            pinnedToThisInstance |= anchor.instanceId() != null && idsMatch;
            if (!CoseSignature.verify(sign1, anchor.key())) {
                continue;
            }
            if (!idsMatch) {
                best = new EvidenceRejectedException(RejectionReason.PLATFORM_MISMATCH,
                        "platform token is signed by " + anchor.label() + ", which is pinned to another platform",
                        anchor.instanceId() == null ? null : hex(anchor.instanceId()), hex(claims.instanceId()));
                continue;
            }
            if (!anchor.validAt(context.now())) {
                best = new EvidenceRejectedException(RejectionReason.CERT_EXPIRED,
                        "the CPAK " + anchor.label() + " is not valid at " + context.now(),
                        anchor.notBefore() + ".." + anchor.notAfter(), context.now().toString());
                continue;
            }
            return anchor;
        }
        if (best != null) {
            throw best;
        }
        if (pinnedToThisInstance) {
            throw new EvidenceRejectedException(RejectionReason.BAD_SIGNATURE,
                    "platform token signature does not verify with the CPAK of its instance id");
        }
        throw new EvidenceRejectedException(RejectionReason.UNTRUSTED_ROOT,
                "platform token is not signed by any trusted CPAK (" + anchors.size() + " configured)");
    }

    private static List<PlatformKey> contextKeys(VerificationContext context) throws MalformedEvidenceException {
        List<PlatformKey> keys = new ArrayList<>();
        for (Collateral c : context.collateral()) {
            String name = c.name().toLowerCase(Locale.ROOT);
            if (name.endsWith(".jwk") || name.endsWith(".json") || name.endsWith(".pem")) {
                try {
                    keys.addAll(PlatformKeys.parse(c.name(), c.data()));
                } catch (IOException e) {
                    throw new MalformedEvidenceException("collateral " + c.name() + " is not a CCA platform key: "
                            + e.getMessage(), e);
                }
            }
        }
        return keys;
    }

    /** Hash of the RAK claim bytes with a realm hash algorithm id ("sha-256", "sha-384", "sha-512"). */
    private static byte[] hash(String algoId, byte[] data) throws EvidenceRejectedException {
        String jca = switch (algoId) {
            case "sha-256" -> "SHA-256";
            case "sha-384" -> "SHA-384";
            case "sha-512" -> "SHA-512";
            default -> null;
        };
        if (jca == null) {
            throw new EvidenceRejectedException(RejectionReason.UNSUPPORTED_ALGORITHM,
                    "realm public key hash algorithm '" + algoId + "' is not supported");
        }
        try {
            return MessageDigest.getInstance(jca).digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}
