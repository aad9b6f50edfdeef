package io.ccl.agents.voice.hume;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ccl.agents.api.EgressClient;
import io.ccl.agents.api.EgressDeniedException;
import io.ccl.agents.voice.analysis.SpeechAnalysis;
import io.ccl.agents.voice.analysis.SpeechAnalyticsException;
import io.ccl.agents.voice.analysis.SpeechAnalyticsException.Reason;
import io.ccl.agents.voice.analysis.SpeechAnalyticsProvider;
import io.ccl.agents.voice.analysis.SpeechRequest;
import io.ccl.keys.api.InsecureSecretAccess;
import io.ccl.keys.api.SecretBytes;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Transcription and sentiment through a Hume-style batch "expression measurement" API:
 *
 * <ol>
 * <li>{@code POST {base}/v0/batch/jobs}, {@code multipart/form-data} with a {@code json} part (the
 * job configuration: language model with sentiment and prosody at utterance granularity, speakers
 * identified, transcription language) and a {@code file} part (the WAV) → {@code {"job_id"}};</li>
 * <li>{@code GET {base}/v0/batch/jobs/{id}} until {@code state.status} is {@code COMPLETED} (or
 * {@code FAILED}), every poll interval, up to the timeout;</li>
 * <li>{@code GET {base}/v0/batch/jobs/{id}/predictions} → mapped by {@link HumePredictions}.</li>
 * </ol>
 *
 * Every request carries {@code X-Hume-Api-Key} and goes through the job's {@link EgressClient}, so
 * the agent type's egress allowlist decides whether the base URL may be reached at all. A refused
 * request surfaces as {@code SpeechAnalyticsException(UNAVAILABLE)} whose cause is the
 * {@link EgressDeniedException}; an interrupt as one whose cause is the {@link InterruptedException}.
 * Messages name HTTP statuses and counts, never response bodies (they hold the transcript) or the
 * key.
 */
public final class HumeBatchProvider implements SpeechAnalyticsProvider {
    /** The provider id in results. */
    public static final String ID = "hume";
    static final String API_KEY_HEADER = "X-Hume-Api-Key";
    private static final Pattern JOB_ID = Pattern.compile("[A-Za-z0-9-]{1,64}");
    private static final int MAX_SMALL_BODY = 64 << 10;
    private static final int MAX_PREDICTIONS = 32 << 20;
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * @param pollInterval time between status polls
     * @param timeout longest time from submission to predictions
     */
    public record Settings(Duration pollInterval, Duration timeout) {
    }

    private final EgressClient http;
    private final URI base;
    private final SecretBytes apiKey;
    private final Settings settings;

    /**
     * @param http the job's egress client
     * @param base the API's base URL ({@link #baseUri})
     * @param apiKey the API key (a granted secret)
     */
    public HumeBatchProvider(EgressClient http, URI base, SecretBytes apiKey, Settings settings) {
        this.http = Objects.requireNonNull(http, "http");
        this.base = Objects.requireNonNull(base, "base");
        this.apiKey = Objects.requireNonNull(apiKey, "apiKey");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /**
     * Validates a base URL: absolute http or https, a host, no user info, query or fragment; a
     * trailing slash is dropped.
     *
     * @throws IllegalArgumentException otherwise (the message does not repeat the URL)
     */
    public static URI baseUri(String text) {
        try {
            URI u = new URI(text);
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("https") || scheme.equals("http")) || u.getHost() == null || u.getRawUserInfo() != null
                    || u.getRawQuery() != null || u.getRawFragment() != null) {
                throw new IllegalArgumentException("not a usable base URL");
            }
            String path = u.getRawPath() == null ? "" : u.getRawPath().replaceAll("/+$", "");
            return new URI(scheme + "://" + u.getRawAuthority() + path);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a URL");
        }
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public SpeechAnalysis analyse(SpeechRequest request) throws SpeechAnalyticsException {
        byte[] key = apiKey.reveal(InsecureSecretAccess.get());
        // Header values are Strings: the key lives in this String until it is collected.
        String keyText = new String(key, StandardCharsets.UTF_8).strip();
        Arrays.fill(key, (byte) 0);
        try {
            String jobId = submit(request, keyText);
            await(jobId, keyText);
            JsonNode predictions = getJson(endpoint("/v0/batch/jobs/" + jobId + "/predictions"), keyText,
                    MAX_PREDICTIONS);
            return HumePredictions.map(predictions);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SpeechAnalyticsException(Reason.UNAVAILABLE, "interrupted while waiting for the provider", e);
        } catch (EgressDeniedException e) {
            throw new SpeechAnalyticsException(Reason.UNAVAILABLE, "the provider at " + e.destination()
                    + " is not reachable from this agent: " + e.code(), e);
        }
    }

