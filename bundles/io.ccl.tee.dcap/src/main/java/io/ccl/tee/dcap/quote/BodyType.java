package io.ccl.tee.dcap.quote;

/** What a quote attests (quote v5 body descriptor type, Intel TDX DCAP Quoting Library API, Appendix A.4.2). */
public enum BodyType {
    /** An SGX enclave report (v3 body, or v5 type 1). */
    SGX_ENCLAVE(1, EnclaveReport.SIZE),
    /** A TD 1.0 report (v4 body, or v5 type 2). */
    TD10(2, TdReport.SIZE_TD10),
    /** A TD 1.5 report (v5 type 3). */
    TD15(3, TdReport.SIZE_TD15);

    private final int code;
    private final int size;

    BodyType(int code, int size) {
        this.code = code;
        this.size = size;
    }

    public int code() {
        return code;
    }

    public int size() {
        return size;
    }
}
