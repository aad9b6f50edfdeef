package io.ccl.agents.voice.analysis;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Locale;

/** The freight broker's voice agents whose calls this library analyses ({@code ccl.agent.type}). */
public enum VoiceAgent {
    @JsonProperty("sara")
    SARA,
    @JsonProperty("marco")
    MARCO,
    @JsonProperty("franco")
    FRANCO;

    /** The {@code ccl.agent.type} value: the name in lower case. */
    public String type() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The agent for a {@code ccl.agent.type} value, in any case.
     *
     * @throws IllegalArgumentException for an unknown type
     */
    public static VoiceAgent ofType(String type) {
        for (VoiceAgent a : values()) {
            if (a.type().equalsIgnoreCase(type)) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown agent type; expected sara, marco or franco");
    }
}
