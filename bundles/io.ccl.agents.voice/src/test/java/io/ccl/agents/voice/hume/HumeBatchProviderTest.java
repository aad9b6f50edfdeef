package io.ccl.agents.voice.hume;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ccl.agents.api.EgressClient;
import io.ccl.agents.api.EgressDeniedException;
import io.ccl.agents.voice.Calls;
import io.ccl.agents.voice.analysis.CallAnalyzer;
import io.ccl.agents.voice.analysis.PiiMasker;
import io.ccl.agents.voice.analysis.SpeechAnalysis;
import io.ccl.agents.voice.analysis.SpeechAnalyticsException;
import io.ccl.agents.voice.analysis.SpeechAnalyticsException.Reason;
import io.ccl.agents.voice.analysis.SpeechRequest;
import io.ccl.keys.api.InsecureSecretAccess;
import io.ccl.keys.api.SecretBytes;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The provider's protocol against the fake, through a plain (unrestricted) egress client. */
class HumeBatchProviderTest {
    private static final HumeBatchProvider.Settings FAST = new HumeBatchProvider.Settings(Duration.ofMillis(5),
            Duration.ofSeconds(20));
    private FakeHume hume;
    private final HttpClient jdk = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private final EgressClient open = new EgressClient() {
        @Override
        public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
                throws IOException, InterruptedException {
            return jdk.send(request, handler);
        }

        @Override
        public boolean allows(URI uri) {
            return true;
        }
    };

    @BeforeEach
    void start() throws Exception {
        hume = new FakeHume();
    }

    @AfterEach
    void stop() {
        hume.close();
    }

    private HumeBatchProvider provider(EgressClient http, String key, HumeBatchProvider.Settings s) {
        return new HumeBatchProvider(http, HumeBatchProvider.baseUri(hume.baseUrl() + "/"),
                SecretBytes.copyOf(key.getBytes(StandardCharsets.UTF_8), InsecureSecretAccess.get()), s);
    }

    private SpeechRequest request(byte[] wav) throws Exception {
        try (PiiMasker m = new PiiMasker(new byte[32])) {
            return new SpeechRequest(ByteBuffer.wrap(wav), new CallAnalyzer(m).analyseAudio(wav), "it");
        }
    }

    @Test
    void submitsTheWavPollsAndMapsThePredictions() throws Exception {
        byte[] wav = Calls.wav(8);
        SpeechAnalysis a = provider(open, hume.apiKey, FAST).analyse(request(wav));
        assertEquals(4, a.segments().size());
        assertArrayEquals(wav, hume.receivedFile, "the WAV is uploaded as the file part, byte for byte");
        assertEquals("call.wav", hume.receivedFileName);
        assertEquals("it", hume.receivedConfig.get("transcription").get("language").asText());
        assertEquals("utterance", hume.receivedConfig.get("models").get("language").get("granularity").asText());
        assertTrue(hume.receivedConfig.get("models").get("language").has("sentiment"));
        assertFalse(hume.receivedConfig.has("callback_url"), "results never go anywhere but back to the runtime");
        // submit + QUEUED + IN_PROGRESS + COMPLETED + predictions
        assertEquals(5, hume.requests.get());
    }

    @Test
    void providerFailuresAreTypedAndNeverQuoteBodies() throws Exception {
        byte[] wav = Calls.wav(8);
        SpeechAnalyticsException e = assertThrows(SpeechAnalyticsException.class,
                () -> provider(open, "wrong", FAST).analyse(request(wav)));
        assertEquals(Reason.REJECTED, e.reason());
        assertTrue(e.getMessage().contains("401"));
        hume.mode = FakeHume.Mode.JOB_FAILS;
        e = assertThrows(SpeechAnalyticsException.class, () -> provider(open, hume.apiKey, FAST).analyse(request(wav)));
        assertEquals(Reason.REJECTED, e.reason());
        assertFalse(e.getMessage().contains("333"), "the provider's failure message is not repeated");
        hume.mode = FakeHume.Mode.SERVER_ERROR;
        assertEquals(Reason.UNAVAILABLE, assertThrows(SpeechAnalyticsException.class,
                () -> provider(open, hume.apiKey, FAST).analyse(request(wav))).reason());
        hume.mode = FakeHume.Mode.MALFORMED;
        assertEquals(Reason.MALFORMED_RESPONSE, assertThrows(SpeechAnalyticsException.class,
                () -> provider(open, hume.apiKey, FAST).analyse(request(wav))).reason());
        hume.mode = FakeHume.Mode.STUCK;
        e = assertThrows(SpeechAnalyticsException.class, () -> provider(open, hume.apiKey,
                new HumeBatchProvider.Settings(Duration.ofMillis(5), Duration.ofMillis(50))).analyse(request(wav)));
        assertEquals(Reason.UNAVAILABLE, e.reason());
        assertTrue(e.getMessage().contains("did not finish"));
    }

    @Test
    void aRefusedRequestIsReportedWithItsCause() throws Exception {
        EgressClient denying = new EgressClient() {
            @Override
            public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
                    throws EgressDeniedException {
                throw new EgressDeniedException(EgressDeniedException.Reason.HOST_NOT_ALLOWED, "http://127.0.0.1:1", "no");
            }

            @Override
            public boolean allows(URI uri) {
                return false;
            }
        };
        SpeechAnalyticsException e = assertThrows(SpeechAnalyticsException.class,
                () -> provider(denying, hume.apiKey, FAST).analyse(request(Calls.wav(2))));
        assertTrue(e.getCause() instanceof EgressDeniedException);
        assertEquals(0, hume.requests.get());
    }

    @Test
    void baseUrlsAreValidated() {
        assertEquals(URI.create("https://api.hume.ai"), HumeBatchProvider.baseUri("https://api.hume.ai/"));
        assertEquals(URI.create("https://gw.example/hume"), HumeBatchProvider.baseUri("https://gw.example/hume//"));
        for (String bad : new String[] {"api.hume.ai", "ftp://api.hume.ai", "https://u:p@api.hume.ai",
            "https://api.hume.ai/?k=1", "https://api.hume.ai/#x", "https:///x", "not a url at all"}) {
            assertThrows(IllegalArgumentException.class, () -> HumeBatchProvider.baseUri(bad), bad);
        }
    }

    @Test
    void multipartBodiesFollowRfc7578() {
        Multipart m = new Multipart().part("json", null, "application/json", "{}".getBytes())
                .part("file", "call.wav", "audio/wav", new byte[] {1, 2});
        String text = new String(m.bytes(), StandardCharsets.ISO_8859_1);
        String boundary = m.contentType().substring("multipart/form-data; boundary=".length());
        assertTrue(text.startsWith("--" + boundary + "\r\nContent-Disposition: form-data; name=\"json\"\r\n"
                + "Content-Type: application/json\r\n\r\n{}\r\n--" + boundary + "\r\n"));
        assertTrue(text.contains("name=\"file\"; filename=\"call.wav\"\r\nContent-Type: audio/wav\r\n\r\n\u0001\u0002\r\n"));
        assertTrue(text.endsWith("--" + boundary + "--\r\n"));
        assertThrows(IllegalArgumentException.class, () -> new Multipart().part("a\"b", null, "x", new byte[0]));
    }
}
