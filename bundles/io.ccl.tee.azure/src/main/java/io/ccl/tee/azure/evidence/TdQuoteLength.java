package io.ccl.tee.azure.evidence;

import io.ccl.attestation.api.MalformedEvidenceException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The length of an Intel TDX DCAP quote inside a larger buffer (Azure pads the TD quote with zeros),
 * from its header only: Intel TDX DCAP Quote Generation Library API, Appendix A — v4: 48-byte header,
 * 584-byte TD 1.0 body, UINT32 signature-data length; v5: header, UINT16 body type, UINT32 body size,
 * body, UINT32 signature-data length. The padding must be zero, so no unsigned byte can change
 * unnoticed; the quote itself is parsed and verified by the tdx backend.
 */
final class TdQuoteLength {
    private static final int HEADER = 48;
    private static final int V4_BODY = 584;

    private TdQuoteLength() {
    }

    static byte[] trimmed(byte[] buffer) throws MalformedEvidenceException {
        if (buffer.length < HEADER + 6) {
            throw new MalformedEvidenceException("td_quote is too short for a quote header");
        }
        ByteBuffer b = ByteBuffer.wrap(buffer).order(ByteOrder.LITTLE_ENDIAN);
        int version = Short.toUnsignedInt(b.getShort(0));
        long end;
        if (version == 4) {
            end = HEADER + V4_BODY;
        } else if (version == 5) {
            end = HEADER + 6L + Integer.toUnsignedLong(b.getInt(HEADER + 2));
        } else {
            throw new MalformedEvidenceException("td_quote version " + version + " is not 4 or 5");
        }
        if (end + 4 > buffer.length) {
            throw new MalformedEvidenceException("td_quote is truncated");
        }
        end += 4 + Integer.toUnsignedLong(b.getInt((int) end));
        if (end > buffer.length) {
            throw new MalformedEvidenceException("td_quote signature data exceeds the buffer");
        }
        for (int i = (int) end; i < buffer.length; i++) {
            if (buffer[i] != 0) {
                throw new MalformedEvidenceException("td_quote padding after the quote is not zero");
            }
        }
        return Arrays.copyOf(buffer, (int) end);
    }
}
