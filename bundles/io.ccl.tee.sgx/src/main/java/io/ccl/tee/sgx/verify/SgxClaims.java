package io.ccl.tee.sgx.verify;

import io.ccl.tee.dcap.quote.EnclaveReport;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/** Claims of an SGX enclave report body (Intel SGX ECDSA Quote Library API, Appendix A.4; Intel SDM 38.15). */
final class SgxClaims {
    /** ATTRIBUTES.FLAGS bits (Intel SDM Vol. 3D, 38.7.1 "ATTRIBUTES"). */
    private static final long MODE64BIT = 0x4L;
    private static final long PROVISION_KEY = 0x10L;
    private static final long EINITTOKEN_KEY = 0x20L;
    private static final long KSS = 0x80L;

    private SgxClaims() {
    }

    static Map<String, Object> of(EnclaveReport r) {
        HexFormat hex = HexFormat.of();
        long flags = r.attributeFlags();
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("mr_enclave", hex.formatHex(r.mrEnclave()));
        c.put("mr_signer", hex.formatHex(r.mrSigner()));
        c.put("isv_prod_id", (long) r.isvProdId());
        c.put("isv_svn", (long) r.isvSvn());
        c.put("attributes", hex.formatHex(r.attributes()));
        c.put("debug", r.debug());
        c.put("mode64bit", (flags & MODE64BIT) != 0);
        c.put("provision_key", (flags & PROVISION_KEY) != 0);
        c.put("einittoken_key", (flags & EINITTOKEN_KEY) != 0);
        c.put("kss", (flags & KSS) != 0);
        c.put("xfrm", String.format("%016x", r.xfrm()));
        c.put("misc_select", String.format("%08x", r.miscSelect()));
        c.put("enclave_cpu_svn", hex.formatHex(r.cpuSvn()));
        c.put("config_id", hex.formatHex(r.configId()));
        c.put("config_svn", (long) r.configSvn());
        c.put("isv_ext_prod_id", hex.formatHex(r.isvExtProdId()));
        c.put("isv_family_id", hex.formatHex(r.isvFamilyId()));
        c.put("report_data", hex.formatHex(r.reportData()));
        return c;
    }
}
