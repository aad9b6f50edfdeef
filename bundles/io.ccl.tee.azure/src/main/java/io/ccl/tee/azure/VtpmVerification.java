package io.ccl.tee.azure;

import io.ccl.attestation.api.CollateralUnavailableException;
import io.ccl.attestation.api.EvidenceRejectedException;
import io.ccl.attestation.api.EvidenceVerifier;
import io.ccl.attestation.api.MalformedEvidenceException;
import io.ccl.attestation.api.RejectionReason;
import io.ccl.attestation.api.VerificationContext;
import io.ccl.attestation.api.VerifiedClaims;
import io.ccl.tee.api.Collateral;
import io.ccl.tee.api.Evidence;
import io.ccl.tee.api.ReportData;
import io.ccl.tee.azure.evidence.AzureEvidence;
import io.ccl.tee.azure.hcl.HclReport;
import io.ccl.tee.azure.hcl.RuntimeData;
import io.ccl.tee.azure.tpm.TpmQuote;
import java.security.MessageDigest;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.function.Supplier;

/**
 * The verification chain shared by {@code azsnpvtpm} and {@code aztdxvtpm}, in trust order:
 * <ol>
 * <li>the hardware evidence is authentic — delegated to the {@code sevsnp} verifier (SNP report from
 * the HCL report + VCEK) or the {@code tdx} verifier (TD quote from the JSON), both reached through
 * the public {@link EvidenceVerifier} interface;</li>
 * <li>its REPORT_DATA[0:32] equals SHA-256(HCL var_data) — the AK is bound to the hardware;</li>
 * <li>the TPM quote (TPMS_ATTEST) is signed by HCLAkPub from var_data (RSASSA-PKCS1-v1_5 SHA-256);</li>
 * <li>the PCR values hash to the quote's pcrDigest;</li>
 * <li>the quote's extraData, zero-padded to 64 bytes, is the evidence's report data, compared with
 * {@link VerificationContext#expectedReportData()}.</li>
 * </ol>
 */
final class VtpmVerification {
    /** SEV-SNP ABI, Table 23 (ATTESTATION_REPORT): VMPL at 0x30, REPORT_DATA at 0x50. */
    private static final int SNP_VMPL = 0x30;
    private static final int SNP_REPORT_DATA = 0x50;
    /** TDX Module ABI, REPORTMACSTRUCT: REPORTDATA at offset 128 of TDREPORT_STRUCT. */
    private static final int TDREPORT_REPORT_DATA = 128;

    private final String type;
    private final boolean snp;
    private final Supplier<EvidenceVerifier> hardware;

    VtpmVerification(String type, boolean snp, Supplier<EvidenceVerifier> hardware) {
        this.type = type;
        this.snp = snp;
        this.hardware = hardware;
    }

    VerifiedClaims verify(Evidence evidence, VerificationContext context)
            throws MalformedEvidenceException, EvidenceRejectedException, CollateralUnavailableException {
        if (!type.equals(evidence.teeType())) {
            throw new MalformedEvidenceException("evidence of type " + evidence.teeType() + " given to the " + type
                    + " verifier");
        }
        try {
            return verifyChecked(evidence, context);
        } catch (RuntimeException e) {
            throw new MalformedEvidenceException(type + " evidence could not be processed: " + e.getClass().getSimpleName(), e);
        }
    }

