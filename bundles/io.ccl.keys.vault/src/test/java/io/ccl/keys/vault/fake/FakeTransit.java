package io.ccl.keys.vault.fake;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.StringWriter;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;

/**
 * The Transit engine with real cryptography: {@code aes256-gcm96} (AES-256-GCM, 96-bit random
 * nonce, ciphertext {@code vault:v<N>:base64(nonce || ciphertext || tag)}, {@code associated_data}
 * as GCM AAD), {@code ecdsa-p256} and {@code ecdsa-p384} (ASN.1 DER signatures over the
 * {@code hash_algorithm} digest, public keys as PEM in the key read). Key paths: create, read,
 * list, delete (only with {@code deletion_allowed}), config (with Vault's checks of
 * {@code min_decryption_version} and {@code min_encryption_version}), rotate; operations: encrypt
 * (with upsert on a create-capable request), decrypt, rewrap, datakey, sign, verify. Error
 * messages are OpenBao's {@code keysutil} strings. Simplifications: no derivation, convergent
 * encryption, batch input, export, backup, trim, soft delete or other key types.
 */
final class FakeTransit implements FakeEngine {
    static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    static final String TOO_OLD = "ciphertext or signature version is disallowed by policy (too old)";

    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final TreeMap<String, Key> keys = new TreeMap<>();

    /** One key ring; versions numbered from 1. */
    static final class Key {
        final String name;
        final String type;
        final List<Object> material = new ArrayList<>();
        final List<Instant> created = new ArrayList<>();
        int minDecryption = 1;
        int minEncryption;
        boolean deletionAllowed;

        Key(String name, String type) {
            this.name = name;
            this.type = type;
        }

        int latest() {
            return material.size();
        }

        boolean symmetric() {
            return type.equals("aes256-gcm96");
        }

        Object version(int v) {
            return material.get(v - 1);
        }

        int minDecryption() {
            return minDecryption;
        }

        int minEncryption() {
            return minEncryption;
        }
    }

    FakeTransit(Clock clock) {
        this.clock = clock;
    }

    /** For tests: the key as the fake holds it, or null. */
    synchronized Key key(String name) {
        return keys.get(name);
    }

    @Override
    public boolean exists(String sub) {
        String[] parts = sub.split("/");
        if (parts.length == 2 && (parts[0].equals("keys") || parts[0].equals("encrypt"))) {
            return keys.containsKey(parts[1]);
        }
        return true;
    }

    @Override
    public ObjectNode handle(FakeCall call, String sub) {
        String[] p = sub.split("/");
        if (p.length == 1 && p[0].equals("keys") && call.op() == FakeCall.Op.LIST) {
            if (keys.isEmpty()) {
                throw FakeError.notFound();
            }
            ObjectNode body = JSON.objectNode();
            var array = body.putObject("data").putArray("keys");
            keys.keySet().forEach(array::add);
            return body;
        }
        if (p.length < 2 || !p[1].matches("\\w(([\\w.@-]+)?\\w)?")) {
            throw new FakeError(404, "unsupported path");
        }
        String name = p[1];
        switch (p[0]) {
            case "keys":
                return p.length == 2 ? keyPath(call, name) : keySubPath(call, name, p.length == 3 ? p[2] : "");
            case "encrypt":
                return update(call, () -> encrypt(call, name));
            case "decrypt":
                return update(call, () -> FakeTransitCrypto.decrypt(require(name, "encryption key not found"), call));
            case "rewrap":
                return update(call, () -> FakeTransitCrypto.rewrap(require(name, "encryption key not found"), call, random));
            case "datakey":
                if (p.length != 3 || !(p[1].equals("plaintext") || p[1].equals("wrapped"))) {
                    throw FakeError.badRequest("Invalid path, must be 'plaintext' or 'wrapped'");
                }
                return update(call, () -> FakeTransitCrypto.datakey(require(p[2], "encryption key not found"), call, p[1].equals("plaintext"), random));
            case "sign":
                return update(call, () -> FakeTransitCrypto.sign(require(name, "signing key not found"), call, p.length == 3 ? p[2] : null));
            case "verify":
                return update(call, () -> FakeTransitCrypto.verify(require(name, "signature verification key not found"), call,
                        p.length == 3 ? p[2] : null));
            default:
                throw new FakeError(404, "unsupported path");
        }
    }

    private interface Body {
        ObjectNode get();
    }

    private static ObjectNode update(FakeCall call, Body body) {
        if (call.op() != FakeCall.Op.CREATE && call.op() != FakeCall.Op.UPDATE) {
            throw new FakeError(405, "unsupported operation");
        }
        return body.get();
    }

    private Key require(String name, String missing) {
        Key k = keys.get(name);
        if (k == null) {
            throw FakeError.badRequest(missing);
        }
        return k;
    }

    private ObjectNode keyPath(FakeCall call, String name) {
        switch (call.op()) {
            case READ:
                Key k = keys.get(name);
                if (k == null) {
                    throw FakeError.notFound();
                }
                return describe(k);
            case CREATE:
            case UPDATE: {
                String type = call.body().path("type").asText("aes256-gcm96");
                Key existing = keys.get(name);
                if (existing != null) {
                    ObjectNode body = describe(existing);
                    body.putArray("warnings").add("key " + name + " already existed");
                    return body;
                }
                return describe(create(name, type));
            }
            case DELETE: {
                Key k2 = keys.get(name);
                if (k2 == null) {
                    throw FakeError.badRequest("error deleting policy " + name + ": could not delete key; not found");
                }
                if (!k2.deletionAllowed) {
                    throw FakeError.badRequest("error deleting policy " + name + ": deletion is not allowed for this key");
                }
                keys.remove(name);
                return null;
            }
            default:
                throw new FakeError(405, "unsupported operation");
        }
    }

