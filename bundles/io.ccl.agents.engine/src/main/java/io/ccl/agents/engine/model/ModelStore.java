package io.ccl.agents.engine.model;

import io.ccl.agents.api.ModelInfo;
import io.ccl.agents.api.ModelRefusedException;
import io.ccl.keys.api.InsecureSecretAccess;
import io.ccl.keys.api.ResourcePath;
import io.ccl.keys.api.SecretBytes;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The encrypted models of a runtime: a directory holding {@code manifest.json} and one
 * {@link ModelFile} per model. A model is decrypted in memory only, with the AES-256 key the runtime
 * received from the key broker after attestation ({@code ConfidentialRuntime.secret(key path)}), and
 * handed out only when the SHA-256 of its plaintext equals the manifest's digest (and the digest
 * pinned in the agent type's configuration, when there is one). The manifest is read at every load,
 * so models can be added while the runtime runs.
 */
public final class ModelStore {
    private static final Logger LOG = LoggerFactory.getLogger(ModelStore.class);

    private final Path dir;
    private final long maxBytes;
    private final Function<ResourcePath, Optional<SecretBytes>> keys;

    /**
     * @param dir the models directory
     * @param maxBytes largest encrypted file accepted
     * @param keys the runtime's provisioned secrets
     */
    public ModelStore(Path dir, long maxBytes, Function<ResourcePath, Optional<SecretBytes>> keys) {
        this.dir = Objects.requireNonNull(dir, "dir");
        this.maxBytes = maxBytes;
        this.keys = Objects.requireNonNull(keys, "keys");
    }

    public Path directory() {
        return dir;
    }

    /** The manifest's models (name and digest); empty when it is absent or invalid. */
    public List<ModelInfo> list() {
        try {
            return ModelManifest.read(dir).models().entrySet().stream()
                    .map(e -> new ModelInfo(e.getKey(), e.getValue().sha256())).toList();
        } catch (IOException e) {
            LOG.error("models manifest in {} is unusable: {}", dir, e.getMessage());
            return List.of();
        }
    }

    /**
     * Loads and verifies a model.
     *
     * @param pinnedSha256 a digest the configuration requires, or null
     * @return the plaintext (the caller's to wipe) and its digest
     */
    public Loaded load(String name, String pinnedSha256) throws ModelRefusedException {
        ModelManifest.Entry entry = entry(name);
        byte[] file = readFile(name, entry);
        byte[] key = null;
        byte[] plain = null;
        try {
            SecretBytes secret = keys.apply(entry.keyPath()).orElseThrow(() -> new ModelRefusedException(
                    ModelRefusedException.Reason.KEY_UNAVAILABLE, "the runtime does not hold the key of model '" + name
                            + "' (" + entry.key() + "): not provisioned or not READY"));
            try {
                key = secret.reveal(InsecureSecretAccess.get());
            } catch (IllegalStateException e) {
                throw new ModelRefusedException(ModelRefusedException.Reason.KEY_UNAVAILABLE,
                        "the key of model '" + name + "' was dropped by the runtime");
            }
            plain = ModelFile.open(name, file, key);
            byte[] digest = sha256(plain);
            byte[] expected = HexFormat.of().parseHex(entry.sha256());
            boolean pinOk = pinnedSha256 == null || MessageDigest.isEqual(digest, HexFormat.of().parseHex(pinnedSha256));
            if (!MessageDigest.isEqual(digest, expected) || !pinOk) {
                Arrays.fill(plain, (byte) 0);
                plain = null;
                LOG.warn("model {} refused: plaintext sha256:{} does not match the {}", name,
                        HexFormat.of().formatHex(digest), pinOk ? "manifest" : "digest pinned in the configuration");
                throw new ModelRefusedException(ModelRefusedException.Reason.DIGEST_MISMATCH, "model '" + name
                        + "' decrypts to sha256:" + HexFormat.of().formatHex(digest) + ", expected sha256:"
                        + (pinOk ? entry.sha256() : pinnedSha256));
            }
            return new Loaded(name, entry.sha256(), plain);
        } finally {
            if (key != null) {
                Arrays.fill(key, (byte) 0);
            }
        }
    }

    /** A verified plaintext model. */
    public record Loaded(String name, String sha256, byte[] plaintext) {
        @Override
        public String toString() {
            return "Loaded[" + name + ", sha256:" + sha256 + ", " + plaintext.length + " bytes]";
        }
    }

    private ModelManifest.Entry entry(String name) throws ModelRefusedException {
        ModelManifest manifest;
        try {
            manifest = ModelManifest.read(dir);
        } catch (IOException e) {
            throw new ModelRefusedException(ModelRefusedException.Reason.NOT_IN_MANIFEST,
                    "the models manifest is unusable: " + e.getMessage());
        }
        ModelManifest.Entry entry = manifest.models().get(name);
        if (entry == null) {
            throw new ModelRefusedException(ModelRefusedException.Reason.NOT_IN_MANIFEST,
                    "no model '" + name + "' in the manifest");
        }
        return entry;
    }

    private byte[] readFile(String name, ModelManifest.Entry entry) throws ModelRefusedException {
        Path file = dir.resolve(entry.file());
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
            if (bytes.length > maxBytes) {
                throw new ModelRefusedException(ModelRefusedException.Reason.TOO_LARGE,
                        "model '" + name + "' is larger than " + maxBytes + " bytes");
            }
            return bytes;
        } catch (NoSuchFileException e) {
            throw new ModelRefusedException(ModelRefusedException.Reason.FILE_UNREADABLE,
                    "the file of model '" + name + "' is missing");
        } catch (IOException e) {
            throw new ModelRefusedException(ModelRefusedException.Reason.FILE_UNREADABLE,
                    "the file of model '" + name + "' cannot be read");
        }
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is mandatory in every JDK", e);
        }
    }
}
