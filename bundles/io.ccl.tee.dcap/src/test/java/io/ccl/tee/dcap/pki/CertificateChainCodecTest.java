package io.ccl.tee.dcap.pki;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.ccl.attestation.api.MalformedEvidenceException;
import io.ccl.tee.dcap.TestVectors;
import io.ccl.tee.dcap.quote.QuoteParser;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class CertificateChainCodecTest {
    private static byte[] pckChain(String quote) throws MalformedEvidenceException {
        return QuoteParser.parse(TestVectors.bytes(quote)).signature().pckCertification()
                .data();
    }

    @Test
    void decodesTheQuotesPemChainAndItsSgxExtensions() throws MalformedEvidenceException {
        List<IntelCertificate> chain = CertificateChainCodec.decode(pckChain("tdx_quote"));
        assertEquals(3, chain.size());
        assertEquals("Intel SGX PCK Certificate", chain.get(0).commonName());
        assertEquals("Intel SGX PCK Platform CA", chain.get(1).commonName());
        assertEquals("Intel SGX Root CA", chain.get(2).commonName());
        PckExtensions ext = PckExtensions.of(chain.get(0));
        assertEquals("b0c06f000000", HexFormat.of().formatHex(ext.fmspc()));
        assertEquals("0000", HexFormat.of().formatHex(ext.pceId()));
        assertEquals(16, ext.componentSvns().length);
        assertEquals(1, ext.sgxType(), "platform CA certificates are issued to scalable SGX");
    }

    @Test
    void decodesConcatenatedDer() throws MalformedEvidenceException {
        List<IntelCertificate> chain = CertificateChainCodec.decode(pckChain("qvl_tdx_quote.dat"));
        assertEquals(3, chain.size());
    }

    @Test
    void pemIsStrict() throws MalformedEvidenceException {
        String pem = new String(pckChain("tdx_quote"), StandardCharsets.US_ASCII);
        for (String bad : List.of(pem.replaceFirst("BEGIN CERTIFICATE", "BEGIN Certificate"),
                pem.replaceFirst("\n", "\n "), "garbage\n" + pem, pem.replace("\u0000", "") + "x",
                pem.replaceFirst("-----END CERTIFICATE-----\n", "-----END CERTIFICATE-----\u000b"))) {
            assertThrows(IllegalArgumentException.class,
                    () -> CertificateChainCodec.decode(bad.getBytes(StandardCharsets.US_ASCII)));
        }
        assertEquals(3, CertificateChainCodec.decode((pem.replace("\u0000", "").replace("\n", "\r\n"))
                .getBytes(StandardCharsets.US_ASCII)).size(), "CRLF line ends are accepted");
    }

    @Test
    void nonCanonicalBase64IsRejected() throws MalformedEvidenceException {
        String pem = new String(pckChain("tdx_quote"), StandardCharsets.US_ASCII);
        int end = pem.indexOf("=\n-----END");
        if (end < 0) {
            end = pem.indexOf("\n-----END");
        }
        char last = pem.charAt(end - 1);
        String tweaked = pem.substring(0, end - 1) + (char) (last ^ 1) + pem.substring(end);
        assertThrows(IllegalArgumentException.class,
                () -> CertificateChainCodec.decode(tweaked.getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void certificatesMustBeStrictDer() {
        byte[] der = CertificateChainCodec.decode(TestVectors.bytes("/roots/intel_sgx_root_ca.pem")).get(0).der();
        byte[] longForm = new byte[der.length + 1];
        longForm[0] = 0x30;
        longForm[1] = (byte) 0x83;
        longForm[2] = 0;
        System.arraycopy(der, 2, longForm, 3, der.length - 2);
        longForm[3] = der[2];
        longForm[4] = der[3];
        assertThrows(IllegalArgumentException.class, () -> IntelCertificate.parse(longForm));
        assertArrayEquals(der, IntelCertificate.parse(der).der());
    }
}
