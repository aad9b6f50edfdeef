package io.ccl.tee.sevsnp.verify;

import io.ccl.tee.sevsnp.abi.AttestationReport;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;

/**
 * The report signature: ECDSA P-384 with SHA-384 over bytes 0x000-0x29F, R and S as 72-byte
 * little-endian fields (SEV-SNP ABI spec rev 1.58, Tables 139-140). Verified with BouncyCastle's
 * ECDSA on a reused key object, whose precomputed multiples make repeated verification cheap.
 */
final class ReportSignature {
    private ReportSignature() {
    }

    static boolean verify(AttestationReport report, ECPublicKeyParameters key) {
        BigInteger r = report.signatureR();
        BigInteger s = report.signatureS();
        BigInteger n = key.getParameters().getN();
        if (r.signum() <= 0 || s.signum() <= 0 || r.compareTo(n) >= 0 || s.compareTo(n) >= 0) {
            return false;
        }
        byte[] digest;
        try {
            digest = MessageDigest.getInstance("SHA-384").digest(report.signedBytes());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-384 is mandatory in every JDK", e);
        }
        ECDSASigner signer = new ECDSASigner();
        signer.init(false, key);
        return signer.verifySignature(digest, r, s);
    }
}
