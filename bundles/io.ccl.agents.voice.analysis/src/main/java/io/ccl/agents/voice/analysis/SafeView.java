package io.ccl.agents.voice.analysis;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * What may leave the runtime in the clear and be logged: no phone number, e-mail address, IBAN,
 * card number, codice fiscale or given name from the input — phone numbers only as keyed hashes.
 *
 * <p><b>Security guarantees.</b> Built only from masked text, validated labels, numbers and
 * hashes. Limits: text the masker does not recognise (names that were not given, numbers spelt
 * out in words, unusual formats, see the README) passes through in the preview.
 *
 * @param schema {@value #SCHEMA}
 * @param agentType the agent that took the call
 * @param language the call's language tag
 * @param shipmentId the shipment id, masked
 * @param caller keyed hash of the caller's number ({@code sha256:…}), or null when withheld
 * @param transcript the masked transcript preview, or null without a speech analysis
 * @param sentiment the sentiment summary, or null when there is none
 * @param analytics the audio analytics
 * @param pii what was masked, in the metadata and the whole transcript
 * @param security the security block
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonPropertyOrder({"schema", "agent_type", "language", "shipment_id", "caller", "transcript", "sentiment",
    "analytics", "pii", "security"})
public record SafeView(String schema, VoiceAgent agentType, String language, String shipmentId, String caller,
        TranscriptPreview transcript, SentimentSummary sentiment, AudioAnalytics analytics, PiiCounts pii,
        SecurityBlock security) {
    /** Version of the safe view's JSON shape. */
    public static final String SCHEMA = "ccl.voice.safe-view/1";

    /** This view with the runtime's security facts filled in by the engine. */
    public SafeView withSecurity(boolean enclaveAttested, boolean memoryEncrypted) {
        return new SafeView(schema, agentType, language, shipmentId, caller, transcript, sentiment, analytics, pii,
                new SecurityBlock(enclaveAttested, memoryEncrypted, security.piiMasked()));
    }
}
