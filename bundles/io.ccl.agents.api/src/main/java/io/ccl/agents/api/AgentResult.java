package io.ccl.agents.api;

import java.util.Map;
import java.util.Objects;

/**
 * What an agent returns: the full result, which leaves the runtime only sealed to the requester's
 * key, and the safe view, which is stored in the clear, shown to whoever holds the job id and may be
 * logged. The engine takes ownership of the result array and wipes it once sealed.
 */
public final class AgentResult {
    private final byte[] result;
    private final String contentType;
    private final Map<String, Object> safeView;

    /**
     * @param result the full result (typically JSON)
     * @param contentType its media type, such as {@code application/json}; shown in the job view
     *        as {@code result_content_type}
     * @param safeView JSON-compatible values only (maps, lists, strings, numbers, booleans, null):
     *        no personal data, no secrets
     */
    public AgentResult(byte[] result, String contentType, Map<String, Object> safeView) {
        this.result = Objects.requireNonNull(result, "result");
        this.contentType = Objects.requireNonNull(contentType, "contentType");
        this.safeView = Objects.requireNonNull(safeView, "safeView");
    }

    /** A JSON result. */
    public static AgentResult json(byte[] result, Map<String, Object> safeView) {
        return new AgentResult(result, "application/json", safeView);
    }

    /** The full result (the engine's array once returned: not copied). */
    public byte[] result() {
        return result;
    }

    public String contentType() {
        return contentType;
    }

    public Map<String, Object> safeView() {
        return safeView;
    }

    @Override
    public String toString() {
        return "AgentResult[" + result.length + " bytes " + contentType + "]";
    }
}
