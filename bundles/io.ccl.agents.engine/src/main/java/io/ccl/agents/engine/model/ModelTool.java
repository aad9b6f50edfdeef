package io.ccl.agents.engine.model;

import io.ccl.keys.api.ResourcePath;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Encrypts a model into a models directory and records it in the manifest. Also a command:
 *
 * <pre>
 * java -cp io.ccl.agents.engine.jar:io.ccl.keys.api.jar:jackson-databind.jar:jackson-core.jar:jackson-annotations.jar:slf4j-api.jar \
 *      io.ccl.agents.engine.model.ModelTool DIR NAME MODEL_FILE KEY_FILE KEY_PATH
 * </pre>
 *
 * KEY_FILE holds the 32 raw key bytes; store the same bytes in the key store under KEY_PATH
 * ({@code ccl:secrets put KEY_PATH --file KEY_FILE}) and list KEY_PATH in the runtime's
 * {@code secrets} so that an attested runtime receives it. Prints {@code NAME sha256:HEX}.
 */
public final class ModelTool {
    private ModelTool() {
    }

    /**
     * Seals {@code plaintext} as {@code name} into {@code dir} ({@code name.cclm}) and sets its
     * manifest entry. Files are written atomically.
     *
     * @return the plaintext's hex SHA-256
     */
    public static String seal(Path dir, String name, byte[] plaintext, byte[] key, ResourcePath keyPath)
            throws IOException, GeneralSecurityException {
        if (!ModelManifest.NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("model name must match " + ModelManifest.NAME.pattern());
        }
        Files.createDirectories(dir);
        String file = name + ".cclm";
        ModelManifest.writeAtomically(dir.resolve(file), ModelFile.seal(name, plaintext, key));
        String digest = HexFormat.of().formatHex(ModelStore.sha256(plaintext));
        ModelManifest.read(dir).with(name, new ModelManifest.Entry(file, digest, keyPath.toString())).write(dir);
        return digest;
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length != 5) {
            err.println("usage: ModelTool DIR NAME MODEL_FILE KEY_FILE KEY_PATH");
            return 2;
        }
        byte[] key = null;
        byte[] model = null;
        try {
            key = Files.readAllBytes(Path.of(args[3]));
            if (key.length != ModelFile.KEY_BYTES) {
                err.println("error: KEY_FILE must hold exactly " + ModelFile.KEY_BYTES + " bytes");
                return 1;
            }
            model = Files.readAllBytes(Path.of(args[2]));
            String digest = seal(Path.of(args[0]), args[1], model, key, ResourcePath.parse(args[4]));
            out.println(args[1] + " sha256:" + digest);
            return 0;
        } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
            err.println("error: " + e.getClass().getSimpleName() + ": " + e.getMessage());
            return 1;
        } finally {
            if (key != null) {
                Arrays.fill(key, (byte) 0);
            }
            if (model != null) {
                Arrays.fill(model, (byte) 0);
            }
        }
    }
}
