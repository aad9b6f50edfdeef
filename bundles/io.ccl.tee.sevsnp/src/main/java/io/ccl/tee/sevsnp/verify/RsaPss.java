package io.ccl.tee.sevsnp.verify;

import io.ccl.tee.sevsnp.kds.InvalidCertificateException;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSASSAPSSparams;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.crypto.digests.SHA384Digest;
import org.bouncycastle.crypto.engines.RSAEngine;
import org.bouncycastle.crypto.params.RSAKeyParameters;
import org.bouncycastle.crypto.signers.PSSSigner;

/**
 * RSASSA-PSS with SHA-384, MGF1 with SHA-384 and a 48-byte salt: the only signature the AMD
 * hierarchy uses for certificates and CRLs (KDS specification AMD 57230, Table 6).
 */
final class RsaPss {
    private static final int SALT_LENGTH = 48;

    private RsaPss() {
    }

    /** Checks that {@code algorithm} is exactly RSASSA-PSS(SHA-384, MGF1-SHA-384, salt 48, trailer 1). */
    static void requireAmdParameters(AlgorithmIdentifier algorithm, String what) throws InvalidCertificateException {
        if (!PKCSObjectIdentifiers.id_RSASSA_PSS.equals(algorithm.getAlgorithm())) {
            throw new InvalidCertificateException(what + " is not signed with RSASSA-PSS: " + algorithm.getAlgorithm());
        }
        ASN1Encodable parameters = algorithm.getParameters();
        boolean amd;
        try {
            RSASSAPSSparams pss = RSASSAPSSparams.getInstance(parameters);
            amd = pss != null && NISTObjectIdentifiers.id_sha384.equals(pss.getHashAlgorithm().getAlgorithm())
                    && PKCSObjectIdentifiers.id_mgf1.equals(pss.getMaskGenAlgorithm().getAlgorithm())
                    && NISTObjectIdentifiers.id_sha384.equals(mgfHash(pss))
                    && pss.getSaltLength().intValueExact() == SALT_LENGTH && pss.getTrailerField().intValueExact() == 1;
        } catch (RuntimeException e) {
            amd = false;
        }
        if (!amd) {
            throw new InvalidCertificateException(what + " RSASSA-PSS parameters are not SHA-384/MGF1-SHA-384/salt 48");
        }
    }

    private static org.bouncycastle.asn1.ASN1ObjectIdentifier mgfHash(RSASSAPSSparams pss) {
        try {
            return AlgorithmIdentifier.getInstance(pss.getMaskGenAlgorithm().getParameters()).getAlgorithm();
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Verifies an RSASSA-PSS signature over {@code signed}. */
    static boolean verify(RSAKeyParameters key, byte[] signed, byte[] signature) {
        try {
            PSSSigner signer = new PSSSigner(new RSAEngine(), new SHA384Digest(), new SHA384Digest(), SALT_LENGTH,
                    PSSSigner.TRAILER_IMPLICIT);
            signer.init(false, key);
            signer.update(signed, 0, signed.length);
            return signer.verifySignature(signature);
        } catch (RuntimeException e) {
            return false;
        }
    }
}
