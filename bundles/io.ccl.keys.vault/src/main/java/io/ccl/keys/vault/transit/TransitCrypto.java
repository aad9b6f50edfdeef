package io.ccl.keys.vault.transit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ccl.keys.api.DataKey;
import io.ccl.keys.api.InsecureSecretAccess;
import io.ccl.keys.api.KeyAlgorithm;
import io.ccl.keys.api.KeyPurpose;
import io.ccl.keys.api.KeySignature;
import io.ccl.keys.api.KeyStorageException;
import io.ccl.keys.api.KeyStorageException.Reason;
import io.ccl.keys.api.SecretBytes;
import io.ccl.keys.vault.auth.VaultClient;
import io.ccl.keys.vault.http.VaultErrors;
import io.ccl.keys.vault.http.VaultReply;
import java.io.IOException;
import java.io.StringReader;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;

/**
 * Cryptographic operations through Transit. Each operation loads the key (record and Transit
 * description), checks algorithm, purpose and version state, and then names the exact
 * {@code key_version} it checked, so a rotation in between cannot slip in an unchecked version.
 *
 * <p>Rewrap: Vault's {@code rewrap} endpoint takes no {@code associated_data}, so a ciphertext
 * with AAD is rewrapped by decrypting and encrypting again through Transit; the plaintext then
 * passes through this process and its buffer is zeroed afterwards. Wrapping uses Transit encrypt
 * without AAD because Vault's {@code datakey} endpoint takes none and {@link #generateDataKey}
 * must produce what {@link #unwrap} opens.
 */
public final class TransitCrypto {
    private static final int DATA_KEY_BITS = 256;
    /** Vault keysutil: a pinned key_version below min_encryption_version. */
    private static final String STALE_VERSION = "is less than the minimum encryption key version";
    private static final int PINNED_ATTEMPTS = 4;

    private final ManagedKeys keys;
    private final VaultClient client;
    private final String transit;

    TransitCrypto(ManagedKeys keys) {
        this.keys = keys;
        this.client = keys.client();
        this.transit = keys.transit();
    }

    public byte[] encrypt(String name, byte[] plaintext, byte[] aad) throws KeyStorageException {
        return pinned(name, key -> {
            key.permit(true, KeyPurpose.ENCRYPT);
            return encryptWith(key, key.activeVersion(), plaintext, aad);
        });
    }

    public byte[] decrypt(String name, byte[] ciphertext, byte[] aad) throws KeyStorageException {
        ManagedKey key = keys.require(name);
        key.permit(true, KeyPurpose.DECRYPT);
        String text = VaultCiphertext.text(ciphertext);
        key.requireUsable(VaultCiphertext.version(ciphertext));
        return decryptWith(key, text, aad);
    }

    public byte[] rewrap(String name, byte[] ciphertext, byte[] aad) throws KeyStorageException {
        return pinned(name, key -> {
            key.permit(true, KeyPurpose.DECRYPT);
            key.permit(true, KeyPurpose.ENCRYPT);
            String text = VaultCiphertext.text(ciphertext);
            key.requireUsable(VaultCiphertext.version(ciphertext));
            int active = key.activeVersion();
            if (aad == null || aad.length == 0) {
                ObjectNode body = client.object();
                body.put("ciphertext", text);
                body.put("key_version", active);
                VaultReply reply = send("rewrap with transit key " + name, transit + "/rewrap/" + name, body);
                return VaultCiphertext.fromVault(reply.data().path("ciphertext").asText(null), active, "ciphertext");
            }
            byte[] plaintext = decryptWith(key, text, aad);
            try {
                return encryptWith(key, active, plaintext, aad);
            } finally {
                Arrays.fill(plaintext, (byte) 0);
            }
        });
    }

    public byte[] wrap(String name, SecretBytes material) throws KeyStorageException {
        return pinned(name, key -> {
            key.permit(true, KeyPurpose.WRAP);
            int active = key.activeVersion();
            byte[] raw = material.reveal(InsecureSecretAccess.get());
            try {
                return encryptWith(key, active, raw, null);
            } finally {
                Arrays.fill(raw, (byte) 0);
            }
        });
    }

