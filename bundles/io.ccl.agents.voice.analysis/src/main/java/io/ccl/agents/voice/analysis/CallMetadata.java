package io.ccl.agents.voice.analysis;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.ccl.agents.voice.analysis.pii.Names;
import io.ccl.agents.voice.analysis.pii.PhoneNumbers;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What the requester says about a call. Validated on construction; error messages never repeat a
 * value. Raw: {@link #toString()} shows no personal data, but the record itself holds it.
 *
 * @param phoneNumber the caller's number in any usual notation, or null when withheld
 * @param shipmentId the shipment the call is about ({@code [A-Za-z0-9][A-Za-z0-9._/-]{0,63}}), or null
 * @param agentType the agent that took the call
 * @param language BCP 47 language tag of the call ({@code it}, {@code en}, {@code en-GB}, ...)
 * @param names names of people in the call to mask (caller, contacts), at most
 *        {@value #MAX_NAMES}; null means none
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record CallMetadata(String phoneNumber, String shipmentId, VoiceAgent agentType, String language,
        List<String> names) {
    /** Most names accepted. */
    public static final int MAX_NAMES = 16;
    private static final Pattern SHIPMENT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._/-]{0,63}");
    private static final Pattern LANGUAGE = Pattern.compile("[a-z]{2,3}(?:-[A-Za-z0-9]{1,8}){0,3}");

    public CallMetadata {
        Objects.requireNonNull(agentType, "agentType");
        Objects.requireNonNull(language, "language");
        if (!LANGUAGE.matcher(language).matches()) {
            throw new IllegalArgumentException("language must be a BCP 47 tag such as 'it' or 'en-GB'");
        }
        if (shipmentId != null && !SHIPMENT.matcher(shipmentId).matches()) {
            throw new IllegalArgumentException("shipmentId must match [A-Za-z0-9][A-Za-z0-9._/-]{0,63}");
        }
        if (phoneNumber != null) {
            PhoneNumbers.normalise(phoneNumber);
        }
        names = names == null ? List.of() : List.copyOf(names);
        if (names.size() > MAX_NAMES) {
            throw new IllegalArgumentException("at most " + MAX_NAMES + " names");
        }
        Names.of(names);
    }

    /** Metadata without phone number, shipment or names. */
    public static CallMetadata of(VoiceAgent agentType, String language) {
        return new CallMetadata(null, null, agentType, language, List.of());
    }

    /** Shows which fields are present, never their values. */
    @Override
    public String toString() {
        return "CallMetadata[agent=" + agentType.type() + ", language=" + language + ", phoneNumber="
                + (phoneNumber == null ? "none" : "<redacted>") + ", shipmentId="
                + (shipmentId == null ? "none" : "<redacted>") + ", names=" + names.size() + "]";
    }
}
