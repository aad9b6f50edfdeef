package io.ccl.runtime.channel;

import io.ccl.attestation.api.AttestationResult;
import io.ccl.crypto.CryptoException;
import io.ccl.crypto.JwtVerifier;
import io.ccl.kbs.client.KbsClient;
import io.ccl.kbs.client.KbsException;
import io.ccl.keys.api.ResourcePath;
import io.ccl.runtime.api.BoundEvidence;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * Attests against a remote CCL (or Trustee-compatible) verifier over the KBS protocol. The EAR
 * token is verified with the verifier's published JWKS and issuer before it is believed.
 */
public final class RemoteChannel implements VerifierChannel {
    private final URI url;
    private final String issuer;
    private final Clock clock;
    private final Duration timeout;

    public RemoteChannel(URI url, String issuer, Clock clock, Duration timeout) {
        this.url = url;
        this.issuer = issuer;
        this.clock = clock;
        this.timeout = timeout;
    }

    @Override
    public String describe() {
        return url.toString();
    }

    @Override
    public AttestationResult attest(String teeType, EvidenceSource source) throws ChannelException {
        KbsClient kbs = new KbsClient(url, timeout);
        try {
            String nonce = kbs.auth(teeType);
            BoundEvidence bound = source.evidenceFor(nonce);
            String token = kbs.attest(bound.runtimeData(), bound.evidence());
            Map<String, Object> claims = JwtVerifier.forJwks(kbs.jwks()).verify(token, clock.instant(), issuer);
            return EarClaims.toResult(token, claims);
        } catch (KbsException e) {
            throw new ChannelException(e.code(), e.getMessage());
        } catch (CryptoException e) {
            throw new ChannelException("TOKEN_" + e.reason().name(), "EAR token not accepted: " + e.getMessage());
        }
    }

    @Override
    public String release(ResourcePath path, AttestationResult result) throws ChannelException {
        try {
            return new KbsClient(url, timeout).resource(path, result.token());
        } catch (KbsException e) {
            throw new ChannelException(e.code(), e.getMessage());
        }
    }
}