    public SecretBytes unwrap(String name, byte[] wrapped) throws KeyStorageException {
        ManagedKey key = keys.require(name);
        key.permit(true, KeyPurpose.UNWRAP);
        String text = VaultCiphertext.text(wrapped);
        key.requireUsable(VaultCiphertext.version(wrapped));
        byte[] raw = decryptWith(key, text, null);
        try {
            return SecretBytes.copyOf(raw, InsecureSecretAccess.get());
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
    }

    public DataKey generateDataKey(String name) throws KeyStorageException {
        return pinned(name, key -> {
            key.permit(true, KeyPurpose.WRAP);
            int active = key.activeVersion();
            ObjectNode body = client.object();
            body.put("bits", DATA_KEY_BITS);
            body.put("key_version", active);
            VaultReply reply = send("data key from transit key " + name, transit + "/datakey/plaintext/" + name, body);
            byte[] wrapped = VaultCiphertext.fromVault(reply.data().path("ciphertext").asText(null), active, "wrapped data key");
            byte[] raw = base64(reply.data().path("plaintext"), "data key");
            try {
                if (raw.length != DATA_KEY_BITS / 8) {
                    throw new KeyStorageException(Reason.UNAVAILABLE, "Vault returned a data key of the wrong size");
                }
                return new DataKey(SecretBytes.copyOf(raw, InsecureSecretAccess.get()), wrapped, name, active);
            } finally {
                Arrays.fill(raw, (byte) 0);
            }
        });
    }

    public KeySignature sign(String name, byte[] data) throws KeyStorageException {
        return pinned(name, key -> {
            key.permit(false, KeyPurpose.SIGN);
            int active = key.activeVersion();
            ObjectNode body = signatureRequest(key, data);
            body.put("key_version", active);
            VaultReply reply = send("signature with transit key " + name, transit + "/sign/" + name, body);
            String signature = reply.data().path("signature").asText(null);
            VaultCiphertext.fromVault(signature, active, "signature");
            return new KeySignature(name, active, Base64.getDecoder().decode(VaultCiphertext.payload(signature)));
        });
    }

    public boolean verify(String name, int version, byte[] data, byte[] signature) throws KeyStorageException {
        ManagedKey key = keys.require(name);
        key.permit(false, KeyPurpose.VERIFY);
        key.requireUsable(version);
        ObjectNode body = signatureRequest(key, data);
        body.put("signature", "vault:v" + version + ":" + Base64.getEncoder().encodeToString(signature));
        VaultReply reply = client.call("POST", transit + "/verify/" + name, body);
        if (!reply.ok()) {
            KeyStorageException e = VaultErrors.map("verification with transit key " + name, reply);
            if (e.reason() == Reason.INTEGRITY) {
                return false; // not a DER ECDSA signature at all
            }
            throw e;
        }
        JsonNode valid = reply.data().path("valid");
        if (!valid.isBoolean()) {
            throw new KeyStorageException(Reason.UNAVAILABLE, "Vault returned no verification result");
        }
        return valid.asBoolean();
    }

    public byte[] publicKey(String name, int version) throws KeyStorageException {
        ManagedKey key = keys.require(name);
        if (key.algorithm() == KeyAlgorithm.AES_256_GCM) {
            throw new KeyStorageException(Reason.NOT_PERMITTED, "key " + name + " is not an asymmetric key");
        }
        key.requireUsable(version);
        String pem = key.transit().publicKeys().get(version);
        if (pem == null) {
            throw new KeyStorageException(Reason.UNAVAILABLE, "Vault returned no public key for version " + version + " of key " + name);
        }
        try (PemReader reader = new PemReader(new StringReader(pem))) {
            PemObject object = reader.readPemObject();
            if (object == null || !object.getType().equals("PUBLIC KEY")) {
                throw new KeyStorageException(Reason.INTEGRITY, "Vault returned a malformed public key for key " + name);
            }
            byte[] der = object.getContent();
            KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(der)); // well-formed SubjectPublicKeyInfo
            return der;
        } catch (IOException | GeneralSecurityException e) {
            throw new KeyStorageException(Reason.INTEGRITY, "Vault returned a malformed public key for key " + name);
        }
    }

