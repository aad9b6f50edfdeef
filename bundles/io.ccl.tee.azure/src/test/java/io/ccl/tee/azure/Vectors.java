package io.ccl.tee.azure;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ccl.attestation.api.VerificationContext;
import io.ccl.attestation.api.VerificationContext.CollateralPolicy;
import io.ccl.tee.api.Collateral;
import io.ccl.tee.api.Evidence;
import io.ccl.tee.tck.Sample;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/** The Azure vectors of testdata/ (provenance in testdata/README.md) and the times they verify at (MANIFEST §2/§3). */
final class Vectors {
    static final ObjectMapper JSON = new ObjectMapper();
    /** MANIFEST §2: VCEK windows 2025-01-24/28..2032; CRLs are not part of the vectors (ALLOW_UNAVAILABLE). */
    static final Instant SNP_NOW = Instant.parse("2025-06-01T00:00:00Z");
    /** az-snp-vtpm_vcek.pem (older Milan v2 HCL report) is valid at 2024-01-01 (as in the sevsnp backend). */
    static final Instant SNP_OLD_NOW = Instant.parse("2024-01-01T00:00:00Z");
    /** teekit TCB Info for FMSPC 00806f050000 and Trustee's QE identity overlap on 2025-10-28..29 (MANIFEST §3). */
    static final Instant TDX_NOW = Instant.parse("2025-10-29T00:00:00Z");

    static final byte[] CHALLENGE = "challenge".getBytes(StandardCharsets.US_ASCII);

    private Vectors() {
    }

    static byte[] read(String path) {
        try (InputStream in = Vectors.class.getResourceAsStream("testdata/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource testdata/" + path);
            }
            byte[] b = in.readAllBytes();
            int n = b.length;
            // the files end with a newline; evidence is the JSON object alone (see AzureEvidence)
            while (path.endsWith(".json") && n > 0 && (b[n - 1] == '\n' || b[n - 1] == ' ')) {
                n--;
            }
            return Arrays.copyOf(b, n);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static VerificationContext.Builder snpContext(Instant now) {
        return VerificationContext.builder(now).collateralPolicy(CollateralPolicy.ALLOW_UNAVAILABLE);
    }

    static VerificationContext.Builder tdxContext() {
        return VerificationContext.builder(TDX_NOW).collateralPolicy(CollateralPolicy.ALLOW_UNAVAILABLE);
    }

    /** Intel collateral for the Azure TD quote (FMSPC 00806f050000); no PCK CRL covers 2025-10-29. */
    static List<Collateral> tdxCollateral() {
        return List.of(new Collateral("tcbInfo-tdx-00806f050000.json", read("intel/tcbInfo-tdx-00806f050000.json")),
                new Collateral("enclaveIdentity.json", read("trustee/enclaveIdentity.json")),
                new Collateral("derived_tdx_root_ca_crl.der", read("intel/derived_tdx_root_ca_crl.der")));
    }

    /** A builder carrying everything of {@code c}. */
    static VerificationContext.Builder copy(VerificationContext c) {
        VerificationContext.Builder b = VerificationContext.builder(c.now()).collateral(c.collateral())
                .collateralPolicy(c.collateralPolicy());
        c.hints().forEach(b::hint);
        c.expectedReportData().ifPresent(b::expectReportData);
        return b;
    }

    static Sample snp(String file, Instant now) {
        return new Sample(file, new Evidence(AzSnpVtpmVerifier.TYPE, read("trustee/" + file)), snpContext(now).build());
    }

    static Sample tdx(String file) {
        return new Sample(file, new Evidence(AzTdxVtpmVerifier.TYPE, read("trustee/" + file), tdxCollateral()),
                tdxContext().build());
    }

    /** Trustee's v0 JSON built from the binary files: az-*-vtpm_quote.bin is bincode(Quote{signature, message, pcrs}). */
    static byte[] v0FromBinaries(String prefix, boolean snp) {
        ByteBuffer q = ByteBuffer.wrap(read("trustee/" + prefix + "_quote.bin")).order(ByteOrder.LITTLE_ENDIAN);
        byte[] sig = new byte[(int) q.getLong()];
        q.get(sig);
        byte[] msg = new byte[(int) q.getLong()];
        q.get(msg);
        int n = (int) q.getLong();
        ObjectNode root = JSON.createObjectNode();
        ObjectNode quote = root.putObject(snp ? "quote" : "tpm_quote");
        quote.set("signature", list(sig));
        quote.set("message", list(msg));
        ArrayNode pcrs = quote.putArray("pcrs");
        for (int i = 0; i < n; i++) {
            byte[] p = new byte[32];
            q.get(p);
            pcrs.add(list(p));
        }
        root.set(snp ? "report" : "hcl_report", list(read("trustee/" + prefix + "_hcl-report.bin")));
        if (snp) {
            // the file holds VCEK, ASK, ARK; the evidence carries the VCEK only (as Trustee's Vcek::from_pem reads it)
            String pem = new String(read("trustee/" + prefix + "_vcek.pem"), StandardCharsets.US_ASCII);
            String end = "-----END CERTIFICATE-----\n";
            root.put("vcek", pem.substring(0, pem.indexOf(end) + end.length()));
        } else {
            root.set("td_quote", list(read("trustee/" + prefix + "_td-quote.bin")));
        }
        return bytes(root);
    }

    static ArrayNode list(byte[] b) {
        ArrayNode a = JSON.createArrayNode();
        for (byte x : b) {
            a.add(x & 0xff);
        }
        return a;
    }

    static byte[] unlist(com.fasterxml.jackson.databind.JsonNode a) {
        byte[] b = new byte[a.size()];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) a.get(i).intValue();
        }
        return b;
    }

    static ObjectNode tree(byte[] json) {
        try {
            return (ObjectNode) JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] bytes(ObjectNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] flipped(byte[] b, int index) {
        byte[] c = Arrays.copyOf(b, b.length);
        c[index] ^= 0x01;
        return c;
    }
}
