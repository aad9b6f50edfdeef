package io.ccl.attestation.service;

import io.ccl.attestation.api.EvidenceRejectedException;
import io.ccl.attestation.api.EvidenceVerifier;
import io.ccl.attestation.api.MalformedEvidenceException;
import io.ccl.attestation.api.RejectionReason;
import io.ccl.attestation.api.VerificationContext;
import io.ccl.attestation.api.VerifiedClaims;
import io.ccl.tee.api.Evidence;
import io.ccl.tee.api.ReportData;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A tiny TEE format for tests, with a real signature: {@code "CCLT" ‖ report_data[64] ‖
 * measurement[32] ‖ ECDSA-P256-SHA256 signature (r‖s, 64 bytes) over the first 100 bytes}. The
 * "hardware" key lives in this object; {@link #verifier()} trusts only its public half.
 */
public final class TestTee {
    public static final String TYPE = "testtee";
    private static final byte[] MAGIC = "CCLT".getBytes(StandardCharsets.US_ASCII);
    private static final int SIGNED = 4 + 64 + 32;
    private static final int SIZE = SIGNED + 64;
    private static final String ALG = "SHA256withECDSAinP1363Format";

    private final KeyPair key;

    public TestTee() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            this.key = g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Evidence whose signed report data is {@code reportData}. */
    public Evidence attest(ReportData reportData, byte[] measurement) {
        ByteBuffer buf = ByteBuffer.allocate(SIZE);
        buf.put(MAGIC).put(reportData.bytes()).put(Arrays.copyOf(measurement, 32));
        try {
            Signature s = Signature.getInstance(ALG);
            s.initSign(key.getPrivate());
            s.update(buf.array(), 0, SIGNED);
            buf.put(s.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        return new Evidence(TYPE, buf.array());
    }

    public Verifier verifier() {
        return new Verifier(key.getPublic());
    }

    /** The verifier: parses, checks the signature, then the report data against the context. */
    public static final class Verifier implements EvidenceVerifier {
        private final PublicKey trusted;

        Verifier(PublicKey trusted) {
            this.trusted = trusted;
        }

        @Override
        public String teeType() {
            return TYPE;
        }

        @Override
        public VerifiedClaims verify(Evidence evidence, VerificationContext context)
                throws MalformedEvidenceException, EvidenceRejectedException {
            byte[] p = evidence.payload();
            if (p.length != SIZE || !Arrays.equals(p, 0, 4, MAGIC, 0, 4)) {
                throw new MalformedEvidenceException("not a " + SIZE + "-byte CCLT report");
            }
            try {
                Signature s = Signature.getInstance(ALG);
                s.initVerify(trusted);
                s.update(p, 0, SIGNED);
                if (!s.verify(p, SIGNED, 64)) {
                    throw new EvidenceRejectedException(RejectionReason.BAD_SIGNATURE, "report signature does not verify");
                }
            } catch (GeneralSecurityException e) {
                throw new EvidenceRejectedException(RejectionReason.BAD_SIGNATURE, "report signature does not verify");
            }
            byte[] rd = Arrays.copyOfRange(p, 4, 68);
            if (context.expectedReportData().isPresent() && !context.expectedReportData().get().matches(rd)) {
                throw new EvidenceRejectedException(RejectionReason.REPORT_DATA_MISMATCH,
                        "report data does not match", context.expectedReportData().get().hex(), HexFormat.of().formatHex(rd));
            }
            Map<String, Object> claims = new LinkedHashMap<>();
            claims.put("measurement", HexFormat.of().formatHex(p, 68, 100));
            claims.put("report_data", HexFormat.of().formatHex(rd));
            claims.put("debug", false);
            return new VerifiedClaims(TYPE, ReportData.of(rd), claims);
        }
    }
}
