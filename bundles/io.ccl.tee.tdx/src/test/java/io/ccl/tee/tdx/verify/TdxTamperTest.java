package io.ccl.tee.tdx.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import io.ccl.attestation.api.CollateralUnavailableException;
import io.ccl.attestation.api.EvidenceRejectedException;
import io.ccl.attestation.api.MalformedEvidenceException;
import io.ccl.attestation.api.RejectionReason;
import io.ccl.attestation.api.VerificationContext;
import io.ccl.attestation.api.VerificationException;
import io.ccl.tee.api.Collateral;
import io.ccl.tee.api.Evidence;
import io.ccl.tee.dcap.quote.Quote;
import io.ccl.tee.dcap.quote.QuoteParser;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Tampered vectors fail with the right reason; every bit of a v4 and a v5 quote is covered by a check. */
class TdxTamperTest {
    private final TdxEvidenceVerifier verifier = new TdxEvidenceVerifier();
    private final VerificationContext lenient = Vectors.lenientAt("2025-07-01T00:00:00Z");

    private VerificationException failure(String file) {
        return assertThrows(VerificationException.class,
                () -> verifier.verify(Vectors.evidence("tampered/" + file), lenient), file);
    }

    @Test
    void tamperedVectorsFailAsTheLogSays() {
        for (String f : List.of("tdx_v4_reportdata_flipped.dat", "tdx_v4_mrtd_flipped.dat",
                "tdx_v4_attestkey_flipped.dat", "tdx_v4_qereport_flipped.dat")) {
            VerificationException e = failure(f);
            assertEquals(RejectionReason.BAD_SIGNATURE.name(), e.reasonCode(), f + ": " + e.getMessage());
        }
        for (String f : List.of("tdx_v4_truncated.dat", "tdx_v5_body_type_flipped.dat")) {
            assertEquals(MalformedEvidenceException.class, failure(f).getClass(), f);
        }
    }

    @Test
    void sgxQuoteIsNotTdxEvidence() {
        byte[] header = Vectors.bytes("trustee/tdx_quote_4.dat");
        header[0] = 3;
        header[4] = 0;
        assertThrows(VerificationException.class, () -> verifier.verify(new Evidence("tdx", header), lenient));
        assertThrows(MalformedEvidenceException.class, () -> verifier.verify(
                new Evidence("sgx", Vectors.bytes("trustee/tdx_quote_4.dat")), lenient));
    }

    @Test
    void everyBitOfAV4AndAV5QuoteIsProtected() throws MalformedEvidenceException {
        flipAll(Vectors.trimmed("phala/tdx_quote", 4936), Vectors.pieces("phala/tdx_quote_collateral.json"),
                Vectors.at("2025-07-01T00:00:00Z"));
        flipAll(Vectors.bytes("go-tdx-guest/quote_v5_sample.dat"), List.of(), Vectors.lenientAt("2026-02-03T01:00:00Z"));
    }

    /**
     * Every bit before the PEM chain, and one bit of every byte of the PEM chain (rotating through the bit
     * positions; the chain text is strict, see CertificateChainCodec), must be rejected.
     */
    private void flipAll(byte[] quote, List<Collateral> collateral, VerificationContext context)
            throws MalformedEvidenceException {
        Quote parsed = QuoteParser.parse(quote);
        int pemStart = quote.length - parsed.signature().pckCertification().data().length;
        for (int bit = 0; bit < quote.length * 8; bit++) {
            if (bit / 8 >= pemStart && bit % 8 != (bit / 8) % 8) {
                continue;
            }
            byte[] t = quote.clone();
            t[bit / 8] ^= (byte) (1 << (bit % 8));
            try {
                verifier.verify(new Evidence("tdx", t, collateral), context);
                fail("bit " + bit + " (byte " + bit / 8 + ") flipped was accepted");
            } catch (MalformedEvidenceException | EvidenceRejectedException | CollateralUnavailableException e) {
                // rejected as it must be
            }
        }
    }

    @Test
    void pemChainIsStrict() throws MalformedEvidenceException {
        byte[] quote = Vectors.trimmed("phala/tdx_quote", 4936);
        String text = new String(quote, StandardCharsets.ISO_8859_1);
        int begin = text.indexOf("-----BEGIN CERTIFICATE-----");
        byte[] lower = quote.clone();
        lower[begin + 11] = 'c';
        assertThrows(MalformedEvidenceException.class, () -> verifier.verify(new Evidence("tdx", lower), lenient));
    }

    @Test
    void eventLogThatDoesNotReplayIsAMeasurementMismatch() {
        byte[] log = Vectors.bytes("go-tdx-guest/ccel_ccel_data.dat");
        byte[] table = Vectors.bytes("go-tdx-guest/ccel_ccel_table.dat");
        // The 43rd event's SHA-384 digest: change one byte of the last measured digest.
        int at = new String(log, StandardCharsets.ISO_8859_1).indexOf("Exit Boot Services Returned");
        log[at - 4 - 48 + 5] ^= 1;
        EvidenceRejectedException e = assertThrows(EvidenceRejectedException.class, () -> verifier.verify(
                new Evidence("tdx", Vectors.bytes("go-tdx-guest/ccel_cos-113-tdx-quote.dat"),
                        List.of(new Collateral("ccel_table", table), new Collateral("ccel_data", log))),
                Vectors.lenientAt("2025-10-29T00:00:00Z")));
        assertEquals(RejectionReason.MEASUREMENT_MISMATCH, e.reason());
        assertEquals(true, e.getMessage().contains("RTMR1"), e.getMessage());
    }
}
