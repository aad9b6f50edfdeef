package io.ccl.agents.voice.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ccl.agents.voice.analysis.pii.PiiSamples;
import io.ccl.agents.voice.analysis.wav.Signals;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CallAnalyzerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] CALL = new Signals(16000, 8000).noise(0.0005, 1)
            .speechLike(500, 2500, 0.3, 2).speechLike(3200, 5000, 0.3, 3).speechLike(6000, 7600, 0.3, 4).wav16();

    private final PiiMasker masker = new PiiMasker(PiiMaskerTest.KEY);
    private final CallAnalyzer analyzer = new CallAnalyzer(masker);

    @AfterEach
    void close() {
        masker.close();
    }

    static SpeechAnalyticsProvider provider(String id, Function<SpeechRequest, SpeechAnalysis> analyse) {
        return new SpeechAnalyticsProvider() {
            @Override
            public String id() {
                return id;
            }

            @Override
            public SpeechAnalysis analyse(SpeechRequest request) {
                return analyse.apply(request);
            }
        };
    }

    /** Personal data planted in the call: raw value as it appears, and whether its digits-only form must be absent too. */
    private record Planted(String raw) {
        String digits() {
            return raw.replaceAll("[^0-9]", "");
        }
    }

    private static final String ITALIAN_IBAN = PiiSamples.italianIban("03069", "09606", "100000012345");
    private static final String CF = PiiSamples.codiceFiscale("BNCLRA85M52F205");
    private static final List<Planted> PLANTED = List.of(
            new Planted("+39 333 123 4567"), new Planted("0039 347 765 4321"), new Planted("06 1234 5678"),
            new Planted("(+39) 320 111 2222"), new Planted("+44 20 7946 0958"), new Planted("339/8765432"),
            new Planted("mario.rossi@example.com"), new Planted("laura.bianchi@trasporti-bianchi.it"),
            new Planted("IT60 X054 2811 1010 0000 0123 456"), new Planted(ITALIAN_IBAN),
            new Planted("DE89 3704 0044 0532 0130 00"),
            new Planted("4111 1111 1111 1111"), new Planted("5555-5555-5555-4444"), new Planted("378282246310005"),
            new Planted("RSSMRA80A01H501U"), new Planted(CF), new Planted(CF.toLowerCase(Locale.ROOT)),
            new Planted("Mario Rossi"), new Planted("Laura Bianchi"));

    private static SpeechAnalysis plantedTranscript() {
        List<TranscriptSegment> segments = new ArrayList<>();
        String[] lines = {
            "Buongiorno, sono Mario Rossi, il mio cellulare è +39 333 123 4567.",
            "Mi può richiamare allo 0039 347 765 4321 oppure in ufficio 06 1234 5678?",
            "Il numero della collega Laura Bianchi è (+39) 320 111 2222, e-mail laura.bianchi@trasporti-bianchi.it.",
            "Per il fornitore inglese +44 20 7946 0958, scrivete a mario.rossi@example.com.",
            "Bonifico su IBAN IT60 X054 2811 1010 0000 0123 456 oppure " + ITALIAN_IBAN + " o DE89 3704 0044 0532 0130 00.",
            "Pago con la carta 4111 1111 1111 1111, o la 5555-5555-5555-4444, o l'Amex 378282246310005.",
            "Codice fiscale RSSMRA80A01H501U, quello di mia moglie " + CF + ", cioè " + CF.toLowerCase(Locale.ROOT) + ".",
            "Spedizione SHP-2026-000123 del 21/11/2026, ritiro alle 14:30, 33 pallet, ciao Laura, chiamami al 339/8765432."};
        for (int i = 0; i < lines.length; i++) {
            segments.add(new TranscriptSegment(i % 2 == 0 ? "caller" : "agent", i * 900L, i * 900L + 800, lines[i],
                    new Sentiment(0.1, 0.7, 0.2)));
        }
        return new SpeechAnalysis("test", false, segments, null);
    }

    private static CallMetadata plantedMetadata() {
        return new CallMetadata("+39 333 123 4567", "SHP-2026-000123", VoiceAgent.SARA, "it",
                List.of("Mario Rossi", "Laura Bianchi"));
    }

    @Test
    void theSafeViewHoldsNoPlantedValueNorItsDigits() throws Exception {
        CallAnalysis result = analyzer.analyse(CALL, plantedMetadata(), plantedTranscript());
        String json = JSON.writeValueAsString(result.safeView());
        String everything = json + JSON.writeValueAsString(result.maskedTranscript());
        String lower = everything.toLowerCase(Locale.ROOT);
        String withoutTokens = everything.replaceAll("sha256:[0-9a-f]{32}", "#");
        for (Planted p : PLANTED) {
            assertFalse(lower.contains(p.raw().toLowerCase(Locale.ROOT)), "raw value leaked: " + p.raw());
            if (p.digits().length() >= 6) {
                assertFalse(withoutTokens.replaceAll("[^0-9]", " ").contains(p.digits()),
                        "digits leaked: " + p.digits());
                assertFalse(withoutTokens.replaceAll("[^0-9#\\[\\]A-Za-z]", "").contains(p.digits()),
                        "digits leaked once separators are removed: " + p.digits());
            }
        }
        for (String word : new String[] {"mario", "rossi", "laura", "bianchi"}) {
            assertFalse(lower.matches("(?s).*\\b" + word + "\\b.*"), word);
        }
        PiiCounts pii = result.safeView().pii();
        assertEquals(new PiiCounts(7, 2, 3, 3, 3, 3, 0), pii, "metadata phone + 6 in the transcript; names: 2 full, 1 first name");
        assertTrue(json.contains("SHP-2026-000123"), "the shipment id is not personal data");
        assertTrue(json.contains(masker.phoneToken("3331234567")), "caller hash");
    }

    @Test
    void aNumberSplitOverTwoUtterancesIsStillMasked() throws Exception {
        SpeechAnalysis split = new SpeechAnalysis("test", false, List.of(
                new TranscriptSegment("caller", 0, 1000, "il mio numero è 333 123", null),
                new TranscriptSegment("caller", 1000, 2000, "4567 grazie", null)), null);
        CallAnalysis result = analyzer.analyse(CALL, CallMetadata.of(VoiceAgent.MARCO, "it"), split);
        String token = masker.phoneToken("3331234567");
        assertEquals("il mio numero è " + token, result.maskedTranscript().get(0).text());
        assertEquals(" grazie", result.maskedTranscript().get(1).text());
        assertEquals(1, result.safeView().pii().phone());
    }

    @Test
    void theSafeViewHasTheDocumentedJsonShape() throws Exception {
        CallAnalysis result = analyzer.analyse(CALL, plantedMetadata(), plantedTranscript());
        JsonNode v = JSON.readTree(JSON.writeValueAsString(result.safeView()));
        assertEquals(SafeView.SCHEMA, v.get("schema").asText());
        assertEquals("sara", v.get("agent_type").asText());
        assertEquals("it", v.get("language").asText());
        assertTrue(v.get("caller").asText().matches("sha256:[0-9a-f]{32}"));
        assertEquals(8, v.get("transcript").get("segments").asInt());
        assertEquals("test", v.get("transcript").get("provider").asText());
        assertEquals("neutral", v.get("sentiment").get("label").asText());
        assertEquals(8, v.get("sentiment").get("neutral_segments").asInt());
        assertEquals(0.2, v.get("sentiment").get("negative").asDouble(), 1e-9);
        assertEquals(3, v.get("analytics").get("segments").size());
        assertTrue(v.get("analytics").has("speech_ratio"));
        assertTrue(v.get("analytics").get("loudness").has("clipping_ratio"));
        assertEquals(16000, v.get("analytics").get("format").get("sample_rate").asInt());
        assertEquals(3, v.get("pii").get("codice_fiscale").asInt());
        JsonNode security = v.get("security");
        assertTrue(security.get("enclave_attested").isNull());
        assertTrue(security.get("memory_encrypted").isNull());
        assertTrue(security.get("pii_masked").asBoolean());

        SafeView filled = result.safeView().withSecurity(true, true);
        JsonNode s = JSON.readTree(JSON.writeValueAsString(filled)).get("security");
        assertTrue(s.get("enclave_attested").asBoolean());
        assertTrue(s.get("memory_encrypted").asBoolean());
        assertTrue(s.get("pii_masked").asBoolean());
        assertEquals(filled, JSON.readValue(JSON.writeValueAsString(filled), SafeView.class), "JSON round trip");
    }

    @Test
    void theFullResultSerialisesAndKeepsTheRawDataForTheRequester() throws Exception {
        CallAnalysis result = analyzer.analyse(CALL, plantedMetadata(), plantedTranscript());
        String json = JSON.writeValueAsString(result);
        assertTrue(json.contains("\"phone_number\":\"+39 333 123 4567\""));
        assertTrue(json.contains("\"masked_transcript\""));
        assertEquals(result, JSON.readValue(json, CallAnalysis.class));
        assertFalse(result.toString().contains("333"), result.toString());
        assertFalse(result.metadata().toString().contains("333"));
        assertFalse(result.speech().toString().contains("Rossi"));
    }

    @Test
    void thePreviewIsCutAt280CharactersAndMarked() throws Exception {
        CallAnalysis result = analyzer.analyse(CALL, plantedMetadata(), plantedTranscript());
        TranscriptPreview p = result.safeView().transcript();
        assertTrue(p.truncated());
        assertTrue(p.preview().length() <= CallAnalyzer.PREVIEW_CHARS, p.preview().length() + " chars");
        assertTrue(p.preview().endsWith("\u2026"));
        assertTrue(p.preview().startsWith("caller: Buongiorno, sono [NAME], il mio cellulare è sha256:"));

        SpeechAnalysis shortOne = new SpeechAnalysis("test", false,
                List.of(new TranscriptSegment("agent", 0, 500, "Pronto?", null)), null);
        TranscriptPreview s = analyzer.analyse(CALL, CallMetadata.of(VoiceAgent.FRANCO, "it"), shortOne)
                .safeView().transcript();
        assertEquals("agent: Pronto?", s.preview());
        assertFalse(s.truncated());
    }

    @Test
    void cuttingNeverSplitsASurrogatePair() {
        String emoji = "\uD83D\uDE00";
        String text = "x".repeat(CallAnalyzer.PREVIEW_CHARS - 2) + emoji + "tail";
        String cut = CallAnalyzer.cut(text);
        assertTrue(cut.length() <= CallAnalyzer.PREVIEW_CHARS);
        for (int i = 0; i < cut.length(); i++) {
            assertFalse(Character.isHighSurrogate(cut.charAt(i)) && (i + 1 == cut.length()
                    || !Character.isLowSurrogate(cut.charAt(i + 1))), "lone high surrogate at " + i);
        }
    }

    @Test
    void theOfflineProviderDerivesPlaceholdersFromTheTalkSegments() throws Exception {
        CallAnalysis result = analyzer.analyse(CALL, plantedMetadata(), new OfflineSpeechAnalyticsProvider());
        List<TalkSegment> talk = result.analytics().segments();
        assertEquals(3, talk.size());
        SpeechAnalysis speech = result.speech();
        assertEquals("offline", speech.provider());
        assertTrue(speech.synthetic());
        assertEquals(talk.size(), speech.segments().size());
        for (int i = 0; i < talk.size(); i++) {
            TranscriptSegment s = speech.segments().get(i);
            assertEquals(talk.get(i).startMs(), s.startMs());
            assertEquals(talk.get(i).endMs(), s.endMs());
            assertEquals(String.format(Locale.ROOT, "[speech %.1fs]", talk.get(i).lengthMs() / 1000.0), s.text());
            assertEquals(Sentiment.NEUTRAL, s.sentiment());
        }
        TranscriptPreview p = result.safeView().transcript();
        assertTrue(p.synthetic());
        assertEquals("unknown: " + speech.segments().get(0).text(), p.preview().lines().findFirst().orElseThrow());
        assertEquals("neutral", result.safeView().sentiment().label());
        assertEquals(new PiiCounts(1, 0, 0, 0, 0, 0, 0), result.safeView().pii(), "only the caller's number");
        assertEquals(result.safeView(), analyzer.analyse(CALL, plantedMetadata(), new OfflineSpeechAnalyticsProvider())
                .safeView(), "deterministic");
    }

    @Test
    void withoutSpeechThereIsNoTranscriptNorSentiment() throws Exception {
        CallAnalysis result = analyzer.analyse(CALL, CallMetadata.of(VoiceAgent.SARA, "en-GB"));
        assertNull(result.safeView().transcript());
        assertNull(result.safeView().sentiment());
        assertNull(result.safeView().caller());
        assertEquals(List.of(), result.maskedTranscript());
        assertEquals(PiiCounts.NONE, result.safeView().pii());
    }

    @Test
    void providerAnswersThatBreakTheContractAreRefused() {
        CallMetadata meta = CallMetadata.of(VoiceAgent.SARA, "it");
        SpeechAnalysis tooLate = new SpeechAnalysis("test", false,
                List.of(new TranscriptSegment("a", 0, 9_500, "x", null)), null);
        SpeechAnalysis disordered = new SpeechAnalysis("test", false, List.of(
                new TranscriptSegment("a", 2000, 2500, "x", null), new TranscriptSegment("a", 1000, 1500, "y", null)), null);
        SpeechAnalysis badId = new SpeechAnalysis("Hume API!", false, List.of(), null);
        SpeechAnalysis longText = new SpeechAnalysis("test", false,
                List.of(new TranscriptSegment("a", 0, 1, "x".repeat(CallAnalyzer.MAX_SEGMENT_CHARS + 1), null)), null);
        for (SpeechAnalysis bad : List.of(tooLate, disordered, badId, longText)) {
            SpeechAnalyticsException e = assertThrows(SpeechAnalyticsException.class,
                    () -> analyzer.analyse(CALL, meta, bad));
            assertEquals(SpeechAnalyticsException.Reason.MALFORMED_RESPONSE, e.reason());
        }
        assertEquals(SpeechAnalyticsException.Reason.MALFORMED_RESPONSE, assertThrows(SpeechAnalyticsException.class,
                () -> analyzer.analyse(CALL, meta, provider("nothing", request -> null))).reason());
    }

    @Test
    void aFailingProviderIsReportedWithoutItsMessage() {
        SpeechAnalyticsProvider leaky = new SpeechAnalyticsProvider() {
            @Override
            public String id() {
                return "leaky";
            }

            @Override
            public SpeechAnalysis analyse(SpeechRequest request) {
                throw new IllegalStateException("could not parse 'Mario Rossi +39 333 123 4567'");
            }
        };
        SpeechAnalyticsException e = assertThrows(SpeechAnalyticsException.class,
                () -> analyzer.analyse(CALL, plantedMetadata(), leaky));
        assertEquals(SpeechAnalyticsException.Reason.UNAVAILABLE, e.reason());
        assertFalse(e.getMessage().contains("333"));
        assertNull(e.getCause());

        SpeechAnalyticsProvider sloppy = new SpeechAnalyticsProvider() {
            @Override
            public String id() {
                return "sloppy";
            }

            @Override
            public SpeechAnalysis analyse(SpeechRequest request) {
                return new SpeechAnalysis("sloppy", false, List.of(new TranscriptSegment("a", 5, 1, "x", null)), null);
            }
        };
        assertEquals(SpeechAnalyticsException.Reason.MALFORMED_RESPONSE,
                assertThrows(SpeechAnalyticsException.class, () -> analyzer.analyse(CALL, plantedMetadata(), sloppy))
                        .reason());
    }

    @Test
    void theProviderGetsTheValidatedFileReadOnly() throws Exception {
        SpeechRequest[] seen = new SpeechRequest[1];
        analyzer.analyse(CALL, CallMetadata.of(VoiceAgent.SARA, "it"), provider("spy", request -> {
            seen[0] = request;
            return new SpeechAnalysis("spy", false, List.of(), null);
        }));
        assertTrue(seen[0].wav().isReadOnly());
        assertEquals(CALL.length, seen[0].wav().remaining());
        assertEquals("it", seen[0].language());
        assertEquals(8000, seen[0].analytics().durationMs());
    }

    @Test
    void badAudioIsRefusedBeforeTheProviderIsAsked() {
        byte[] notWav = "RIFF....AVI ".getBytes();
        AudioFormatException e = assertThrows(AudioFormatException.class,
                () -> analyzer.analyse(notWav, plantedMetadata(), provider("never", request -> {
                    throw new AssertionError("provider called");
                })));
        assertEquals(AudioFormatException.Reason.NOT_WAV, e.reason());
    }

    @Test
    void metadataIsValidatedWithoutEchoingValues() {
        List<Runnable> bad = List.of(
                () -> new CallMetadata("call me at mario@example.com", null, VoiceAgent.SARA, "it", null),
                () -> new CallMetadata(null, "SHP 3331234567 @x", VoiceAgent.SARA, "it", null),
                () -> new CallMetadata(null, null, VoiceAgent.SARA, "Italiano 3331234567", null),
                () -> new CallMetadata(null, null, VoiceAgent.SARA, "it", List.of("Mario 3331234567")),
                () -> new CallMetadata(null, null, VoiceAgent.SARA, "it", List.of("a".repeat(101))));
        for (Runnable r : bad) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
            assertFalse(e.getMessage().contains("333"), e.getMessage());
            assertFalse(e.getMessage().contains("mario"), e.getMessage());
        }
        assertEquals(VoiceAgent.FRANCO, VoiceAgent.ofType("Franco"));
        assertThrows(IllegalArgumentException.class, () -> VoiceAgent.ofType("gino"));
    }

    @Test
    void metadataJsonUsesSnakeCaseAndLowerCaseAgentTypes() throws Exception {
        CallMetadata m = JSON.readValue("{\"phone_number\":\"+39 333 1234567\",\"shipment_id\":\"SHP-2026-000123\","
                + "\"agent_type\":\"marco\",\"language\":\"it\",\"names\":[\"Mario Rossi\"]}", CallMetadata.class);
        assertEquals(VoiceAgent.MARCO, m.agentType());
        assertEquals(List.of("Mario Rossi"), m.names());
        assertEquals("+39 333 1234567", m.phoneNumber());
    }
}
