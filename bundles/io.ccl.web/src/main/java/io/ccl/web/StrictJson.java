package io.ccl.web;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * Strict parsing of request bodies into records or trees: unknown members, duplicate members,
 * trailing tokens and scalar coercion ({@code "2"} as a number, {@code 1.5} as an int, enums as
 * numbers) are refused. Problems never echo parser messages: those quote the offending input,
 * which in a secret write is the secret. Only member names of a safe shape are named back.
 */
public final class StrictJson {
    /**
     * Bodies are bounded by each endpoint's byte limit before parsing; the parser's own string limit
     * (Jackson's default is 20 million characters) must not cut below that, e.g. a job's JWE input.
     */
    private static final int MAX_STRING_CHARS = 256 << 20;
    private static final ObjectMapper STRICT = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(MAX_STRING_CHARS).build()).build())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, DeserializationFeature.FAIL_ON_TRAILING_TOKENS,
                    DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS, DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    /** Member names echoed in problem details; anything else is not repeated back. */
    private static final Pattern MEMBER = Pattern.compile("[A-Za-z0-9_]{1,64}");

    private StrictJson() {
    }

    /** Parses {@code body} (then zeroes it) into {@code type}; null JSON is refused. */
    public static <T> T parse(byte[] body, Class<T> type) throws ProblemException {
        try {
            T value = STRICT.readValue(body, type);
            if (value == null) {
                throw invalid("MALFORMED_JSON", "the body must be a JSON object");
            }
            return value;
        } catch (UnrecognizedPropertyException e) {
            String name = e.getPropertyName();
            throw invalid("UNKNOWN_FIELD", name != null && MEMBER.matcher(name).matches()
                    ? "unknown member '" + name + "'" : "unknown member");
        } catch (MismatchedInputException e) {
            String where = path(e);
            throw invalid("INVALID_FIELD", where.isEmpty() ? "the body must be a JSON object of the documented members"
                    : "member '" + where + "' has the wrong type or value");
        } catch (JsonMappingException e) {
            throw invalid("INVALID_FIELD", "the body does not fit this request");
        } catch (JsonProcessingException e) {
            throw invalid("MALFORMED_JSON", "the body is not valid JSON (syntax error or duplicate member)");
        } catch (IOException e) {
            throw invalid("MALFORMED_JSON", "the body cannot be read");
        } finally {
            Arrays.fill(body, (byte) 0);
        }
    }

    private static String path(JsonMappingException e) {
        StringBuilder b = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                if (!MEMBER.matcher(r.getFieldName()).matches()) {
                    return "";
                }
                b.append(b.length() == 0 ? "" : ".").append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                b.append('[').append(r.getIndex()).append(']');
            }
        }
        return b.toString();
    }

    private static ProblemException invalid(String code, String detail) {
        return new ProblemException(Problem.badRequest(code, detail));
    }
}
