package io.ccl.tee.sevsnp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.ccl.attestation.api.CollateralUnavailableException;
import io.ccl.attestation.api.VerificationException;
import io.ccl.tee.sevsnp.verify.ReportVerifier.CrlPolicy;
import java.lang.annotation.Annotation;
import org.junit.jupiter.api.Test;

/** The DS configuration: source order, KDS off by default, CRL policy. */
class SevSnpVerifierConfigTest {

    private static SevSnpVerifier.Config config(String[] order, boolean kds, CrlPolicy crl) {
        return new SevSnpVerifier.Config() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return SevSnpVerifier.Config.class;
            }

            @Override
            public String kds_base_url() {
                return "http://127.0.0.1:9";
            }

            @Override
            public boolean kds_enabled() {
                return kds;
            }

            @Override
            public String cache_dir() {
                return "";
            }

            @Override
            public CrlPolicy crl_policy() {
                return crl;
            }

            @Override
            public String[] collateral_order() {
                return order;
            }

            @Override
            public long kds_timeout_ms() {
                return 500;
            }

            @Override
            public int kds_max_attempts() {
                return 1;
            }

            @Override
            public long kds_backoff_ms() {
                return 1;
            }
        };
    }

    @Test
    void defaultOrderVerifiesWithEvidenceCollateral() throws VerificationException {
        TestVectors.Vector v = TestVectors.AZURE_GENOA;
        SevSnpVerifier verifier = new SevSnpVerifier(config(new String[] {"evidence", "cache", "kds"}, false,
                CrlPolicy.CONTEXT));
        assertEquals("genoa", verifier.verify(v.evidence(), v.context().build()).claims().get("product"));
    }

    @Test
    void failClosedCrlPolicyOverridesAPermissiveContext() {
        TestVectors.Vector v = TestVectors.AZURE_GENOA;
        SevSnpVerifier verifier = new SevSnpVerifier(config(new String[] {"evidence"}, false, CrlPolicy.FAIL_CLOSED));
        assertThrows(CollateralUnavailableException.class, () -> verifier.verify(v.evidence(), v.context().build()));
    }

    @Test
    void withoutTheEvidenceSourceItsCertificatesAreNotUsed() {
        TestVectors.Vector v = TestVectors.AZURE_GENOA;
        SevSnpVerifier verifier = new SevSnpVerifier(config(new String[] {"kds"}, true, CrlPolicy.CONTEXT));
        assertThrows(CollateralUnavailableException.class, () -> verifier.verify(v.evidence(), v.context().build()));
    }

    @Test
    void unknownSourcesAreAConfigurationError() {
        assertThrows(IllegalArgumentException.class,
                () -> new SevSnpVerifier(config(new String[] {"evidence", "internet"}, false, CrlPolicy.CONTEXT)));
    }
}
