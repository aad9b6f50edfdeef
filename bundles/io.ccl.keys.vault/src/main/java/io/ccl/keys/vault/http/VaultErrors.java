package io.ccl.keys.vault.http;

import io.ccl.keys.api.KeyStorageException;
import io.ccl.keys.api.KeyStorageException.Reason;
import java.util.List;
import java.util.Locale;

/**
 * Maps Vault error replies ({@code {"errors": [...]}}) to typed {@link KeyStorageException}s.
 *
 * <table>
 *   <caption>Mapping</caption>
 *   <tr><th>status</th><th>reason</th></tr>
 *   <tr><td>400 "check-and-set parameter did not match the current version"</td><td>CAS_MISMATCH</td></tr>
 *   <tr><td>400 "... disallowed by policy (too old)", soft-deleted key</td><td>KEY_UNUSABLE</td></tr>
 *   <tr><td>400 authentication failure, invalid ciphertext or signature</td><td>INTEGRITY</td></tr>
 *   <tr><td>400 "... key not found", "no existing key named ..."</td><td>NOT_FOUND</td></tr>
 *   <tr><td>400 operation not supported by the key type, deletion not allowed</td><td>NOT_PERMITTED</td></tr>
 *   <tr><td>other 400, 405, other 4xx</td><td>INVALID_ARGUMENT</td></tr>
 *   <tr><td>403 (after one fresh login, see {@code VaultClient})</td><td>NOT_PERMITTED</td></tr>
 *   <tr><td>404</td><td>NOT_FOUND</td></tr>
 *   <tr><td>412, 429, 5xx (sealed, standby, overload), I/O, TLS</td><td>UNAVAILABLE</td></tr>
 * </table>
 *
 * <p>Vault's messages name paths, versions and parameters, never request values, so they are
 * kept (shortened, printable ASCII only) for the operator; tokens and secrets are never part of a
 * message because no request body is ever echoed.
 */
public final class VaultErrors {
    /** Vault keysutil {@code ErrTooOld}. */
    static final String TOO_OLD = "disallowed by policy (too old)";
    /** KV v2 {@code validateCheckAndSetOption}. */
    static final String CAS_MISMATCH = "check-and-set parameter did not match the current version";
    private static final int MAX_DETAIL = 300;

    private VaultErrors() {
    }

    /** The exception for a failed reply to {@code what} (e.g. "encrypt with transit key orders"). */
    public static KeyStorageException map(String what, VaultReply reply) {
        int status = reply.status();
        String detail = detail(reply.errors());
        String message = "Vault refused " + what + " (HTTP " + status + (detail.isEmpty() ? "" : ": " + detail) + ")";
        return new KeyStorageException(reason(status, detail), message);
    }

    static Reason reason(int status, String detail) {
        if (status == 403) {
            return Reason.NOT_PERMITTED;
        }
        if (status == 404) {
            return Reason.NOT_FOUND;
        }
        if (status == 412 || status == 429 || status >= 500) {
            return Reason.UNAVAILABLE;
        }
        if (status == 400) {
            return classify400(detail.toLowerCase(Locale.ROOT));
        }
        return Reason.INVALID_ARGUMENT;
    }

    private static Reason classify400(String m) {
        if (m.contains(CAS_MISMATCH)) {
            return Reason.CAS_MISMATCH;
        }
        if (m.contains(TOO_OLD) || m.contains("soft-deleted key")) {
            return Reason.KEY_UNUSABLE;
        }
        if (m.contains("message authentication failed") || m.contains("invalid ciphertext") || m.contains("invalid signature")
                || m.contains("could not decode base64") || m.contains("supplied signature")) {
            return Reason.INTEGRITY;
        }
        if (m.contains("key not found") || m.contains("no existing key named")) {
            return Reason.NOT_FOUND;
        }
        if (m.contains("not supported for key type") || m.contains("does not support") || m.contains("deletion is not allowed")) {
            return Reason.NOT_PERMITTED;
        }
        return Reason.INVALID_ARGUMENT;
    }

    /** Vault's messages joined, reduced to printable ASCII and shortened. */
    public static String detail(List<String> errors) {
        StringBuilder sb = new StringBuilder();
        for (String e : errors) {
            if (sb.length() > 0) {
                sb.append("; ");
            }
            sb.append(e.strip());
        }
        StringBuilder clean = new StringBuilder();
        for (int i = 0; i < sb.length() && clean.length() < MAX_DETAIL; i++) {
            char c = sb.charAt(i);
            clean.append(c >= 0x20 && c < 0x7f ? c : ' ');
        }
        return clean.toString().strip();
    }
}
