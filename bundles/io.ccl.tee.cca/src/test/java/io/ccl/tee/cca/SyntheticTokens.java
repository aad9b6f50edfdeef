package io.ccl.tee.cca;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;
import io.ccl.tee.cca.verify.CoseSignature;
import io.ccl.tee.cca.verify.PlatformKey;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.generators.ECKeyPairGenerator;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECKeyGenerationParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.util.BigIntegers;

/**
 * Builds CCA tokens with this test's own keys (BouncyCastle ECDSA, Jackson CBOR): the same layout
 * as the vectors (tag 399 collection, COSE_Sign1 tagged 18), with every field adjustable so that
 * negative cases can be made that are validly signed.
 */
final class SyntheticTokens {
    private static final CBORFactory CBOR = new CBORFactory();
    static final byte[] INSTANCE_ID = fill(33, 0x01);
    static final byte[] IMPLEMENTATION_ID = fill(32, 0x7f);

    AsymmetricCipherKeyPair cpak = keyPair("P-256");
    int platformAlg = CoseSignature.ES256;
    AsymmetricCipherKeyPair rak = keyPair("P-384");
    int realmAlg = CoseSignature.ES384;
    boolean coseKeyRak = true;
    String platformProfile = "tag:arm.com,2023:cca_platform#1.0.0";
    byte[] realmChallenge = fill(64, 0x41);
    long lifecycle = 0x3000;
    /** When null, SHA-256 of the RAK claim bytes (the binding). */
    byte[] platformChallenge;
    String rakHashAlg = "sha-256";

    static AsymmetricCipherKeyPair keyPair(String curve) {
        X9ECParameters x9 = CustomNamedCurves.getByName(curve);
        ECKeyPairGenerator g = new ECKeyPairGenerator();
        g.init(new ECKeyGenerationParameters(new ECDomainParameters(x9), new SecureRandom()));
        return g.generateKeyPair();
    }

