package io.ccl.keys.pkcs11.token;

import io.ccl.keys.api.KeyStorageException;
import io.ccl.keys.api.KeyStorageException.Reason;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Arrays;
import java.util.Objects;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the user PIN comes from: a file or an environment variable, never the configuration
 * itself. The PIN is read once when the store opens and kept as a {@code char[]} for re-login;
 * {@link TokenSessions#close()} zeroes it.
 */
public final class PinSource {
    private static final Logger LOG = LoggerFactory.getLogger(PinSource.class);
    private static final int MAX_PIN_BYTES = 256;

    private final Path file;
    private final String variable;
    private final UnaryOperator<String> environment;

    private PinSource(Path file, String variable, UnaryOperator<String> environment) {
        this.file = file;
        this.variable = variable;
        this.environment = environment;
    }

    /** The PIN is the content of {@code file}, without a trailing line break. */
    public static PinSource file(Path file) {
        return new PinSource(Objects.requireNonNull(file, "file"), null, null);
    }

    /** The PIN is the value of the environment variable {@code name}. */
    public static PinSource environment(String name) {
        return environment(name, System::getenv);
    }

    /** As {@link #environment(String)}, reading variables through {@code environment} (tests). */
    public static PinSource environment(String name, UnaryOperator<String> environment) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("environment variable name is empty");
        }
        return new PinSource(null, name, Objects.requireNonNull(environment, "environment"));
    }

    /** Where the PIN comes from, for messages; never the PIN. */
    public String describe() {
        return file != null ? "PIN file " + file : "environment variable " + variable;
    }

    /**
     * Reads the PIN. The caller owns the array and zeroes it.
     *
     * @throws KeyStorageException {@code UNAVAILABLE} when the source is missing, empty or unreadable
     */
    public char[] read() throws KeyStorageException {
        if (file != null) {
            return readFile();
        }
        String value = environment.apply(variable);
        if (value == null || value.isEmpty()) {
            throw new KeyStorageException(Reason.UNAVAILABLE, describe() + " is not set or empty");
        }
        // A String from the environment cannot be zeroed; the process environment holds it anyway.
        return value.toCharArray();
    }

    private char[] readFile() throws KeyStorageException {
        byte[] bytes;
        try {
            warnIfShared();
            if (Files.size(file) > MAX_PIN_BYTES) {
                throw new KeyStorageException(Reason.UNAVAILABLE, describe() + " is larger than " + MAX_PIN_BYTES + " bytes");
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new KeyStorageException(Reason.UNAVAILABLE, "cannot read " + describe() + ": " + e.getClass().getSimpleName());
        }
        try {
            int length = bytes.length;
            while (length > 0 && (bytes[length - 1] == '\n' || bytes[length - 1] == '\r')) {
                length--;
            }
            if (length == 0) {
                throw new KeyStorageException(Reason.UNAVAILABLE, describe() + " is empty");
            }
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, 0, length));
            char[] pin = new char[chars.remaining()];
            chars.get(pin);
            Arrays.fill(chars.array(), '\0');
            return pin;
        } catch (CharacterCodingException e) {
            throw new KeyStorageException(Reason.UNAVAILABLE, describe() + " is not UTF-8");
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    private void warnIfShared() throws IOException {
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            if (permissions.contains(PosixFilePermission.GROUP_READ) || permissions.contains(PosixFilePermission.OTHERS_READ)) {
                LOG.warn("{} is readable by group or others; make it rw------- (chmod 600)", describe());
            }
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system: nothing to check.
        }
    }

    @Override
    public String toString() {
        return describe();
    }
}
