package io.ccl.tee.dcap.collateral;

import io.ccl.tee.dcap.tcb.TcbStatus;
import java.time.Instant;
import java.util.List;

/** One TCB level of an Enclave Identity or TDX module identity: the minimum ISVSVN and its status. */
public record IdentityLevel(int isvSvn, TcbStatus status, Instant tcbDate, List<String> advisoryIds) {
}
