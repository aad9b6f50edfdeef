package io.ccl.agents.engine.http;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * Body of {@code POST /api/v1/agents/{type}/jobs}.
 *
 * @param input compact JWE of the job input, to the runtime's attested key
 * @param replyTo the requester's public JWK; the result is sealed to it
 */
record SubmitRequest(@JsonProperty("input") String input, @JsonProperty("reply_to") Map<String, Object> replyTo) {
    @Override
    public String toString() {
        return "SubmitRequest[" + (input == null ? 0 : input.length()) + " chars]";
    }
}
