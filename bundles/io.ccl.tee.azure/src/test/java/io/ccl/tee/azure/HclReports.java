package io.ccl.tee.azure;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ccl.tee.azure.hcl.HclReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.Base64;

/**
 * Synthetic HCL reports (layout of {@link HclReport}) for tests: var_data is {@code {"keys":[HCLAkPub]}}
 * and its SHA-256 sits in the hardware report's REPORT_DATA (SNP offset 0x50, TDREPORT offset 128). The
 * hardware report is otherwise zero and unsigned, so tests pair it with a stand-in hardware verifier.
 * The report is exactly as long as its contents (swtpm's NV indices hold at most 2048 bytes).
 */
public final class HclReports {
    static final int SNP_REPORT_DATA = 0x50;
    static final int TDREPORT_REPORT_DATA = 128;

    private HclReports() {
    }

    public static byte[] build(RSAPublicKey ak, boolean snp) {
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = json.createObjectNode();
        root.putArray("keys").addObject().put("kid", "HCLAkPub").put("kty", "RSA")
                .put("e", b64(ak.getPublicExponent())).put("n", b64(ak.getModulus()));
        byte[] var;
        try {
            var = json.writeValueAsBytes(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ByteBuffer b = ByteBuffer.allocate(HclReport.VAR_DATA_OFFSET + var.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(HclReport.SIGNATURE).putInt(2).putInt(HclReport.RUNTIME_OFFSET + 20 + var.length).putInt(2);
        b.position(HclReport.HEADER_SIZE + (snp ? SNP_REPORT_DATA : TDREPORT_REPORT_DATA));
        b.put(sha256(var));
        b.position(HclReport.RUNTIME_OFFSET);
        b.putInt(20 + var.length).putInt(1).putInt(snp ? HclReport.REPORT_TYPE_SNP : HclReport.REPORT_TYPE_TDX)
                .putInt(HclReport.HASH_SHA256).putInt(var.length).put(var);
        return b.array();
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String b64(BigInteger v) {
        byte[] b = v.toByteArray();
        if (b[0] == 0 && b.length > 1) {
            b = Arrays.copyOfRange(b, 1, b.length);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
