package io.ccl.shell;

import io.ccl.keys.api.InsecureSecretAccess;
import io.ccl.keys.api.KeyManagement;
import io.ccl.keys.api.KeyStorageException;
import io.ccl.keys.api.ResourcePath;
import io.ccl.keys.api.SecretBytes;
import io.ccl.keys.api.SecretVersion;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code ccl:secrets [list | versions PATH | put PATH --file F [--cas N] | delete PATH]}: secret
 * names and version metadata; writes read the value from a file, so it never appears in the
 * command line, the shell history or the output. Values are never shown.
 */
@Component(service = SecretsCommand.class, property = {"osgi.command.scope=ccl", "osgi.command.function=secrets"})
public final class SecretsCommand {
    static final String SYNOPSIS = "ccl:secrets [list | versions PATH | put PATH --file FILE [--cas N] | delete PATH]";
    /** Largest value file read (the local store's limit). */
    static final int MAX_VALUE_BYTES = 1 << 20;

    private final KeyManagement management;

    @Activate
    public SecretsCommand(@Reference KeyManagement management) {
        this.management = management;
    }

    public String secrets() {
        return secrets("list");
    }

    public String secrets(String action, String... args) {
        try {
            return switch (action) {
                case "list" -> args.length == 0 ? list() : KeyText.usage(SYNOPSIS);
                case "versions" -> args.length == 1 ? versions(ResourcePath.parse(args[0])) : KeyText.usage(SYNOPSIS);
                case "put" -> args.length >= 1 ? put(args) : KeyText.usage(SYNOPSIS);
                case "delete" -> args.length == 1 ? delete(ResourcePath.parse(args[0])) : KeyText.usage(SYNOPSIS);
                default -> KeyText.usage(SYNOPSIS);
            };
        } catch (KeyStorageException e) {
            return KeyText.error(e);
        } catch (IllegalArgumentException e) {
            return KeyText.error("INVALID_ARGUMENT", e.getMessage());
        }
    }

    private String list() throws KeyStorageException {
        List<ResourcePath> paths = management.listSecrets();
        if (paths.isEmpty()) {
            return "no secrets";
        }
        Table t = new Table("PATH");
        paths.forEach(t::row);
        return t.toString();
    }

    private String versions(ResourcePath path) throws KeyStorageException {
        List<SecretVersion> versions = management.secretVersions(path);
        if (versions.isEmpty()) {
            return KeyText.error("NOT_FOUND", "no secret '" + path + "'");
        }
        Table t = new Table("VERSION", "STATE", "CREATED");
        versions.forEach(v -> t.row(v.version(), v.state(), v.createdAt()));
        return path + "\n" + t;
    }

    private String put(String[] args) throws KeyStorageException {
        ResourcePath path = ResourcePath.parse(args[0]);
        String fileName;
        String casText;
        try {
            CommandLine cl = CommandLine.parse(Arrays.copyOfRange(args, 1, args.length), Set.of("--file", "--cas"));
            if (!cl.positional().isEmpty() || cl.word("--file").isEmpty()) {
                return KeyText.usage(SYNOPSIS);
            }
            fileName = cl.word("--file").get();
            casText = cl.word("--cas").orElse(null);
        } catch (IllegalArgumentException e) {
            return KeyText.usage(SYNOPSIS + " (" + e.getMessage() + ")");
        }
        OptionalInt cas = OptionalInt.empty();
        if (casText != null) {
            if (!casText.matches("0|[1-9][0-9]{0,8}")) {
                return KeyText.error("INVALID_ARGUMENT", "--cas must be 0 (must not exist) or a version");
            }
            cas = OptionalInt.of(Integer.parseInt(casText));
        }
        Path file = Path.of(fileName).toAbsolutePath();
        byte[] value;
        try (InputStream in = Files.newInputStream(file)) {
            value = in.readNBytes(MAX_VALUE_BYTES + 1);
        } catch (NoSuchFileException e) {
            return KeyText.error("FILE", file + " does not exist");
        } catch (AccessDeniedException e) {
            return KeyText.error("FILE", file + " cannot be read: permission denied");
        } catch (IOException e) {
            return KeyText.error("FILE", file + " cannot be read");
        }
        SecretBytes secret = SecretBytes.copyOf(value, InsecureSecretAccess.get());
        try {
            if (value.length > MAX_VALUE_BYTES) {
                return KeyText.error("INVALID_ARGUMENT", file + " is larger than " + MAX_VALUE_BYTES + " bytes");
            }
            if (value.length == 0) {
                return KeyText.error("INVALID_ARGUMENT", file + " is empty");
            }
            int version = management.putSecret(KeyText.actor(), path, secret, cas);
            return "wrote " + path + " version " + version;
        } finally {
            Arrays.fill(value, (byte) 0);
            secret.destroy();
        }
    }

    private String delete(ResourcePath path) throws KeyStorageException {
        return management.deleteSecret(KeyText.actor(), path) ? "deleted " + path + " (every version)"
                : KeyText.error("NOT_FOUND", "no secret '" + path + "'");
    }
}
