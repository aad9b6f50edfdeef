package io.ccl.agents.engine.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ccl.agents.api.ModelInfo;
import io.ccl.agents.api.ModelRefusedException;
import io.ccl.agents.api.ModelRefusedException.Reason;
import io.ccl.keys.api.InsecureSecretAccess;
import io.ccl.keys.api.ResourcePath;
import io.ccl.keys.api.SecretBytes;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelStoreTest {
    private static final ResourcePath KEY = ResourcePath.parse("default/model-key/lexicon");
    private static final byte[] MODEL = "weights: 0.25 0.5 0.75".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path dir;
    private final byte[] key = random(32);
    private final Map<ResourcePath, SecretBytes> held = new HashMap<>();

    private ModelStore store() {
        return new ModelStore(dir, 1 << 20, p -> Optional.ofNullable(held.get(p)));
    }

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        new SecureRandom().nextBytes(b);
        return b;
    }

    private String seal(String name, byte[] plaintext) throws Exception {
        held.put(KEY, SecretBytes.copyOf(key, InsecureSecretAccess.get()));
        return ModelTool.seal(dir, name, plaintext, key, KEY);
    }

    private static Reason refusal(ModelStore store, String name, String pin) {
        return assertThrows(ModelRefusedException.class, () -> store.load(name, pin)).reason();
    }

    @Test
    void aSealedModelLoadsWithItsDigestAndIsNotStoredInClear() throws Exception {
        String digest = seal("lexicon", MODEL);
        ModelStore.Loaded l = store().load("lexicon", null);
        assertArrayEquals(MODEL, l.plaintext());
        assertEquals(digest, l.sha256());
        assertEquals(HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(MODEL)), digest);
        assertEquals(List.of(new ModelInfo("lexicon", digest)), store().list());
        byte[] file = Files.readAllBytes(dir.resolve("lexicon.cclm"));
        assertFalse(new String(file, StandardCharsets.ISO_8859_1).contains("weights"));
        String manifest = Files.readString(dir.resolve(ModelManifest.FILE));
        assertTrue(manifest.contains("\"key\" : \"default/model-key/lexicon\""), manifest);
        assertEquals(digest, store().load("lexicon", digest).sha256(), "a matching pin passes");
    }

    @Test
    void everyAlteredByteIsRefused() throws Exception {
        seal("lexicon", MODEL);
        Path f = dir.resolve("lexicon.cclm");
        byte[] good = Files.readAllBytes(f);
        for (int i = 0; i < good.length; i++) {
            byte[] bad = good.clone();
            bad[i] ^= 0x01;
            Files.write(f, bad);
            Reason r = refusal(store(), "lexicon", null);
            assertTrue(r == Reason.MALFORMED || r == Reason.DECRYPTION_FAILED, "byte " + i + ": " + r);
        }
        Files.write(f, java.util.Arrays.copyOf(good, good.length - 1));
        assertEquals(Reason.DECRYPTION_FAILED, refusal(store(), "lexicon", null));
    }

    @Test
    void aModelThatDecryptsButDoesNotMatchTheManifestIsRefused() throws Exception {
        String original = seal("lexicon", MODEL);
        // Someone holding the key replaces the model and keeps the manifest's digest.
        Files.write(dir.resolve("lexicon.cclm"), ModelFile.seal("lexicon", "weights: 9 9 9".getBytes(), key));
        ModelRefusedException e = assertThrows(ModelRefusedException.class, () -> store().load("lexicon", null));
        assertEquals(Reason.DIGEST_MISMATCH, e.reason());
        assertEquals("MODEL_DIGEST_MISMATCH", e.code());
        assertTrue(e.getMessage().contains(original));
        // A digest pinned in the configuration must match too.
        seal("lexicon", MODEL);
        assertEquals(Reason.DIGEST_MISMATCH, refusal(store(), "lexicon", "0".repeat(64)));
    }

    @Test
    void filesAreBoundToTheirNames() throws Exception {
        seal("alpha", MODEL);
        seal("beta", "other".getBytes());
        Files.copy(dir.resolve("alpha.cclm"), dir.resolve("beta.cclm"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertEquals(Reason.DECRYPTION_FAILED, refusal(store(), "beta", null));
    }

    @Test
    void missingPiecesAreTypedRefusals() throws Exception {
        assertEquals(Reason.NOT_IN_MANIFEST, refusal(store(), "lexicon", null), "no manifest at all");
        seal("lexicon", MODEL);
        assertEquals(Reason.NOT_IN_MANIFEST, refusal(store(), "other", null));
        held.clear();
        assertEquals(Reason.KEY_UNAVAILABLE, refusal(store(), "lexicon", null));
        held.put(KEY, SecretBytes.copyOf(random(16), InsecureSecretAccess.get()));
        assertEquals(Reason.KEY_UNAVAILABLE, refusal(store(), "lexicon", null), "not an AES-256 key");
        held.put(KEY, SecretBytes.copyOf(random(32), InsecureSecretAccess.get()));
        assertEquals(Reason.DECRYPTION_FAILED, refusal(store(), "lexicon", null), "another key");
        held.put(KEY, SecretBytes.copyOf(key, InsecureSecretAccess.get()));
        assertEquals(Reason.TOO_LARGE, assertThrows(ModelRefusedException.class,
                () -> new ModelStore(dir, 10, p -> Optional.ofNullable(held.get(p))).load("lexicon", null)).reason());
        Files.delete(dir.resolve("lexicon.cclm"));
        assertEquals(Reason.FILE_UNREADABLE, refusal(store(), "lexicon", null));
        Files.writeString(dir.resolve(ModelManifest.FILE), "{\"schema\":\"ccl.models/1\",\"models\":{\"x\":"
                + "{\"file\":\"../../etc/passwd\",\"sha256\":\"" + "a".repeat(64) + "\",\"key\":\"a/b/c\"}}}");
        assertEquals(Reason.NOT_IN_MANIFEST, refusal(store(), "x", null), "paths cannot leave the directory");
        assertEquals(List.of(), store().list());
    }

    @Test
    void theToolSealsFromFiles() throws Exception {
        Path model = dir.resolve("in.bin");
        Path keyFile = dir.resolve("key.bin");
        Files.write(model, MODEL);
        Files.write(keyFile, key);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Path models = dir.resolve("models");
        int rc = ModelTool.run(new String[] {models.toString(), "lexicon", model.toString(), keyFile.toString(),
            KEY.toString()}, new PrintStream(out), new PrintStream(err));
        assertEquals(0, rc, err.toString());
        assertTrue(out.toString().startsWith("lexicon sha256:"));
        held.put(KEY, SecretBytes.copyOf(key, InsecureSecretAccess.get()));
        assertArrayEquals(MODEL, new ModelStore(models, 1 << 20, p -> Optional.ofNullable(held.get(p)))
                .load("lexicon", null).plaintext());
        Files.write(keyFile, random(31));
        assertEquals(1, ModelTool.run(new String[] {models.toString(), "lexicon", model.toString(), keyFile.toString(),
            KEY.toString()}, new PrintStream(out), new PrintStream(err)));
        assertEquals(2, ModelTool.run(new String[0], new PrintStream(out), new PrintStream(err)));
    }
}
