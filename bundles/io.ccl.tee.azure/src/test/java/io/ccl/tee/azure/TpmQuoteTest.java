package io.ccl.tee.azure;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.ccl.attestation.api.MalformedEvidenceException;
import io.ccl.tee.azure.tpm.TpmsAttest;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** TPMS_ATTEST parsing on Trustee's standalone quote (tpm-quote.msg, 122 bytes). */
class TpmQuoteTest {
    @Test
    void parsesTheStandaloneQuote() throws MalformedEvidenceException {
        TpmsAttest a = TpmsAttest.parse(Vectors.read("trustee/az-snp-vtpm_tpm-quote.msg"));
        assertArrayEquals(Vectors.CHALLENGE, a.extraData());
        assertEquals(1, a.pcrSelection().size());
        assertEquals(TpmsAttest.TPM_ALG_SHA256, a.pcrSelection().get(0).hashAlg());
        assertEquals(java.util.List.of(0, 1, 2, 3, 4, 5, 6, 7, 14), a.pcrSelection().get(0).pcrs());
        assertEquals(32, a.pcrDigest().length);
        assertEquals(34, a.qualifiedSigner().length);
    }

    @Test
    void everyTruncationAndOversizeIsMalformed() {
        byte[] msg = Vectors.read("trustee/az-snp-vtpm_tpm-quote.msg");
        for (int n = 0; n < msg.length; n++) {
            byte[] cut = Arrays.copyOf(msg, n);
            assertThrows(MalformedEvidenceException.class, () -> TpmsAttest.parse(cut), "length " + n);
        }
        byte[] longer = Arrays.copyOf(msg, msg.length + 1);
        assertThrows(MalformedEvidenceException.class, () -> TpmsAttest.parse(longer));
        byte[] hugeSize = msg.clone();
        hugeSize[6] = (byte) 0xff; // qualifiedSigner.size = 0xff22
        assertThrows(MalformedEvidenceException.class, () -> TpmsAttest.parse(hugeSize));
    }
}
