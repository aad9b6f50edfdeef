package io.ccl.keys.pkcs11.token;

import static org.xipki.pkcs11.wrapper.PKCS11Constants.*;

import io.ccl.keys.api.KeyStorageException;
import io.ccl.keys.api.KeyStorageException.Reason;
import org.xipki.pkcs11.wrapper.PKCS11Exception;

/**
 * Maps PKCS#11 return values (PKCS#11 v3.0 base specification, section 5.1) to
 * {@link Reason}s. Messages name the operation and the CKR_ constant, never data.
 *
 * <ul>
 *   <li>Authentication failures of decryption and unwrapping: {@code INTEGRITY} (see
 *       {@link #isIntegrityFailure}).</li>
 *   <li>The key's attributes forbid the operation ({@code CKR_KEY_FUNCTION_NOT_PERMITTED},
 *       {@code CKR_KEY_UNEXTRACTABLE}, {@code CKR_ATTRIBUTE_SENSITIVE}, ...): {@code NOT_PERMITTED}.</li>
 *   <li>A key object that vanished ({@code CKR_KEY_HANDLE_INVALID}, {@code CKR_OBJECT_HANDLE_INVALID}
 *       after a fresh look-up): {@code NOT_FOUND}.</li>
 *   <li>Argument errors ({@code CKR_DATA_LEN_RANGE}, {@code CKR_ARGUMENTS_BAD}, ...):
 *       {@code INVALID_ARGUMENT}.</li>
 *   <li>Everything else (device, session, login, memory, library state): {@code UNAVAILABLE}.</li>
 * </ul>
 */
public final class Pkcs11Errors {
    private Pkcs11Errors() {
    }

    /** The exception for a failed token call. */
    public static KeyStorageException map(PKCS11Exception e, String what) {
        return new KeyStorageException(reason(e.getErrorCode()), what + ": " + name(e.getErrorCode()), e);
    }

    /** The reason for a CKR_ code outside authenticated decryption. */
    public static Reason reason(long ckr) {
        if (ckr == CKR_KEY_HANDLE_INVALID || ckr == CKR_OBJECT_HANDLE_INVALID) {
            return Reason.NOT_FOUND;
        }
        if (ckr == CKR_KEY_FUNCTION_NOT_PERMITTED || ckr == CKR_KEY_TYPE_INCONSISTENT || ckr == CKR_KEY_UNEXTRACTABLE
                || ckr == CKR_KEY_NOT_WRAPPABLE || ckr == CKR_ATTRIBUTE_SENSITIVE || ckr == CKR_ACTION_PROHIBITED
                || ckr == CKR_MECHANISM_INVALID || ckr == CKR_WRAPPING_KEY_TYPE_INCONSISTENT
                || ckr == CKR_UNWRAPPING_KEY_TYPE_INCONSISTENT || ckr == CKR_FUNCTION_REJECTED) {
            return Reason.NOT_PERMITTED;
        }
        if (ckr == CKR_DATA_LEN_RANGE || ckr == CKR_DATA_INVALID || ckr == CKR_ARGUMENTS_BAD
                || ckr == CKR_MECHANISM_PARAM_INVALID || ckr == CKR_KEY_SIZE_RANGE) {
            return Reason.INVALID_ARGUMENT;
        }
        return Reason.UNAVAILABLE;
    }

    /**
     * True for the results a token gives when authenticated input (a GCM tag, an RFC 3394
     * integrity check value) does not verify. SoftHSM 2.6 reports both as
     * {@code CKR_GENERAL_ERROR}; callers confirm the token is healthy before they call it an
     * integrity failure (see {@link TokenSessions#callAuthenticated}).
     */
    public static boolean isIntegrityFailure(long ckr) {
        return ckr == CKR_ENCRYPTED_DATA_INVALID || ckr == CKR_ENCRYPTED_DATA_LEN_RANGE || ckr == CKR_WRAPPED_KEY_INVALID
                || ckr == CKR_WRAPPED_KEY_LEN_RANGE || ckr == CKR_AEAD_DECRYPT_FAILED || ckr == CKR_GENERAL_ERROR
                || ckr == CKR_FUNCTION_FAILED;
    }

    /** True when the object handle no longer names an object: look it up again. */
    public static boolean isStaleHandle(long ckr) {
        return ckr == CKR_KEY_HANDLE_INVALID || ckr == CKR_OBJECT_HANDLE_INVALID;
    }

    /** The CKR_ name of a code. */
    public static String name(long ckr) {
        return ckrCodeToName(ckr);
    }
}
