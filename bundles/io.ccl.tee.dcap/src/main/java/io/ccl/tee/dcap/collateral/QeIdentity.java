package io.ccl.tee.dcap.collateral;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/**
 * Intel Enclave Identity v2 of a quoting enclave ({@code QE} for SGX, {@code TD_QE} for TDX). Intel PCS API v4,
 * "Enclave Identity V2 data model". MISCSELECT and ATTRIBUTES hex is in the byte order of the REPORT fields
 * (Intel's QVL decodes both sides the same way), so MISCSELECT is read little endian like the report.
 *
 * @param levels descending by ISVSVN
 */
public record QeIdentity(String id, int version, Instant issueDate, Instant nextUpdate, int tcbEvaluationDataNumber,
        long miscSelect, long miscSelectMask, byte[] attributes, byte[] attributesMask, byte[] mrSigner, int isvProdId,
        List<IdentityLevel> levels) {

    /**
     * Parses the inner {@code enclaveIdentity} object.
     *
     * @throws IllegalArgumentException when it does not follow the data model
     */
    public static QeIdentity parse(byte[] body) {
        JsonNode n = Json.read(body);
        int version = Json.integer(n, "version");
        if (version != 2) {
            throw new IllegalArgumentException("unsupported Enclave Identity version " + version);
        }
        String id = Json.text(n, "id");
        return new QeIdentity(id, version, Json.instant(n, "issueDate"), Json.instant(n, "nextUpdate"),
                Json.integer(n, "tcbEvaluationDataNumber"), word(Json.hex(n, "miscselect", 4)),
                word(Json.hex(n, "miscselectMask", 4)), Json.hex(n, "attributes", 16), Json.hex(n, "attributesMask", 16),
                Json.hex(n, "mrsigner", 32), Json.integer(n, "isvprodid"), TcbInfo.identityLevels(n));
    }

    private static long word(byte[] b) {
        return (b[0] & 0xFFL) | (b[1] & 0xFFL) << 8 | (b[2] & 0xFFL) << 16 | (b[3] & 0xFFL) << 24;
    }
}
