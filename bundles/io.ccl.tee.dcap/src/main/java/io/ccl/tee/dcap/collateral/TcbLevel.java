package io.ccl.tee.dcap.collateral;

import io.ccl.tee.dcap.tcb.TcbStatus;
import java.time.Instant;
import java.util.List;

/**
 * One level of a TCB Info: the minimum SVNs it requires and the status of a platform that meets it.
 *
 * @param sgxComponents the 16 SGX TCB component SVNs (CPUSVN components)
 * @param pceSvn minimum PCE SVN
 * @param tdxComponents the 16 TDX TCB component SVNs (TEE_TCB_SVN), or null for SGX TCB Info
 */
public record TcbLevel(int[] sgxComponents, int pceSvn, int[] tdxComponents, TcbStatus status, Instant tcbDate,
        List<String> advisoryIds) {

    /** Orders levels as Intel's QVL does: descending by SGX components, then PCE SVN, then TDX components. */
    public static int compareDescending(TcbLevel a, TcbLevel b) {
        int c = java.util.Arrays.compare(b.sgxComponents, a.sgxComponents);
        if (c == 0) {
            c = Integer.compare(b.pceSvn, a.pceSvn);
        }
        if (c == 0 && a.tdxComponents != null && b.tdxComponents != null) {
            c = java.util.Arrays.compare(b.tdxComponents, a.tdxComponents);
        }
        return c;
    }
}
