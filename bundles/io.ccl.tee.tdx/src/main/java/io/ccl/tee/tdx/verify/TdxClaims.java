package io.ccl.tee.tdx.verify;

import io.ccl.tee.dcap.quote.BodyType;
import io.ccl.tee.dcap.quote.Quote;
import io.ccl.tee.dcap.quote.TdReport;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/** Claims of a TD quote body (Intel TDX DCAP Quoting Library API, Appendix A.3.2 / A.4.2). */
final class TdxClaims {

    private TdxClaims() {
    }

    static Map<String, Object> of(Quote quote) {
        TdReport td = quote.tdReport();
        HexFormat hex = HexFormat.of();
        long attributes = td.tdAttributeBits();
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("body_type", quote.bodyType() == BodyType.TD15 ? "td1.5" : "td1.0");
        c.put("mr_td", hex.formatHex(td.mrTd()));
        for (int i = 0; i < 4; i++) {
            c.put("rtmr" + i, hex.formatHex(td.rtmrs().get(i)));
        }
        c.put("mr_config_id", hex.formatHex(td.mrConfigId()));
        c.put("mr_owner", hex.formatHex(td.mrOwner()));
        c.put("mr_owner_config", hex.formatHex(td.mrOwnerConfig()));
        c.put("mr_seam", hex.formatHex(td.mrSeam()));
        c.put("mr_signer_seam", hex.formatHex(td.mrSignerSeam()));
        c.put("seam_attributes", hex.formatHex(td.seamAttributes()));
        c.put("td_attributes", hex.formatHex(td.tdAttributes()));
        c.put("debug", (attributes & TdReport.ATTR_DEBUG) != 0);
        c.put("sept_ve_disable", (attributes & TdReport.ATTR_SEPT_VE_DISABLE) != 0);
        c.put("migratable", (attributes & TdReport.ATTR_MIGRATABLE) != 0);
        c.put("pks", (attributes & TdReport.ATTR_PKS) != 0);
        c.put("kl", (attributes & TdReport.ATTR_KL) != 0);
        c.put("perfmon", (attributes & TdReport.ATTR_PERFMON) != 0);
        c.put("xfam", hex.formatHex(td.xfam()));
        c.put("tee_tcb_svn", hex.formatHex(td.teeTcbSvn()));
        if (td.td15()) {
            c.put("tee_tcb_svn2", hex.formatHex(td.teeTcbSvn2()));
            c.put("mr_service_td", hex.formatHex(td.mrServiceTd()));
        }
        c.put("report_data", hex.formatHex(td.reportData()));
        return c;
    }
}
