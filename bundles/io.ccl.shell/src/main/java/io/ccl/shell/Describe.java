package io.ccl.shell;

import io.ccl.attestation.api.AttestationResult;
import io.ccl.runtime.api.RuntimeStatus;
import java.util.stream.Collectors;

/** Text renderings shared by the commands, stable for scripts: {@code key=value} lines. */
final class Describe {
    private Describe() {
    }

    static String status(RuntimeStatus s, boolean acceptsData) {
        StringBuilder b = new StringBuilder();
        line(b, "state", s.state().name());
        line(b, "since", s.since().toString());
        line(b, "accepts_data", String.valueOf(acceptsData));
        line(b, "tee", s.teeType() + (s.insecureTee() ? " (INSECURE simulation)" : ""));
        line(b, "attestation", s.attestation().json());
        line(b, "verifier", s.verificationService());
        line(b, "secrets_provisioned", String.valueOf(s.secretsProvisioned()));
        if (!s.reason().isEmpty()) {
            line(b, "reason", s.reason());
        }
        s.lastResult().ifPresent(r -> result(b, r));
        return b.toString().stripTrailing();
    }

    static void result(StringBuilder b, AttestationResult r) {
        line(b, "ear_status", r.status().json());
        line(b, "policy", r.policyId());
        line(b, "expires_at", r.expiresAt().toString());
        line(b, "findings", r.findings().stream().map(f -> f.code() + ":" + f.status().json())
                .collect(Collectors.joining(", ")));
    }

    static void line(StringBuilder b, String key, String value) {
        b.append(key).append('=').append(value).append('\n');
    }
}
