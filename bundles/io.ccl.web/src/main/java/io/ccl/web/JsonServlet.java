package io.ccl.web;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Base of every CCL JSON endpoint. Subclasses implement {@link #handle}; this class enforces the
 * method, reads bodies up to a limit (413 beyond), parses JSON strictly (400 with a typed code,
 * unknown members refused), writes results as JSON and failures as problem bodies. An unexpected
 * exception becomes a 500 problem naming only its type in the log, never a stack trace to the
 * client.
 */
public abstract class JsonServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(JsonServlet.class);

    /** Mapper for request and response bodies: strict on input, no timestamps as numbers. */
    public static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    /** Most bytes of an unread request body discarded before a problem is written. */
    private static final int DRAIN_LIMIT = 1 << 20;

    /** Default body limit: 1 MiB. */
    public static final int DEFAULT_MAX_BODY = 1 << 20;

    /** A response: status, JSON body (null for none) and content type. */
    public record Reply(int status, Object body, String contentType) {
        public static Reply ok(Object body) {
            return new Reply(200, body, "application/json");
        }

        public static Reply text(String body, String contentType) {
            return new Reply(200, body, contentType);
        }
    }

    /** Handles one request. */
    protected abstract Reply handle(HttpServletRequest request, HttpServletResponse response) throws ProblemException;

    /** HTTP methods this endpoint accepts; others get 405. */
    protected abstract java.util.Set<String> methods();

    @Override
    protected final void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        try {
            if (!methods().contains(req.getMethod().toUpperCase(Locale.ROOT))) {
                resp.setHeader("Allow", String.join(", ", methods()));
                throw new ProblemException(new Problem(405, "METHOD_NOT_ALLOWED", "Method not allowed",
                        req.getMethod() + " is not supported here"));
            }
            Reply reply = handle(req, resp);
            write(resp, reply);
        } catch (ProblemException e) {
            if (e.retryAfterSeconds() != null) {
                resp.setHeader("Retry-After", e.retryAfterSeconds());
            }
            drainUnreadBody(req);
            writeProblem(resp, e.problem());
        } catch (RuntimeException e) {
            LOG.error("{} failed with {}", getClass().getSimpleName(), e.getClass().getName());
            writeProblem(resp, new Problem(500, "INTERNAL_ERROR", "Internal error", "the request could not be processed"));
        }
    }

    /** Reads and parses a JSON body of at most {@code maxBytes} into {@code type}. */
    protected static <T> T readJson(HttpServletRequest req, int maxBytes, Class<T> type) throws ProblemException {
        return StrictJson.parse(readBody(req, maxBytes), type);
    }

    /** Reads and parses a JSON body into a tree. */
    protected static JsonNode readTree(HttpServletRequest req, int maxBytes) throws ProblemException {
        return readJson(req, maxBytes, JsonNode.class);
    }

    /** Reads the raw body, refusing more than {@code maxBytes} with 413 and non-JSON types with 415. */
    protected static byte[] readBody(HttpServletRequest req, int maxBytes) throws ProblemException {
        String ct = req.getContentType();
        if (ct != null && !ct.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            throw new ProblemException(new Problem(415, "UNSUPPORTED_MEDIA_TYPE", "Unsupported media type",
                    "send application/json"));
        }
        long declared = req.getContentLengthLong();
        if (declared > maxBytes) {
            throw tooLarge(maxBytes);
        }
        try (InputStream in = req.getInputStream()) {
            byte[] body = in.readNBytes(maxBytes + 1);
            if (body.length > maxBytes) {
                throw tooLarge(maxBytes);
            }
            if (body.length == 0) {
                throw new ProblemException(Problem.badRequest("MALFORMED_JSON", "empty body"));
            }
            return body;
        } catch (IOException e) {
            throw new ProblemException(Problem.badRequest("MALFORMED_JSON", "body cannot be read"));
        }
    }

    private static ProblemException tooLarge(int maxBytes) {
        return new ProblemException(new Problem(413, "BODY_TOO_LARGE", "Payload too large",
                "body exceeds " + maxBytes + " bytes"));
    }

    private static void write(HttpServletResponse resp, Reply reply) throws IOException {
        resp.setStatus(reply.status());
        resp.setHeader("Cache-Control", "no-store");
        if (reply.body() == null) {
            return;
        }
        resp.setContentType(reply.contentType());
        resp.setCharacterEncoding("UTF-8");
        if (reply.body() instanceof String s && !reply.contentType().startsWith("application/json")) {
            resp.getWriter().write(s);
        } else {
            MAPPER.writeValue(resp.getOutputStream(), reply.body());
        }
    }

    /** Writes a problem body with its status. */
    /**
     * A request refused before its body was read (401, 403, 405, 413...) still has the body on the
     * connection; a server that answers and closes while the client is sending makes some clients
     * report a reset instead of the answer. Reading (and discarding) up to {@value #DRAIN_LIMIT}
     * bytes first lets the problem body arrive; anything larger is cut off with the connection.
     */
    private static void drainUnreadBody(HttpServletRequest req) {
        try {
            InputStream in = req.getInputStream();
            byte[] buffer = new byte[8192];
            long total = 0;
            for (int n; total < DRAIN_LIMIT && (n = in.read(buffer)) > 0;) {
                total += n;
            }
        } catch (IOException | IllegalStateException e) {
            // The body was read as characters already, or the connection is gone: nothing to drain.
        }
    }

    public static void writeProblem(HttpServletResponse resp, Problem problem) throws IOException {
        if (resp.isCommitted()) {
            return;
        }
        resp.resetBuffer();
        resp.setStatus(problem.status());
        resp.setHeader("Cache-Control", "no-store");
        resp.setContentType(Problem.MEDIA_TYPE);
        resp.setCharacterEncoding("UTF-8");
        MAPPER.writeValue(resp.getOutputStream(), problem.body());
    }
}
