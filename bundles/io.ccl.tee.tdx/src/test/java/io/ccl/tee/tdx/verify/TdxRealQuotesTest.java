package io.ccl.tee.tdx.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ccl.attestation.api.CollateralUnavailableException;
import io.ccl.attestation.api.EvidenceRejectedException;
import io.ccl.attestation.api.RejectionReason;
import io.ccl.attestation.api.VerificationContext;
import io.ccl.attestation.api.VerificationException;
import io.ccl.tee.api.Evidence;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every real TDX quote of the test vectors verifies (signatures, chain, binding); where the MANIFEST (§3, §7)
 * gives collateral and an expected status at a time, our status and advisories equal it.
 */
class TdxRealQuotesTest {
    private static final String GO = "go-tdx-guest/";
    private static final String PHALA = "phala/";
    private static final String TRUSTEE = "trustee/";
    private final TdxEvidenceVerifier verifier = new TdxEvidenceVerifier();

    private Map<String, Object> claims(Evidence e, VerificationContext c) throws VerificationException {
        return verifier.verify(e, c).claims();
    }

    @Test
    void phalaQuoteIsUpToDateWithCombinedCollateral() throws VerificationException {
        Map<String, Object> m = claims(Vectors.evidence(PHALA + "tdx_quote", PHALA + "tdx_quote_collateral.json"),
                Vectors.at("2025-07-01T00:00:00Z"));
        assertEquals("UpToDate", m.get("tcb_status"), m.toString());
        assertEquals(List.of(), m.get("advisory_ids"));
        assertEquals("UpToDate", m.get("qe_tcb_status"));
        assertEquals("b0c06f000000", m.get("fmspc"));
        assertEquals("platform", m.get("pck_ca"));
        assertEquals(false, m.get("collateral_expired"));
        assertEquals(List.of(), m.get("collateral_unavailable"));
        assertEquals(4L, m.get("quote_version"));
        assertEquals("td1.0", m.get("body_type"));
    }

    @Test
    void nearQuoteIsUpToDate() throws VerificationException {
        Map<String, Object> m = claims(Vectors.evidence(PHALA + "near_quote_hex.txt",
                PHALA + "near_quote_collateral.json"), Vectors.at("2025-09-15T00:00:00Z"));
        assertEquals("UpToDate", m.get("tcb_status"), m.toString());
        assertEquals("UpToDate", m.get("qe_tcb_status"));
        assertEquals("20a06f000000", m.get("fmspc"));
    }

    @Test
    void phalaOutdatedQuoteHasNoMatchingTcbLevel() {
        EvidenceRejectedException e = assertThrows(EvidenceRejectedException.class, () -> verifier.verify(
                Vectors.evidence(PHALA + "tdx_quote_outdated", PHALA + "tdx_quote_outdated_collateral.json"),
                Vectors.at("2026-03-01T00:00:00Z")));
        assertEquals(RejectionReason.TCB_REVOKED, e.reason(), e.getMessage());
        assertTrue(e.getMessage().contains("no TCB level"), e.getMessage());
    }

    @Test
    void sapphireRapidsE4HasNoMatchingTcbLevelUpstream() {
        EvidenceRejectedException e = assertThrows(EvidenceRejectedException.class, () -> verifier.verify(
                Vectors.evidence(GO + "tdx_prod_quote_SPR_E4.dat", GO + "sample_tcbInfo_response",
                        GO + "sample_qeIdentity_response", GO + "pckcrl", GO + "rootcrl.der",
                        GO + "tcbinfo_issuer_chain.pem", GO + "pckcrl_issuer_chain.pem"),
                Vectors.at("2023-07-01T01:00:00Z")));
        assertEquals(RejectionReason.TCB_REVOKED, e.reason(), e.getMessage());
        assertTrue(e.getMessage().contains("50806f000000"), e.getMessage());
    }

    @Test
    void quoteV5Td15IsUpToDateWithModuleTdx01() throws VerificationException {
        // No TD_QE identity of the v5 sample's time exists in the vectors: phala's (from 2026-02-18) is supplied
        // and flagged as outside its window under the allow-unavailable policy.
        Map<String, Object> m = claims(Vectors.evidence(GO + "quote_v5_sample.dat", GO + "sample_tcbinfo_response_v5",
                PHALA + "tdx_quote_outdated_collateral.json"), Vectors.lenientAt("2026-02-03T01:00:00Z"));
        assertEquals("td1.5", m.get("body_type"));
        assertEquals(5L, m.get("quote_version"));
        assertEquals("UpToDate", m.get("platform_tcb_status"), m.toString());
        assertEquals("TDX_01", m.get("tdx_module_identity"));
        assertEquals("UpToDate", m.get("tdx_module_tcb_status"));
        assertEquals("UpToDate", m.get("tcb_status"));
        assertEquals(true, m.get("collateral_expired"));
        assertEquals("0b010400000000000000000000000000", m.get("tee_tcb_svn"));
        assertTrue(((String) m.get("tee_tcb_svn2")).startsWith("0d01"));
        assertEquals("00".repeat(48), m.get("mr_service_td"));
    }

