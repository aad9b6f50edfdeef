package io.ccl.cli;

import java.io.PrintStream;
import java.time.Instant;

/**
 * {@code ccl attest --url URL}: challenges a running runtime with a fresh nonce, verifies the
 * returned evidence offline with the local verifier (signature chain, binding of nonce, key and
 * measurements: {@link RuntimeAttestation}), and checks the runtime's EAR token against its
 * verifier's JWKS.
 */
final class AttestCommand {
    private final Options options;
    private final HttpFetcher http;

    AttestCommand(Options options, HttpFetcher http) {
        this.options = options;
        this.http = http;
    }

    int run(PrintStream out) throws UsageException {
        String base = TrustRoot.baseUrl(options.required("url"), "url");
        Instant now = VerifyCommand.now(options);
        VerifyCommand.trustKey(options);
        RuntimeAttestation.Result attestation = RuntimeAttestation.challenge(http, base, now);
        Outcome outcome = new Outcome(attestation.tee()).with("url", base);
        attestation.reportTo(outcome);
        if (attestation.verified()) {
            outcome.with("runtime_data", attestation.runtimeData());
            outcome.with("runtime_verifier", RuntimeAttestation.runtimeVerdict(http, base, attestation.token(), now));
        }
        return outcome.print(out);
    }
}
