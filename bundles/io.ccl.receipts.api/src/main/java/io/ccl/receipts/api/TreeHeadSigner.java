package io.ccl.receipts.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Signs tree heads: the runtime registers one backed by its attested signing key. The log calls
 * it from its own threads and from callers asking for a receipt, so it must be thread safe.
 *
 * <p>The log asks for {@link #keyId()}, builds {@link TreeHead#signedMessage(String)} with it, and
 * calls {@link #sign}; a signature returned under another key id is discarded (the key changed in
 * between) and the log asks again once.
 *
 * <p><b>Security guarantees</b> (required of implementations). The signature is ES256 over exactly
 * the bytes given, made with the key named by the key id, whose private part never leaves the
 * implementation; the returned EAR token, when present, vouches for that same key.
 */
@ConsumerType
public interface TreeHeadSigner {
    /** The id of the key {@link #sign} uses now (for the runtime: its RFC 7638 JWK thumbprint). */
    String keyId();

    /**
     * Signs {@code message}, a tree head's signed message naming {@link #keyId()}.
     *
     * @return key id, 64-byte ES256 signature ({@code r || s}) and the EAR for the key
     * @throws IllegalStateException when the key cannot sign now (not attested yet, lockdown)
     */
    TreeHeadSignature sign(byte[] message);
}
