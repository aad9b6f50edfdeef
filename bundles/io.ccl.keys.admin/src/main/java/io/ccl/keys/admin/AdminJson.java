package io.ccl.keys.admin;

import io.ccl.web.Problem;
import io.ccl.web.ProblemException;
import io.ccl.web.StrictJson;

/** Admin request bodies: parsed by {@link StrictJson}; typed 400 problems. */
final class AdminJson {
    private AdminJson() {
    }

    /** Parses {@code body} (then zeroes it) into {@code type}. */
    static <T> T parse(byte[] body, Class<T> type) throws ProblemException {
        return StrictJson.parse(body, type);
    }

    static ProblemException invalid(String code, String detail) {
        return new ProblemException(Problem.badRequest(code, detail));
    }
}
