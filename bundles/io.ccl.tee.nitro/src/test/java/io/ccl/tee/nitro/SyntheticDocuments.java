package io.ccl.tee.nitro;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;
import io.ccl.tee.nitro.verify.TrustedRoot;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A test Nitro PKI (P-384 root → intermediate → leaf, like AWS's root → zonal → instance chain) and
 * a writer of attestation documents signed with it, so tests can produce documents the NSM never
 * would: indefinite-length items, tag 18, oversize or missing members, other digests.
 */
final class SyntheticDocuments {
    static final BouncyCastleProvider BC = new BouncyCastleProvider();

    final X509Certificate root;
    final X509Certificate intermediate;
    final X509Certificate leaf;
    private final PrivateKey leafKey;
    final Instant issued;

    SyntheticDocuments(Instant issued) {
        this.issued = issued;
        try {
            KeyPair rootKeys = p384();
            KeyPair intKeys = p384();
            KeyPair leafKeys = p384();
            root = cert("CN=test-nitro-root", rootKeys.getPublic(), "CN=test-nitro-root", rootKeys.getPrivate(), true,
                    Duration.ofDays(3650));
            intermediate = cert("CN=test-nitro-zonal", intKeys.getPublic(), "CN=test-nitro-root", rootKeys.getPrivate(),
                    true, Duration.ofDays(30));
            leaf = cert("CN=test-nitro-instance", leafKeys.getPublic(), "CN=test-nitro-zonal", intKeys.getPrivate(), false,
                    Duration.ofHours(3));
            leafKey = leafKeys.getPrivate();
        } catch (GeneralSecurityException | org.bouncycastle.operator.OperatorCreationException e) {
            throw new IllegalStateException(e);
        }
    }

    TrustedRoot trustedRoot() {
        try {
            return TrustedRoot.of(root.getEncoded());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The payload members of a well-formed document at {@code timestamp}. */
    Map<String, Object> payload(Instant timestamp, byte[] userData, byte[] nonce, byte[] publicKey) {
        try {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("module_id", "i-0123456789abcdef0-enc0123456789abcdef");
            m.put("digest", "SHA384");
            m.put("timestamp", timestamp.toEpochMilli());
            Map<Integer, byte[]> pcrs = new LinkedHashMap<>();
            for (int i = 0; i < 16; i++) {
                byte[] v = new byte[48];
                v[0] = (byte) (i + 1);
                pcrs.put(i, v);
            }
            m.put("pcrs", pcrs);
            m.put("certificate", leaf.getEncoded());
            m.put("cabundle", List.of(root.getEncoded(), intermediate.getEncoded()));
            m.put("public_key", publicKey);
            m.put("user_data", userData);
            m.put("nonce", nonce);
            return m;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A signed document: payload members encoded with definite or indefinite lengths, optionally tagged 18. */
    byte[] sign(Map<String, Object> payload, boolean indefinite, boolean tagged) {
        byte[] protectedHeader = encode(g -> {
            g.writeStartObject(null, 1);
            g.writeFieldId(1);
            g.writeNumber(-35);
            g.writeEndObject();
        });
        byte[] payloadBytes = encode(g -> writeValue(g, payload, indefinite));
        byte[] tbs = encode(g -> {
            g.writeStartArray(null, 4);
            g.writeString("Signature1");
            g.writeBinary(protectedHeader);
            g.writeBinary(new byte[0]);
            g.writeBinary(payloadBytes);
            g.writeEndArray();
        });
        byte[] signature;
        try {
            Signature s = Signature.getInstance("SHA384withPLAIN-ECDSA", BC);
            s.initSign(leafKey);
            s.update(tbs);
            signature = s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        return encode(g -> {
            if (tagged) {
                g.writeTag(18);
            }
            if (indefinite) {
                g.writeStartArray();
            } else {
                g.writeStartArray(null, 4);
            }
            g.writeBinary(protectedHeader);
            g.writeStartObject(null, 0);
            g.writeEndObject();
            g.writeBinary(payloadBytes);
            g.writeBinary(signature);
            g.writeEndArray();
        });
    }

    private interface Writer {
        void write(CBORGenerator g) throws IOException;
    }

    static byte[] encode(Writer w) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CBORGenerator g = new CBORFactory().createGenerator(out)) {
            w.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void writeValue(CBORGenerator g, Object v, boolean indefinite) throws IOException {
        if (v == null) {
            g.writeNull();
        } else if (v instanceof String s) {
            g.writeString(s);
        } else if (v instanceof Long l) {
            g.writeNumber(l);
        } else if (v instanceof Integer i) {
            g.writeNumber(i);
        } else if (v instanceof byte[] b) {
            g.writeBinary(b);
        } else if (v instanceof List<?> list) {
            if (indefinite) {
                g.writeStartArray();
            } else {
                g.writeStartArray(null, list.size());
            }
            for (Object o : list) {
                writeValue(g, o, indefinite);
            }
            g.writeEndArray();
        } else if (v instanceof Map<?, ?> map) {
            if (indefinite) {
                g.writeStartObject();
            } else {
                g.writeStartObject(null, map.size());
            }
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (e.getKey() instanceof Integer i) {
                    g.writeFieldId(i);
                } else {
                    g.writeFieldName((String) e.getKey());
                }
                writeValue(g, e.getValue(), indefinite);
            }
            g.writeEndObject();
        } else {
            throw new IllegalArgumentException("cannot encode " + v.getClass());
        }
    }

    private static KeyPair p384() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp384r1"));
        return g.generateKeyPair();
    }

    private X509Certificate cert(String subject, PublicKey key, String issuer, PrivateKey issuerKey, boolean ca,
            Duration life) throws GeneralSecurityException, org.bouncycastle.operator.OperatorCreationException {
        Instant from = issued.minus(Duration.ofMinutes(1));
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(new X500Name(issuer),
                BigInteger.valueOf(System.nanoTime()), Date.from(from), Date.from(from.plus(life)), new X500Name(subject), key);
        try {
            b.addExtension(Extension.basicConstraints, true, ca ? new BasicConstraints(true) : new BasicConstraints(false));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(ca ? KeyUsage.keyCertSign | KeyUsage.cRLSign
                    : KeyUsage.digitalSignature));
        } catch (org.bouncycastle.cert.CertIOException e) {
            throw new IllegalStateException(e);
        }
        return new JcaX509CertificateConverter().getCertificate(
                b.build(new JcaContentSignerBuilder("SHA384withECDSA").build(issuerKey)));
    }

    static List<byte[]> list(byte[]... items) {
        return new ArrayList<>(List.of(items));
    }
}
