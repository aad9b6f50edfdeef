package io.ccl.agents.voice;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ccl.agents.api.AgentContext;
import io.ccl.agents.api.AgentException;
import io.ccl.agents.api.AgentModel;
import io.ccl.agents.api.AgentResult;
import io.ccl.agents.api.AgentType;
import io.ccl.agents.api.EgressDeniedException;
import io.ccl.agents.api.JobInput;
import io.ccl.agents.api.RuntimeFacts;
import io.ccl.agents.voice.analysis.AnalysisSettings;
import io.ccl.agents.voice.analysis.AudioFormatException;
import io.ccl.agents.voice.analysis.AudioLimits;
import io.ccl.agents.voice.analysis.CallAnalysis;
import io.ccl.agents.voice.analysis.CallAnalyzer;
import io.ccl.agents.voice.analysis.CallMetadata;
import io.ccl.agents.voice.analysis.OfflineSpeechAnalyticsProvider;
import io.ccl.agents.voice.analysis.PiiMasker;
import io.ccl.agents.voice.analysis.SafeView;
import io.ccl.agents.voice.analysis.SpeechAnalyticsException;
import io.ccl.agents.voice.analysis.SpeechAnalyticsProvider;
import io.ccl.agents.voice.analysis.VoiceAgent;
import io.ccl.agents.voice.hume.HumeBatchProvider;
import io.ccl.keys.api.InsecureSecretAccess;
import io.ccl.keys.api.ResourcePath;
import io.ccl.keys.api.SecretBytes;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A voice agent (SARA, MARCO or FRANCO): analyses one recorded call inside the runtime with
 * {@link CallAnalyzer} — WAV PCM only, in-process audio analytics, transcript and sentiment from the
 * configured provider, PII masked with phone numbers hashed under the deployment key — and returns
 * the full result (sealed by the engine to the requester) and the safe view with the security block.
 *
 * <p>Everything it reaches goes through the job's context: the deployment key, the provider's base
 * URL and API key are granted secrets; the provider is called only through {@code ctx.http()}, so
 * the engine's egress allowlist applies to every request.
 */
