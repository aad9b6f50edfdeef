package io.ccl.keys.vault.fake;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.SignatureException;
import java.util.Base64;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/** The cryptographic operations of {@link FakeTransit}, following OpenBao's keysutil policy checks and messages. */
final class FakeTransitCrypto {
    private static final int NONCE = 12;

    private FakeTransitCrypto() {
    }

    static ObjectNode encrypt(FakeTransit.Key k, FakeCall call, SecureRandom random) {
        if (!k.symmetric()) {
            throw FakeError.badRequest("message encryption not supported for key type " + k.type);
        }
        byte[] plaintext = base64(call.text("plaintext"), "failed to base64-decode plaintext");
        int v = encryptionVersion(k, call.integer("key_version", 0), "encryption");
        ObjectNode body = FakeTransit.JSON.objectNode();
        ObjectNode d = body.putObject("data");
        d.put("ciphertext", seal(k, v, plaintext, aad(call), random));
        d.put("key_version", v);
        return body;
    }

    static ObjectNode decrypt(FakeTransit.Key k, FakeCall call) {
        if (!k.symmetric()) {
            throw FakeError.badRequest("message decryption not supported for key type " + k.type);
        }
        String ct = call.text("ciphertext");
        if (ct.isEmpty()) {
            throw FakeError.badRequest("missing ciphertext to decrypt");
        }
        ObjectNode body = FakeTransit.JSON.objectNode();
        body.putObject("data").put("plaintext", Base64.getEncoder().encodeToString(open(k, ct, aad(call))));
        return body;
    }

    /** Vault's rewrap takes no associated_data: decrypt and encrypt without it. */
    static ObjectNode rewrap(FakeTransit.Key k, FakeCall call, SecureRandom random) {
        String ct = call.text("ciphertext");
        if (ct.isEmpty()) {
            throw FakeError.badRequest("missing ciphertext to decrypt");
        }
        byte[] plaintext = open(k, ct, new byte[0]);
        int v = encryptionVersion(k, call.integer("key_version", 0), "encryption");
        ObjectNode body = FakeTransit.JSON.objectNode();
        ObjectNode d = body.putObject("data");
        d.put("ciphertext", seal(k, v, plaintext, new byte[0], random));
        d.put("key_version", v);
        return body;
    }

    static ObjectNode datakey(FakeTransit.Key k, FakeCall call, boolean plaintext, SecureRandom random) {
        int bits = call.integer("bits", 256);
        if (bits != 128 && bits != 256 && bits != 512) {
            throw FakeError.badRequest("invalid bit length");
        }
        if (!k.symmetric()) {
            throw FakeError.badRequest("message encryption not supported for key type " + k.type);
        }
        byte[] key = new byte[bits / 8];
        random.nextBytes(key);
        int v = encryptionVersion(k, call.integer("key_version", 0), "encryption");
        ObjectNode body = FakeTransit.JSON.objectNode();
        ObjectNode d = body.putObject("data");
        d.put("ciphertext", seal(k, v, key, new byte[0], random));
        d.put("key_version", v);
        if (plaintext) {
            d.put("plaintext", Base64.getEncoder().encodeToString(key));
        }
        return body;
    }

