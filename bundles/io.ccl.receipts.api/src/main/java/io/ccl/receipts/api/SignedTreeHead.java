package io.ccl.receipts.api;

import java.util.Objects;

/**
 * A tree head with its ES256 signature over {@link TreeHead#signedMessage(String)} (which names the
 * key id), the signing key's id,
 * and the EAR token that vouched for that key when the head was signed. The EAR is not covered by
 * the tree head signature; it is signed by the attestation service and checked on its own.
 *
 * @param treeHead what was signed
 * @param signature key id, {@code r || s}, EAR
 */
public record SignedTreeHead(TreeHead treeHead, TreeHeadSignature signature) {
    public SignedTreeHead {
        Objects.requireNonNull(treeHead, "treeHead");
        Objects.requireNonNull(signature, "signature");
    }

    /** The bytes the signature covers. */
    public byte[] signedMessage() {
        return treeHead.signedMessage(signature.keyId());
    }

    /** Shorthand for {@code treeHead().treeSize()}. */
    public long treeSize() {
        return treeHead.treeSize();
    }

    /** Shorthand for {@code signature().keyId()}. */
    public String keyId() {
        return signature.keyId();
    }

    /** The EAR token that vouches for the signing key, or null. */
    public String ear() {
        return signature.ear();
    }
}