    private ObjectNode keySubPath(FakeCall call, String name, String what) {
        if (call.op() != FakeCall.Op.UPDATE && call.op() != FakeCall.Op.CREATE) {
            throw new FakeError(405, "unsupported operation");
        }
        Key k = keys.get(name);
        switch (what) {
            case "rotate":
                if (k == null) {
                    throw FakeError.badRequest("key not found");
                }
                addVersion(k);
                return describe(k);
            case "config":
                if (k == null) {
                    throw FakeError.badRequest("no existing key named " + name + " could be found");
                }
                configure(k, call);
                return describe(k);
            default:
                throw new FakeError(404, "unsupported path");
        }
    }

    /** Vault's pathKeysConfigWrite checks, in its order. */
    private static void configure(Key k, FakeCall call) {
        int minDecryption = k.minDecryption;
        int minEncryption = k.minEncryption;
        if (call.body().has("min_decryption_version")) {
            int v = call.integer("min_decryption_version", 0);
            if (v < 0) {
                throw FakeError.badRequest("min decryption version cannot be negative");
            }
            v = Math.max(1, v);
            if (v != minDecryption && v > k.latest()) {
                throw FakeError.badRequest("cannot set min decryption version of " + v + ", latest key version is " + k.latest());
            }
            minDecryption = v;
        }
        if (call.body().has("min_encryption_version")) {
            int v = call.integer("min_encryption_version", 0);
            if (v < 0) {
                throw FakeError.badRequest("min encryption version cannot be negative");
            }
            if (v != minEncryption && v > k.latest()) {
                throw FakeError.badRequest("cannot set min encryption version of " + v + ", latest key version is " + k.latest());
            }
            minEncryption = v;
        }
        if (minEncryption > 0 && minEncryption < minDecryption) {
            throw FakeError.badRequest("cannot set min encryption/decryption values; min encryption version of " + minEncryption
                    + " must be greater than or equal to min decryption version of " + minDecryption);
        }
        k.minDecryption = minDecryption;
        k.minEncryption = minEncryption;
        if (call.body().has("deletion_allowed")) {
            k.deletionAllowed = call.body().path("deletion_allowed").asBoolean();
        }
    }

    private ObjectNode encrypt(FakeCall call, String name) {
        Key k = keys.get(name);
        if (k == null) {
            if (call.op() != FakeCall.Op.CREATE) {
                throw FakeError.badRequest("encryption key not found");
            }
            String type = call.body().path("type").asText("aes256-gcm96");
            if (!type.equals("aes256-gcm96")) {
                throw FakeError.badRequest("key type " + type + " not supported for this operation");
            }
            k = create(name, type); // upsert: the token holds the create capability
        }
        return FakeTransitCrypto.encrypt(k, call, random);
    }

    private Key create(String name, String type) {
        if (!type.equals("aes256-gcm96") && !type.equals("ecdsa-p256") && !type.equals("ecdsa-p384")) {
            throw FakeError.badRequest("unknown key type " + type);
        }
        Key k = new Key(name, type);
        addVersion(k);
        keys.put(name, k);
        return k;
    }

    private void addVersion(Key k) {
        try {
            if (k.symmetric()) {
                byte[] raw = new byte[32];
                random.nextBytes(raw);
                k.material.add(new SecretKeySpec(raw, "AES"));
            } else {
                KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
                g.initialize(new ECGenParameterSpec(k.type.equals("ecdsa-p256") ? "secp256r1" : "secp384r1"), random);
                k.material.add(g.generateKeyPair());
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        k.created.add(clock.instant());
    }

    private static ObjectNode describe(Key k) {
        ObjectNode body = JSON.objectNode();
        ObjectNode d = body.putObject("data");
        d.put("name", k.name);
        d.put("type", k.type);
        d.put("derived", false);
        d.put("deletion_allowed", k.deletionAllowed);
        d.put("min_available_version", 0);
        d.put("min_decryption_version", k.minDecryption);
        d.put("min_encryption_version", k.minEncryption);
        d.put("latest_version", k.latest());
        d.put("exportable", false);
        d.put("allow_plaintext_backup", false);
        d.put("supports_encryption", k.symmetric());
        d.put("supports_decryption", k.symmetric());
        d.put("supports_signing", !k.symmetric());
        d.put("supports_derivation", k.symmetric());
        d.put("auto_rotate_period", 0);
        d.put("imported_key", false);
        ObjectNode versions = d.putObject("keys");
        for (int v = 1; v <= k.latest(); v++) {
            Instant created = k.created.get(v - 1);
            if (k.symmetric()) {
                versions.put(String.valueOf(v), created.getEpochSecond());
            } else {
                ObjectNode e = versions.putObject(String.valueOf(v));
                e.put("name", k.type.equals("ecdsa-p256") ? "P-256" : "P-384");
                e.put("public_key", pem(((KeyPair) k.version(v)).getPublic().getEncoded()));
                e.put("certificate_chain", "");
                e.put("creation_time", created.toString());
            }
        }
        return body;
    }

    private static String pem(byte[] spki) {
        StringWriter out = new StringWriter();
        try (PemWriter w = new PemWriter(out)) {
            w.writeObject(new PemObject("PUBLIC KEY", spki));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toString();
    }

    /** Names and latest versions, for tests. */
    synchronized Map<String, Integer> latestVersions() {
        Map<String, Integer> out = new TreeMap<>();
        keys.forEach((n, k) -> out.put(n, k.latest()));
        return out;
    }
}
