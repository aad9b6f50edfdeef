package io.ccl.receipts.api;

import java.util.Objects;

/** A receipt, tree head or proof does not verify; the {@link Reason} is the contract. */
public final class ReceiptException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Typed reasons. */
    public enum Reason {
        /** The input does not parse, or a field has the wrong form (hash length, encoding, range). */
        MALFORMED,
        /** The tree head belongs to another log than the one expected. */
        WRONG_LOG,
        /** The tree head signature does not verify with the given key. */
        BAD_SIGNATURE,
        /** The key is not an EC P-256 public key. */
        UNSUPPORTED_KEY,
        /** The parts do not refer to each other (leaf index, tree size, log id differ between them). */
        MISMATCH,
        /** The inclusion proof does not lead from the entry to the signed root. */
        NOT_INCLUDED,
        /** The consistency proof does not show the newer tree extends the older one. */
        INCONSISTENT,
        /** The tree head carries no EAR token, so nothing vouches for its signing key. */
        EAR_MISSING,
        /**
         * The EAR does not verify with the trusted key set: malformed, unknown key, bad signature,
         * wrong issuer, or not valid at the tree head's timestamp (the cause is the
         * {@code io.ccl.crypto.CryptoException} with the precise reason, when there is one).
         */
        EAR_INVALID,
        /** The EAR verifies but its status is not {@code affirming} (nor an allowed {@code warning}). */
        EAR_NOT_AFFIRMING,
        /** The EAR's runtime-data does not carry the key that signed the tree head. */
        KEY_NOT_BOUND
    }

    private final Reason reason;

    public ReceiptException(Reason reason, String message) {
        this(reason, message, null);
    }

    public ReceiptException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public Reason reason() {
        return reason;
    }
}
