package io.ccl.keys.vault.auth;

import io.ccl.keys.api.KeyStorageException;
import io.ccl.keys.api.KeyStorageException.Reason;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Where a credential (token, AppRole secret_id, JWT) comes from. It is read afresh at every login,
 * so a file rewritten by Vault Agent, a Kubernetes secret mount or the runtime's re-attestation is
 * picked up without a restart. Credentials never come from configuration in clear.
 */
@FunctionalInterface
public interface CredentialSource {
    /** The credential, stripped of surrounding white space. */
    String read() throws KeyStorageException;

    /** A file holding only the credential (e.g. a Vault Agent sink). */
    static CredentialSource file(Path file) {
        Objects.requireNonNull(file, "file");
        return () -> {
            try {
                String text = Files.readString(file, StandardCharsets.UTF_8).strip();
                if (text.isEmpty()) {
                    throw new KeyStorageException(Reason.UNAVAILABLE, "credential file " + file + " is empty");
                }
                return text;
            } catch (IOException e) {
                throw new KeyStorageException(Reason.UNAVAILABLE, "cannot read credential file " + file + ": "
                        + e.getClass().getSimpleName(), e);
            }
        };
    }

    /** An environment variable of this process. */
    static CredentialSource env(String name) {
        Objects.requireNonNull(name, "name");
        return () -> {
            String value = System.getenv(name);
            if (value == null || value.isBlank()) {
                throw new KeyStorageException(Reason.UNAVAILABLE, "environment variable " + name + " is not set");
            }
            return value.strip();
        };
    }

    /**
     * A supplier, e.g. the Confidential Runtime's latest EAR. A null or blank value is
     * {@code UNAVAILABLE} (nothing to log in with yet).
     */
    static CredentialSource supplier(Supplier<String> supplier, String what) {
        Objects.requireNonNull(supplier, "supplier");
        return () -> {
            String value;
            try {
                value = supplier.get();
            } catch (RuntimeException e) {
                throw new KeyStorageException(Reason.UNAVAILABLE, what + " is not available: " + e.getClass().getSimpleName(), e);
            }
            if (value == null || value.isBlank()) {
                throw new KeyStorageException(Reason.UNAVAILABLE, what + " is not available yet");
            }
            return value.strip();
        };
    }
}
