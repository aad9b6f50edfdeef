package io.ccl.tee.cca.verify;

import com.fasterxml.jackson.databind.JsonNode;
import io.ccl.tee.cca.token.CborDecoder;
import io.ccl.tee.cca.token.Claims;
import io.ccl.tee.cca.token.TokenFormatException;
import java.io.IOException;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.util.PublicKeyFactory;
import org.bouncycastle.math.ec.ECPoint;

/**
 * EC public keys in the encodings the CCA token uses: a raw SEC1 uncompressed point (legacy realm
 * profile, RAK), a COSE_Key (RFC 9052 §7, RFC 9053 §7.1.1: kty 2 = EC2, crv 1/2/3 = P-256/384/521,
 * x -2, y -3; 1.0 realm profile), and X.509 SubjectPublicKeyInfo (configured CPAKs). Points are
 * decoded by BouncyCastle, which rejects points not on the curve.
 */
public final class EcKeys {
    private EcKeys() {
    }

    /** The named NIST curve for COSE crv 1, 2, 3. */
    static ECDomainParameters curve(int coseCrv) {
        String name = switch (coseCrv) {
            case 1 -> "P-256";
            case 2 -> "P-384";
            case 3 -> "P-521";
            default -> null;
        };
        if (name == null) {
            return null;
        }
        X9ECParameters x9 = CustomNamedCurves.getByName(name);
        return new ECDomainParameters(x9);
    }

    /** Bytes of one coordinate of {@code curve}. */
    static int coordinateSize(ECDomainParameters curve) {
        return (curve.getCurve().getFieldSize() + 7) / 8;
    }

    /** An uncompressed SEC1 point {@code 04 || x || y}; the curve follows from its length. */
    public static ECPublicKeyParameters fromRawPoint(byte[] point) throws TokenFormatException {
        int crv = switch (point.length) {
            case 65 -> 1;
            case 97 -> 2;
            case 133 -> 3;
            default -> 0;
        };
        if (crv == 0 || point[0] != 0x04) {
            throw new TokenFormatException("RAK is not an uncompressed P-256/384/521 point (" + point.length + " bytes)");
        }
        return decode(curve(crv), point);
    }

    /** A COSE_Key of type EC2 on P-256, P-384 or P-521. */
    public static ECPublicKeyParameters fromCoseKey(byte[] coseKey) throws TokenFormatException {
        JsonNode node = CborDecoder.decode(coseKey, "RAK COSE_Key").node();
        Claims key = new Claims(node, "RAK COSE_Key");
        JsonNode kty = key.node(1);
        JsonNode crv = key.node(-1);
        if (!kty.isIntegralNumber() || kty.longValue() != 2 || !crv.isIntegralNumber()) {
            throw new TokenFormatException("RAK COSE_Key is not an EC2 key");
        }
        ECDomainParameters curve = curve(crv.canConvertToInt() ? crv.intValue() : 0);
        if (curve == null) {
            throw new TokenFormatException("RAK COSE_Key curve " + crv + " is not P-256/384/521");
        }
        int size = coordinateSize(curve);
        byte[] x = key.bytes(-2, size);
        if (!key.has(-3) || !key.node(-3).isBinary()) {
            throw new TokenFormatException("RAK COSE_Key has no y coordinate (compressed points are not accepted)");
        }
        byte[] y = key.bytes(-3, size);
        byte[] point = new byte[1 + 2 * size];
        point[0] = 0x04;
        System.arraycopy(x, 0, point, 1, size);
        System.arraycopy(y, 0, point, 1 + size, size);
        return decode(curve, point);
    }

    /** A DER SubjectPublicKeyInfo of an EC key on a supported curve. */
    public static ECPublicKeyParameters fromSubjectPublicKeyInfo(byte[] spki) throws IOException {
        AsymmetricKeyParameter p = PublicKeyFactory.createKey(spki);
        if (!(p instanceof ECPublicKeyParameters ec) || p.isPrivate()) {
            throw new IOException("not an EC public key");
        }
        int bits = ec.getParameters().getCurve().getFieldSize();
        if (bits != 256 && bits != 384 && bits != 521) {
            throw new IOException("EC key on an unsupported " + bits + "-bit curve");
        }
        return ec;
    }

    private static ECPublicKeyParameters decode(ECDomainParameters curve, byte[] point) throws TokenFormatException {
        try {
            ECPoint q = curve.getCurve().decodePoint(point);
            return new ECPublicKeyParameters(q, curve);
        } catch (IllegalArgumentException e) {
            throw new TokenFormatException("RAK is not a point on " + curve.getCurve().getFieldSize() + "-bit curve", e);
        }
    }
}
