package io.ccl.tee.dcap.collateral;

import io.ccl.tee.dcap.pki.IntelCertificate;
import java.util.List;

/**
 * A TCB Info or QE Identity exactly as Intel signed it: the raw bytes of the inner {@code tcbInfo} /
 * {@code enclaveIdentity} object as served (never re-serialised), Intel's ECDSA P-256 signature r‖s over them,
 * and the issuer chain that came with it (possibly empty).
 *
 * @param source the collateral piece it came from, for messages
 */
public record SignedDocument(Kind kind, byte[] body, byte[] signature, List<IntelCertificate> issuerChain,
        String source) {

    /** What the document describes. */
    public enum Kind {
        TCB_INFO("TCB Info", "tcb_info"),
        QE_IDENTITY("QE Identity", "qe_identity");

        private final String title;
        private final String claimName;

        Kind(String title, String claimName) {
            this.title = title;
            this.claimName = claimName;
        }

        public String title() {
            return title;
        }

        /** The snake_case name used in claims and collateral names. */
        public String claimName() {
            return claimName;
        }
    }
}