    static byte[] fill(int n, int value) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) value);
        return b;
    }

    /** The CPAK as a trust anchor valid 2020..2040. */
    PlatformKey trustAnchor() {
        return new PlatformKey("synthetic-cpak", (ECPublicKeyParameters) cpak.getPublic(), null, null,
                TestVectors.KEYS_FROM, TestVectors.KEYS_UNTIL);
    }

    byte[] rakClaim() {
        ECPublicKeyParameters pub = (ECPublicKeyParameters) rak.getPublic();
        if (!coseKeyRak) {
            return pub.getQ().getEncoded(false);
        }
        int size = (pub.getParameters().getCurve().getFieldSize() + 7) / 8;
        int crv = switch (size) {
            case 32 -> 1;
            case 48 -> 2;
            default -> 3;
        };
        return cbor(g -> {
            g.writeStartObject(null, 4);
            g.writeFieldId(1);
            g.writeNumber(2);
            g.writeFieldId(-1);
            g.writeNumber(crv);
            g.writeFieldId(-2);
            g.writeBinary(BigIntegers.asUnsignedByteArray(size, pub.getQ().getAffineXCoord().toBigInteger()));
            g.writeFieldId(-3);
            g.writeBinary(BigIntegers.asUnsignedByteArray(size, pub.getQ().getAffineYCoord().toBigInteger()));
            g.writeEndObject();
        });
    }

    byte[] realmPayload() {
        byte[] rakClaim = rakClaim();
        return cbor(g -> {
            g.writeStartObject(null, coseKeyRak ? 8 : 7);
            if (coseKeyRak) {
                g.writeFieldId(265);
                g.writeString("tag:arm.com,2023:realm#1.0.0");
            }
            g.writeFieldId(10);
            g.writeBinary(realmChallenge);
            g.writeFieldId(44235);
            g.writeBinary(fill(64, 0x50));
            g.writeFieldId(44238);
            g.writeBinary(fill(32, 0x43));
            g.writeFieldId(44239);
            g.writeStartArray(null, 4);
            for (int i = 0; i < 4; i++) {
                g.writeBinary(fill(32, 0x44 + i));
            }
            g.writeEndArray();
            g.writeFieldId(44236);
            g.writeString("sha-256");
            g.writeFieldId(44237);
            g.writeBinary(rakClaim);
            g.writeFieldId(44240);
            g.writeString(rakHashAlg);
            g.writeEndObject();
        });
    }

    byte[] platformPayload() {
        byte[] challenge = platformChallenge != null ? platformChallenge : sha256(rakClaim());
        return cbor(g -> {
            g.writeStartObject(null, 9);
            g.writeFieldId(265);
            g.writeString(platformProfile);
            g.writeFieldId(10);
            g.writeBinary(challenge);
            g.writeFieldId(2396);
            g.writeBinary(IMPLEMENTATION_ID);
            g.writeFieldId(256);
            g.writeBinary(INSTANCE_ID);
            g.writeFieldId(2401);
            g.writeBinary(new byte[] {1, 2, 3});
            g.writeFieldId(2395);
            g.writeNumber(lifecycle);
            g.writeFieldId(2399);
            g.writeStartArray(null, 1);
            g.writeStartObject(null, 5);
            g.writeFieldId(1);
            g.writeString("BL");
            g.writeFieldId(2);
            g.writeBinary(fill(32, 0x03));
            g.writeFieldId(4);
            g.writeString("1.0.0");
            g.writeFieldId(5);
            g.writeBinary(fill(32, 0x04));
            g.writeFieldId(6);
            g.writeString("sha-256");
            g.writeEndObject();
            g.writeEndArray();
            g.writeFieldId(2400);
            g.writeString("https://verifier.example");
            g.writeFieldId(2402);
            g.writeString("sha-256");
            g.writeEndObject();
        });
    }

    /** The token bytes, with the realm challenge placed as report data. */
    byte[] build() {
        byte[] platform = sign1(platformAlg, platformPayload(), (ECPrivateKeyParameters) cpak.getPrivate());
        byte[] realm = sign1(realmAlg, realmPayload(), (ECPrivateKeyParameters) rak.getPrivate());
        return cbor(g -> {
            ((CBORGenerator) g).writeTag(399);
            g.writeStartObject(null, 2);
            g.writeFieldId(44234);
            g.writeBinary(platform);
            g.writeFieldId(44241);
            g.writeBinary(realm);
            g.writeEndObject();
        });
    }

    static byte[] sign1(int alg, byte[] payload, ECPrivateKeyParameters key) {
        byte[] prot = cbor(g -> {
            g.writeStartObject(null, 1);
            g.writeFieldId(1);
            g.writeNumber(alg);
            g.writeEndObject();
        });
        byte[] tbs = CoseSignature.sigStructure(prot, payload);
        String hash = switch (alg) {
            case CoseSignature.ES256 -> "SHA-256";
            case CoseSignature.ES384 -> "SHA-384";
            default -> "SHA-512";
        };
        byte[] digest;
        try {
            digest = MessageDigest.getInstance(hash).digest(tbs);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
        signer.init(true, key);
        BigInteger[] rs = signer.generateSignature(digest);
        int size = (key.getParameters().getCurve().getFieldSize() + 7) / 8;
        byte[] sig = new byte[2 * size];
        System.arraycopy(BigIntegers.asUnsignedByteArray(size, rs[0]), 0, sig, 0, size);
        System.arraycopy(BigIntegers.asUnsignedByteArray(size, rs[1]), 0, sig, size, size);
        return cbor(g -> {
            ((CBORGenerator) g).writeTag(18);
            g.writeStartArray(null, 4);
            g.writeBinary(prot);
            g.writeStartObject(null, 0);
            g.writeEndObject();
            g.writeBinary(payload);
            g.writeBinary(sig);
            g.writeEndArray();
        });
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    interface Writer {
        void write(JsonGenerator g) throws IOException;
    }

    static byte[] cbor(Writer w) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = CBOR.createGenerator(out)) {
            w.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