    static ObjectNode sign(FakeTransit.Key k, FakeCall call, String urlAlgorithm) {
        if (k.symmetric()) {
            throw FakeError.badRequest("key type " + k.type + " does not support signing");
        }
        String jca = hash(call, urlAlgorithm);
        requireAsn1(call);
        byte[] input = base64(call.text("input"), "unable to decode input as base64");
        int v = encryptionVersion(k, call.integer("key_version", 0), "signing");
        try {
            Signature s = Signature.getInstance(jca);
            s.initSign(((KeyPair) k.version(v)).getPrivate());
            s.update(input);
            ObjectNode body = FakeTransit.JSON.objectNode();
            ObjectNode d = body.putObject("data");
            d.put("signature", "vault:v" + v + ":" + Base64.getEncoder().encodeToString(s.sign()));
            d.put("key_version", v);
            return body;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static ObjectNode verify(FakeTransit.Key k, FakeCall call, String urlAlgorithm) {
        if (k.symmetric()) {
            throw FakeError.badRequest("key type " + k.type + " does not support verification");
        }
        String jca = hash(call, urlAlgorithm);
        requireAsn1(call);
        String sig = call.text("signature");
        if (sig.isEmpty()) {
            throw FakeError.badRequest("neither a 'signature' nor an 'hmac' were given to verify");
        }
        byte[] input = base64(call.text("input"), "unable to decode input as base64");
        int[] v = new int[1];
        String payload = split(k, sig, "invalid signature", v);
        byte[] der;
        try {
            der = Base64.getDecoder().decode(payload);
        } catch (IllegalArgumentException e) {
            throw FakeError.badRequest("invalid base64 signature value");
        }
        boolean valid;
        try {
            Signature s = Signature.getInstance(jca);
            s.initVerify(((KeyPair) k.version(v[0])).getPublic());
            s.update(input);
            valid = s.verify(der);
        } catch (SignatureException e) {
            throw FakeError.badRequest("supplied signature is invalid");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        ObjectNode body = FakeTransit.JSON.objectNode();
        body.putObject("data").put("valid", valid);
        return body;
    }

    private static int encryptionVersion(FakeTransit.Key k, int requested, String what) {
        if (requested == 0) {
            return k.latest();
        }
        if (requested < 0) {
            throw FakeError.badRequest("requested version for " + what + " is negative");
        }
        if (requested > k.latest()) {
            throw FakeError.badRequest("requested version for " + what + " is higher than the latest key version");
        }
        if (requested < k.minEncryption()) {
            throw FakeError.badRequest("requested version for " + what + " is less than the minimum encryption key version");
        }
        return requested;
    }

    private static String seal(FakeTransit.Key k, int v, byte[] plaintext, byte[] aad, SecureRandom random) {
        try {
            byte[] nonce = new byte[NONCE];
            random.nextBytes(nonce);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, (SecretKey) k.version(v), new GCMParameterSpec(128, nonce));
            c.updateAAD(aad);
            byte[] sealed = c.doFinal(plaintext);
            return "vault:v" + v + ":" + Base64.getEncoder().encodeToString(ByteBuffer.allocate(NONCE + sealed.length).put(nonce).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** keysutil DecryptWithFactory: prefix, version, minimum, base64, length, GCM open. */
    private static byte[] open(FakeTransit.Key k, String ciphertext, byte[] aad) {
        int[] v = new int[1];
        String payload = split(k, ciphertext, "invalid ciphertext", v);
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(payload);
        } catch (IllegalArgumentException e) {
            throw FakeError.badRequest("invalid ciphertext: could not decode base64");
        }
        if (raw.length < NONCE) {
            throw FakeError.badRequest("invalid ciphertext length");
        }
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, (SecretKey) k.version(v[0]), new GCMParameterSpec(128, raw, 0, NONCE));
            c.updateAAD(aad);
            return c.doFinal(raw, NONCE, raw.length - NONCE);
        } catch (AEADBadTagException e) {
            throw FakeError.badRequest("cipher: message authentication failed");
        } catch (GeneralSecurityException e) {
            throw FakeError.badRequest("cipher: message authentication failed");
        }
    }

    /** Splits {@code vault:v<N>:<payload>} with keysutil's checks; stores N in {@code version[0]}. */
    private static String split(FakeTransit.Key k, String value, String what, int[] version) {
        if (!value.startsWith("vault:v")) {
            throw FakeError.badRequest(what + ": no prefix");
        }
        String rest = value.substring("vault:v".length());
        int colon = rest.indexOf(':');
        if (colon < 0) {
            throw FakeError.badRequest(what + ": wrong number of fields");
        }
        int v;
        try {
            v = Integer.parseInt(rest.substring(0, colon));
        } catch (NumberFormatException e) {
            throw FakeError.badRequest(what + ": version number could not be decoded");
        }
        if (v == 0) {
            v = 1;
        }
        if (v > k.latest()) {
            throw FakeError.badRequest(what + ": version is too new");
        }
        if (v < 1 || (k.minDecryption() > 0 && v < k.minDecryption())) {
            throw FakeError.badRequest(FakeTransit.TOO_OLD);
        }
        version[0] = v;
        return rest.substring(colon + 1);
    }

    private static String hash(FakeCall call, String urlAlgorithm) {
        String h = urlAlgorithm != null ? urlAlgorithm : call.text("hash_algorithm");
        switch (h.isEmpty() ? "sha2-256" : h) {
            case "sha2-224":
                return "SHA224withECDSA";
            case "sha2-256":
                return "SHA256withECDSA";
            case "sha2-384":
                return "SHA384withECDSA";
            case "sha2-512":
                return "SHA512withECDSA";
            default:
                throw FakeError.badRequest("invalid hash algorithm \"" + h + "\"");
        }
    }

    private static void requireAsn1(FakeCall call) {
        String m = call.text("marshaling_algorithm");
        if (!m.isEmpty() && !m.equals("asn1")) {
            throw FakeError.badRequest("invalid marshaling type \"" + m + "\" (the fake supports asn1 only)");
        }
    }

    private static byte[] aad(FakeCall call) {
        String a = call.text("associated_data");
        return a.isEmpty() ? new byte[0] : base64(a, "failed to base64-decode associated_data");
    }

    private static byte[] base64(String value, String message) {
        try {
            return Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            throw FakeError.badRequest(message);
        }
    }
}
