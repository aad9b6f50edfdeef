package io.ccl.tee.sgx.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ccl.attestation.api.CollateralUnavailableException;
import io.ccl.attestation.api.EvidenceRejectedException;
import io.ccl.attestation.api.MalformedEvidenceException;
import io.ccl.attestation.api.RejectionReason;
import io.ccl.attestation.api.VerificationException;
import io.ccl.tee.api.Evidence;
import io.ccl.tee.dcap.pcs.CollateralSource;
import io.ccl.tee.dcap.pki.CertificateChainCodec;
import io.ccl.tee.dcap.pki.PinnedRoot;
import io.ccl.tee.dcap.quote.QuoteParser;
import io.ccl.tee.dcap.verify.DcapResult;
import io.ccl.tee.dcap.verify.DcapVerifier;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every SGX quote of the vectors verifies; statuses and advisories equal the MANIFEST (§4, §7). */
class SgxRealQuotesTest {
    private final SgxEvidenceVerifier verifier = new SgxEvidenceVerifier();

    @Test
    void phalaSgxQuoteNeedsConfigurationAndSwHardening() throws VerificationException {
        Map<String, Object> m = verifier.verify(Vectors.evidence("phala/sgx_quote", "phala/sgx_quote_collateral.json"),
                Vectors.at("2025-07-01T00:00:00Z")).claims();
        assertEquals("ConfigurationAndSWHardeningNeeded", m.get("tcb_status"), m.toString());
        assertEquals(List.of("INTEL-SA-00289", "INTEL-SA-00615"), m.get("advisory_ids"));
        assertEquals("UpToDate", m.get("qe_tcb_status"));
        assertEquals("00a067110000", m.get("fmspc"));
        assertEquals("processor", m.get("pck_ca"));
        assertTrue(((String) m.get("mr_enclave")).startsWith("33d8736d"));
        assertEquals(false, m.get("debug"));
        assertEquals(3L, m.get("quote_version"));
    }

    @Test
    void mobilecoinQuoteNeedsSwHardening() throws VerificationException {
        String[] collateral = {"mobilecoin/fmspc_00906ED50000_2023_07_12.json", "mobilecoin/qe_identity.json",
            "mobilecoin/processor_crl.der", "mobilecoin/root_crl.der", "mobilecoin/tcb_signer.pem"};
        Evidence e = Vectors.evidence("mobilecoin/hw_quote.dat", collateral);
        // The processor CRL (2023-04-21..05-21) lapsed before the TCB Info (from 2023-07-12) was issued: no single
        // time makes all of it current, so the allow-unavailable policy reports the lapse as a claim.
        Map<String, Object> m = verifier.verify(e, Vectors.lenientAt("2023-07-15T00:00:00Z")).claims();
        assertEquals("SWHardeningNeeded", m.get("tcb_status"), m.toString());
        assertEquals(List.of("INTEL-SA-00334", "INTEL-SA-00615"), m.get("advisory_ids"));
        assertEquals("UpToDate", m.get("qe_tcb_status"));
        assertEquals(true, m.get("collateral_expired"));
        assertEquals(List.of(), m.get("collateral_unavailable"));
        assertTrue(((String) m.get("mr_enclave")).startsWith("840d61b0"));
        EvidenceRejectedException strict = assertThrows(EvidenceRejectedException.class,
                () -> verifier.verify(e, Vectors.at("2023-07-15T00:00:00Z")));
        assertEquals(RejectionReason.COLLATERAL_INVALID, strict.reason());
    }

    @Test
    void occlumDebugEnclaveIsFlagged() throws VerificationException {
        Map<String, Object> m = verifier.verify(Vectors.evidence("trustee/occlum_quote.dat"),
                Vectors.lenientAt("2025-01-01T00:00:00Z")).claims();
        assertEquals(true, m.get("debug"));
        assertEquals("Unknown", m.get("tcb_status"));
        assertEquals("00606a000000", m.get("fmspc"));
        assertTrue(((String) m.get("report_data")).startsWith("74657374"), "report data is ASCII 'test'");
    }

    @Test
    void failsClosedWithoutCollateral() {
        assertThrows(CollateralUnavailableException.class, () -> verifier.verify(
                Vectors.evidence("phala/sgx_quote"), Vectors.at("2025-07-01T00:00:00Z")));
    }

    @Test
    void tamperedVectorsAreBadSignatures() {
        for (String f : List.of("tampered/sgx_v3_mrenclave_flipped.dat", "tampered/sgx_v3_qe_sig_flipped.dat")) {
            EvidenceRejectedException e = assertThrows(EvidenceRejectedException.class,
                    () -> verifier.verify(Vectors.evidence(f), Vectors.lenientAt("2025-01-01T00:00:00Z")), f);
            assertEquals(RejectionReason.BAD_SIGNATURE, e.reason(), f);
        }
    }

    @Test
    void tdxQuoteIsNotSgxEvidence() {
        byte[] tdx = Vectors.bytes("phala/sgx_quote");
        tdx[0] = 4;
        tdx[4] = (byte) 0x81;
        assertThrows(VerificationException.class, () -> verifier.verify(new Evidence("sgx", tdx),
                Vectors.lenientAt("2025-01-01T00:00:00Z")));
    }

    /**
     * Intel's QVL sample (synthetic test PKI): certification data type 1 (PPID in clear text) with the PCK
     * certificate from collateral, TCB Info v2 and the QE identity, against the sample's own root.
     */
    @Test
    void qvlSampleWithPpidCertificationDataAndTcbInfoV2() throws VerificationException {
        PinnedRoot testRoot = PinnedRoot.of(CertificateChainCodec.decode(
                Vectors.bytes("intel-qvl/trustedRootCaCert.pem")).get(0));
        DcapVerifier dcap = new DcapVerifier(testRoot, List.of(), CollateralSource.NONE);
        DcapResult r = dcap.verify(QuoteParser.parse(Vectors.bytes("intel-qvl/quote.dat")), Vectors.pieces(
                "intel-qvl/pckCert.pem", "intel-qvl/pckSignChain.pem", "intel-qvl/tcbInfo.json",
                "intel-qvl/qeIdentity.json", "intel-qvl/tcbSignChain.pem", "intel-qvl/rootCaCrl.der",
                "intel-qvl/intermediateCaCrl.der"), Vectors.at("2024-01-01T00:00:00Z"), false);
        assertEquals(2, r.tcbInfo().version());
        assertEquals("00707f000000", r.tcbInfo().fmspc());
        assertEquals(List.of(), r.unavailable());
        assertTrue(r.tcb() != null && r.qeLevel() != null, r.toString());
        MalformedEvidenceException e = assertThrows(MalformedEvidenceException.class,
                () -> verifier.verify(new Evidence("sgx", new byte[] {3, 0, 2, 0}), Vectors.at("2024-01-01T00:00:00Z")));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }
}
