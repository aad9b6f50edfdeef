package io.ccl.tee.dcap.tcb;

import io.ccl.tee.dcap.collateral.IdentityLevel;
import io.ccl.tee.dcap.collateral.TcbLevel;
import java.util.List;

/**
 * The outcome of TCB evaluation.
 *
 * @param status the converged status (platform, TDX module and QE, as Intel's QVL converges them)
 * @param advisoryIds advisories of the platform level, the TDX module level and the QE level, deduplicated
 * @param platform the matching TCB level
 * @param moduleId the TDX module identity used ({@code TDX_01}, …), or null
 * @param module the matching TDX module TCB level, or null
 * @param qe the matching QE TCB level
 */
public record TcbVerdict(TcbStatus status, List<String> advisoryIds, TcbLevel platform, String moduleId,
        IdentityLevel module, IdentityLevel qe) {
}
