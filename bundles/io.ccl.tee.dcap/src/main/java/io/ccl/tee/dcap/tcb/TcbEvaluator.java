package io.ccl.tee.dcap.tcb;

import io.ccl.attestation.api.EvidenceRejectedException;
import io.ccl.attestation.api.RejectionReason;
import io.ccl.tee.dcap.collateral.IdentityLevel;
import io.ccl.tee.dcap.collateral.QeIdentity;
import io.ccl.tee.dcap.collateral.TcbInfo;
import io.ccl.tee.dcap.collateral.TcbLevel;
import io.ccl.tee.dcap.collateral.TdxModuleIdentity;
import io.ccl.tee.dcap.pki.PckExtensions;
import io.ccl.tee.dcap.quote.EnclaveReport;
import io.ccl.tee.dcap.quote.TdReport;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Intel's TCB evaluation (Intel DCAP QVL, {@code QuoteVerifier::verify}; Intel TDX DCAP Quoting Library API,
 * section "TCB level matching"): the first TCB level (in descending order) whose SGX components and PCE SVN the
 * PCK certificate meets and, for TDX, whose TDX components TEE_TCB_SVN meets; the TDX module identity and its
 * level; the QE identity and its level; statuses converged as the QVL does.
 */
public final class TcbEvaluator {

    private TcbEvaluator() {
    }

    /**
     * @param td the TD report of a TDX quote, null for SGX
     * @throws EvidenceRejectedException TCB_REVOKED when no level matches or a status is Revoked,
     *     QE_IDENTITY_MISMATCH when the QE or the TDX module is not the one the collateral describes
     */
    public static TcbVerdict evaluate(TcbInfo info, PckExtensions pck, TdReport td, QeIdentity qeIdentity,
            EnclaveReport qeReport) throws EvidenceRejectedException {
        TcbLevel platform = platformLevel(info, pck, td);
        String moduleId = null;
        IdentityLevel module = null;
        if (td != null) {
            TdxModuleIdentity identity = moduleIdentity(info, td);
            moduleId = identity.id();
            module = identity.levels().isEmpty() ? null : moduleLevel(identity, td);
        }
        IdentityLevel qe = qeIdentity == null ? null : qeLevel(qeIdentity, qeReport);
        if (qe != null && qe.status() == TcbStatus.REVOKED) {
            throw new EvidenceRejectedException(RejectionReason.TCB_REVOKED, "the QE TCB level is Revoked",
                    "not Revoked", "Revoked");
        }
        TcbStatus status = converge(platform.status(), module == null ? null : module.status(),
                qe == null ? null : qe.status());
        Set<String> advisories = new LinkedHashSet<>(platform.advisoryIds());
        if (module != null) {
            advisories.addAll(module.advisoryIds());
        }
        if (qe != null) {
            advisories.addAll(qe.advisoryIds());
        }
        if (status == TcbStatus.REVOKED) {
            throw new EvidenceRejectedException(RejectionReason.TCB_REVOKED, "TCB status is Revoked (platform "
                    + platform.status().json() + (module == null ? "" : ", TDX module " + module.status().json())
                    + (qe == null ? "" : ", QE " + qe.status().json()) + ")", "not Revoked", "Revoked");
        }
        return new TcbVerdict(status, List.copyOf(advisories), platform, moduleId, module, qe);
    }

    /** The first level the platform meets. */
    static TcbLevel platformLevel(TcbInfo info, PckExtensions pck, TdReport td) throws EvidenceRejectedException {
        for (TcbLevel level : info.levels()) {
            if (pck.pceSvn() >= level.pceSvn() && atLeast(pck.componentSvns(), level.sgxComponents(), 0)
                    && (td == null || atLeast(unsigned(td.teeTcbSvn()), level.tdxComponents(),
                            (td.teeTcbSvn()[1] & 0xFF) > 0 ? 2 : 0))) {
                return level;
            }
        }
        throw new EvidenceRejectedException(RejectionReason.TCB_REVOKED, "no TCB level of the " + info.id()
                + " TCB Info for FMSPC " + info.fmspc() + " matches the platform (PCE SVN " + pck.pceSvn()
                + ", CPU SVN components " + Arrays.toString(pck.componentSvns())
                + (td == null ? "" : ", TEE TCB SVN " + HexFormat.of().formatHex(td.teeTcbSvn())) + ")",
                "a TCB level at or below the platform", "none");
    }

    /**
     * TDX module matching: when TEE_TCB_SVN[1] (the module's major version) is non-zero and the TCB Info lists
     * module identities, the identity {@code TDX_<version>} applies and TEE_TCB_SVN[0] is its ISVSVN; the first
     * two TEE_TCB_SVN bytes are then skipped in platform matching. Otherwise the base {@code tdxModule} applies.
     * Either way MRSIGNER_SEAM must equal the identity's MRSIGNER and SEAM_ATTRIBUTES must match under the mask.
     */
    static TdxModuleIdentity moduleIdentity(TcbInfo info, TdReport td) throws EvidenceRejectedException {
        TdxModuleIdentity identity = info.tdxModule();
        int version = td.teeTcbSvn()[1] & 0xFF;
        if (version > 0 && !info.tdxModuleIdentities().isEmpty()) {
            String wanted = String.format(Locale.ROOT, "TDX_%02X", version);
            identity = info.tdxModuleIdentities().stream().filter(m -> m.id().equalsIgnoreCase(wanted)).findFirst()
                    .orElseThrow(() -> new EvidenceRejectedException(RejectionReason.QE_IDENTITY_MISMATCH,
                            "the TCB Info has no TDX module identity " + wanted, wanted, "absent"));
        }
        if (identity == null) {
            throw new EvidenceRejectedException(RejectionReason.COLLATERAL_INVALID, "TDX TCB Info without tdxModule");
        }
        HexFormat hex = HexFormat.of();
        if (!Arrays.equals(identity.mrSigner(), td.mrSignerSeam())) {
            throw new EvidenceRejectedException(RejectionReason.QE_IDENTITY_MISMATCH, "TDX module MRSIGNER_SEAM differs "
                    + "from the TCB Info", hex.formatHex(identity.mrSigner()), hex.formatHex(td.mrSignerSeam()));
        }
        for (int i = 0; i < 8; i++) {
            int mask = identity.attributesMask()[i];
            if ((identity.attributes()[i] & mask) != (td.seamAttributes()[i] & mask)) {
                throw new EvidenceRejectedException(RejectionReason.QE_IDENTITY_MISMATCH, "TDX module SEAM_ATTRIBUTES "
                        + "differ from the TCB Info under its mask", hex.formatHex(identity.attributes()),
                        hex.formatHex(td.seamAttributes()));
            }
        }
        return identity;
    }

