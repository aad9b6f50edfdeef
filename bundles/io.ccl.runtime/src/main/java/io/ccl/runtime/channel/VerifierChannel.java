package io.ccl.runtime.channel;

import io.ccl.attestation.api.AttestationResult;
import io.ccl.keys.api.ResourcePath;
import io.ccl.runtime.api.BoundEvidence;

/** How the runtime reaches its verifier and key broker: in-process services or KBS over HTTP. */
public interface VerifierChannel {
    /** Produces evidence bound to a nonce chosen by the verifier. */
    @FunctionalInterface
    interface EvidenceSource {
        BoundEvidence evidenceFor(String nonce) throws ChannelException;
    }

    /** {@code in-process} or the verifier URL. */
    String describe();

    /** Runs one challenge–response and returns the verified attestation result. */
    AttestationResult attest(String teeType, EvidenceSource source) throws ChannelException;

    /** Fetches a resource released to this runtime, as a compact JWE to its key. */
    String release(ResourcePath path, AttestationResult result) throws ChannelException;
}
