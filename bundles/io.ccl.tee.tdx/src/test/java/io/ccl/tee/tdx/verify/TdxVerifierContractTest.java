package io.ccl.tee.tdx.verify;

import io.ccl.attestation.api.EvidenceVerifier;
import io.ccl.attestation.api.MalformedEvidenceException;
import io.ccl.tee.api.Evidence;
import io.ccl.tee.dcap.quote.QuoteParser;
import io.ccl.tee.tck.EvidenceVerifierContract;
import io.ccl.tee.tck.Sample;
import java.util.List;

/**
 * The TEE TCK with real TDX quotes: a v4 quote with combined PCCS collateral (fail-closed), a v5 TD 1.5 quote,
 * and the GCP quote with its CC event log. Trailing buffer bytes are cut off the samples (the verifier tolerates
 * them, so flipping or truncating them could not be rejected); {@link TdxRealQuotesTest} covers the originals.
 */
class TdxVerifierContractTest extends EvidenceVerifierContract {
    private static final TdxEvidenceVerifier VERIFIER = new TdxEvidenceVerifier();
    private static final List<Sample> SAMPLES = List.of(
            new Sample("phala tdx_quote (v4, trimmed)", new Evidence("tdx", Vectors.trimmed("phala/tdx_quote", 4936),
                    Vectors.pieces("phala/tdx_quote_collateral.json")), Vectors.at("2025-07-01T00:00:00Z")),
            new Sample("go-tdx-guest quote_v5_sample (v5 TD1.5)", Vectors.evidence("go-tdx-guest/quote_v5_sample.dat",
                    "go-tdx-guest/sample_tcbinfo_response_v5", "phala/tdx_quote_outdated_collateral.json"),
                    Vectors.lenientAt("2026-02-03T01:00:00Z")),
            new Sample("go-tdx-guest cos-113 with CCEL (v4, trimmed)", new Evidence("tdx",
                    Vectors.trimmed("go-tdx-guest/ccel_cos-113-tdx-quote.dat", 4935),
                    Vectors.pieces("go-tdx-guest/ccel_ccel_table.dat", "go-tdx-guest/ccel_ccel_data.dat",
                            "teekit/tcbInfo-tdx-00806f050000.json", "trustee/enclaveIdentity.json",
                            "phala/derived_tdx_root_ca_crl.der")), Vectors.lenientAt("2025-10-29T00:00:00Z")));

    @Override
    protected EvidenceVerifier verifier() {
        return VERIFIER;
    }

    @Override
    protected List<Sample> samples() {
        return SAMPLES;
    }

    @Override
    protected List<int[]> signedRanges(Sample sample) {
        try {
            return List.of(new int[] {0, QuoteParser.parse(sample.evidence().payload()).length()});
        } catch (MalformedEvidenceException e) {
            throw new AssertionError(e);
        }
    }
}
