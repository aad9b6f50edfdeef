package io.ccl.tee.tdx.ccel;

import io.ccl.attestation.api.MalformedEvidenceException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses a TCG2 crypto-agile event log (TCG PC Client Platform Firmware Profile 1.05, section 10.4.5.1): a first
 * SHA-1 format TCG_PCClientPCREvent carrying the {@code Spec ID Event03} structure that lists the digest sizes,
 * then TCG_PCR_EVENT2 records. The log ends with the data, or where the unwritten area (0xFF or zero filled)
 * begins.
 */
public final class Tcg2EventLog {
    /** TPM_ALG_SHA384, the bank TDX measurement registers use. */
    static final int TPM_ALG_SHA384 = 0x000C;
    private static final byte[] SPEC_ID = "Spec ID Event03\0".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_DIGESTS = 8;

    private Tcg2EventLog() {
    }

    /**
     * True when the bytes begin with the Spec ID event of a crypto-agile log (its register index is 0 in TPM logs;
     * CC event logs put 1 there).
     */
    public static boolean looksLike(byte[] b) {
        return b.length >= 48 && CcelTable.u32(b, 0) <= 4 && CcelTable.u32(b, 4) == TcgEvent.EV_NO_ACTION
                && Arrays.equals(Arrays.copyOfRange(b, 32, 48), SPEC_ID);
    }

    /**
     * The events after the Spec ID event.
     *
     * @param limit how many bytes of {@code log} belong to the log area
     * @throws MalformedEvidenceException when a record overruns the area or lacks a SHA-384 digest
     */
    public static List<TcgEvent> parse(byte[] log, int limit) throws MalformedEvidenceException {
        int end = Math.min(limit, log.length);
        if (!looksLike(log)) {
            throw new MalformedEvidenceException("event log does not start with a TCG Spec ID Event03");
        }
        int specSize = length(log, 28, end, "Spec ID event");
        Map<Integer, Integer> sizes = digestSizes(Arrays.copyOfRange(log, 32, 32 + specSize));
        List<TcgEvent> events = new ArrayList<>();
        int at = 32 + specSize;
        while (end - at >= 8) {
            long index = CcelTable.u32(log, at);
            long type = CcelTable.u32(log, at + 4);
            if ((index == 0xFFFFFFFFL && type == 0xFFFFFFFFL) || (index == 0 && type == 0)) {
                break;
            }
            if (index > 4) {
                throw new MalformedEvidenceException("event at offset " + at + " names measurement register " + index);
            }
            int p = at + 8;
            int count = (int) Math.min(length(log, p, end, "digest count"), MAX_DIGESTS + 1L);
            if (count == 0 || count > MAX_DIGESTS) {
                throw new MalformedEvidenceException("event at offset " + at + " has " + count + " digests");
            }
            p += 4;
            byte[] sha384 = null;
            for (int i = 0; i < count; i++) {
                require(log, p, 2, end);
                int alg = (log[p] & 0xFF) | (log[p + 1] & 0xFF) << 8;
                Integer size = sizes.get(alg);
                if (size == null) {
                    throw new MalformedEvidenceException("event at offset " + at + " uses undeclared algorithm " + alg);
                }
                require(log, p + 2, size, end);
                if (alg == TPM_ALG_SHA384) {
                    sha384 = Arrays.copyOfRange(log, p + 2, p + 2 + size);
                }
                p += 2 + size;
            }
            int dataSize = length(log, p, end, "event data size");
            byte[] data = Arrays.copyOfRange(log, p + 4, p + 4 + dataSize);
            if (sha384 == null) {
                throw new MalformedEvidenceException("event at offset " + at + " has no SHA-384 digest");
            }
            events.add(new TcgEvent((int) index, type, sha384, data));
            at = p + 4 + dataSize;
        }
        return List.copyOf(events);
    }

    /** TCG_EfiSpecIdEvent: signature, platformClass, versions, uintnSize, then (algorithmId, digestSize) pairs. */
    private static Map<Integer, Integer> digestSizes(byte[] spec) throws MalformedEvidenceException {
        if (spec.length < 28) {
            throw new MalformedEvidenceException("Spec ID event is truncated");
        }
        int n = (int) Math.min(CcelTable.u32(spec, 24), MAX_DIGESTS + 1L);
        if (n == 0 || n > MAX_DIGESTS || spec.length < 28 + 4 * n) {
            throw new MalformedEvidenceException("Spec ID event lists " + n + " algorithms");
        }
        Map<Integer, Integer> sizes = new HashMap<>();
        for (int i = 0; i < n; i++) {
            int alg = (spec[28 + 4 * i] & 0xFF) | (spec[29 + 4 * i] & 0xFF) << 8;
            int size = (spec[30 + 4 * i] & 0xFF) | (spec[31 + 4 * i] & 0xFF) << 8;
            if (size == 0 || size > 64) {
                throw new MalformedEvidenceException("Spec ID event declares a " + size + "-byte digest");
            }
            sizes.put(alg, size);
        }
        if (!Integer.valueOf(48).equals(sizes.get(TPM_ALG_SHA384))) {
            throw new MalformedEvidenceException("event log has no SHA-384 bank");
        }
        return sizes;
    }

    private static int length(byte[] b, int at, int end, String what) throws MalformedEvidenceException {
        require(b, at, 4, end);
        long v = CcelTable.u32(b, at);
        if (v > end - at - 4) {
            throw new MalformedEvidenceException(what + " at offset " + at + " overruns the log");
        }
        return (int) v;
    }

    private static void require(byte[] b, int at, int n, int end) throws MalformedEvidenceException {
        if (at < 0 || n < 0 || at > end - n) {
            throw new MalformedEvidenceException("event log truncated at offset " + at);
        }
    }
}
