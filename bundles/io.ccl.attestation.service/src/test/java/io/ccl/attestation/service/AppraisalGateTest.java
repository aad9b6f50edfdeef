package io.ccl.attestation.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ccl.attestation.api.Appraisal;
import io.ccl.attestation.api.AppraisalGate;
import io.ccl.attestation.api.EarStatus;
import io.ccl.attestation.api.Finding;
import io.ccl.attestation.api.VerifiedClaims;
import io.ccl.tee.api.ReportData;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AppraisalGateTest {
    private static final VerifiedClaims CLAIMS = new VerifiedClaims("testtee", ReportData.of(new byte[64]),
            Map.of("measurement", "aa"));
    private static final Appraisal AFFIRMING = new Appraisal("p", EarStatus.AFFIRMING,
            List.of(new Finding("reference.measurement", EarStatus.AFFIRMING, "ok")), Map.of("executables", 2));

    private static Appraisal gate(AppraisalGate... gates) {
        return Attestation.gate(List.of(gates), "testtee", CLAIMS, Map.of(), AFFIRMING);
    }

    @Test
    void noGateLeavesTheAppraisalAlone() {
        assertEquals(AFFIRMING, gate());
        assertEquals(AFFIRMING.status(), gate((t, c, k, a) -> List.of()).status());
    }

    @Test
    void gatesOnlyMakeItWorse() {
        Appraisal out = gate((t, c, k, a) -> List.of(new Finding("ccl.lockdown", EarStatus.CONTRAINDICATED, "locked")),
                (t, c, k, a) -> List.of(new Finding("extra", EarStatus.AFFIRMING, "fine")));
        assertEquals(EarStatus.CONTRAINDICATED, out.status());
        assertEquals(List.of("reference.measurement", "ccl.lockdown", "extra"),
                out.findings().stream().map(Finding::code).toList());
        assertEquals(AFFIRMING.trustVector(), out.trustVector());
        assertEquals(EarStatus.AFFIRMING, gate((t, c, k, a) -> List.of(new Finding("x", EarStatus.AFFIRMING, "y"))).status());
    }

    @Test
    void aFailingGateFailsClosed() {
        Appraisal out = gate((t, c, k, a) -> {
            throw new IllegalStateException("boom");
        });
        assertEquals(EarStatus.NONE, out.status());
        assertEquals("gate.error", out.findings().get(1).code());
    }
}
