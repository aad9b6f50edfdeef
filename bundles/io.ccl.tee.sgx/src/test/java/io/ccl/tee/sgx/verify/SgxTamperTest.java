package io.ccl.tee.sgx.verify;

import static org.junit.jupiter.api.Assertions.fail;

import io.ccl.attestation.api.CollateralUnavailableException;
import io.ccl.attestation.api.EvidenceRejectedException;
import io.ccl.attestation.api.MalformedEvidenceException;
import io.ccl.attestation.api.VerificationContext;
import io.ccl.tee.api.Collateral;
import io.ccl.tee.api.Evidence;
import io.ccl.tee.dcap.quote.QuoteParser;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every bit of a v3 quote is covered by a check (one bit per byte of the strict PEM chain). */
class SgxTamperTest {
    private final SgxEvidenceVerifier verifier = new SgxEvidenceVerifier();

    @Test
    void everyBitOfAV3QuoteIsProtected() throws MalformedEvidenceException {
        byte[] quote = Vectors.bytes("phala/sgx_quote");
        List<Collateral> collateral = Vectors.pieces("phala/sgx_quote_collateral.json");
        VerificationContext context = Vectors.at("2025-07-01T00:00:00Z");
        int pemStart = quote.length - QuoteParser.parse(quote).signature().pckCertification().data().length;
        for (int bit = 0; bit < quote.length * 8; bit++) {
            if (bit / 8 >= pemStart && bit % 8 != (bit / 8) % 8) {
                continue;
            }
            byte[] t = quote.clone();
            t[bit / 8] ^= (byte) (1 << (bit % 8));
            try {
                verifier.verify(new Evidence("sgx", t, collateral), context);
                fail("bit " + bit + " (byte " + bit / 8 + ") flipped was accepted");
            } catch (MalformedEvidenceException | EvidenceRejectedException | CollateralUnavailableException e) {
                // rejected as it must be
            }
        }
    }
}
