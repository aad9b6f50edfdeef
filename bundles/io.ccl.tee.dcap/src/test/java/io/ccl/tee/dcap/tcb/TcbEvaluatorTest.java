package io.ccl.tee.dcap.tcb;

import static io.ccl.tee.dcap.tcb.TcbStatus.CONFIGURATION_AND_SW_HARDENING_NEEDED;
import static io.ccl.tee.dcap.tcb.TcbStatus.CONFIGURATION_NEEDED;
import static io.ccl.tee.dcap.tcb.TcbStatus.OUT_OF_DATE;
import static io.ccl.tee.dcap.tcb.TcbStatus.OUT_OF_DATE_CONFIGURATION_NEEDED;
import static io.ccl.tee.dcap.tcb.TcbStatus.REVOKED;
import static io.ccl.tee.dcap.tcb.TcbStatus.SW_HARDENING_NEEDED;
import static io.ccl.tee.dcap.tcb.TcbStatus.UP_TO_DATE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.ccl.attestation.api.EvidenceRejectedException;
import io.ccl.attestation.api.MalformedEvidenceException;
import io.ccl.attestation.api.RejectionReason;
import io.ccl.tee.dcap.TestVectors;
import io.ccl.tee.dcap.collateral.TcbInfo;
import io.ccl.tee.dcap.collateral.TdxModuleIdentity;
import io.ccl.tee.dcap.quote.QuoteParser;
import io.ccl.tee.dcap.quote.TdReport;
import org.junit.jupiter.api.Test;

class TcbEvaluatorTest {

    @Test
    void convergesLikeIntelsQvl() {
        assertEquals(UP_TO_DATE, TcbEvaluator.converge(UP_TO_DATE, null, UP_TO_DATE));
        assertEquals(OUT_OF_DATE, TcbEvaluator.converge(UP_TO_DATE, OUT_OF_DATE, UP_TO_DATE));
        assertEquals(OUT_OF_DATE, TcbEvaluator.converge(SW_HARDENING_NEEDED, null, OUT_OF_DATE));
        assertEquals(OUT_OF_DATE_CONFIGURATION_NEEDED, TcbEvaluator.converge(CONFIGURATION_NEEDED, OUT_OF_DATE, null));
        assertEquals(OUT_OF_DATE_CONFIGURATION_NEEDED,
                TcbEvaluator.converge(CONFIGURATION_AND_SW_HARDENING_NEEDED, null, OUT_OF_DATE));
        assertEquals(REVOKED, TcbEvaluator.converge(UP_TO_DATE, REVOKED, UP_TO_DATE));
        assertEquals(REVOKED, TcbEvaluator.converge(UP_TO_DATE, UP_TO_DATE, REVOKED));
        assertEquals(CONFIGURATION_NEEDED, TcbEvaluator.converge(CONFIGURATION_NEEDED, UP_TO_DATE, UP_TO_DATE));
        assertEquals(OUT_OF_DATE, TcbEvaluator.converge(OUT_OF_DATE, UP_TO_DATE, OUT_OF_DATE));
    }

    @Test
    void moduleIdentityIsChosenByTeeTcbSvnVersion() throws Exception {
        TcbInfo info = TcbInfo.parse(TestVectors.bytes("derived_tdx_tcb_info_body.json"));
        TdReport td = QuoteParser.parse(TestVectors.bytes("tdx_quote")).tdReport();
        TdxModuleIdentity identity = TcbEvaluator.moduleIdentity(info, td);
        assertEquals(String.format("TDX_%02X", td.teeTcbSvn()[1]), identity.id());
    }

    @Test
    void missingModuleIdentityIsAMismatch() throws Exception {
        TcbInfo info = TcbInfo.parse(TestVectors.bytes("derived_tdx_tcb_info_body.json"));
        byte[] raw = TestVectors.bytes("tdx_quote");
        raw[48 + 1] = 0x7f;
        TdReport td = QuoteParser.parse(raw).tdReport();
        EvidenceRejectedException e = assertThrows(EvidenceRejectedException.class,
                () -> TcbEvaluator.moduleIdentity(info, td));
        assertEquals(RejectionReason.QE_IDENTITY_MISMATCH, e.reason());
        assertEquals("TDX_7F", e.expected());
    }

    @Test
    void moduleSignerMustMatch() throws MalformedEvidenceException {
        TcbInfo info = TcbInfo.parse(TestVectors.bytes("derived_tdx_tcb_info_body.json"));
        byte[] raw = TestVectors.bytes("tdx_quote");
        raw[48 + 64] ^= 1;
        TdReport td = QuoteParser.parse(raw).tdReport();
        assertEquals(RejectionReason.QE_IDENTITY_MISMATCH, assertThrows(EvidenceRejectedException.class,
                () -> TcbEvaluator.moduleIdentity(info, td)).reason());
    }

    @Test
    void levelsAreSortedDescendingAndStatusesParsed() {
        TcbInfo info = TcbInfo.parse(TestVectors.bytes("derived_tdx_tcb_info_body.json"));
        assertEquals("TDX", info.id());
        assertEquals(3, info.version());
        assertEquals(UP_TO_DATE, info.levels().get(0).status());
        for (int i = 1; i < info.levels().size(); i++) {
            assertEquals(true, io.ccl.tee.dcap.collateral.TcbLevel.compareDescending(info.levels().get(i - 1),
                    info.levels().get(i)) <= 0);
        }
        assertThrows(IllegalArgumentException.class, () -> TcbStatus.fromJson("Fine"));
    }
}
