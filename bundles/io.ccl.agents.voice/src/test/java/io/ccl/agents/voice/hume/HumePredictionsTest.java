package io.ccl.agents.voice.hume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.ccl.agents.voice.analysis.Sentiment;
import io.ccl.agents.voice.analysis.SpeechAnalysis;
import io.ccl.agents.voice.analysis.SpeechAnalyticsException;
import io.ccl.agents.voice.analysis.SpeechAnalyticsException.Reason;
import io.ccl.agents.voice.analysis.TranscriptSegment;
import java.util.List;
import org.junit.jupiter.api.Test;

class HumePredictionsTest {
    private static SpeechAnalysis map(String json) throws Exception {
        return HumePredictions.map(FakeHume.JSON.readTree(json));
    }

    private static Reason refusal(String json) {
        return assertThrows(SpeechAnalyticsException.class, () -> map(json)).reason();
    }

    @Test
    void languagePredictionsBecomeUtterancesInTimeOrder() throws Exception {
        SpeechAnalysis a = map(FakeHume.PREDICTIONS);
        assertEquals("hume", a.provider());
        assertFalse(a.synthetic());
        assertNull(a.overall());
        List<TranscriptSegment> s = a.segments();
        assertEquals(4, s.size());
        assertEquals(List.of("caller", "agent", "caller", "caller"), s.stream().map(TranscriptSegment::speaker).toList());
        assertEquals(List.of(100L, 2000L, 4000L, 6000L), s.stream().map(TranscriptSegment::startMs).toList());
        assertEquals(700L, s.get(0).endMs());
        // Levels 4-6 = 0.8 of 1.0 neutral, 7-9 = 0.2 positive.
        Sentiment first = s.get(0).sentiment();
        assertEquals(0.2, first.positive(), 1e-9);
        assertEquals(0.8, first.neutral(), 1e-9);
        assertEquals(0.0, first.negative(), 1e-9);
        assertEquals("positive", s.get(1).sentiment().label());
        assertEquals("negative", s.get(2).sentiment().label());
        assertNull(s.get(3).sentiment(), "no distribution, no sentiment");
    }

    @Test
    void prosodyIsTheFallbackWithoutTimedLanguagePredictions() throws Exception {
        SpeechAnalysis a = map("""
            [{"source": {"type": "file"}, "results": {"errors": [], "predictions": [{"file": "call.wav", "models": {
              "language": {"grouped_predictions": [{"id": "x", "predictions": [{"text": "t", "position": {"begin": 0, "end": 1}}]}]},
              "prosody": {"grouped_predictions": [{"id": "unknown", "predictions": [
                {"text": "ciao", "time": {"begin": 1.25, "end": 2.0}, "emotions": []}]}]}}}]}}]
            """);
        assertEquals(1, a.segments().size());
        assertEquals(1250, a.segments().get(0).startMs());
        assertNull(a.segments().get(0).sentiment());
        assertEquals(0, map("[]").segments().size());
    }

    @Test
    void answersThatDoNotFitAreRefused() {
        assertEquals(Reason.MALFORMED_RESPONSE, refusal("{}"));
        String pre = "[{\"source\": {}, \"results\": {\"errors\": [], \"predictions\": [{\"models\": {\"language\": "
                + "{\"grouped_predictions\": [{\"id\": \"a\", \"predictions\": [";
        String post = "]}]}}}]}}]";
        assertEquals(Reason.MALFORMED_RESPONSE, refusal(pre + "{\"text\": \"x\", \"time\": {\"begin\": 2, \"end\": 1}}" + post));
        assertEquals(Reason.MALFORMED_RESPONSE, refusal(pre + "{\"text\": \"x\", \"time\": {\"begin\": -1, \"end\": 1}}" + post));
        assertEquals(Reason.MALFORMED_RESPONSE, refusal(pre + "{\"text\": \"x\", \"time\": {\"begin\": \"0\", \"end\": 1}}" + post));
        assertEquals(Reason.MALFORMED_RESPONSE, refusal(pre + "{\"time\": {\"begin\": 0, \"end\": 1}}" + post));
        assertEquals(Reason.MALFORMED_RESPONSE, refusal(pre + "{\"text\": \"x\", \"time\": {\"begin\": 0, \"end\": 1},"
                + " \"sentiment\": [{\"name\": \"10\", \"score\": 1}]}" + post));
        assertEquals(Reason.MALFORMED_RESPONSE, refusal("[{\"results\": {\"predictions\": [{\"models\": {\"language\":"
                + " {\"grouped_predictions\": {}}}}]}}]"));
        assertEquals(Reason.REJECTED, refusal("[{\"source\": {}, \"error\": \"unsupported media\"}]"));
        assertEquals(Reason.REJECTED, refusal("[{\"source\": {}, \"results\": {\"predictions\": [], \"errors\": "
                + "[{\"file\": \"call.wav\", \"message\": \"no speech\"}]}}]"));
    }
}
