package io.ccl.tee.sevsnp.verify;

import io.ccl.tee.sevsnp.abi.AttestationReport;
import io.ccl.tee.sevsnp.abi.Product;
import io.ccl.tee.sevsnp.abi.TcbVersion;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Turns a verified report into JSON-shaped claims (snake_case; binary as lower-case hex; numbers
 * as Long). The names are documented in the bundle README and are stable.
 */
final class ClaimsMapper {
    private static final HexFormat HEX = HexFormat.of();

    private ClaimsMapper() {
    }

    static Map<String, Object> claims(AttestationReport r, Product product, EndorsementChain.Verified chain,
            boolean crlChecked) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("report_version", (long) r.version());
        c.put("product", product.id());
        c.put("product_name", chain.extensions().productName());
        c.put("signer", r.signingKey().name().toLowerCase(Locale.ROOT));
        if (chain.extensions().cspId() != null) {
            c.put("csp_id", chain.extensions().cspId());
        }
        c.put("measurement", HEX.formatHex(r.measurement()));
        c.put("host_data", HEX.formatHex(r.hostData()));
        c.put("report_data", HEX.formatHex(r.reportData()));
        c.put("id_key_digest", HEX.formatHex(r.idKeyDigest()));
        c.put("author_key_digest", HEX.formatHex(r.authorKeyDigest()));
        c.put("author_key_en", r.authorKeyEnabled());
        c.put("family_id", HEX.formatHex(r.familyId()));
        c.put("image_id", HEX.formatHex(r.imageId()));
        c.put("report_id", HEX.formatHex(r.reportId()));
        c.put("report_id_ma", HEX.formatHex(r.reportIdMa()));
        c.put("guest_svn", r.guestSvn());
        c.put("vmpl", r.vmpl());
        putPolicy(c, r.policy());
        putPlatformInfo(c, r.platformInfo());
        c.put("current_tcb", new TcbVersion(r.currentTcb(), product).toClaim());
        c.put("reported_tcb", new TcbVersion(r.reportedTcb(), product).toClaim());
        c.put("committed_tcb", new TcbVersion(r.committedTcb(), product).toClaim());
        c.put("launch_tcb", new TcbVersion(r.launchTcb(), product).toClaim());
        c.put("current_version", version(r.currentVersion()));
        c.put("committed_version", version(r.committedVersion()));
        c.put("chip_id", HEX.formatHex(r.chipId()));
        c.put("mask_chip_key", r.maskChipKey());
        if (r.version() >= 3) {
            c.put("cpuid_family", (long) r.cpuidFamily().orElseThrow());
            c.put("cpuid_model", (long) r.cpuidModel().orElseThrow());
            c.put("cpuid_stepping", (long) r.cpuidStepping().orElseThrow());
        }
        if (r.version() >= 5) {
            c.put("launch_mit_vector", r.launchMitVector());
            c.put("current_mit_vector", r.currentMitVector());
        }
        c.put("crl_checked", crlChecked);
        return c;
    }

    /** Guest policy, SEV-SNP ABI spec rev 1.58, Table 9. */
    private static void putPolicy(Map<String, Object> c, long policy) {
        c.put("policy", policy);
        c.put("abi_minor", policy & 0xFF);
        c.put("abi_major", (policy >>> 8) & 0xFF);
        c.put("smt", bit(policy, 16));
        c.put("migrate_ma", bit(policy, 18));
        c.put("debug", bit(policy, 19));
        c.put("single_socket", bit(policy, 20));
        c.put("cxl_allow", bit(policy, 21));
        c.put("mem_aes_256_xts", bit(policy, 22));
        c.put("rapl_dis", bit(policy, 23));
        c.put("ciphertext_hiding", bit(policy, 24));
        c.put("page_swap_disable", bit(policy, 25));
    }

    /** PLATFORM_INFO, SEV-SNP ABI spec rev 1.58, Table 24. */
    private static void putPlatformInfo(Map<String, Object> c, long info) {
        c.put("platform_info", info);
        c.put("smt_enabled", bit(info, 0));
        c.put("tsme_enabled", bit(info, 1));
        c.put("ecc_enabled", bit(info, 2));
        c.put("rapl_disabled", bit(info, 3));
        c.put("ciphertext_hiding_enabled", bit(info, 4));
        c.put("alias_check_complete", bit(info, 5));
        c.put("tio_enabled", bit(info, 7));
    }

    private static boolean bit(long value, int bit) {
        return (value >>> bit & 1) != 0;
    }

    private static String version(int[] majorMinorBuild) {
        return majorMinorBuild[0] + "." + majorMinorBuild[1] + "." + majorMinorBuild[2];
    }
}
