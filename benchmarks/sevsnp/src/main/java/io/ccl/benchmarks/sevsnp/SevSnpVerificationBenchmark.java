package io.ccl.benchmarks.sevsnp;

import io.ccl.attestation.api.VerificationContext;
import io.ccl.attestation.api.VerificationContext.CollateralPolicy;
import io.ccl.attestation.api.VerificationException;
import io.ccl.attestation.api.VerifiedClaims;
import io.ccl.tee.api.Collateral;
import io.ccl.tee.api.Evidence;
import io.ccl.tee.sevsnp.SevSnpVerifier;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.util.PublicKeyFactory;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Warm SEV-SNP verification (one report, warm caches) against one bare ECDSA P-384/SHA-384
 * verification of the same report bytes (BouncyCastle JCA and lightweight API with a reused key,
 * SunEC for reference), and the cold-chain cost: a fresh verifier per operation (no parsed
 * certificate, verified link or key precomputation cached) rotating over nine distinct real
 * reports and VCEKs. Test vectors: see resources README.md.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SevSnpVerificationBenchmark {
    private static final BouncyCastleProvider BC = new BouncyCastleProvider();

    private SevSnpVerifier warm;
    private Evidence evidence;
    private VerificationContext context;
    private byte[] signed;
    private byte[] derSignature;
    private PublicKey bcKey;
    private PublicKey sunKey;
    private ECPublicKeyParameters lightweightKey;
    private BigInteger r;
    private BigInteger s;
    private final List<Evidence> rotation = new ArrayList<>();
    private final List<VerificationContext> rotationContexts = new ArrayList<>();
    private int next;

    @Setup
    public void setUp() throws Exception {
        byte[] report = read("derived_sevsnp-tsm-report_outblob.bin");
        evidence = new Evidence("sevsnp", report, List.of(new Collateral("auxblob", read("derived_sevsnp-tsm-report_auxblob.bin"))));
        context = VerificationContext.builder(Instant.parse("2025-06-01T00:00:00Z"))
                .collateralPolicy(CollateralPolicy.ALLOW_UNAVAILABLE).build();
        warm = new SevSnpVerifier();
        warm.verify(evidence, context);

        signed = Arrays.copyOf(report, 0x2A0);
        r = littleEndian(report, 0x2A0);
        s = littleEndian(report, 0x2E8);
        ASN1EncodableVector v = new ASN1EncodableVector();
        v.add(new ASN1Integer(r));
        v.add(new ASN1Integer(s));
        derSignature = new DERSequence(v).getEncoded();
        X509Certificate vcek = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
                new ByteArrayInputStream(pemBody(read("derived_sevsnp-tsm-report_auxblob.bin"))));
        sunKey = vcek.getPublicKey();
        bcKey = KeyFactory.getInstance("EC", BC).generatePublic(new X509EncodedKeySpec(sunKey.getEncoded()));
        lightweightKey = (ECPublicKeyParameters) PublicKeyFactory.createKey(sunKey.getEncoded());
        if (!bareBouncyCastle() || !bareSunEc() || !bareBouncyCastleLightweight()) {
            throw new IllegalStateException("the bare verification does not verify the report");
        }

        String[][] pairs = {{"go-sev-guest_attestation.bin", "go-sev-guest_vcek.der", "2023-01-01"},
            {"virtee-sev_report_milan.bin", "virtee-sev_vcek_milan.der", "2024-01-01"},
            {"snp_test-report.bin", "snp_test-vcek.der", "2024-01-01"},
            {"derived_az-snp-genoa_snp-report.bin", "derived_az-snp-genoa_vcek.pem", "2025-06-01"},
            {"derived_az-snp-v0_snp-report.bin", "derived_az-snp-v0_vcek.pem", "2025-06-01"},
            {"derived_az-snp-v1_snp-report.bin", "derived_az-snp-v1_vcek.der", "2025-06-01"},
            {"derived_az-snp-v2_snp-report.bin", "derived_az-snp-v2_vcek.der", "2025-06-01"},
            {"derived_sevsnp-tsm-report_outblob.bin", "derived_sevsnp-tsm-report_auxblob.bin", "2025-06-01"}};
        for (String[] p : pairs) {
            rotation.add(new Evidence("sevsnp", read(p[0]), List.of(new Collateral(p[1], read(p[1])))));
            rotationContexts.add(VerificationContext.builder(Instant.parse(p[2] + "T00:00:00Z"))
                    .collateralPolicy(CollateralPolicy.ALLOW_UNAVAILABLE).build());
        }
        for (int i = 0; i < rotation.size(); i++) {
            new SevSnpVerifier().verify(rotation.get(i), rotationContexts.get(i));
        }
    }

    /** One report, warm certificate/chain cache and key object: only the report signature is verified. */
    @Benchmark
    public VerifiedClaims warmVerification() throws VerificationException {
        return warm.verify(evidence, context);
    }

    /** One bare ECDSA P-384/SHA-384 verification of the same bytes, BouncyCastle JCA, reused key. */
    @Benchmark
    public boolean bareBouncyCastle() throws GeneralSecurityException {
        Signature ecdsa = Signature.getInstance("SHA384withECDSA", BC);
        ecdsa.initVerify(bcKey);
        ecdsa.update(signed);
        return ecdsa.verify(derSignature);
    }

    /** The same with BouncyCastle's lightweight API (what the verifier uses internally). */
    @Benchmark
    public boolean bareBouncyCastleLightweight() throws GeneralSecurityException {
        ECDSASigner signer = new ECDSASigner();
        signer.init(false, lightweightKey);
        return signer.verifySignature(MessageDigest.getInstance("SHA-384").digest(signed), r, s);
    }

    /** The same with the JDK's SunEC provider, for reference. */
    @Benchmark
    public boolean bareSunEc() throws GeneralSecurityException {
        Signature ecdsa = Signature.getInstance("SHA384withECDSA", "SunEC");
        ecdsa.initVerify(sunKey);
        ecdsa.update(signed);
        return ecdsa.verify(derSignature);
    }

    /**
     * Cold chain: a fresh verifier (empty caches) per operation, rotating over distinct real
     * reports and VCEKs: parse the VCEK, RSASSA-PSS-verify it with the pinned ASK, build the P-384
     * key, verify the report.
     */
    @Benchmark
    public VerifiedClaims coldChain() throws VerificationException {
        int i = next++ % rotation.size();
        return new SevSnpVerifier().verify(rotation.get(i), rotationContexts.get(i));
    }

    private static BigInteger littleEndian(byte[] report, int offset) {
        byte[] be = new byte[72];
        for (int i = 0; i < 72; i++) {
            be[i] = report[offset + 71 - i];
        }
        return new BigInteger(1, be);
    }

    /** The last PEM certificate of the auxblob (its VCEK entry). */
    private static byte[] pemBody(byte[] auxblob) {
        String text = new String(auxblob, java.nio.charset.StandardCharsets.ISO_8859_1);
        int begin = text.lastIndexOf("-----BEGIN CERTIFICATE-----");
        int end = text.indexOf("-----END CERTIFICATE-----", begin) + "-----END CERTIFICATE-----".length();
        return text.substring(begin, end).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    private static byte[] read(String name) {
        try (InputStream in = SevSnpVerificationBenchmark.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