public class VoiceAgentType implements AgentType {
    private static final Logger LOG = LoggerFactory.getLogger(VoiceAgentType.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Which speech-analytics provider. */
    enum Provider {
        OFFLINE, HTTP;

        static Provider parse(String s) {
            return switch (s == null ? "" : s.trim().toLowerCase(Locale.ROOT)) {
                case "", "offline" -> OFFLINE;
                case "http", "hume" -> HTTP;
                default -> throw new IllegalArgumentException("provider must be offline or http");
            };
        }
    }

    private final VoiceAgent agent;
    private final String role;
    private final Provider provider;
    private final ResourcePath deploymentKey;
    private final ResourcePath providerUrl;
    private final ResourcePath providerKey;
    private final HumeBatchProvider.Settings humeSettings;
    private final String model;
    private final AudioLimits limits;

    protected VoiceAgentType(VoiceAgent agent, VoiceConfig config, String defaultRole) {
        this.agent = Objects.requireNonNull(agent);
        this.role = config.role().isBlank() ? defaultRole : config.role().strip();
        this.provider = Provider.parse(config.provider());
        this.deploymentKey = ResourcePath.parse(config.deployment_key().trim());
        this.providerUrl = ResourcePath.parse(config.provider_url_secret().trim());
        this.providerKey = ResourcePath.parse(config.provider_key_secret().trim());
        this.humeSettings = new HumeBatchProvider.Settings(Duration.ofMillis(Math.max(1, config.provider_poll_interval_ms())),
                Duration.ofSeconds(Math.max(1, config.provider_timeout_seconds())));
        this.model = config.model().trim();
        this.limits = new AudioLimits(config.max_audio_bytes(), Math.multiplyExact(config.max_audio_seconds(), 1000L));
        LOG.info("voice agent {} ready: provider {}{}", agent.type(), provider.name().toLowerCase(Locale.ROOT),
                model.isEmpty() ? "" : ", model " + model);
    }

    @Override
    public String type() {
        return agent.type();
    }

    @Override
    public String describe() {
        return agent.name() + " voice-call analysis (" + provider.name().toLowerCase(Locale.ROOT) + " provider): " + role;
    }

    @Override
    public AgentResult run(AgentContext ctx, JobInput input) throws AgentException, InterruptedException {
        VoiceRequest request = VoiceRequest.parse(input);
        byte[] wav = request.audio();
        try {
            CallMetadata metadata = request.callMetadata(agent);
            VoiceResult.Model verified = null;
            if (!model.isEmpty()) {
                AgentModel m = ctx.model(model);
                verified = new VoiceResult.Model(m.name(), m.sha256());
            }
            CallAnalysis analysis;
            try (PiiMasker masker = masker(ctx)) {
                CallAnalyzer analyzer = new CallAnalyzer(masker, limits, AnalysisSettings.DEFAULT);
                analysis = analyse(ctx, analyzer, wav, metadata);
            }
            RuntimeFacts facts = ctx.runtime();
            SafeView view = analysis.safeView().withSecurity(facts.attested(), facts.memoryEncrypted());
            VoiceResult result = new VoiceResult(VoiceResult.SCHEMA, ctx.jobId(), agent.type(), role,
                    analysis.speech() == null ? null : analysis.speech().provider(), analysis.metadata(),
                    analysis.analytics(), analysis.speech(), analysis.maskedTranscript(), view,
                    new VoiceResult.RuntimeInfo(facts.teeType(), facts.insecureTee(), facts.attested(), facts.memoryEncrypted()),
                    verified);
            byte[] bytes;
            Map<String, Object> safe;
            try {
                bytes = JSON.writeValueAsBytes(result);
                safe = JSON.convertValue(view, JSON.getTypeFactory().constructMapType(Map.class, String.class, Object.class));
            } catch (JsonProcessingException | IllegalArgumentException e) {
                throw new AgentException("RESULT_UNSERIALISABLE", "the result cannot be written as JSON");
            }
            // Safe to log: hashes and counts only.
            LOG.info("job {} ({}): {} ms of audio, {} utterances, caller {}, masked {}", ctx.jobId(), agent.type(),
                    analysis.analytics().durationMs(), analysis.maskedTranscript().size(),
                    view.caller() == null ? "withheld" : view.caller(), view.pii().total());
            return AgentResult.json(bytes, safe);
        } finally {
            Arrays.fill(wav, (byte) 0);
        }
    }

    private CallAnalysis analyse(AgentContext ctx, CallAnalyzer analyzer, byte[] wav, CallMetadata metadata)
            throws AgentException, InterruptedException {
        try {
            return analyzer.analyse(wav, metadata, speechProvider(ctx));
        } catch (AudioFormatException e) {
            // The analysis library's messages say what was found, never audio or personal data.
            throw new AgentException("AUDIO_" + e.reason().name(), e.getMessage());
        } catch (SpeechAnalyticsException e) {
            if (e.getCause() instanceof EgressDeniedException denied) {
                throw denied;
            }
            if (e.getCause() instanceof InterruptedException || Thread.currentThread().isInterrupted()) {
                throw new InterruptedException("speech analytics interrupted");
            }
            throw new AgentException("SPEECH_" + e.reason().name(), e.getMessage());
        }
    }

    private SpeechAnalyticsProvider speechProvider(AgentContext ctx) throws AgentException {
        if (provider == Provider.OFFLINE) {
            return new OfflineSpeechAnalyticsProvider();
        }
        SecretBytes url = ctx.secret(providerUrl);
        URI base;
        byte[] raw = url.reveal(InsecureSecretAccess.get());
        try {
            base = HumeBatchProvider.baseUri(new String(raw, StandardCharsets.UTF_8).strip());
        } catch (IllegalArgumentException e) {
            throw new AgentException("PROVIDER_MISCONFIGURED", "secret " + providerUrl
                    + " is not an absolute http(s) base URL without query, fragment or user info");
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
        return new HumeBatchProvider(ctx.http(), base, ctx.secret(providerKey), humeSettings);
    }

    private PiiMasker masker(AgentContext ctx) throws AgentException {
        SecretBytes secret = ctx.secret(deploymentKey);
        byte[] key = secret.reveal(InsecureSecretAccess.get());
        try {
            if (key.length < PiiMasker.MIN_KEY_BYTES) {
                throw new AgentException("DEPLOYMENT_KEY_INVALID", "secret " + deploymentKey + " must hold at least "
                        + PiiMasker.MIN_KEY_BYTES + " bytes");
            }
            return new PiiMasker(key);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    @Override
    public String toString() {
        return "VoiceAgentType[" + agent.type() + "]";
    }
}
