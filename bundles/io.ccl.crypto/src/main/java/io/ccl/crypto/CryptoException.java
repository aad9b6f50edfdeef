package io.ccl.crypto;

import java.util.Objects;

/** A cryptographic operation failed; the {@link Reason} is the contract. */
public final class CryptoException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Typed reasons. */
    public enum Reason {
        /** Input does not parse (JSON, JWT, JWE, JWK). */
        MALFORMED,
        /** The signature or authentication tag does not verify. */
        BAD_SIGNATURE,
        /** The token's key id is not in the key set. */
        UNKNOWN_KEY,
        /** The algorithm or key type is not the one required. */
        UNSUPPORTED_ALGORITHM,
        /** The token is expired or not yet valid. */
        EXPIRED,
        /** The token's issuer is not the expected one. */
        WRONG_ISSUER,
        /** Decryption failed (wrong key or tampered ciphertext). */
        DECRYPTION_FAILED
    }

    private final Reason reason;

    public CryptoException(Reason reason, String message) {
        this(reason, message, null);
    }

    public CryptoException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public Reason reason() {
        return reason;
    }
}
