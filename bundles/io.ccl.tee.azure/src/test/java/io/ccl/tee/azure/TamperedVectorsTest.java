package io.ccl.tee.azure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ccl.attestation.api.EvidenceRejectedException;
import io.ccl.attestation.api.EvidenceVerifier;
import io.ccl.attestation.api.MalformedEvidenceException;
import io.ccl.attestation.api.RejectionReason;
import io.ccl.attestation.api.VerificationException;
import io.ccl.tee.api.Evidence;
import io.ccl.tee.api.ReportData;
import io.ccl.tee.azure.hcl.HclReport;
import io.ccl.tee.tck.Sample;
import java.util.HexFormat;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Copies of the real vectors, tampered in the test, are rejected with the reason of the broken link. */
class TamperedVectorsTest {
    private static final EvidenceVerifier SNP = new AzSnpVtpmVerifier();
    private static final EvidenceVerifier TDX = new AzTdxVtpmVerifier();
    private static final int VAR_DATA_BYTE = HclReport.VAR_DATA_OFFSET + 40;

    /** v0 JSON (byte lists) with one change applied. */
    private static Sample tampered(Sample s, Consumer<ObjectNode> change) {
        ObjectNode root = Vectors.tree(s.evidence().payload());
        change.accept(root);
        return new Sample(s.name(), new Evidence(s.evidence().teeType(), Vectors.bytes(root), s.evidence().collateral()),
                s.context());
    }

    private static void flipListByte(ObjectNode parent, String field, int index) {
        ArrayNode a = (ArrayNode) parent.get(field);
        a.set(index, a.get(index).intValue() ^ 0x01);
    }

    private static RejectionReason reason(EvidenceVerifier v, Sample s) {
        return assertThrows(EvidenceRejectedException.class, () -> v.verify(s.evidence(), s.context()), s.name()).reason();
    }

    private static Sample snpV0() {
        return Vectors.snp("az-snp-vtpm_evidence-v0.json", Vectors.SNP_NOW);
    }

    private static Sample tdxV0() {
        return Vectors.tdx("az-tdx-vtpm_evidence-v0.json");
    }

    @Test
    void quoteSignatureTampered() {
        assertEquals(RejectionReason.BAD_SIGNATURE,
                reason(SNP, tampered(snpV0(), r -> flipListByte((ObjectNode) r.get("quote"), "signature", 17))));
        assertEquals(RejectionReason.BAD_SIGNATURE,
                reason(TDX, tampered(tdxV0(), r -> flipListByte((ObjectNode) r.get("tpm_quote"), "signature", 200))));
    }

    @Test
    void quoteNonceTampered() {
        // extraData starts after magic(4) type(2) qualifiedSigner(2+34) size(2): byte 44
        assertEquals(RejectionReason.BAD_SIGNATURE,
                reason(SNP, tampered(snpV0(), r -> flipListByte((ObjectNode) r.get("quote"), "message", 44))));
    }

    @Test
    void pcrValueBytesTampered() {
        Sample s = tampered(snpV0(), r -> {
            ArrayNode pcr7 = (ArrayNode) ((ArrayNode) r.get("quote").get("pcrs")).get(7);
            pcr7.set(3, pcr7.get(3).intValue() ^ 0x80);
        });
        assertEquals(RejectionReason.MEASUREMENT_MISMATCH, reason(SNP, s));
        Sample t = tampered(tdxV0(), r -> ((ArrayNode) r.get("tpm_quote").get("pcrs")).remove(23));
        assertEquals(RejectionReason.MEASUREMENT_MISMATCH, reason(TDX, t));
    }

    @Test
    void varDataHashBindingTampered() {
        assertEquals(RejectionReason.REPORT_DATA_MISMATCH,
                reason(SNP, tampered(snpV0(), r -> flipListByte(r, "report", VAR_DATA_BYTE))));
        assertEquals(RejectionReason.REPORT_DATA_MISMATCH,
                reason(TDX, tampered(tdxV0(), r -> flipListByte(r, "hcl_report", VAR_DATA_BYTE))));
    }

