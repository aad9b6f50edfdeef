package io.ccl.receipts.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.ccl.receipts.api.LogException;
import io.ccl.web.JsonServlet;
import io.ccl.web.Problem;
import io.ccl.web.ProblemException;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.OptionalLong;

/** Shared request parsing and error mapping of the receipts endpoints. */
final class LogProblems {
    private LogProblems() {
    }

    /** Maps a log failure to a problem; nothing from the log's internals reaches the client. */
    static ProblemException of(LogException e) {
        return switch (e.reason()) {
            case NOT_FOUND -> new ProblemException(new Problem(404, "NOT_FOUND", "Not found", "no such entry or tree size"));
            case INVALID_ARGUMENT -> new ProblemException(Problem.badRequest("INVALID_ARGUMENT", "the sizes or index are out of range"));
            case NOT_SIGNED -> new ProblemException(new Problem(503, "NOT_SIGNED", "Service unavailable",
                    "no attested signing key is available to sign a tree head yet"), "5");
            case OVERLOADED -> new ProblemException(new Problem(503, "OVERLOADED", "Service unavailable",
                    "the log is busy; retry"), "1");
            default -> new ProblemException(new Problem(503, "LOG_UNAVAILABLE", "Service unavailable",
                    "the receipts log is unavailable"), "5");
        };
    }

    /** A non-negative integer query parameter, or empty when absent. */
    static OptionalLong number(HttpServletRequest request, String name) throws ProblemException {
        String value = request.getParameter(name);
        if (value == null) {
            return OptionalLong.empty();
        }
        if (!value.matches("[0-9]{1,16}")) {
            throw new ProblemException(Problem.badRequest("INVALID_PARAMETER", "'" + name + "' must be a non-negative integer"));
        }
        return OptionalLong.of(Long.parseLong(value));
    }

    /** A required non-negative integer query parameter. */
    static long required(HttpServletRequest request, String name) throws ProblemException {
        OptionalLong v = number(request, name);
        if (v.isEmpty()) {
            throw new ProblemException(Problem.badRequest("MISSING_PARAMETER", "query parameter '" + name + "' is required"));
        }
        return v.getAsLong();
    }

    /** Canonical JSON bytes of the receipts format as a tree, for {@link JsonServlet.Reply}. */
    static JsonNode json(byte[] canonical) {
        try {
            return JsonServlet.MAPPER.readTree(canonical);
        } catch (IOException e) {
            throw new IllegalStateException("the receipts format always writes JSON", e);
        }
    }
}
