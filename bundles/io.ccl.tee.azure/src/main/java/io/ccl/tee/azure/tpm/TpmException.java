package io.ccl.tee.azure.tpm;

import java.io.IOException;
import java.util.Map;

/**
 * A TPM answered with a response code other than TPM_RC_SUCCESS. The message names the code as
 * Part 2 §6.6 does ({@code TPM_RC_HANDLE}, with the handle, parameter or session it refers to) and the
 * command; it never carries command or response data.
 */
public final class TpmException extends IOException {
    private static final long serialVersionUID = 1L;

    /** Part 2 §6.6.3 format-one error numbers (RC_FMT1 + n). */
    private static final Map<Integer, String> FMT1 = Map.ofEntries(
            Map.entry(0x01, "ASYMMETRIC"), Map.entry(0x02, "ATTRIBUTES"), Map.entry(0x03, "HASH"),
            Map.entry(0x04, "VALUE"), Map.entry(0x05, "HIERARCHY"), Map.entry(0x07, "KEY_SIZE"),
            Map.entry(0x08, "MGF"), Map.entry(0x09, "MODE"), Map.entry(0x0A, "TYPE"), Map.entry(0x0B, "HANDLE"),
            Map.entry(0x0C, "KDF"), Map.entry(0x0D, "RANGE"), Map.entry(0x0E, "AUTH_FAIL"), Map.entry(0x0F, "NONCE"),
            Map.entry(0x10, "PP"), Map.entry(0x12, "SCHEME"), Map.entry(0x15, "SIZE"), Map.entry(0x16, "SYMMETRIC"),
            Map.entry(0x17, "TAG"), Map.entry(0x18, "SELECTOR"), Map.entry(0x1A, "INSUFFICIENT"),
            Map.entry(0x1B, "SIGNATURE"), Map.entry(0x1C, "KEY"), Map.entry(0x1D, "POLICY_FAIL"),
            Map.entry(0x1F, "INTEGRITY"), Map.entry(0x20, "TICKET"), Map.entry(0x21, "RESERVED_BITS"),
            Map.entry(0x22, "BAD_AUTH"), Map.entry(0x23, "EXPIRED"), Map.entry(0x24, "POLICY_CC"),
            Map.entry(0x25, "BINDING"), Map.entry(0x26, "CURVE"), Map.entry(0x27, "ECC_POINT"));
    /** Part 2 §6.6.3 format-zero codes (RC_VER1 = 0x100 and RC_WARN = 0x900 ranges). */
    private static final Map<Integer, String> FMT0 = Map.ofEntries(
            Map.entry(0x100, "INITIALIZE"), Map.entry(0x101, "FAILURE"), Map.entry(0x103, "SEQUENCE"),
            Map.entry(0x120, "DISABLED"), Map.entry(0x121, "EXCLUSIVE"), Map.entry(0x124, "AUTH_TYPE"),
            Map.entry(0x125, "AUTH_MISSING"), Map.entry(0x126, "POLICY"), Map.entry(0x127, "PCR"),
            Map.entry(0x128, "PCR_CHANGED"), Map.entry(0x12E, "TOO_MANY_CONTEXTS"),
            Map.entry(0x12F, "AUTH_UNAVAILABLE"), Map.entry(0x130, "REBOOT"), Map.entry(0x142, "COMMAND_SIZE"),
            Map.entry(0x143, "COMMAND_CODE"), Map.entry(0x144, "AUTHSIZE"), Map.entry(0x145, "AUTH_CONTEXT"),
            Map.entry(0x146, "NV_RANGE"), Map.entry(0x147, "NV_SIZE"), Map.entry(0x148, "NV_LOCKED"),
            Map.entry(0x149, "NV_AUTHORIZATION"), Map.entry(0x14A, "NV_UNINITIALIZED"),
            Map.entry(0x14B, "NV_SPACE"), Map.entry(0x14C, "NV_DEFINED"), Map.entry(0x150, "BAD_CONTEXT"),
            Map.entry(0x153, "NEEDS_TEST"), Map.entry(0x901, "CONTEXT_GAP"), Map.entry(0x902, "OBJECT_MEMORY"),
            Map.entry(0x903, "SESSION_MEMORY"), Map.entry(0x904, "MEMORY"), Map.entry(0x905, "SESSION_HANDLES"),
            Map.entry(0x906, "OBJECT_HANDLES"), Map.entry(0x907, "LOCALITY"), Map.entry(0x908, "YIELDED"),
            Map.entry(0x909, "CANCELED"), Map.entry(0x90A, "TESTING"), Map.entry(0x920, "NV_RATE"),
            Map.entry(0x921, "LOCKOUT"), Map.entry(0x922, "RETRY"), Map.entry(0x923, "NV_UNAVAILABLE"));

    private final int responseCode;

    TpmException(int commandCode, int responseCode) {
        super(String.format("TPM command 0x%03X failed: %s", commandCode, describe(responseCode)));
        this.responseCode = responseCode;
    }

    /** The raw TPM_RC. */
    public int responseCode() {
        return responseCode;
    }

    /** The error with its handle/parameter/session number stripped (e.g. 0x08B for TPM_RC_HANDLE). */
    public int baseCode() {
        return base(responseCode);
    }

    /** TPM_RC_RETRY, TPM_RC_YIELDED, TPM_RC_TESTING: the command may be sent again (Part 2 §6.6.3). */
    public boolean retryable() {
        int b = baseCode();
        return b == 0x922 || b == 0x908 || b == 0x90A;
    }

    static int base(int rc) {
        return (rc & 0x80) != 0 ? 0x80 | (rc & 0x3F) : rc;
    }

    /** {@code TPM_RC_HANDLE (0x18B) on handle 1}, {@code TPM_RC_NV_UNINITIALIZED (0x14A)}, … */
    public static String describe(int rc) {
        String name;
        String where = "";
        if ((rc & 0x80) != 0) {
            name = FMT1.get(rc & 0x3F);
            int n = (rc >>> 8) & 0xF;
            if ((rc & 0x40) != 0) {
                where = " on parameter " + n;
            } else if (n != 0) {
                where = ((rc & 0x800) != 0 ? " on session " : " on handle ") + (n & 0x7);
            }
        } else {
            name = FMT0.get(rc);
        }
        return (name == null ? "TPM_RC" : "TPM_RC_" + name) + String.format(" (0x%03X)", rc) + where;
    }
}
