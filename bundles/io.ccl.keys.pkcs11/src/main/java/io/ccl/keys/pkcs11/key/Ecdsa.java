package io.ccl.keys.pkcs11.key;

import io.ccl.keys.api.KeyAlgorithm;
import io.ccl.keys.api.KeyStorageException;
import io.ccl.keys.api.KeyStorageException.Reason;
import java.io.IOException;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/**
 * ECDSA encodings between PKCS#11 and the API. {@code CKM_ECDSA} signs a digest and returns the
 * raw {@code r || s}, each the size of the curve order (PKCS#11 v3.0 current mechanisms §2.3.1);
 * the API speaks ASN.1 DER {@code SEQUENCE { INTEGER r, INTEGER s }} (RFC 3279 §2.2.3, SEC 1).
 * BouncyCastle's ASN.1 classes do the encoding, so no DER is written by hand.
 */
final class Ecdsa {
    private Ecdsa() {
    }

    /** Bytes of r and of s for the curve of {@code algorithm}. */
    static int scalarBytes(KeyAlgorithm algorithm) {
        return algorithm == KeyAlgorithm.EC_P256 ? 32 : 48;
    }

    /** The digest CKM_ECDSA signs: SHA-256 for P-256, SHA-384 for P-384. */
    static byte[] digest(KeyAlgorithm algorithm, byte[] data) throws KeyStorageException {
        try {
            return MessageDigest.getInstance(algorithm == KeyAlgorithm.EC_P256 ? "SHA-256" : "SHA-384").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new KeyStorageException(Reason.UNAVAILABLE, "SHA-2 is missing from this JDK");
        }
    }

    /** DER of a raw {@code r || s}. */
    static byte[] toDer(byte[] raw) throws KeyStorageException {
        int n = raw.length / 2;
        BigInteger r = new BigInteger(1, Arrays.copyOfRange(raw, 0, n));
        BigInteger s = new BigInteger(1, Arrays.copyOfRange(raw, n, raw.length));
        try {
            return new DERSequence(new ASN1Encodable[] {new ASN1Integer(r), new ASN1Integer(s)}).getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new KeyStorageException(Reason.UNAVAILABLE, "cannot encode an ECDSA signature");
        }
    }

    /**
     * The raw {@code r || s} of a DER signature, or empty when it is not exactly a DER
     * {@code SEQUENCE} of two positive INTEGERs that fit the curve (BER variants, trailing bytes
     * and oversized values are refused, so one signature has one encoding).
     */
    static Optional<byte[]> toRaw(byte[] der, int scalarBytes) {
        try {
            ASN1Primitive parsed = ASN1Primitive.fromByteArray(der);
            if (!(parsed instanceof ASN1Sequence) || ((ASN1Sequence) parsed).size() != 2
                    || !Arrays.equals(parsed.getEncoded(ASN1Encoding.DER), der)) {
                return Optional.empty();
            }
            ASN1Sequence sequence = (ASN1Sequence) parsed;
            if (!(sequence.getObjectAt(0) instanceof ASN1Integer) || !(sequence.getObjectAt(1) instanceof ASN1Integer)) {
                return Optional.empty();
            }
            byte[] raw = new byte[2 * scalarBytes];
            if (!put(((ASN1Integer) sequence.getObjectAt(0)).getValue(), raw, 0, scalarBytes)
                    || !put(((ASN1Integer) sequence.getObjectAt(1)).getValue(), raw, scalarBytes, scalarBytes)) {
                return Optional.empty();
            }
            return Optional.of(raw);
        } catch (IOException | IllegalArgumentException | ClassCastException e) {
            return Optional.empty();
        }
    }

    private static boolean put(BigInteger value, byte[] out, int offset, int length) {
        if (value.signum() <= 0 || value.bitLength() > 8 * length) {
            return false;
        }
        byte[] bytes = value.toByteArray();
        int skip = bytes.length > length ? bytes.length - length : 0;
        System.arraycopy(bytes, skip, out, offset + length - (bytes.length - skip), bytes.length - skip);
        return true;
    }

    /**
     * The X.509 SubjectPublicKeyInfo (RFC 5480) of an uncompressed point from CKA_EC_POINT, after
     * checking that the point lies on the curve.
     */
    static byte[] subjectPublicKeyInfo(KeyAlgorithm algorithm, byte[] point) throws KeyStorageException {
        ASN1ObjectIdentifier curve = algorithm == KeyAlgorithm.EC_P256 ? SECObjectIdentifiers.secp256r1 : SECObjectIdentifiers.secp384r1;
        X9ECParameters parameters = ECNamedCurveTable.getByOID(curve);
        try {
            if (point == null || !parameters.getCurve().decodePoint(point).isValid()) {
                throw new KeyStorageException(Reason.INTEGRITY, "the token returned an invalid EC point");
            }
            return new SubjectPublicKeyInfo(new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey, curve), point)
                    .getEncoded(ASN1Encoding.DER);
        } catch (IllegalArgumentException e) {
            throw new KeyStorageException(Reason.INTEGRITY, "the token returned an invalid EC point");
        } catch (IOException e) {
            throw new KeyStorageException(Reason.UNAVAILABLE, "cannot encode a public key");
        }
    }
}
