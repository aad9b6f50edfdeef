package io.ccl.tee.azure.tpm;

import io.ccl.attestation.api.EvidenceRejectedException;
import io.ccl.attestation.api.MalformedEvidenceException;
import io.ccl.attestation.api.RejectionReason;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A TPM2_Quote result as Trustee carries it: the marshalled TPMS_ATTEST ({@code message}), the raw
 * RSASSA-PKCS1-v1_5 signature bytes (the {@code sig} buffer of TPMS_SIGNATURE_RSA, Part 2 §11.3.1,
 * scheme TPM_ALG_RSASSA with SHA-256) and the SHA-256 PCR values the quote selected.
 */
public final class TpmQuote {
    private final byte[] message;
    private final byte[] signature;
    private final List<byte[]> pcrs;
    private final TpmsAttest attest;

    private TpmQuote(byte[] message, byte[] signature, List<byte[]> pcrs, TpmsAttest attest) {
        this.message = message;
        this.signature = signature;
        this.pcrs = pcrs;
        this.attest = attest;
    }

    /** Parses the message; the PCR values must be 32 bytes each, at most 24. */
    public static TpmQuote of(byte[] message, byte[] signature, List<byte[]> pcrs) throws MalformedEvidenceException {
        if (pcrs.size() > 32) {
            throw new MalformedEvidenceException("more than 32 PCR values");
        }
        List<byte[]> copy = new ArrayList<>();
        for (byte[] p : pcrs) {
            if (p.length != 32) {
                throw new MalformedEvidenceException("a SHA-256 PCR value is " + p.length + " bytes, not 32");
            }
            copy.add(p.clone());
        }
        if (signature.length > 512) {
            throw new MalformedEvidenceException("TPM quote signature of " + signature.length + " bytes is too long");
        }
        return new TpmQuote(message.clone(), signature.clone(), copy, TpmsAttest.parse(message));
    }

    public TpmsAttest attest() {
        return attest;
    }

    /**
     * Checks the signature with the attestation key (Part 3 §18.4 TPM2_Quote signs the TPMS_ATTEST
     * with the key's scheme; Azure's AK 0x81000003 uses RSASSA with SHA-256).
     */
    public void verifySignature(RSAPublicKey ak) throws EvidenceRejectedException {
        boolean ok;
        try {
            Signature s = Signature.getInstance("SHA256withRSA");
            s.initVerify(ak);
            s.update(message);
            ok = signature.length == (ak.getModulus().bitLength() + 7) / 8 && s.verify(signature);
        } catch (GeneralSecurityException e) {
            ok = false;
        }
        if (!ok) {
            throw new EvidenceRejectedException(RejectionReason.BAD_SIGNATURE,
                    "TPM quote is not signed by the HCL attestation key HCLAkPub");
        }
    }

    /**
     * Checks that the PCR values hash to pcrDigest: SHA-256 over the selected PCR values in selection
     * order (Part 3 §18.4 / Part 1 §19.7.2 "PCR digest"). Only the SHA-256 bank is accepted, and the
     * number of values must equal the number of selected PCRs, so no value goes unbound.
     */
    public void verifyPcrs() throws EvidenceRejectedException {
        if (attest.pcrSelection().size() != 1 || attest.pcrSelection().get(0).hashAlg() != TpmsAttest.TPM_ALG_SHA256) {
            throw new EvidenceRejectedException(RejectionReason.UNSUPPORTED_ALGORITHM,
                    "TPM quote must select exactly the SHA-256 PCR bank");
        }
        List<Integer> selected = attest.pcrSelection().get(0).pcrs();
        if (selected.size() != pcrs.size()) {
            throw new EvidenceRejectedException(RejectionReason.MEASUREMENT_MISMATCH, "TPM quote selects "
                    + selected.size() + " PCRs but " + pcrs.size() + " values came with it",
                    String.valueOf(selected.size()), String.valueOf(pcrs.size()));
        }
        byte[] digest;
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            pcrs.forEach(md::update);
            digest = md.digest();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
        if (!MessageDigest.isEqual(digest, attest.pcrDigest())) {
            throw new EvidenceRejectedException(RejectionReason.MEASUREMENT_MISMATCH,
                    "the PCR values do not hash to the quote's pcrDigest", HexFormat.of().formatHex(attest.pcrDigest()),
                    HexFormat.of().formatHex(digest));
        }
    }

    /** Claims {@code pcrNN -> hex} of the selected SHA-256 PCRs (valid after {@link #verifyPcrs()}). */
    public Map<String, Object> pcrClaims() {
        Map<String, Object> m = new LinkedHashMap<>();
        List<Integer> selected = attest.pcrSelection().get(0).pcrs();
        for (int i = 0; i < pcrs.size(); i++) {
            m.put(String.format("pcr%02d", selected.get(i)), HexFormat.of().formatHex(pcrs.get(i)));
        }
        return m;
    }
}
