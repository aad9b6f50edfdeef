package io.ccl.tee.nitro.verify;

import io.ccl.tee.api.ReportData;
import io.ccl.tee.nitro.abi.AttestationDocument;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/** Claims of a verified document (names documented in the README) and the report data mapping. */
final class ClaimsMapper {
    private static final HexFormat HEX = HexFormat.of();

    private ClaimsMapper() {
    }

    /**
     * CCL's report data in a Nitro document is {@code user_data}: 64 bytes as the attester writes
     * them (shorter values zero-padded like {@link ReportData#of}); a document without user_data
     * carries 64 zero bytes; user_data longer than 64 bytes (other producers, up to 1024) is
     * represented by its SHA-512 so that a binding still covers every byte of it.
     */
    static ReportData reportData(AttestationDocument doc) {
        byte[] userData = doc.userData().orElse(new byte[0]);
        if (userData.length <= ReportData.SIZE) {
            return ReportData.of(userData);
        }
        try {
            return ReportData.of(MessageDigest.getInstance("SHA-512").digest(userData));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-512 unavailable", e);
        }
    }

    static String reportDataSource(AttestationDocument doc) {
        int n = doc.userData().map(u -> u.length).orElse(-1);
        return n < 0 ? "none" : n <= ReportData.SIZE ? "user_data" : "user_data_sha512";
    }

    /** A debug-mode enclave reports PCR0, PCR1 and PCR2 as all zeros (AWS Nitro Enclaves User Guide, "Debug mode"). */
    static boolean debug(AttestationDocument doc) {
        for (int i = 0; i <= 2; i++) {
            byte[] pcr = doc.pcrs().get(i);
            if (pcr == null) {
                return false;
            }
            for (byte b : pcr) {
                if (b != 0) {
                    return false;
                }
            }
        }
        return true;
    }

    static Map<String, Object> claims(AttestationDocument doc, X509Certificate leaf, boolean debug, TimeMode mode,
            Instant pathTime) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("module_id", doc.moduleId());
        c.put("digest", doc.digest());
        c.put("timestamp", doc.timestamp().toEpochMilli());
        c.put("timestamp_iso", doc.timestamp().toString());
        doc.pcrs().forEach((i, v) -> c.put("pcr" + i, HEX.formatHex(v)));
        c.put("debug", debug);
        c.put("report_data_source", reportDataSource(doc));
        doc.userData().ifPresent(u -> c.put("user_data", HEX.formatHex(u)));
        doc.nonce().ifPresent(n -> c.put("nonce", HEX.formatHex(n)));
        doc.publicKey().ifPresent(k -> c.put("public_key", HEX.formatHex(k)));
        c.put("signer_subject", leaf.getSubjectX500Principal().getName());
        c.put("signer_issuer", leaf.getIssuerX500Principal().getName());
        c.put("signer_serial", leaf.getSerialNumber().toString(16));
        c.put("signer_not_before", leaf.getNotBefore().toInstant().toString());
        c.put("signer_not_after", leaf.getNotAfter().toInstant().toString());
        try {
            c.put("signer_sha256", TrustedRoot.sha256(leaf.getEncoded()));
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("parsed certificate does not encode", e);
        }
        c.put("cabundle_length", (long) doc.cabundle().size());
        c.put("time_mode", mode.name().toLowerCase(java.util.Locale.ROOT));
        c.put("chain_checked_at", pathTime.toString());
        return c;
    }
}
