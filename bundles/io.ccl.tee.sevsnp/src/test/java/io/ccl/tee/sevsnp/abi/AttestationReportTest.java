package io.ccl.tee.sevsnp.abi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ccl.attestation.api.EvidenceRejectedException;
import io.ccl.attestation.api.MalformedEvidenceException;
import io.ccl.attestation.api.RejectionReason;
import io.ccl.attestation.api.VerificationException;
import io.ccl.tee.sevsnp.TestVectors;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AttestationReportTest {

    @Test
    void parsesARealVersionTwoReport() throws VerificationException {
        AttestationReport r = AttestationReport.parse(TestVectors.GO_SEV_GUEST.reportBytes());
        assertEquals(2, r.version());
        assertEquals(0xb0000L, r.policy());
        assertEquals(SigningKey.VCEK, r.signingKey());
        assertEquals(AttestationReport.ECDSA_P384_SHA384, r.signatureAlgorithm());
        assertEquals("0200000000000544", new TcbVersion(r.reportedTcb(), Product.MILAN).hex());
        assertEquals(false, r.cpuidFamily().isPresent());
        assertArrayEquals(new int[] {1, 49, 3}, r.currentVersion());
        assertEquals("0102030405", HexFormat.of().formatHex(r.reportData()).substring(0, 10));
    }

    @Test
    void parsesARealVersionThreeVlekReport() throws VerificationException {
        AttestationReport r = AttestationReport.parse(TestVectors.TRUSTEE_VLEK.reportBytes());
        assertEquals(3, r.version());
        assertEquals(SigningKey.VLEK, r.signingKey());
        assertEquals(1L, r.vmpl());
        assertEquals(0x19, r.cpuidFamily().getAsInt());
        assertEquals(0x01, r.cpuidModel().getAsInt());
    }

    @Test
    void toleratesTrailingBytes() throws VerificationException {
        byte[] longer = Arrays.copyOf(TestVectors.TSM_GENOA.reportBytes(), 4000);
        assertEquals(3, AttestationReport.parse(longer).version());
    }

    @Test
    void acceptsVersionsTwoToFiveOnly() throws VerificationException {
        byte[] r = TestVectors.AZURE_V0.reportBytes();
        for (int v : new int[] {3, 4, 5}) {
            r[0] = (byte) v;
            assertEquals(v, AttestationReport.parse(r).version());
        }
        for (int v : new int[] {0, 1, 6, 255}) {
            r[0] = (byte) v;
            assertEquals(RejectionReason.UNSUPPORTED_VERSION,
                    assertThrows(EvidenceRejectedException.class, () -> AttestationReport.parse(r)).reason());
        }
    }

    @Test
    void reservedFieldsMustBeZero() {
        byte[] v2 = TestVectors.GO_SEV_GUEST.reportBytes();
        // 4Ch, CPUID area of v2, 1EBh, 1EFh, 1F8h-29Fh of v2, signature tail, 48h bits 31:5
        for (int offset : new int[] {0x4C, 0x188, 0x19F, 0x1EB, 0x1EF, 0x1F8, 0x29F, 0x330, 0x49F, 0x4B}) {
            byte[] r = v2.clone();
            r[offset] = 1;
            assertThrows(MalformedEvidenceException.class, () -> AttestationReport.parse(r), "offset " + offset);
        }
        byte[] v3 = TestVectors.TSM_GENOA.reportBytes();
        for (int offset : new int[] {0x18B, 0x19F, 0x1F8, 0x207}) {
            byte[] r = v3.clone();
            r[offset] = 1;
            assertThrows(MalformedEvidenceException.class, () -> AttestationReport.parse(r), "offset " + offset);
        }
        byte[] reservedKey = v2.clone();
        reservedKey[0x48] = 3 << 2;
        assertThrows(MalformedEvidenceException.class, () -> AttestationReport.parse(reservedKey));
    }

    @Test
    void versionFiveCarriesMitigationVectors() throws VerificationException {
        byte[] r = TestVectors.TSM_GENOA.reportBytes();
        r[0] = 5;
        r[0x1F8] = 3;
        r[0x200] = 1;
        AttestationReport parsed = AttestationReport.parse(r);
        assertEquals(3L, parsed.launchMitVector());
        assertEquals(1L, parsed.currentMitVector());
    }

    @Test
    void signatureComponentsAreLittleEndian() throws VerificationException {
        byte[] r = TestVectors.GO_SEV_GUEST.reportBytes();
        AttestationReport parsed = AttestationReport.parse(r);
        assertEquals(r[0x2A0] & 0xFF, parsed.signatureR().intValue() & 0xFF);
        assertEquals(r[0x2E8] & 0xFF, parsed.signatureS().intValue() & 0xFF);
        assertTrue(parsed.signatureR().bitLength() <= 384);
    }

    @Test
    void truncatedAndRandomInputIsMalformedOrUnsupported() {
        byte[] r = TestVectors.GO_SEV_GUEST.reportBytes();
        for (int len = 0; len < AttestationReport.SIZE; len++) {
            byte[] cut = Arrays.copyOf(r, len);
            assertThrows(MalformedEvidenceException.class, () -> AttestationReport.parse(cut));
        }
        Random random = new Random(42);
        for (int i = 0; i < 2000; i++) {
            byte[] noise = new byte[random.nextInt(3000)];
            random.nextBytes(noise);
            try {
                AttestationReport.parse(noise);
            } catch (MalformedEvidenceException | EvidenceRejectedException expected) {
                // declared outcomes
            }
        }
    }
}
