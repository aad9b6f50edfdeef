package io.ccl.tee.nitro.verify;

/** At which time the certificate path of a document must be valid. */
public enum TimeMode {
    /**
     * Admission of a fresh document: the document's timestamp lies within the maximum age before
     * {@code VerificationContext.now()} (and not more than the allowed skew after it), and the whole
     * path is valid at {@code now}. Nitro leaf certificates live about three hours, so a live
     * document cannot be replayed for long.
     */
    LIVE,
    /**
     * Replay of a recorded document (audit logs, receipts): the path must be valid at the document's
     * own timestamp, and the timestamp may not lie after {@code VerificationContext.now()} (plus
     * skew). There is no age limit: an old document still proves what the enclave was, but not that
     * it is alive — never use this mode to admit a runtime.
     */
    AUDIT
}
