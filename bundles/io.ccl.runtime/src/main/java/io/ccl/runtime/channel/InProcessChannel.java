package io.ccl.runtime.channel;

import io.ccl.attestation.api.AttestationException;
import io.ccl.attestation.api.AttestationResult;
import io.ccl.attestation.api.AttestationService;
import io.ccl.attestation.api.Challenge;
import io.ccl.keys.api.KeyBroker;
import io.ccl.keys.api.ReleaseDeniedException;
import io.ccl.keys.api.ResourcePath;
import io.ccl.runtime.api.BoundEvidence;
import java.util.function.Supplier;

/**
 * Attests against the attestation service and key broker running in the same framework, through
 * the same protocol steps as over HTTP (challenge, bound evidence, appraisal, release).
 */
public final class InProcessChannel implements VerifierChannel {
    private final Supplier<AttestationService> service;
    private final Supplier<KeyBroker> broker;

    public InProcessChannel(Supplier<AttestationService> service, Supplier<KeyBroker> broker) {
        this.service = service;
        this.broker = broker;
    }

    @Override
    public String describe() {
        AttestationService s = service.get();
        return s == null ? "in-process (unavailable)" : "in-process " + s.issuer();
    }

    @Override
    public AttestationResult attest(String teeType, EvidenceSource source) throws ChannelException {
        AttestationService s = service.get();
        if (s == null) {
            throw new ChannelException("VERIFIER_UNAVAILABLE", "no in-process attestation service");
        }
        try {
            Challenge c = s.challenge(teeType);
            BoundEvidence bound = source.evidenceFor(c.nonce());
            return s.attest(c.sessionId(), bound.runtimeData(), bound.evidence());
        } catch (AttestationException e) {
            throw new ChannelException(e.reasonCode(), e.getMessage());
        }
    }

    @Override
    public String release(ResourcePath path, AttestationResult result) throws ChannelException {
        KeyBroker b = broker.get();
        if (b == null) {
            throw new ChannelException("BROKER_UNAVAILABLE", "no in-process key broker");
        }
        try {
            return b.release(path, result);
        } catch (ReleaseDeniedException e) {
            throw new ChannelException(e.reason().name(), e.getMessage());
        }
    }
}
