package io.ccl.tee.nitro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.ccl.attestation.api.EvidenceRejectedException;
import io.ccl.attestation.api.RejectionReason;
import io.ccl.attestation.api.VerificationContext;
import org.junit.jupiter.api.Test;

/** The generated tampered documents of testdata/tampered (TAMPERED_LOG.tsv): each fails its COSE signature. */
class TamperedDocumentsTest {
    private static final NitroVerifier VERIFIER = new NitroVerifier();

    private static RejectionReason reject(String file) {
        return assertThrows(EvidenceRejectedException.class, () -> VERIFIER.verify(
                TestVectors.evidence(TestVectors.read("tampered/" + file)), VerificationContext.at(TestVectors.NORMAL_NOW)))
                .reason();
    }

    @Test
    void moduleIdFlip() {
        assertEquals(RejectionReason.BAD_SIGNATURE, reject("nitro_module_id_flipped.cbor"));
    }

    @Test
    void pcr4Flip() {
        assertEquals(RejectionReason.BAD_SIGNATURE, reject("nitro_pcr4_flipped.cbor"));
    }

    @Test
    void signatureFlip() {
        assertEquals(RejectionReason.BAD_SIGNATURE, reject("nitro_signature_flipped.cbor"));
    }
}
