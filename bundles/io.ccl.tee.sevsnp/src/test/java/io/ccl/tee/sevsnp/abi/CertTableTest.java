package io.ccl.tee.sevsnp.abi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ccl.attestation.api.MalformedEvidenceException;
import io.ccl.tee.sevsnp.TestVectors;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CertTableTest {
    private static final byte[] AUXBLOB = TestVectors.read("veraison-services/derived_sevsnp-tsm-report_auxblob.bin");

    @Test
    void parsesTheRealAuxblob() throws MalformedEvidenceException {
        List<CertTable.Entry> entries = CertTable.parse(AUXBLOB);
        assertEquals(List.of(CertTable.ARK, CertTable.ASK, CertTable.VCEK), entries.stream().map(CertTable.Entry::guid).toList());
        for (CertTable.Entry e : entries) {
            assertTrue(new String(e.data(), 0, 27, java.nio.charset.StandardCharsets.US_ASCII).startsWith("-----BEGIN CERTIFICATE"));
        }
        assertTrue(CertTable.looksLikeTable(AUXBLOB));
    }

    @Test
    void rejectsTablesPointingOutside() {
        byte[] t = AUXBLOB.clone();
        ByteBuffer.wrap(t).order(ByteOrder.LITTLE_ENDIAN).putInt(20, 1_000_000);
        assertThrows(MalformedEvidenceException.class, () -> CertTable.parse(t));
        byte[] intoHeader = AUXBLOB.clone();
        ByteBuffer.wrap(intoHeader).order(ByteOrder.LITTLE_ENDIAN).putInt(16, 8);
        assertThrows(MalformedEvidenceException.class, () -> CertTable.parse(intoHeader));
        assertThrows(MalformedEvidenceException.class, () -> CertTable.parse(Arrays.copyOf(AUXBLOB, 60)));
    }

    @Test
    void randomTablesOnlyYieldTheDeclaredError() {
        Random random = new Random(7);
        for (int i = 0; i < 2000; i++) {
            byte[] t = AUXBLOB.clone();
            t[random.nextInt(96)] ^= (byte) (1 << random.nextInt(8));
            try {
                CertTable.parse(t);
            } catch (MalformedEvidenceException expected) {
                // declared
            }
        }
    }
}
