package io.ccl.tee.dcap.collateral;

import java.util.List;

/**
 * The expected TDX module (TCB Info v3 {@code tdxModule}, or one entry of {@code tdxModuleIdentities} with
 * its own id {@code TDX_<version>} and TCB levels).
 *
 * @param id null for the base {@code tdxModule}
 * @param levels empty for the base {@code tdxModule}; else descending by ISVSVN
 */
public record TdxModuleIdentity(String id, byte[] mrSigner, byte[] attributes, byte[] attributesMask,
        List<IdentityLevel> levels) {
}
