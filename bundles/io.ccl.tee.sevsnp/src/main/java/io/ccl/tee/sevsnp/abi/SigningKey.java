package io.ccl.tee.sevsnp.abi;

/** The SIGNING_KEY field of a report (SEV-SNP ABI spec rev 1.58, Table 23, offset 48h bits 4:2). */
public enum SigningKey {
    /** Signed with the Versioned Chip Endorsement Key. */
    VCEK,
    /** Signed with the Versioned Loaded Endorsement Key (cloud provider). */
    VLEK,
    /** Not signed. */
    NONE;

    static SigningKey of(int code) {
        switch (code) {
            case 0:
                return VCEK;
            case 1:
                return VLEK;
            case 7:
                return NONE;
            default:
                throw new IllegalArgumentException("SIGNING_KEY " + code + " is reserved");
        }
    }
}