    private String submit(SpeechRequest request, String key)
            throws SpeechAnalyticsException, InterruptedException, EgressDeniedException {
        ObjectNode config = JSON.createObjectNode();
        ObjectNode models = config.putObject("models");
        models.putObject("language").put("granularity", "utterance").put("identify_speakers", true)
                .putObject("sentiment");
        models.putObject("prosody").put("granularity", "utterance").put("identify_speakers", true);
        config.putObject("transcription").put("language", request.language()).put("identify_speakers", true);
        ByteBuffer wavView = request.wav();
        byte[] wav = new byte[wavView.remaining()];
        wavView.get(wav);
        try {
            Multipart body = new Multipart()
                    .part("json", null, "application/json", JSON.writeValueAsBytes(config))
                    .part("file", "call.wav", "audio/wav", wav);
            HttpRequest post = HttpRequest.newBuilder(endpoint("/v0/batch/jobs")).timeout(REQUEST_TIMEOUT)
                    .header(API_KEY_HEADER, key).header("Content-Type", body.contentType())
                    .header("Accept", "application/json").POST(body.publisher()).build();
            JsonNode answer = exchange(post, MAX_SMALL_BODY, "submitting the job");
            String id = answer.path("job_id").asText("");
            if (!JOB_ID.matcher(id).matches()) {
                throw new SpeechAnalyticsException(Reason.MALFORMED_RESPONSE, "the provider returned no usable job_id");
            }
            return id;
        } catch (IOException e) {
            throw new SpeechAnalyticsException(Reason.UNAVAILABLE, "the job configuration cannot be written");
        } finally {
            Arrays.fill(wav, (byte) 0);
        }
    }

    private void await(String jobId, String key)
            throws SpeechAnalyticsException, InterruptedException, EgressDeniedException {
        long deadline = System.nanoTime() + settings.timeout().toNanos();
        URI details = endpoint("/v0/batch/jobs/" + jobId);
        while (true) {
            String status = getJson(details, key, MAX_SMALL_BODY).path("state").path("status").asText("");
            switch (status) {
                case "COMPLETED":
                    return;
                case "FAILED":
                    throw new SpeechAnalyticsException(Reason.REJECTED, "the provider's job failed");
                case "QUEUED", "IN_PROGRESS":
                    break;
                default:
                    throw new SpeechAnalyticsException(Reason.MALFORMED_RESPONSE, "unknown job status from the provider");
            }
            if (System.nanoTime() > deadline) {
                throw new SpeechAnalyticsException(Reason.UNAVAILABLE, "the provider's job did not finish within "
                        + settings.timeout().toSeconds() + " s");
            }
            Thread.sleep(settings.pollInterval().toMillis());
        }
    }

    private JsonNode getJson(URI uri, String key, int max)
            throws SpeechAnalyticsException, InterruptedException, EgressDeniedException {
        HttpRequest get = HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT).header(API_KEY_HEADER, key)
                .header("Accept", "application/json").GET().build();
        return exchange(get, max, "polling the job");
    }

    private JsonNode exchange(HttpRequest request, int max, String what)
            throws SpeechAnalyticsException, InterruptedException, EgressDeniedException {
        HttpResponse<InputStream> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new SpeechAnalyticsException(Reason.UNAVAILABLE, "the provider cannot be reached while " + what
                    + " (" + e.getClass().getSimpleName() + ")");
        }
        byte[] body;
        try (InputStream in = response.body()) {
            body = in.readNBytes(max + 1);
        } catch (IOException e) {
            throw new SpeechAnalyticsException(Reason.UNAVAILABLE, "the provider's answer was cut off while " + what);
        }
        try {
            int status = response.statusCode();
            if (status == 401 || status == 403) {
                throw new SpeechAnalyticsException(Reason.REJECTED, "the provider refused the API key (HTTP " + status + ")");
            }
            if (status == 429 || status >= 500) {
                throw new SpeechAnalyticsException(Reason.UNAVAILABLE, "the provider answered HTTP " + status + " while "
                        + what);
            }
            if (status < 200 || status > 299) {
                throw new SpeechAnalyticsException(Reason.REJECTED, "the provider answered HTTP " + status + " while "
                        + what);
            }
            if (body.length > max) {
                throw new SpeechAnalyticsException(Reason.MALFORMED_RESPONSE, "the provider's answer exceeds " + max
                        + " bytes");
            }
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new SpeechAnalyticsException(Reason.MALFORMED_RESPONSE, "the provider's answer is not JSON while "
                    + what);
        }
    }

    private URI endpoint(String path) {
        return URI.create(base + path);
    }

    @Override
    public String toString() {
        return "HumeBatchProvider[" + base.getHost() + "]";
    }
}
