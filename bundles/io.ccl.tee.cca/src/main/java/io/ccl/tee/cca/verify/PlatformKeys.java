package io.ccl.tee.cca.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;

/**
 * Reads CPAK trust anchors from the formats operators and the test vectors use:
 * <ul>
 * <li>PEM: {@code PUBLIC KEY} blocks (SubjectPublicKeyInfo) and {@code CERTIFICATE} blocks (the
 * certificate's key and validity window);</li>
 * <li>JSON: one EC JWK (RFC 7517; private members are ignored), a JWK Set ({@code {"keys": [...]}}),
 * or Trustee's CCA trust-anchor store: an array of {@code {"pkey": JWK, "implementation-id": hex,
 * "instance-id": hex}} which pins the key to that platform.</li>
 * </ul>
 */
public final class PlatformKeys {
    /** Largest trust anchor file read. */
    public static final int MAX_FILE = 1 << 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    private PlatformKeys() {
    }

    /**
     * The keys in {@code data}.
     *
     * @throws IOException when the bytes hold no key or a malformed one
     */
    public static List<PlatformKey> parse(String label, byte[] data) throws IOException {
        if (data.length > MAX_FILE) {
            throw new IOException(label + " is larger than " + MAX_FILE + " bytes");
        }
        String text = new String(data, StandardCharsets.UTF_8).strip();
        List<PlatformKey> keys = text.startsWith("-----BEGIN") ? pem(label, text) : json(label, text);
        if (keys.isEmpty()) {
            throw new IOException(label + " holds no CCA platform key");
        }
        return keys;
    }

    private static List<PlatformKey> pem(String label, String text) throws IOException {
        List<PlatformKey> keys = new ArrayList<>();
        try (PemReader reader = new PemReader(new StringReader(text))) {
            for (PemObject o = reader.readPemObject(); o != null; o = reader.readPemObject()) {
                switch (o.getType()) {
                    case "PUBLIC KEY" -> keys.add(new PlatformKey(label,
                            EcKeys.fromSubjectPublicKeyInfo(o.getContent()), null, null, null, null));
                    case "CERTIFICATE" -> {
                        X509Certificate c = certificate(o.getContent());
                        keys.add(new PlatformKey(label, EcKeys.fromSubjectPublicKeyInfo(c.getPublicKey().getEncoded()),
                                null, null, c.getNotBefore().toInstant(), c.getNotAfter().toInstant()));
                    }
                    default -> throw new IOException(label + ": unexpected PEM block " + o.getType());
                }
            }
        } catch (RuntimeException e) {
            throw new IOException(label + " is not valid PEM", e);
        }
        return keys;
    }

    private static X509Certificate certificate(byte[] der) throws IOException {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
        } catch (GeneralSecurityException e) {
            throw new IOException("not an X.509 certificate", e);
        }
    }

    private static List<PlatformKey> json(String label, String text) throws IOException {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (IOException e) {
            throw new IOException(label + " is neither PEM nor JSON", e);
        }
        List<PlatformKey> keys = new ArrayList<>();
        if (root != null && root.isObject() && root.has("keys") && root.get("keys").isArray()) {
            for (JsonNode k : root.get("keys")) {
                keys.add(jwk(label, k, null, null));
            }
        } else if (root != null && root.isObject()) {
            keys.add(jwk(label, root, null, null));
        } else if (root != null && root.isArray()) {
            for (JsonNode entry : root) {
                if (entry.has("pkey")) {
                    keys.add(jwk(label, entry.get("pkey"), hex(entry, "implementation-id"), hex(entry, "instance-id")));
                } else {
                    keys.add(jwk(label, entry, null, null));
                }
            }
        } else {
            throw new IOException(label + " is not a JWK, JWK Set or trust-anchor store");
        }
        return keys;
    }

    private static PlatformKey jwk(String label, JsonNode node, byte[] implementationId, byte[] instanceId)
            throws IOException {
        try {
            JWK jwk = JWK.parse(JSON.writeValueAsString(node));
            if (!(jwk instanceof ECKey ec)) {
                throw new IOException(label + ": a CPAK must be an EC key");
            }
            return new PlatformKey(label, EcKeys.fromSubjectPublicKeyInfo(ec.toPublicJWK().toECPublicKey().getEncoded()),
                    implementationId, instanceId, null, null);
        } catch (ParseException | com.nimbusds.jose.JOSEException e) {
            throw new IOException(label + ": not a valid EC JWK", e);
        }
    }

    private static byte[] hex(JsonNode entry, String member) throws IOException {
        JsonNode v = entry.get(member);
        if (v == null || v.isNull()) {
            return null;
        }
        try {
            return HexFormat.of().parseHex(v.asText());
        } catch (IllegalArgumentException e) {
            throw new IOException(member + " is not hex", e);
        }
    }
}