    private VerifiedClaims verifyChecked(Evidence evidence, VerificationContext context)
            throws MalformedEvidenceException, EvidenceRejectedException, CollateralUnavailableException {
        AzureEvidence ev = AzureEvidence.parse(evidence.payload(), snp);
        HclReport hcl = HclReport.parse(ev.hclReport());
        if (hcl.snp() != snp) {
            throw new EvidenceRejectedException(RejectionReason.UNSUPPORTED_VERSION, "HCL report holds a "
                    + (hcl.snp() ? "SEV-SNP" : "TDX") + " report, not what " + type + " verifies",
                    snp ? "SNP (2)" : "TDX (4)", String.valueOf(hcl.reportType()));
        }
        TpmQuote quote = TpmQuote.of(ev.message(), ev.signature(), ev.pcrs());

        // 1. the hardware evidence
        EvidenceVerifier hardwareVerifier;
        try {
            hardwareVerifier = hardware.get();
        } catch (IllegalStateException e) {
            throw new CollateralUnavailableException(snp ? "sevsnp verifier" : "tdx verifier", e.getMessage(), e);
        }
        VerificationContext inner = innerContext(context);
        Map<String, Object> claims = new LinkedHashMap<>();
        byte[] hwReportData;
        if (snp) {
            byte[] report = hcl.snpReport();
            List<Collateral> coll = new ArrayList<>();
            for (byte[] der : ev.vcek()) {
                coll.add(new Collateral("vcek.der", der));
            }
            coll.addAll(evidence.collateral());
            VerifiedClaims hw = hardwareVerifier.verify(new Evidence("sevsnp", report, coll), inner);
            hwReportData = hw.reportData().bytes();
            int vmpl = report[SNP_VMPL] & 0xff | (report[SNP_VMPL + 1] & 0xff) << 8 | (report[SNP_VMPL + 2] & 0xff) << 16
                    | (report[SNP_VMPL + 3] & 0xff) << 24;
            if (vmpl != 0) {
                throw new EvidenceRejectedException(RejectionReason.PLATFORM_MISMATCH,
                        "the SNP report was not requested at VMPL 0 (the paravisor)", "0", Integer.toUnsignedString(vmpl));
            }
            if (!Arrays.equals(hwReportData, Arrays.copyOfRange(report, SNP_REPORT_DATA, SNP_REPORT_DATA + 64))) {
                throw new IllegalStateException("sevsnp verifier reported other report data than the report holds");
            }
            copyHardwareClaims(hw, claims);
        } else {
            VerifiedClaims hw = hardwareVerifier.verify(new Evidence("tdx", ev.tdQuote(), evidence.collateral()), inner);
            hwReportData = hw.reportData().bytes();
            // The HCL's TDREPORT is only MAC'd (verifiable inside the TD), so nothing is taken from it;
            // its REPORTDATA must still be the quote's, so the two belong together.
            byte[] td = hcl.tdReport();
            if (!MessageDigest.isEqual(hwReportData, Arrays.copyOfRange(td, TDREPORT_REPORT_DATA, TDREPORT_REPORT_DATA + 64))) {
                throw new EvidenceRejectedException(RejectionReason.REPORT_DATA_MISMATCH,
                        "the HCL report's TDREPORT and the TD quote carry different report data");
            }
            copyHardwareClaims(hw, claims);
        }

        // 2. var_data bound to the hardware report
        byte[] varHash = hcl.varDataSha256();
        if (!MessageDigest.isEqual(varHash, Arrays.copyOf(hwReportData, 32))) {
            throw new EvidenceRejectedException(RejectionReason.REPORT_DATA_MISMATCH,
                    "hardware REPORT_DATA[0:32] is not SHA-256 of the HCL var_data", hex(varHash),
                    hex(Arrays.copyOf(hwReportData, 32)));
        }

        // 3. quote signed by the AK, 4. PCRs
        RSAPublicKey ak = RuntimeData.attestationKey(hcl.varData());
        quote.verifySignature(ak);
        quote.verifyPcrs();

        // 5. report data = extraData
        byte[] extra = quote.attest().extraData();
        if (extra.length > ReportData.SIZE) {
            throw new EvidenceRejectedException(RejectionReason.REPORT_DATA_MISMATCH, "TPM quote extraData of "
                    + extra.length + " bytes cannot carry 64-byte report data", "<= 64", String.valueOf(extra.length));
        }
        ReportData rd = ReportData.of(extra);
        if (context.expectedReportData().isPresent() && !context.expectedReportData().get().equals(rd)) {
            throw new EvidenceRejectedException(RejectionReason.REPORT_DATA_MISMATCH,
                    "TPM quote extraData is not the expected report data", context.expectedReportData().get().hex(),
                    rd.hex());
        }
        claims.put("report_data", rd.hex());
        claims.put("tpm_extra_data", hex(extra));
        claims.put("tpm_clock", quote.attest().clock());
        claims.put("tpm_reset_count", quote.attest().resetCount());
        claims.put("tpm_restart_count", quote.attest().restartCount());
        claims.put("tpm_firmware_version", Long.toUnsignedString(quote.attest().firmwareVersion(), 16));
        claims.put("tpm", quote.pcrClaims());
        claims.put("hcl_var_data_sha256", hex(varHash));
        return new VerifiedClaims(type, rd, claims);
    }

    private static void copyHardwareClaims(VerifiedClaims hw, Map<String, Object> claims) {
        hw.claims().forEach((k, v) -> claims.put("report_data".equals(k) ? "hw_report_data" : k, v));
    }

    private static VerificationContext innerContext(VerificationContext c) {
        VerificationContext.Builder b = VerificationContext.builder(c.now()).collateral(c.collateral())
                .collateralPolicy(c.collateralPolicy());
        c.hints().forEach(b::hint);
        return b.build();
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    /** The first verifier of {@code teeType} that ServiceLoader finds (plain-Java path, e.g. the CLI). */
    static Supplier<EvidenceVerifier> serviceLoaded(String teeType) {
        return new Supplier<>() {
            private volatile EvidenceVerifier found;

            @Override
            public EvidenceVerifier get() {
                EvidenceVerifier v = found;
                if (v == null) {
                    v = ServiceLoader.load(EvidenceVerifier.class, VtpmVerification.class.getClassLoader()).stream()
                            .filter(p -> !p.type().getPackageName().equals(VtpmVerification.class.getPackageName()))
                            .map(ServiceLoader.Provider::get).filter(e -> teeType.equals(e.teeType())).findFirst()
                            .orElseThrow(() -> new IllegalStateException("no " + teeType + " EvidenceVerifier on the class path"));
                    found = v;
                }
                return v;
            }
        };
    }
}