    @Test
    void hardwareReportTampered() {
        // SNP report MEASUREMENT (0x90) inside the HCL report: the sevsnp verifier's signature check
        assertEquals(RejectionReason.BAD_SIGNATURE,
                reason(SNP, tampered(snpV0(), r -> flipListByte(r, "report", HclReport.HEADER_SIZE + 0x90))));
        // TD quote REPORTDATA (header 48 + body offset 520): the tdx verifier's signature check
        assertEquals(RejectionReason.BAD_SIGNATURE,
                reason(TDX, tampered(tdxV0(), r -> flipListByte(r, "td_quote", 48 + 520 + 40))));
    }

    @Test
    void tdReportOfAnotherQuoteIsRejected() {
        assertEquals(RejectionReason.REPORT_DATA_MISMATCH,
                reason(TDX, tampered(tdxV0(), r -> flipListByte(r, "hcl_report", HclReport.HEADER_SIZE + 128 + 5))));
    }

    @Test
    void otherExpectedReportDataIsRejected() {
        Sample s = snpV0();
        EvidenceRejectedException e = assertThrows(EvidenceRejectedException.class, () -> SNP.verify(s.evidence(),
                Vectors.copy(s.context()).expectReportData(ReportData.of("challengf".getBytes())).build()));
        assertEquals(RejectionReason.REPORT_DATA_MISMATCH, e.reason());
        assertEquals(ReportData.of(Vectors.CHALLENGE).hex(), e.actual());
    }

    @Test
    void wrongTypeAndCrossedEvidenceAreMalformed() {
        Sample snp = snpV0();
        assertThrows(MalformedEvidenceException.class, () -> TDX.verify(
                new Evidence(AzTdxVtpmVerifier.TYPE, snp.evidence().payload()), snp.context()));
        assertThrows(MalformedEvidenceException.class, () -> SNP.verify(
                new Evidence("sevsnp", snp.evidence().payload()), snp.context()));
    }

    @Test
    void nonCanonicalEncodingsAreMalformed() {
        Sample v1 = Vectors.snp("az-snp-vtpm_evidence-v1.json", Vectors.SNP_NOW);
        ObjectNode root = Vectors.tree(v1.evidence().payload());
        ObjectNode q = (ObjectNode) root.get("tpm_quote");
        q.put("signature", q.get("signature").textValue().toUpperCase());
        assertThrows(MalformedEvidenceException.class, () -> SNP.verify(
                new Evidence(AzSnpVtpmVerifier.TYPE, Vectors.bytes(root)), v1.context()));
        ObjectNode extra = Vectors.tree(v1.evidence().payload());
        extra.put("note", "x");
        assertThrows(MalformedEvidenceException.class, () -> SNP.verify(
                new Evidence(AzSnpVtpmVerifier.TYPE, Vectors.bytes(extra)), v1.context()));
    }

    /** Every bit of the TPM quote (message and signature) of the v1 vectors, flipped one at a time. */
    @Test
    void everyBitOfTheQuoteIsRejected() throws VerificationException {
        everyBit(SNP, Vectors.snp("az-snp-vtpm_evidence-v1.json", Vectors.SNP_NOW));
        everyBit(TDX, Vectors.tdx("az-tdx-vtpm_evidence-v1.json"));
    }

    private static void everyBit(EvidenceVerifier v, Sample s) throws VerificationException {
        v.verify(s.evidence(), s.context());
        ObjectNode root = Vectors.tree(s.evidence().payload());
        for (String field : new String[] {"message", "signature"}) {
            byte[] original = HexFormat.of().parseHex(root.get("tpm_quote").get(field).textValue());
            for (int bit = 0; bit < original.length * 8; bit++) {
                byte[] b = original.clone();
                b[bit / 8] ^= (byte) (1 << (bit % 8));
                ObjectNode copy = root.deepCopy();
                ((ObjectNode) copy.get("tpm_quote")).put(field, HexFormat.of().formatHex(b));
                try {
                    v.verify(new Evidence(s.evidence().teeType(), Vectors.bytes(copy), s.evidence().collateral()),
                            s.context());
                    fail(s.name() + ": " + field + " bit " + bit + " accepted");
                } catch (MalformedEvidenceException | EvidenceRejectedException expected) {
                    // declared
                } catch (VerificationException e) {
                    fail(s.name() + ": " + field + " bit " + bit + " gave " + e);
                }
            }
        }
    }
}
