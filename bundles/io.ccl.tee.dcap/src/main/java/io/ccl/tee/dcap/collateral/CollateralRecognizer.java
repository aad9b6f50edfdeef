package io.ccl.tee.dcap.collateral;

import io.ccl.tee.api.Collateral;
import io.ccl.tee.dcap.cache.BoundedCache;
import io.ccl.tee.dcap.cache.ContentKey;
import io.ccl.tee.dcap.pki.CertificateChainCodec;
import io.ccl.tee.dcap.pki.IntelCertificate;
import io.ccl.tee.dcap.pki.RevocationList;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Tells what a collateral piece is from its content: a PCS TCB Info or Enclave Identity response
 * ({@code {"tcbInfo":{…},"signature":"…"}}), a combined collateral document in the PCCS / QuoteCollateralV3
 * shape ({@code tcb_info}, {@code qe_identity}, {@code pck_crl}, … in snake_case or camelCase), a CRL (DER,
 * PEM or hex) or certificates (PEM or DER). Results are cached by content.
 */
final class CollateralRecognizer {
    private static final BoundedCache<ContentKey, Recognised> CACHE = new BoundedCache<>(128);
    private static final Recognised NOTHING = new Recognised(List.of(), List.of(), List.of());

    /** What one piece contributed. */
    record Recognised(List<SignedDocument> documents, List<RevocationList> crls, List<IntelCertificate> certificates) {
        boolean empty() {
            return documents.isEmpty() && crls.isEmpty() && certificates.isEmpty();
        }
    }

    private CollateralRecognizer() {
    }

    static Recognised recognise(Collateral piece) {
        byte[] data = piece.data();
        return CACHE.computeIfAbsent(ContentKey.owning(data), k -> classify(data, piece.name()));
    }

    private static Recognised classify(byte[] data, String name) {
        int first = firstNonSpace(data);
        if (first < 0) {
            return NOTHING;
        }
        if (data[first] == '{') {
            Map<String, JsonSpans.Member> members = JsonSpans.members(data);
            return members == null ? NOTHING : json(members, name);
        }
        if (RevocationList.looksLikeCrl(data)) {
            return new Recognised(List.of(), List.of(RevocationList.parse(data)), List.of());
        }
        try {
            return new Recognised(List.of(), List.of(), CertificateChainCodec.decode(data));
        } catch (IllegalArgumentException e) {
            return NOTHING;
        }
    }

    private static Recognised json(Map<String, JsonSpans.Member> m, String name) {
        SignedDocument response = pcsResponse(m, name);
        if (response != null) {
            return new Recognised(List.of(response), List.of(), List.of());
        }
        List<SignedDocument> docs = new ArrayList<>();
        List<RevocationList> crls = new ArrayList<>();
        List<IntelCertificate> certs = new ArrayList<>();
        combined(m, name, SignedDocument.Kind.TCB_INFO, "tcb_info", "tcbInfo", docs, certs);
        combined(m, name, SignedDocument.Kind.QE_IDENTITY, "qe_identity", "qeIdentity", docs, certs);
        for (String[] key : new String[][] {{"pck_crl", "pckCrl"}, {"root_ca_crl", "rootCaCrl"}}) {
            String text = text(m, key[0], key[1]);
            if (text != null) {
                crls.add(RevocationList.parse(text.getBytes(StandardCharsets.US_ASCII)));
            }
        }
        for (String[] key : new String[][] {{"pck_crl_issuer_chain", "pckCrlIssuerChain"},
            {"pck_certificate_chain", "pckCertificateChain"}}) {
            String text = text(m, key[0], key[1]);
            if (text != null) {
                certs.addAll(CertificateChainCodec.decode(text.getBytes(StandardCharsets.US_ASCII)));
            }
        }
        return new Recognised(List.copyOf(docs), List.copyOf(crls), List.copyOf(certs));
    }

    /** A PCS v4 response body: {@code {"tcbInfo":{…},"signature":"…"}} or {@code {"enclaveIdentity":…}}. */
    private static SignedDocument pcsResponse(Map<String, JsonSpans.Member> m, String name) {
        JsonSpans.Member signature = m.get("signature");
        if (signature == null || !signature.isText()) {
            return null;
        }
        for (SignedDocument.Kind kind : SignedDocument.Kind.values()) {
            JsonSpans.Member body = m.get(kind == SignedDocument.Kind.TCB_INFO ? "tcbInfo" : "enclaveIdentity");
            if (body != null && body.isObject()) {
                return new SignedDocument(kind, body.raw(), signature(signature.text()), List.of(), name);
            }
        }
        return null;
    }

    /**
     * A document inside combined collateral: the body as a string (the exact signed text) with a separate
     * signature, a string holding a whole PCS response, or an embedded object.
     */
    private static void combined(Map<String, JsonSpans.Member> m, String name, SignedDocument.Kind kind, String snake,
            String camel, List<SignedDocument> docs, List<IntelCertificate> certs) {
        JsonSpans.Member body = m.containsKey(snake) ? m.get(snake) : m.get(camel);
        if (body == null || (!body.isObject() && !body.isText())) {
            return;
        }
        List<IntelCertificate> chain = List.of();
        String chainText = text(m, snake + "_issuer_chain", camel + "IssuerChain");
        if (chainText != null) {
            chain = CertificateChainCodec.decode(chainText.getBytes(StandardCharsets.US_ASCII));
            certs.addAll(chain);
        }
        byte[] raw = body.isObject() ? body.raw() : JsonSpans.utf8(body.text());
        Map<String, JsonSpans.Member> inner = JsonSpans.members(raw);
        SignedDocument whole = inner == null ? null : pcsResponse(inner, name);
        if (whole != null && whole.kind() == kind) {
            docs.add(new SignedDocument(kind, whole.body(), whole.signature(), chain, name));
            return;
        }
        String signature = text(m, snake + "_signature", camel + "Signature");
        if (signature == null) {
            throw new IllegalArgumentException(name + ": " + snake + " has no signature");
        }
        docs.add(new SignedDocument(kind, raw, signature(signature), chain, name));
    }

    private static String text(Map<String, JsonSpans.Member> m, String snake, String camel) {
        JsonSpans.Member v = m.containsKey(snake) ? m.get(snake) : m.get(camel);
        return v != null && v.isText() ? v.text() : null;
    }

    private static byte[] signature(String hex) {
        byte[] sig = HexFormat.of().parseHex(hex.trim());
        if (sig.length != 64) {
            throw new IllegalArgumentException("collateral signature must be 64 bytes (r||s), was " + sig.length);
        }
        return sig;
    }

    private static int firstNonSpace(byte[] data) {
        for (int i = 0; i < data.length; i++) {
            if (!Character.isWhitespace(data[i])) {
                return i;
            }
        }
        return -1;
    }
}