    private static IdentityLevel moduleLevel(TdxModuleIdentity identity, TdReport td) throws EvidenceRejectedException {
        int isvSvn = td.teeTcbSvn()[0] & 0xFF;
        for (IdentityLevel level : identity.levels()) {
            if (isvSvn >= level.isvSvn()) {
                return level;
            }
        }
        throw new EvidenceRejectedException(RejectionReason.TCB_REVOKED, "TDX module " + identity.id() + " ISVSVN "
                + isvSvn + " is below every TCB level", "ISVSVN >= " + identity.levels().get(
                        identity.levels().size() - 1).isvSvn(), Integer.toString(isvSvn));
    }

    /** QE identity (Intel DCAP QVL, {@code EnclaveReportVerifier}): MRSIGNER, ISVPRODID, masked fields, ISVSVN. */
    public static IdentityLevel qeLevel(QeIdentity id, EnclaveReport qe) throws EvidenceRejectedException {
        HexFormat hex = HexFormat.of();
        if (!Arrays.equals(id.mrSigner(), qe.mrSigner())) {
            throw mismatch("MRSIGNER", hex.formatHex(id.mrSigner()), hex.formatHex(qe.mrSigner()));
        }
        if (id.isvProdId() != qe.isvProdId()) {
            throw mismatch("ISVPRODID", Integer.toString(id.isvProdId()), Integer.toString(qe.isvProdId()));
        }
        if ((qe.miscSelect() & id.miscSelectMask()) != (id.miscSelect() & id.miscSelectMask())) {
            throw mismatch("MISCSELECT", Long.toHexString(id.miscSelect()), Long.toHexString(qe.miscSelect()));
        }
        for (int i = 0; i < 16; i++) {
            int mask = id.attributesMask()[i];
            if ((qe.attributes()[i] & mask) != (id.attributes()[i] & mask)) {
                throw mismatch("ATTRIBUTES", hex.formatHex(id.attributes()), hex.formatHex(qe.attributes()));
            }
        }
        for (IdentityLevel level : id.levels()) {
            if (qe.isvSvn() >= level.isvSvn()) {
                return level;
            }
        }
        throw new EvidenceRejectedException(RejectionReason.TCB_REVOKED, "QE ISVSVN " + qe.isvSvn()
                + " is below every TCB level of the " + id.id() + " identity", "ISVSVN >= "
                + id.levels().get(id.levels().size() - 1).isvSvn(), Integer.toString(qe.isvSvn()));
    }

    private static EvidenceRejectedException mismatch(String field, String expected, String actual) {
        return new EvidenceRejectedException(RejectionReason.QE_IDENTITY_MISMATCH, "QE report " + field
                + " differs from the QE Identity", expected, actual);
    }

    /**
     * Intel DCAP QVL {@code convergeTcbStatusWithTdxModuleStatus} then {@code convergeTcbStatusWithQeTcbStatus}:
     * an out-of-date module or QE makes an up-to-date platform OutOfDate and a platform needing configuration
     * OutOfDateConfigurationNeeded; a revoked one revokes.
     */
    public static TcbStatus converge(TcbStatus platform, TcbStatus module, TcbStatus qe) {
        return withComponent(withComponent(platform, module), qe);
    }

    private static TcbStatus withComponent(TcbStatus platform, TcbStatus component) {
        if (component == TcbStatus.REVOKED || platform == TcbStatus.REVOKED) {
            return TcbStatus.REVOKED;
        }
        if (component == TcbStatus.OUT_OF_DATE) {
            switch (platform) {
                case UP_TO_DATE, SW_HARDENING_NEEDED -> {
                    return TcbStatus.OUT_OF_DATE;
                }
                case CONFIGURATION_NEEDED, CONFIGURATION_AND_SW_HARDENING_NEEDED -> {
                    return TcbStatus.OUT_OF_DATE_CONFIGURATION_NEEDED;
                }
                default -> {
                    return platform;
                }
            }
        }
        return platform;
    }

    private static boolean atLeast(int[] actual, int[] required, int from) {
        if (required == null || actual.length != required.length) {
            return false;
        }
        for (int i = from; i < actual.length; i++) {
            if (actual[i] < required[i]) {
                return false;
            }
        }
        return true;
    }

    private static int[] unsigned(byte[] b) {
        int[] out = new int[b.length];
        for (int i = 0; i < b.length; i++) {
            out[i] = b[i] & 0xFF;
        }
        return out;
    }
}
