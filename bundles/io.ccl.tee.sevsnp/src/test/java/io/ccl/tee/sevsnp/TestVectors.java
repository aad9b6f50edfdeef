package io.ccl.tee.sevsnp;

import io.ccl.attestation.api.VerificationContext;
import io.ccl.attestation.api.VerificationContext.CollateralPolicy;
import io.ccl.tee.api.Collateral;
import io.ccl.tee.api.Evidence;
import io.ccl.tee.tck.Sample;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The real SEV-SNP reports of {@code testdata/} (provenance in testdata/README.md) with the
 * certificates and the time at which each verifies (MANIFEST §2 of the shared test vectors).
 */
public final class TestVectors {
    /** One real report. */
    public record Vector(String name, String report, Instant now, String... collateral) {
        public byte[] reportBytes() {
            byte[] bytes = read(report);
            // The Azure HCL report carries the SNP report at offset 0x20 (see testdata/README.md).
            return report.endsWith("hcl-report.bin") ? Arrays.copyOfRange(bytes, 0x20, 0x20 + 0x4A0) : bytes;
        }

        public List<Collateral> collateralList() {
            List<Collateral> list = new ArrayList<>();
            for (String c : collateral) {
                list.add(new Collateral(c.endsWith("auxblob.bin") ? "auxblob" : fileName(c), read(c)));
            }
            return list;
        }

        public Evidence evidence() {
            return new Evidence("sevsnp", reportBytes(), collateralList());
        }

        public VerificationContext.Builder context() {
            return VerificationContext.builder(now).collateralPolicy(CollateralPolicy.ALLOW_UNAVAILABLE);
        }

        public Sample sample() {
            return new Sample(name, evidence(), context().build());
        }
    }

    public static final Vector GO_SEV_GUEST = new Vector("go-sev-guest v2 Milan (debug)", "go-sev-guest/attestation.bin",
            Instant.parse("2023-01-01T00:00:00Z"), "go-sev-guest/vcek.testcer");
    public static final Vector VIRTEE_MILAN = new Vector("virtee v2 Milan", "virtee-sev/report_milan.bin",
            Instant.parse("2024-01-01T00:00:00Z"), "virtee-sev/vcek_milan.der");
    public static final Vector TRUSTEE_MILAN = new Vector("trustee v2 Milan", "trustee/snp_test-report.bin",
            Instant.parse("2024-01-01T00:00:00Z"), "trustee/snp_test-vcek.der");
    public static final Vector TRUSTEE_VLEK = new Vector("trustee v3 Milan VLEK", "trustee/snp_test-vlek-report.bin",
            Instant.parse("2025-06-01T00:00:00Z"), "trustee/snp_test-vlek.der");
    public static final Vector AZURE_GENOA = new Vector("azure v3 Genoa", "trustee/derived_az-snp-genoa_snp-report.bin",
            Instant.parse("2025-06-01T00:00:00Z"), "trustee/derived_az-snp-genoa_vcek.pem");
    public static final Vector AZURE_V0 = new Vector("azure v3 Milan (v0)", "trustee/derived_az-snp-v0_snp-report.bin",
            Instant.parse("2025-06-01T00:00:00Z"), "trustee/derived_az-snp-v0_vcek.pem");
    public static final Vector AZURE_V1 = new Vector("azure v3 Milan (v1)", "trustee/derived_az-snp-v1_snp-report.bin",
            Instant.parse("2025-06-01T00:00:00Z"), "trustee/derived_az-snp-v1_vcek.der");
    public static final Vector AZURE_V2 = new Vector("azure v3 Milan (v2)", "trustee/derived_az-snp-v2_snp-report.bin",
            Instant.parse("2025-06-01T00:00:00Z"), "trustee/derived_az-snp-v2_vcek.der");
    public static final Vector AZURE_HCL_V2 = new Vector("azure v2 Milan (HCL report)", "trustee/az-snp-vtpm_hcl-report.bin",
            Instant.parse("2024-01-01T00:00:00Z"), "trustee/az-snp-vtpm_vcek.pem");
    public static final Vector TSM_GENOA = new Vector("configfs-tsm v3 Genoa", "veraison-services/derived_sevsnp-tsm-report_outblob.bin",
            Instant.parse("2025-06-01T00:00:00Z"), "veraison-services/derived_sevsnp-tsm-report_auxblob.bin");

    /** Every real report. */
    public static final List<Vector> ALL = List.of(GO_SEV_GUEST, VIRTEE_MILAN, TRUSTEE_MILAN, TRUSTEE_VLEK, AZURE_GENOA,
            AZURE_V0, AZURE_V1, AZURE_V2, AZURE_HCL_V2, TSM_GENOA);

    private TestVectors() {
    }

    /** Bytes of {@code testdata/<path>}. */
    public static byte[] read(String path) {
        try (InputStream in = TestVectors.class.getResourceAsStream("testdata/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource testdata/" + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String fileName(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
