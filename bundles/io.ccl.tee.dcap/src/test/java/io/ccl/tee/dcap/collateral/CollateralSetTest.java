package io.ccl.tee.dcap.collateral;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ccl.attestation.api.EvidenceRejectedException;
import io.ccl.attestation.api.RejectionReason;
import io.ccl.tee.api.Collateral;
import io.ccl.tee.dcap.TestVectors;
import io.ccl.tee.dcap.pki.CertificateChainCodec;
import io.ccl.tee.dcap.pki.PinnedRoot;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CollateralSetTest {
    private static final Instant NOW = Instant.parse("2025-07-01T00:00:00Z");

    private static PinnedRoot root() {
        return PinnedRoot.of(CertificateChainCodec.decode(TestVectors.bytes("/roots/intel_sgx_root_ca.pem")).get(0));
    }

    @Test
    void combinedCollateralYieldsTheExactSignedBytes() throws EvidenceRejectedException {
        CollateralSet set = new CollateralSet().addAll(List.of(new Collateral("c.json",
                TestVectors.bytes("tdx_quote_collateral.json"))));
        SignedDocument tcb = set.documents(SignedDocument.Kind.TCB_INFO).get(0);
        assertArrayEquals(TestVectors.bytes("derived_tdx_tcb_info_body.json"), tcb.body());
        assertEquals(1, set.documents(SignedDocument.Kind.QE_IDENTITY).size());
        assertEquals(2, set.crls().size());
        DocumentVerifier v = new DocumentVerifier(root(), List.of());
        TcbInfo info = v.parseTcbInfo(tcb);
        assertEquals("b0c06f000000", info.fmspc());
        assertEquals(true, v.verify(tcb, info, set.certificates(), NOW).signerValid());
    }

    @Test
    void pcsResponseBodyIsTakenVerbatim() throws Exception {
        JsonNode c = new ObjectMapper().readTree(TestVectors.bytes("tdx_quote_collateral.json"));
        String response = "{\"tcbInfo\":" + c.get("tcb_info").textValue() + ",\"signature\":\""
                + c.get("tcb_info_signature").textValue() + "\"}";
        String chain = c.get("tcb_info_issuer_chain").textValue();
        CollateralSet set = new CollateralSet().addAll(List.of(new Collateral("r", response.getBytes(
                StandardCharsets.UTF_8)), new Collateral("chain", chain.getBytes(StandardCharsets.US_ASCII))));
        SignedDocument tcb = set.documents(SignedDocument.Kind.TCB_INFO).get(0);
        assertArrayEquals(TestVectors.bytes("derived_tdx_tcb_info_body.json"), tcb.body());

        // Re-serialised (pretty-printed) JSON is a different byte string: its signature must not verify.
        String pretty = "{\"tcbInfo\": " + new ObjectMapper().readTree(c.get("tcb_info").textValue()).toPrettyString()
                + ", \"signature\": \"" + c.get("tcb_info_signature").textValue() + "\"}";
        CollateralSet reformatted = new CollateralSet().addAll(List.of(new Collateral("p",
                pretty.getBytes(StandardCharsets.UTF_8))));
        SignedDocument doc = reformatted.documents(SignedDocument.Kind.TCB_INFO).get(0);
        DocumentVerifier v = new DocumentVerifier(root(), List.of());
        EvidenceRejectedException e = assertThrows(EvidenceRejectedException.class,
                () -> v.verify(doc, v.parseTcbInfo(doc), set.certificates(), NOW));
        assertEquals(RejectionReason.COLLATERAL_INVALID, e.reason());
    }

    @Test
    void recognisesPiecesByContentNotName() throws EvidenceRejectedException {
        JsonNode c;
        try {
            c = new ObjectMapper().readTree(TestVectors.bytes("tdx_quote_collateral.json"));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        byte[] crl = java.util.HexFormat.of().parseHex(c.get("pck_crl").textValue());
        CollateralSet set = new CollateralSet().addAll(List.of(new Collateral("tcb_info.json", crl),
                new Collateral("x", "not collateral".getBytes(StandardCharsets.US_ASCII)),
                new Collateral("y", TestVectors.bytes("/roots/intel_sgx_root_ca.pem"))));
        assertEquals(1, set.crls().size());
        assertEquals(1, set.certificates().size());
        assertEquals(1, set.unrecognised().size());
        assertEquals(List.of(), set.documents(SignedDocument.Kind.TCB_INFO));
    }

    @Test
    void brokenSignatureHexIsInvalidCollateral() {
        String bad = "{\"tcbInfo\":{\"id\":\"TDX\"},\"signature\":\"zz\"}";
        EvidenceRejectedException e = assertThrows(EvidenceRejectedException.class, () -> new CollateralSet()
                .add(new Collateral("bad", bad.getBytes(StandardCharsets.UTF_8))));
        assertEquals(RejectionReason.COLLATERAL_INVALID, e.reason());
    }
}