    @Test
    void ccelQuoteReplaysFortyThreeEventsAndIsUpToDate() throws VerificationException {
        Map<String, Object> m = claims(Vectors.evidence(GO + "ccel_cos-113-tdx-quote.dat", GO + "ccel_ccel_table.dat",
                GO + "ccel_ccel_data.dat", "teekit/tcbInfo-tdx-00806f050000.json", TRUSTEE + "enclaveIdentity.json",
                PHALA + "derived_tdx_root_ca_crl.der"), Vectors.lenientAt("2025-10-29T00:00:00Z"));
        assertEquals("UpToDate", m.get("platform_tcb_status"), m.toString());
        assertEquals("TDX_01", m.get("tdx_module_identity"));
        assertEquals("UpToDate", m.get("tdx_module_tcb_status"));
        assertEquals("UpToDate", m.get("qe_tcb_status"));
        assertEquals("UpToDate", m.get("tcb_status"));
        assertEquals(List.of("pck_crl"), m.get("collateral_unavailable"));
        assertEquals(false, m.get("collateral_expired"));
        List<?> events = (List<?>) m.get("event_log");
        assertEquals(43, events.size());
        Map<?, ?> last = (Map<?, ?>) events.get(42);
        assertEquals(1L, last.get("rtmr"));
        assertEquals("EV_EFI_ACTION", last.get("type"));
        assertEquals("Exit Boot Services Returned with Success", last.get("description"));
        assertEquals("00".repeat(64), m.get("report_data"));
    }

    @Test
    void ccelQuoteFailsClosedWithoutThePckCrl() {
        CollateralUnavailableException e = assertThrows(CollateralUnavailableException.class, () -> verifier.verify(
                Vectors.evidence(GO + "ccel_cos-113-tdx-quote.dat", "teekit/tcbInfo-tdx-00806f050000.json",
                        TRUSTEE + "enclaveIdentity.json", PHALA + "derived_tdx_root_ca_crl.der"),
                Vectors.at("2025-10-29T00:00:00Z")));
        assertEquals("pck_crl", e.collateral());
    }

    @Test
    void trusteeQuote6IsOutOfDate() throws VerificationException {
        Map<String, Object> m = claims(Vectors.evidence(TRUSTEE + "tdx_quote_6.dat", TRUSTEE + "tcbInfo.json",
                TRUSTEE + "enclaveIdentity.json", PHALA + "derived_tdx_root_ca_crl.der"),
                Vectors.lenientAt("2025-11-01T00:00:00Z"));
        assertEquals("OutOfDate", m.get("tcb_status"), m.toString());
        assertEquals("OutOfDate", m.get("platform_tcb_status"));
        assertEquals("2018-01-04T00:00:00Z", m.get("tcb_date"));
        assertEquals("TDX_03", m.get("tdx_module_identity"));
        assertEquals("UpToDate", m.get("tdx_module_tcb_status"));
        assertEquals("UpToDate", m.get("qe_tcb_status"));
        assertEquals(List.of(), m.get("advisory_ids"), "Intel lists no advisories for this level");
        assertEquals("00a06d080000", m.get("fmspc"));
    }

    @Test
    void quotesWithoutCollateralVerifyUnderAllowUnavailable() throws VerificationException {
        for (String q : List.of(TRUSTEE + "tdx_quote_4.dat", TRUSTEE + "tdx_quote_5.dat", TRUSTEE + "tdx_quote_6.dat",
                TRUSTEE + "az-tdx-vtpm_td-quote.bin", GO + "tdx_prod_quote_SPR_E4.dat", GO + "quote_v5_sample.dat",
                PHALA + "tdx_quote", PHALA + "tdx_quote_outdated", PHALA + "near_quote_hex.txt")) {
            Map<String, Object> m = claims(Vectors.evidence(q), Vectors.lenientAt("2026-03-01T00:00:00Z"));
            assertEquals("Unknown", m.get("tcb_status"), q);
            assertEquals(List.of("pck_crl", "root_ca_crl", "tcb_info", "qe_identity"), m.get("collateral_unavailable"),
                    q);
        }
    }

    @Test
    void debugTdIsFlagged() throws VerificationException {
        Map<String, Object> m = claims(Vectors.evidence(TRUSTEE + "tdx_quote_4.dat"),
                Vectors.lenientAt("2025-01-01T00:00:00Z"));
        assertEquals(true, m.get("debug"));
        assertEquals(false, claims(Vectors.evidence(PHALA + "tdx_quote"), Vectors.lenientAt("2025-07-01T00:00:00Z"))
                .get("debug"));
    }

    @Test
    void failClosedWithoutCollateral() {
        assertThrows(CollateralUnavailableException.class, () -> verifier.verify(Vectors.evidence(PHALA + "tdx_quote"),
                Vectors.at("2025-07-01T00:00:00Z")));
    }

    @Test
    void expiredAndNotYetValidCollateralFollowThePolicy() throws VerificationException {
        Evidence e = Vectors.evidence(PHALA + "tdx_quote", PHALA + "tdx_quote_collateral.json");
        for (String when : List.of("2025-08-01T00:00:00Z", "2025-06-01T00:00:00Z")) {
            EvidenceRejectedException r = assertThrows(EvidenceRejectedException.class,
                    () -> verifier.verify(e, Vectors.at(when)), when);
            assertEquals(RejectionReason.COLLATERAL_INVALID, r.reason(), when);
            Map<String, Object> m = claims(e, Vectors.lenientAt(when));
            assertEquals(true, m.get("collateral_expired"), when);
            assertEquals("UpToDate", m.get("tcb_status"), when);
        }
    }
}
