package io.ccl.tee.sevsnp.kds;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.ccl.attestation.api.VerificationException;
import io.ccl.tee.sevsnp.TestVectors;
import io.ccl.tee.sevsnp.abi.AttestationReport;
import io.ccl.tee.sevsnp.abi.Product;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class KdsExtensionsTest {

    private static AmdCertificate cert(String path) throws Exception {
        return AmdCertificate.parse(TestVectors.read(path)).orElseThrow();
    }

    @Test
    void realVcekMatchesItsReport() throws Exception {
        AmdCertificate vcek = cert("go-sev-guest/vcek.testcer");
        assertEquals(AmdCertificate.Role.VCEK, vcek.role());
        KdsExtensions ext = vcek.kdsExtensions();
        assertEquals("Milan-B0", ext.productName());
        assertEquals(Optional.of(Product.MILAN), ext.product());
        assertEquals(2, ext.bootloader());
        assertEquals(5, ext.snp());
        assertEquals(0x44, ext.microcode());
        AttestationReport report = AttestationReport.parse(TestVectors.GO_SEV_GUEST.reportBytes());
        assertEquals(report.reportedTcb(), ext.tcb(Product.MILAN));
        assertArrayEquals(report.chipId(), ext.hwid());
        vcek.ecKey();
    }

    @Test
    void turinVcekHasFmcAndAnEightByteHwid() throws Exception {
        KdsExtensions ext = cert("virtee-sev/vcek_turin.der").kdsExtensions();
        assertEquals(Optional.of(Product.TURIN), ext.product());
        assertEquals(0, ext.fmc());
        assertEquals(9, ext.microcode());
        assertEquals(8, ext.hwid().length);
        assertEquals(0x0900000000000000L, ext.tcb(Product.TURIN));
    }

    @Test
    void hwidIsReadInBothEncodings() throws Exception {
        byte[] expected = new byte[64];
        Arrays.setAll(new int[64], i -> expected[i] = (byte) i);
        assertArrayEquals(expected, cert("trustee/snp_test-vcek-invalid-legacy.der").kdsExtensions().hwid());
        assertArrayEquals(expected, cert("trustee/snp_test-vcek-invalid-new.der").kdsExtensions().hwid());
    }

    @Test
    void vlekCarriesACspIdInsteadOfAHwid() throws Exception {
        AmdCertificate vlek = cert("trustee/snp_test-vlek.der");
        assertEquals(AmdCertificate.Role.VLEK, vlek.role());
        KdsExtensions ext = vlek.kdsExtensions();
        assertNull(ext.hwid());
        assertEquals("CN=cc-us-east-2.amazonaws.com", ext.cspId());
        assertEquals(0xD9, ext.microcode());
    }

    @Test
    void everyRealVcekMatchesItsReportTcb() throws VerificationException, Exception {
        for (TestVectors.Vector v : TestVectors.ALL) {
            if (v == TestVectors.TSM_GENOA) {
                continue;
            }
            AttestationReport report = AttestationReport.parse(v.reportBytes());
            KdsExtensions ext = AmdCertificate.parse(pemOrDer(TestVectors.read(v.collateral()[0]))).orElseThrow().kdsExtensions();
            Product p = ext.product().orElseThrow();
            assertEquals(report.reportedTcb(), ext.tcb(p), v.name());
        }
    }

    private static byte[] pemOrDer(byte[] data) {
        String s = new String(data, java.nio.charset.StandardCharsets.US_ASCII);
        if (!s.startsWith("-----BEGIN")) {
            return data;
        }
        String b64 = s.substring(s.indexOf('\n') + 1, s.indexOf("-----END")).replaceAll("\\s", "");
        return java.util.Base64.getDecoder().decode(b64);
    }
}
