package io.ccl.tee.cca.verify;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import io.ccl.tee.cca.token.CoseSign1;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;

/**
 * ECDSA verification of a COSE_Sign1 (RFC 9052 §4.4, RFC 9053 §2.1): the signature is
 * {@code r || s}, each the size of the curve's coordinates, over the hash of
 * {@code Sig_structure = ["Signature1", protected, external_aad = h'', payload]}. The algorithm
 * fixes hash and curve (ES256: SHA-256/P-256, ES384: SHA-384/P-384, ES512: SHA-512/P-521), as the
 * CCA token profile uses them.
 */
public final class CoseSignature {
    /** COSE algorithm identifiers (RFC 9053 Table 1). */
    public static final int ES256 = -7;
    public static final int ES384 = -35;
    public static final int ES512 = -36;

    private static final CBORFactory CBOR = new CBORFactory();

    private CoseSignature() {
    }

    /** The COSE algorithm name, or null for an algorithm the CCA profile does not use. */
    public static String name(int alg) {
        return switch (alg) {
            case ES256 -> "ES256";
            case ES384 -> "ES384";
            case ES512 -> "ES512";
            default -> null;
        };
    }

    /** The field size in bits the algorithm requires of the key. */
    static int curveBits(int alg) {
        return switch (alg) {
            case ES256 -> 256;
            case ES384 -> 384;
            case ES512 -> 521;
            default -> -1;
        };
    }

    /** True when the key's curve is the one {@code alg} prescribes. */
    public static boolean fits(int alg, ECPublicKeyParameters key) {
        return key.getParameters().getCurve().getFieldSize() == curveBits(alg);
    }

    /** Verifies {@code sign1} with {@code key}; false for any mismatch, never throws for bad input. */
    public static boolean verify(CoseSign1 sign1, ECPublicKeyParameters key) {
        if (!fits(sign1.alg(), key)) {
            return false;
        }
        int size = EcKeys.coordinateSize(key.getParameters());
        byte[] sig = sign1.signature();
        if (sig.length != 2 * size) {
            return false;
        }
        BigInteger r = new BigInteger(1, Arrays.copyOfRange(sig, 0, size));
        BigInteger s = new BigInteger(1, Arrays.copyOfRange(sig, size, sig.length));
        ECDSASigner verifier = new ECDSASigner();
        verifier.init(false, key);
        // ECDSASigner checks 1 <= r, s < n itself.
        return verifier.verifySignature(digest(sign1.alg(), sigStructure(sign1.protectedHeader(), sign1.payload())), r, s);
    }

    /** The ToBeSigned bytes of RFC 9052 §4.4 with empty external AAD. */
    public static byte[] sigStructure(byte[] protectedHeader, byte[] payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(payload.length + protectedHeader.length + 32);
        try (JsonGenerator g = CBOR.createGenerator(out)) {
            g.writeStartArray(null, 4);
            g.writeString("Signature1");
            g.writeBinary(protectedHeader);
            g.writeBinary(new byte[0]);
            g.writeBinary(payload);
            g.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static byte[] digest(int alg, byte[] data) {
        String name = switch (alg) {
            case ES256 -> "SHA-256";
            case ES384 -> "SHA-384";
            case ES512 -> "SHA-512";
            default -> throw new IllegalArgumentException("unsupported COSE alg " + alg);
        };
        try {
            return MessageDigest.getInstance(name).digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
