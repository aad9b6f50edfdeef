package io.ccl.benchmarks.dcap;

import io.ccl.attestation.api.VerificationContext;
import io.ccl.attestation.api.VerifiedClaims;
import io.ccl.tee.api.Collateral;
import io.ccl.tee.api.Evidence;
import io.ccl.tee.dcap.pki.CertificateChainCodec;
import io.ccl.tee.dcap.quote.Quote;
import io.ccl.tee.dcap.quote.QuoteParser;
import io.ccl.tee.tdx.verify.TdxEvidenceVerifier;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Warm verification of one real TDX quote (Phala's, with its combined PCCS collateral, fail-closed) against the
 * two ECDSA P-256 verifications every DCAP verification needs at the least: the quote signature by the attestation
 * key and the QE report signature by the PCK key, done bare with cached key objects.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class DcapVerifyBenchmark {
    private TdxEvidenceVerifier verifier;
    private Evidence evidence;
    private VerificationContext context;

    private byte[] signed;
    private byte[] qeReport;
    private byte[] quoteSigDer;
    private byte[] qeSigDer;
    private BigInteger[] quoteRs;
    private BigInteger[] qeRs;
    private PublicKey bcAttestationKey;
    private PublicKey bcPckKey;
    private PublicKey sunAttestationKey;
    private PublicKey sunPckKey;
    private ECPublicKeyParameters lwAttestationKey;
    private ECPublicKeyParameters lwPckKey;
    private BouncyCastleProvider bc;

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = DcapVerifyBenchmark.class.getResourceAsStream(name)) {
            return in.readAllBytes();
        }
    }

    @Setup
    public void setup() throws Exception {
        byte[] quote = resource("tdx_quote");
        verifier = new TdxEvidenceVerifier();
        evidence = new Evidence("tdx", quote, List.of(new Collateral("tdx_quote_collateral.json",
                resource("tdx_quote_collateral.json"))));
        context = VerificationContext.at(Instant.parse("2025-07-01T00:00:00Z"));
        VerifiedClaims claims = verifier.verify(evidence, context);
        if (!"UpToDate".equals(claims.claims().get("tcb_status"))) {
            throw new IllegalStateException("the sample does not verify: " + claims.claims());
        }

        Quote q = QuoteParser.parse(quote);
        signed = q.signedBytes();
        qeReport = q.signature().qeReport().raw();
        quoteRs = rs(q.signature().signature());
        qeRs = rs(q.signature().qeReportSignature());
        quoteSigDer = der(quoteRs);
        qeSigDer = der(qeRs);
        byte[] ak = q.signature().attestationKey();
        PublicKey pck = CertificateChainCodec.decode(q.signature().pckCertification().data()).get(0).certificate()
                .getPublicKey();
        bc = new BouncyCastleProvider();
        KeyFactory bcKeys = KeyFactory.getInstance("EC", bc);
        KeyFactory sunKeys = KeyFactory.getInstance("EC", "SunEC");
        ECPublicKeySpec akSpec = new ECPublicKeySpec(new ECPoint(new BigInteger(1, Arrays.copyOf(ak, 32)),
                new BigInteger(1, Arrays.copyOfRange(ak, 32, 64))), ((java.security.interfaces.ECPublicKey) pck).getParams());
        bcAttestationKey = bcKeys.generatePublic(akSpec);
        sunAttestationKey = sunKeys.generatePublic(akSpec);
        bcPckKey = bcKeys.generatePublic(new java.security.spec.X509EncodedKeySpec(pck.getEncoded()));
        sunPckKey = sunKeys.generatePublic(new java.security.spec.X509EncodedKeySpec(pck.getEncoded()));
        X9ECParameters curve = CustomNamedCurves.getByName("secp256r1");
        ECDomainParameters domain = new ECDomainParameters(curve.getCurve(), curve.getG(), curve.getN(), curve.getH());
        byte[] point = new byte[65];
        point[0] = 4;
        System.arraycopy(ak, 0, point, 1, 64);
        lwAttestationKey = new ECPublicKeyParameters(domain.getCurve().decodePoint(point), domain);
        lwPckKey = new ECPublicKeyParameters(domain.getCurve().decodePoint(
                org.bouncycastle.asn1.x509.SubjectPublicKeyInfo.getInstance(pck.getEncoded()).getPublicKeyData()
                        .getOctets()), domain);
        if (!bareBouncyCastleJca() || !bareBouncyCastleLightweight() || !bareSunEc()) {
            throw new IllegalStateException("bare verification failed");
        }
    }

    private static BigInteger[] rs(byte[] raw) {
        return new BigInteger[] {new BigInteger(1, Arrays.copyOf(raw, 32)), new BigInteger(1, Arrays.copyOfRange(raw, 32, 64))};
    }

    private static byte[] der(BigInteger[] rs) throws IOException {
        ASN1EncodableVector v = new ASN1EncodableVector();
        v.add(new ASN1Integer(rs[0]));
        v.add(new ASN1Integer(rs[1]));
        return new DERSequence(v).getEncoded();
    }

    /** The verifier: parse, both signatures' worth of checks (see README for what is cached), collateral, claims. */
    @Benchmark
    public VerifiedClaims warmTdxVerification() throws Exception {
        return verifier.verify(evidence, context);
    }

    /** Two bare verifications, BouncyCastle JCA provider, cached key objects. */
    @Benchmark
    public boolean bareBouncyCastleJca() throws Exception {
        Signature s = Signature.getInstance("SHA256withECDSA", bc);
        s.initVerify(bcAttestationKey);
        s.update(signed);
        boolean a = s.verify(quoteSigDer);
        s.initVerify(bcPckKey);
        s.update(qeReport);
        return a & s.verify(qeSigDer);
    }

    /** Two bare verifications, BouncyCastle lightweight API (what the verifier uses), cached key objects. */
    @Benchmark
    public boolean bareBouncyCastleLightweight() throws Exception {
        ECDSASigner s = new ECDSASigner();
        s.init(false, lwAttestationKey);
        boolean a = s.verifySignature(MessageDigest.getInstance("SHA-256").digest(signed), quoteRs[0], quoteRs[1]);
        s.init(false, lwPckKey);
        return a & s.verifySignature(MessageDigest.getInstance("SHA-256").digest(qeReport), qeRs[0], qeRs[1]);
    }

    /** Two bare verifications with the JDK's SunEC, for reference. */
    @Benchmark
    public boolean bareSunEc() throws Exception {
        Signature s = Signature.getInstance("SHA256withECDSA", "SunEC");
        s.initVerify(sunAttestationKey);
        s.update(signed);
        boolean a = s.verify(quoteSigDer);
        s.initVerify(sunPckKey);
        s.update(qeReport);
        return a & s.verify(qeSigDer);
    }
}
