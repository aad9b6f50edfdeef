package io.ccl.tee.dcap.quote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ccl.attestation.api.MalformedEvidenceException;
import io.ccl.tee.dcap.TestVectors;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class QuoteParserTest {
    private static byte[] vector(String name) {
        return TestVectors.bytes(name);
    }

    @Test
    void parsesV4WithTrailingBytes() throws MalformedEvidenceException {
        byte[] raw = vector("tdx_quote");
        Quote q = QuoteParser.parse(raw);
        assertEquals(4, q.header().version());
        assertEquals(BodyType.TD10, q.bodyType());
        assertEquals(48 + 584, q.signedLength());
        assertEquals(4936, q.length());
        assertEquals(5006, raw.length, "70 trailing zero bytes are tolerated");
        assertEquals(CertificationData.PCK_CHAIN, q.signature().pckCertification().type());
        assertEquals(QuoteHeader.INTEL_QE_VENDOR_ID, HexFormat.of().formatHex(q.header().qeVendorId()));
        assertNull(q.enclaveReport());
    }

    @Test
    void parsesV5Td15AndV3() throws MalformedEvidenceException {
        Quote v5 = QuoteParser.parse(vector("quote_v5_sample.dat"));
        assertEquals(BodyType.TD15, v5.bodyType());
        assertEquals(48 + 6 + 648, v5.signedLength());
        assertTrue(v5.tdReport().td15());
        Quote v3 = QuoteParser.parse(vector("sgx_quote"));
        assertEquals(BodyType.SGX_ENCLAVE, v3.bodyType());
        assertEquals(48 + 384, v3.signedLength());
        assertEquals("33d8736d", HexFormat.of().formatHex(v3.enclaveReport().mrEnclave()).substring(0, 8));
    }

    @Test
    void v5BodyTypeMustMatchItsSize() {
        byte[] raw = vector("quote_v5_sample.dat");
        raw[48] = 2;
        MalformedEvidenceException e = assertThrows(MalformedEvidenceException.class, () -> QuoteParser.parse(raw));
        assertTrue(e.getMessage().contains("584"), e.getMessage());
        raw[48] = 1;
        assertThrows(MalformedEvidenceException.class, () -> QuoteParser.parse(raw));
    }

    @Test
    void everyTruncationIsMalformed() {
        byte[] raw = Arrays.copyOf(vector("tdx_quote"), 4936);
        for (int len = 0; len < raw.length; len++) {
            byte[] cut = Arrays.copyOf(raw, len);
            assertThrows(MalformedEvidenceException.class, () -> QuoteParser.parse(cut), "length " + len);
        }
    }

    @Test
    void signatureDataLengthMustAddUp() {
        byte[] raw = vector("tdx_quote");
        raw[632] += 1;
        assertThrows(MalformedEvidenceException.class, () -> QuoteParser.parse(raw));
        byte[] v3 = vector("sgx_quote");
        v3[432] -= 1;
        assertThrows(MalformedEvidenceException.class, () -> QuoteParser.parse(v3));
    }

    @Test
    void unknownVersionsAndTeeTypesAreMalformed() {
        byte[] raw = vector("tdx_quote");
        raw[0] = 6;
        assertThrows(MalformedEvidenceException.class, () -> QuoteParser.parse(raw));
        byte[] tee = vector("tdx_quote");
        tee[4] = 0x42;
        assertThrows(MalformedEvidenceException.class, () -> QuoteParser.parse(tee));
    }
}
