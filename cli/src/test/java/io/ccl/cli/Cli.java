package io.ccl.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Runs {@link Main#run} in process and parses what it printed. */
final class Cli {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /**
     * @param code exit code
     * @param json stdout parsed, or null when nothing was printed
     * @param err stderr
     */
    record Result(int code, JsonNode json, String err) {
        String reason() {
            return json == null ? null : json.path("reason").asText(null);
        }

        boolean verified() {
            return json != null && json.path("verified").asBoolean(false);
        }
    }

    private Cli() {
    }

    static Result run(String... args) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        String text = out.toString(StandardCharsets.UTF_8);
        return new Result(code, text.isBlank() ? null : MAPPER.readTree(text), err.toString(StandardCharsets.UTF_8));
    }
}
