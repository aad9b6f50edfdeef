package io.ccl.tee.azure.tpm;

import java.io.ByteArrayOutputStream;

/**
 * Marshals a TPM 2.0 command (Part 1 §18.2, Part 3 §5): header, handle area, an optional
 * authorization area of password sessions, then parameters, all big-endian. Only what CCL sends is
 * provided: password authorization ({@code TPM_RS_PW}) with an empty or given value, which is how
 * the Azure vTPM's owner hierarchy, NV indices and AK are authorised.
 */
public final class TpmCommand {
    /** Part 2 §6.9 TPM_ST. */
    public static final int TPM_ST_NO_SESSIONS = 0x8001;
    public static final int TPM_ST_SESSIONS = 0x8002;
    /** Part 2 §7.4 TPM_RH / TPM_RS. */
    public static final int TPM_RH_OWNER = 0x40000001;
    public static final int TPM_RS_PW = 0x40000009;
    /** Part 2 §6.3 TPM_ALG_ID. */
    public static final int TPM_ALG_RSA = 0x0001;
    public static final int TPM_ALG_SHA256 = 0x000B;
    public static final int TPM_ALG_NULL = 0x0010;
    public static final int TPM_ALG_RSASSA = 0x0014;
    /** Part 2 §6.5.2 TPM_CC. */
    public static final int TPM_CC_NV_UNDEFINE_SPACE = 0x0122;
    public static final int TPM_CC_EVICT_CONTROL = 0x0120;
    public static final int TPM_CC_NV_DEFINE_SPACE = 0x012A;
    public static final int TPM_CC_CREATE_PRIMARY = 0x0131;
    public static final int TPM_CC_NV_WRITE = 0x0137;
    public static final int TPM_CC_NV_READ = 0x014E;
    public static final int TPM_CC_QUOTE = 0x0158;
    public static final int TPM_CC_FLUSH_CONTEXT = 0x0165;
    public static final int TPM_CC_NV_READ_PUBLIC = 0x0169;
    public static final int TPM_CC_READ_PUBLIC = 0x0173;
    public static final int TPM_CC_GET_CAPABILITY = 0x017A;
    public static final int TPM_CC_PCR_READ = 0x017E;
    public static final int TPM_CC_PCR_EXTEND = 0x0182;

    private final int code;
    private final ByteArrayOutputStream handles = new ByteArrayOutputStream();
    private final ByteArrayOutputStream auth = new ByteArrayOutputStream();
    private final ByteArrayOutputStream params = new ByteArrayOutputStream();
    private boolean sessions;

    private TpmCommand(int code) {
        this.code = code;
    }

    /** A command with code {@code code} (TPM_CC). */
    public static TpmCommand of(int code) {
        return new TpmCommand(code);
    }

    /** Appends a handle to the handle area. */
    public TpmCommand handle(int handle) {
        u32(handles, handle);
        return this;
    }

    /**
     * Appends a password session (Part 1 §19.8.4: TPMS_AUTH_COMMAND with sessionHandle TPM_RS_PW,
     * an empty nonce, attributes 0 and the authValue as hmac) for the next handle that needs one.
     */
    public TpmCommand passwordSession(byte[] authValue) {
        sessions = true;
        u32(auth, TPM_RS_PW);
        u16(auth, 0);
        auth.write(0);
        sized(auth, authValue);
        return this;
    }

    /** A password session with an empty authValue. */
    public TpmCommand passwordSession() {
        return passwordSession(new byte[0]);
    }

    public TpmCommand u8(int v) {
        params.write(v);
        return this;
    }

    public TpmCommand u16(int v) {
        u16(params, v);
        return this;
    }

    public TpmCommand u32(int v) {
        u32(params, v);
        return this;
    }

    /** Raw parameter bytes. */
    public TpmCommand bytes(byte[] b) {
        params.writeBytes(b);
        return this;
    }

    /** A TPM2B: 16-bit size, then the bytes (Part 2 §10.4). */
    public TpmCommand sized(byte[] b) {
        sized(params, b);
        return this;
    }

    /**
     * A TPML_PCR_SELECTION with one bank (Part 2 §10.9.7, §10.6.2): hash, sizeofSelect 3 (PCRs
     * 0–23), the bitmap with PCR n at bit n%8 of octet n/8.
     */
    public TpmCommand pcrSelection(int hashAlg, Iterable<Integer> pcrs) {
        byte[] select = new byte[3];
        for (int pcr : pcrs) {
            if (pcr < 0 || pcr >= 24) {
                throw new IllegalArgumentException("PCR " + pcr + " is not in 0..23");
            }
            select[pcr / 8] |= (byte) (1 << (pcr % 8));
        }
        u32(1).u16(hashAlg).u8(select.length).bytes(select);
        return this;
    }

    /** The marshalled command. */
    public byte[] build() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int authSize = auth.size();
        int size = 10 + handles.size() + (sessions ? 4 + authSize : 0) + params.size();
        u16(out, sessions ? TPM_ST_SESSIONS : TPM_ST_NO_SESSIONS);
        u32(out, size);
        u32(out, code);
        out.writeBytes(handles.toByteArray());
        if (sessions) {
            u32(out, authSize);
            out.writeBytes(auth.toByteArray());
        }
        out.writeBytes(params.toByteArray());
        return out.toByteArray();
    }

    /** The parameters alone: a nested structure (a TPMT_PUBLIC to go into a TPM2B, say) built with this class. */
    public byte[] parameters() {
        return params.toByteArray();
    }

    public int code() {
        return code;
    }

    private static void u16(ByteArrayOutputStream out, int v) {
        out.write(v >>> 8);
        out.write(v);
    }

    private static void u32(ByteArrayOutputStream out, int v) {
        out.write(v >>> 24);
        out.write(v >>> 16);
        out.write(v >>> 8);
        out.write(v);
    }

    private static void sized(ByteArrayOutputStream out, byte[] b) {
        if (b.length > 0xffff) {
            throw new IllegalArgumentException("TPM2B of " + b.length + " bytes");
        }
        u16(out, b.length);
        out.writeBytes(b);
    }
}