    /** An operation with the active version, checked against a freshly loaded key. */
    @FunctionalInterface
    private interface Pinned<T> {
        T run(ManagedKey key) throws KeyStorageException, StaleVersion;
    }

    /**
     * Vault refused the pinned {@code key_version} because a rotation raised
     * {@code min_encryption_version} after the key was loaded.
     */
    private static final class StaleVersion extends Exception {
        private static final long serialVersionUID = 1L;
        private final KeyStorageException refusal;

        StaleVersion(KeyStorageException refusal) {
            super(null, null, false, false);
            this.refusal = refusal;
        }
    }

    /** Runs {@code op}, loading the key again when a concurrent rotation made its version stale. */
    private <T> T pinned(String name, Pinned<T> op) throws KeyStorageException {
        for (int attempt = 1;; attempt++) {
            try {
                return op.run(keys.require(name));
            } catch (StaleVersion e) {
                if (attempt >= PINNED_ATTEMPTS) {
                    throw e.refusal;
                }
            }
        }
    }

    /** POST, telling a stale pinned version apart from other refusals. */
    private VaultReply send(String what, String path, ObjectNode body) throws KeyStorageException, StaleVersion {
        VaultReply reply = client.call("POST", path, body);
        if (reply.ok()) {
            return reply;
        }
        KeyStorageException refusal = VaultErrors.map(what, reply);
        if (reply.status() == 400 && VaultErrors.detail(reply.errors()).contains(STALE_VERSION)) {
            throw new StaleVersion(refusal);
        }
        throw refusal;
    }

    private byte[] encryptWith(ManagedKey key, int version, byte[] plaintext, byte[] aad) throws KeyStorageException, StaleVersion {
        ObjectNode body = client.object();
        body.put("plaintext", Base64.getEncoder().encodeToString(plaintext));
        body.put("key_version", version);
        if (aad != null && aad.length > 0) {
            body.put("associated_data", Base64.getEncoder().encodeToString(aad));
        }
        VaultReply reply = send("encryption with transit key " + key.name(), transit + "/encrypt/" + key.name(), body);
        return VaultCiphertext.fromVault(reply.data().path("ciphertext").asText(null), version, "ciphertext");
    }

    private byte[] decryptWith(ManagedKey key, String ciphertext, byte[] aad) throws KeyStorageException {
        ObjectNode body = client.object();
        body.put("ciphertext", ciphertext);
        if (aad != null && aad.length > 0) {
            body.put("associated_data", Base64.getEncoder().encodeToString(aad));
        }
        VaultReply reply = client.require("decryption with transit key " + key.name(), "POST", transit + "/decrypt/" + key.name(), body);
        return base64(reply.data().path("plaintext"), "plaintext");
    }

    private ObjectNode signatureRequest(ManagedKey key, byte[] data) {
        ObjectNode body = client.object();
        body.put("input", Base64.getEncoder().encodeToString(data));
        // Vault's default is sha2-256 whatever the curve; CCL signs P-384 with SHA-384.
        body.put("hash_algorithm", key.algorithm() == KeyAlgorithm.EC_P384 ? "sha2-384" : "sha2-256");
        body.put("marshaling_algorithm", "asn1");
        return body;
    }

    private static byte[] base64(JsonNode node, String what) throws KeyStorageException {
        if (!node.isTextual()) {
            throw new KeyStorageException(Reason.UNAVAILABLE, "Vault returned no " + what);
        }
        try {
            return Base64.getDecoder().decode(node.asText());
        } catch (IllegalArgumentException e) {
            throw new KeyStorageException(Reason.UNAVAILABLE, "Vault returned a malformed " + what);
        }
    }
}
