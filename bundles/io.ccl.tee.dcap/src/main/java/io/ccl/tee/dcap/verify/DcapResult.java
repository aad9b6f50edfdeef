package io.ccl.tee.dcap.verify;

import io.ccl.tee.dcap.collateral.IdentityLevel;
import io.ccl.tee.dcap.collateral.QeIdentity;
import io.ccl.tee.dcap.collateral.TcbInfo;
import io.ccl.tee.dcap.pki.IntelCertificate;
import io.ccl.tee.dcap.pki.PckExtensions;
import io.ccl.tee.dcap.quote.Quote;
import io.ccl.tee.dcap.tcb.TcbVerdict;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An authentic quote with its platform evaluation.
 *
 * @param pckCa {@code platform} or {@code processor}
 * @param tcb null when the TCB Info was unavailable and the policy allowed it
 * @param tcbInfo null when unavailable
 * @param qeIdentity null when unavailable
 * @param qeLevel the QE's TCB level, null when the QE Identity was unavailable
 * @param unavailable collateral that was missing (allowed by policy)
 * @param expired collateral used outside its validity window (allowed by policy)
 */
public record DcapResult(Quote quote, IntelCertificate pckLeaf, PckExtensions pck, String pckCa, TcbVerdict tcb,
        TcbInfo tcbInfo, QeIdentity qeIdentity, IdentityLevel qeLevel, List<String> unavailable, List<String> expired) {
    /** Claim value when a status cannot be evaluated because its collateral was unavailable. */
    public static final String UNKNOWN = "Unknown";

    /** The claims every DCAP backend reports (names documented in the backends' READMEs). */
    public Map<String, Object> platformClaims() {
        HexFormat hex = HexFormat.of();
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("quote_version", (long) quote.header().version());
        c.put("qe_vendor_id", hex.formatHex(quote.header().qeVendorId()));
        c.put("fmspc", hex.formatHex(pck.fmspc()));
        c.put("pce_id", hex.formatHex(pck.pceId()));
        c.put("pce_svn", (long) pck.pceSvn());
        c.put("cpu_svn", hex.formatHex(pck.cpuSvn()));
        c.put("pck_ca", pckCa);
        c.put("sgx_type", switch (pck.sgxType()) {
            case 0 -> "standard";
            case 1 -> "scalable";
            case 2 -> "scalable_with_integrity";
            default -> Integer.toString(pck.sgxType());
        });
        c.put("tcb_status", tcb == null ? UNKNOWN : tcb.status().json());
        c.put("advisory_ids", tcb == null ? List.of() : tcb.advisoryIds());
        if (tcb != null) {
            c.put("tcb_date", tcb.platform().tcbDate().toString());
            c.put("platform_tcb_status", tcb.platform().status().json());
            c.put("tcb_evaluation_data_number", (long) tcbInfo.tcbEvaluationDataNumber());
            if (tcb.moduleId() != null) {
                c.put("tdx_module_identity", tcb.moduleId());
            }
            if (tcb.module() != null) {
                c.put("tdx_module_tcb_status", tcb.module().status().json());
                c.put("tdx_module_tcb_date", tcb.module().tcbDate().toString());
            }
        }
        c.put("qe_tcb_status", qeLevel == null ? UNKNOWN : qeLevel.status().json());
        if (qeLevel != null) {
            c.put("qe_tcb_date", qeLevel.tcbDate().toString());
        }
        c.put("qe_isv_svn", (long) quote.signature().qeReport().isvSvn());
        c.put("collateral_expired", !expired.isEmpty());
        c.put("collateral_unavailable", unavailable);
        return c;
    }
}
