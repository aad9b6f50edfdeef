package io.ccl.keys.api;

/**
 * Capability token needed to read secret bytes. Obtain it only through
 * {@link InsecureSecretAccess#get()}, so every read of raw secret material is found by a grep.
 */
public final class SecretAccess {
    static final SecretAccess INSTANCE = new SecretAccess();

    private SecretAccess() {
    }
}
