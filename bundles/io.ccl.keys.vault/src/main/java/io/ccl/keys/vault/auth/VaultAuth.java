package io.ccl.keys.vault.auth;

import io.ccl.keys.api.KeyStorageException;
import io.ccl.keys.vault.http.VaultHttp;

/** An auth method: how the store obtains a Vault token. */
public interface VaultAuth {
    /**
     * Logs in and returns a fresh token with its lease.
     *
     * @throws KeyStorageException {@code UNAVAILABLE} when the credential is missing or Vault
     *     refuses the login; the message carries Vault's reason, never the credential
     */
    Login login(VaultHttp http) throws KeyStorageException;

    /** Whether tokens from {@link #login} belong to this store and may be revoked on close. */
    boolean ownsTokens();

    /** For messages: {@code token}, {@code approle at auth/approle}, ... */
    String describe();
}
