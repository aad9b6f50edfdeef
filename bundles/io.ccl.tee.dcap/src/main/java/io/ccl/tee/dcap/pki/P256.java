package io.ccl.tee.dcap.pki;

import io.ccl.tee.dcap.cache.BoundedCache;
import io.ccl.tee.dcap.cache.ContentKey;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;

/**
 * ECDSA P-256 with SHA-256 through BouncyCastle's lightweight API on its optimised secp256r1 curve. Key
 * objects are cached: BouncyCastle keeps window precomputations on the point, so a reused key verifies
 * several times faster than a fresh one.
 */
public final class P256 {
    private static final X9ECParameters CURVE = CustomNamedCurves.getByName("secp256r1");
    private static final ECDomainParameters DOMAIN = new ECDomainParameters(CURVE.getCurve(), CURVE.getG(),
            CURVE.getN(), CURVE.getH(), CURVE.getSeed());
    private static final BoundedCache<ContentKey, ECPublicKeyParameters> RAW_KEYS = new BoundedCache<>(512);

    private P256() {
    }

    /**
     * A key from the 64-byte x‖y encoding DCAP quotes use.
     *
     * @throws IllegalArgumentException when the bytes are not a point on P-256
     */
    public static ECPublicKeyParameters rawKey(byte[] xy) {
        if (xy.length != 64) {
            throw new IllegalArgumentException("P-256 public key must be 64 bytes, was " + xy.length);
        }
        return RAW_KEYS.computeIfAbsent(ContentKey.owning(xy.clone()), k -> {
            byte[] encoded = new byte[65];
            encoded[0] = 0x04;
            System.arraycopy(xy, 0, encoded, 1, 64);
            // decodePoint validates that the point lies on the curve (and is not infinity).
            return new ECPublicKeyParameters(DOMAIN.getCurve().decodePoint(encoded), DOMAIN);
        });
    }

    /**
     * A key from a DER SubjectPublicKeyInfo that must name id-ecPublicKey with the secp256r1 curve.
     *
     * @throws IllegalArgumentException otherwise
     */
    public static ECPublicKeyParameters subjectPublicKeyInfo(byte[] spki) {
        SubjectPublicKeyInfo info = SubjectPublicKeyInfo.getInstance(spki);
        if (!X9ObjectIdentifiers.id_ecPublicKey.equals(info.getAlgorithm().getAlgorithm())
                || !(info.getAlgorithm().getParameters() instanceof ASN1ObjectIdentifier curve)
                || !SECObjectIdentifiers.secp256r1.equals(curve)) {
            throw new IllegalArgumentException("not an EC P-256 public key");
        }
        byte[] point = info.getPublicKeyData().getOctets();
        return new ECPublicKeyParameters(DOMAIN.getCurve().decodePoint(point), DOMAIN);
    }

    /** Verifies a raw r‖s signature (32 + 32 bytes, big endian) over {@code message[0..length)}. */
    public static boolean verifyRaw(ECPublicKeyParameters key, byte[] message, int length, byte[] rs) {
        if (rs.length != 64) {
            return false;
        }
        BigInteger r = new BigInteger(1, Arrays.copyOfRange(rs, 0, 32));
        BigInteger s = new BigInteger(1, Arrays.copyOfRange(rs, 32, 64));
        return verify(key, sha256(message, length), r, s);
    }

    /** Verifies a DER {@code ECDSA-Sig-Value} over the whole message. */
    public static boolean verifyDer(ECPublicKeyParameters key, byte[] message, byte[] derSignature) {
        BigInteger[] rs;
        try {
            ASN1Sequence seq = ASN1Sequence.getInstance(ASN1Primitive.fromByteArray(derSignature));
            if (seq.size() != 2) {
                return false;
            }
            rs = new BigInteger[] {ASN1Integer.getInstance(seq.getObjectAt(0)).getValue(),
                ASN1Integer.getInstance(seq.getObjectAt(1)).getValue()};
            if (!Arrays.equals(seq.getEncoded("DER"), derSignature)) {
                return false;
            }
        } catch (java.io.IOException | IllegalArgumentException e) {
            return false;
        }
        return verify(key, sha256(message, message.length), rs[0], rs[1]);
    }

    private static boolean verify(ECPublicKeyParameters key, byte[] digest, BigInteger r, BigInteger s) {
        ECDSASigner signer = new ECDSASigner();
        signer.init(false, key);
        return signer.verifySignature(digest, r, s);
    }

    /** SHA-256 of {@code data[0..length)}. */
    public static byte[] sha256(byte[] data, int length) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(data, 0, length);
            return md.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is mandatory in every JRE", e);
        }
    }
}
