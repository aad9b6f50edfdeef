package io.ccl.tee.dcap.tcb;

/**
 * TCB level statuses of Intel's TCB Info and Enclave Identity (Intel PCS API v4, "TCB Info V3" and
 * "Enclave Identity V2" models), spelled as Intel spells them in {@link #json()}.
 */
public enum TcbStatus {
    UP_TO_DATE("UpToDate"),
    SW_HARDENING_NEEDED("SWHardeningNeeded"),
    CONFIGURATION_NEEDED("ConfigurationNeeded"),
    CONFIGURATION_AND_SW_HARDENING_NEEDED("ConfigurationAndSWHardeningNeeded"),
    OUT_OF_DATE("OutOfDate"),
    OUT_OF_DATE_CONFIGURATION_NEEDED("OutOfDateConfigurationNeeded"),
    REVOKED("Revoked");

    private final String json;

    TcbStatus(String json) {
        this.json = json;
    }

    /** Intel's spelling, also the claim value. */
    public String json() {
        return json;
    }

    /**
     * @throws IllegalArgumentException for a status Intel does not define
     */
    public static TcbStatus fromJson(String value) {
        for (TcbStatus s : values()) {
            if (s.json.equals(value)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown TCB status " + value);
    }
}
