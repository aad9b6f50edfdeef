package io.ccl.keys.api;

/**
 * The one way to obtain a {@link SecretAccess}. Code calling {@link #get()} handles raw secret
 * bytes and must never log, persist in clear or return them to a client.
 */
public final class InsecureSecretAccess {
    private InsecureSecretAccess() {
    }

    public static SecretAccess get() {
        return SecretAccess.INSTANCE;
    }
}
