package io.ccl.agents.engine.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.ccl.keys.api.ResourcePath;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * {@code manifest.json} of a models directory:
 *
 * <pre>
 * {"schema": "ccl.models/1",
 *  "models": {"NAME": {"file": "NAME.cclm", "sha256": "HEX of the plaintext", "key": "repo/type/tag"}}}
 * </pre>
 *
 * Unknown members are refused; names match {@code [a-z0-9][a-z0-9._-]{0,63}}, files are plain file
 * names inside the directory, digests 64 lower-case hex digits, keys valid resource paths.
 */
public record ModelManifest(@JsonProperty("schema") String schema, @JsonProperty("models") Map<String, Entry> models) {
    /** The file name. */
    public static final String FILE = "manifest.json";
    /** The schema value. */
    public static final String SCHEMA = "ccl.models/1";
    static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}");
    private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");
    static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(SerializationFeature.INDENT_OUTPUT);

    /** One model. */
    public record Entry(@JsonProperty("file") String file, @JsonProperty("sha256") String sha256,
            @JsonProperty("key") String key) {
        /** The key's resource path. */
        public ResourcePath keyPath() {
            return ResourcePath.parse(key);
        }
    }

    public ModelManifest {
        models = models == null ? Map.of() : new TreeMap<>(models);
    }

    /** An empty manifest. */
    public static ModelManifest empty() {
        return new ModelManifest(SCHEMA, Map.of());
    }

    /**
     * Reads and validates {@code dir/manifest.json}; an absent file is an empty manifest.
     *
     * @throws IOException when it cannot be read or does not validate (the message names the
     *         member, never a value)
     */
    public static ModelManifest read(Path dir) throws IOException {
        byte[] raw;
        try {
            raw = Files.readAllBytes(dir.resolve(FILE));
        } catch (NoSuchFileException e) {
            return empty();
        }
        ModelManifest m = JSON.readValue(raw, ModelManifest.class);
        m.validate();
        return m;
    }

    void validate() throws IOException {
        if (!SCHEMA.equals(schema)) {
            throw new IOException("manifest schema must be " + SCHEMA);
        }
        for (Map.Entry<String, Entry> e : models.entrySet()) {
            Entry v = e.getValue();
            if (!NAME.matcher(e.getKey()).matches() || v == null || v.file() == null || v.sha256() == null
                    || v.key() == null) {
                throw new IOException("manifest entry with an invalid name or a missing member");
            }
            if (!FILE_NAME.matcher(v.file()).matches() || !HEX.matcher(v.sha256()).matches()) {
                throw new IOException("manifest entry '" + e.getKey() + "' has an invalid file or sha256");
            }
            try {
                v.keyPath();
            } catch (IllegalArgumentException ex) {
                throw new IOException("manifest entry '" + e.getKey() + "' has an invalid key path");
            }
        }
    }

    /** This manifest with {@code name} set to {@code entry}. */
    public ModelManifest with(String name, Entry entry) {
        Map<String, Entry> m = new TreeMap<>(models);
        m.put(Objects.requireNonNull(name), Objects.requireNonNull(entry));
        return new ModelManifest(SCHEMA, m);
    }

    /** Writes {@code dir/manifest.json} atomically (temporary file, then rename). */
    public void write(Path dir) throws IOException {
        validate();
        writeAtomically(dir.resolve(FILE), JSON.writeValueAsBytes(this));
    }

    static void writeAtomically(Path target, byte[] bytes) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.write(tmp, bytes);
        try {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
