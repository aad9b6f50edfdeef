package io.ccl.agents.voice;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Configuration of one voice agent (PIDs {@code io.ccl.agents.voice.sara}, {@code .marco},
 * {@code .franco}). What the agent may reach — granted secrets, egress allowlist, models — is not
 * here: it is the engine's {@code io.ccl.agents.type~<type>} configuration, so that the plugin cannot
 * grant itself anything. The secret paths below only say which granted secrets to use.
 */
@ObjectClassDefinition(name = "CCL voice agent", description = "SARA, MARCO or FRANCO: role, speech-analytics "
        + "provider and the (granted) secrets it uses")
public @interface VoiceConfig {
    @AttributeDefinition(description = "Role text of the agent, copied into results; empty = the built-in role")
    String role() default "";

    @AttributeDefinition(description = "Speech-analytics provider: offline (no network, no transcription) or http (Hume-style batch API)")
    String provider() default "offline";

    @AttributeDefinition(description = "Secret (repo/type/tag) holding the per-deployment key of the phone-number hashes (>= 16 bytes)")
    String deployment_key() default "default/voice/deployment-key";

    @AttributeDefinition(description = "Secret holding the provider's base URL (http provider), e.g. https://api.hume.ai")
    String provider_url_secret() default "default/voice/provider-url";

    @AttributeDefinition(description = "Secret holding the provider's API key (http provider)")
    String provider_key_secret() default "default/voice/provider-api-key";

    @AttributeDefinition(description = "Milliseconds between status polls of a provider job")
    long provider_poll_interval_ms() default 1000;

    @AttributeDefinition(description = "Seconds a provider job may take before the call fails with SPEECH_UNAVAILABLE")
    long provider_timeout_seconds() default 300;

    @AttributeDefinition(description = "A model (granted to the type) to load and verify before each call; its name and digest go into the result. Empty = none")
    String model() default "";

    @AttributeDefinition(description = "Largest WAV file accepted, bytes")
    long max_audio_bytes() default 64L << 20;

    @AttributeDefinition(description = "Longest recording accepted, seconds")
    long max_audio_seconds() default 3600;
}
