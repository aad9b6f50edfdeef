package io.ccl.keys.admin;

import io.ccl.keys.api.KeyStorageException;
import io.ccl.web.Problem;
import io.ccl.web.ProblemException;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HTTP status and problem body for each {@link KeyStorageException.Reason}; the {@code code} is
 * the reason's name.
 *
 * <table>
 * <caption>Status per reason</caption>
 * <tr><td>NOT_FOUND</td><td>404</td></tr>
 * <tr><td>INVALID_ARGUMENT</td><td>400</td></tr>
 * <tr><td>CAS_MISMATCH, KEY_UNUSABLE, NOT_PERMITTED</td><td>409</td></tr>
 * <tr><td>INTEGRITY</td><td>422</td></tr>
 * <tr><td>UNAVAILABLE</td><td>503 + Retry-After</td></tr>
 * </table>
 *
 * <p>NOT_PERMITTED (the key's algorithm or purposes forbid the operation, or a usable key cannot be
 * deleted) is a conflict with the key's own state, so 409: 403 stays reserved for "your role may
 * not do this", which a client handles differently (other credentials, not another key).
 *
 * <p>Details are fixed texts per reason, never the store's message: a store's message can quote
 * an I/O error or a remote service's answer, which no client should see. The message goes to
 * this bundle's log (INFO), where the {@code KeyStorage} contract keeps it free of material.
 */
final class AdminProblems {
    /** Seconds a client should wait after a 503. */
    static final String RETRY_AFTER_SECONDS = "5";
    private static final int MAX_DETAIL = 200;
    private static final Pattern UNPRINTABLE = Pattern.compile("[^\\x20-\\x7e]");
    private static final Logger LOG = LoggerFactory.getLogger(AdminProblems.class);

    private AdminProblems() {
    }

    static ProblemException of(KeyStorageException e) {
        String code = e.reason().name();
        LOG.info("key administration request refused by the key store: {}: {}", code, clean(e.getMessage()));
        return switch (e.reason()) {
            case NOT_FOUND -> new ProblemException(Problem.notFound(code, "no such key, key version or secret"));
            case INVALID_ARGUMENT -> new ProblemException(Problem.badRequest(code, "the key store refused the arguments: "
                    + "an invalid or existing name, purposes that do not fit the algorithm, or a version out of range"));
            case CAS_MISMATCH -> conflict(code, "the secret's current version is not the 'cas' version");
            case KEY_UNUSABLE -> conflict(code, "the key or version is revoked or retired, or its state does not allow this");
            case NOT_PERMITTED -> conflict(code, "the key's algorithm or purposes do not allow this operation");
            case INTEGRITY -> new ProblemException(new Problem(422, code, "Unprocessable content",
                    "stored data or the given ciphertext failed its integrity check"));
            case UNAVAILABLE -> new ProblemException(Problem.unavailable(code, "the key store is unavailable; retry later"),
                    RETRY_AFTER_SECONDS);
        };
    }

    /** An argument the API's value types or the service refused (IllegalArgumentException). */
    static ProblemException invalidArgument(IllegalArgumentException e) {
        LOG.info("key administration request refused: INVALID_ARGUMENT: {}", clean(e.getMessage()));
        return new ProblemException(Problem.badRequest("INVALID_ARGUMENT", "an argument is invalid"));
    }

    private static ProblemException conflict(String code, String detail) {
        return new ProblemException(new Problem(409, code, "Conflict", detail));
    }

    /** A message made safe for a log line or a rewrap failure: printable ASCII, at most 200 characters. */
    static String clean(String message) {
        if (message == null || message.isBlank()) {
            return null;
        }
        String s = UNPRINTABLE.matcher(message).replaceAll("?");
        return s.length() <= MAX_DETAIL ? s : s.substring(0, MAX_DETAIL - 3) + "...";
    }
}
