package io.ccl.agents.voice.hume;

import com.fasterxml.jackson.databind.JsonNode;
import io.ccl.agents.voice.analysis.Sentiment;
import io.ccl.agents.voice.analysis.SpeechAnalysis;
import io.ccl.agents.voice.analysis.SpeechAnalyticsException;
import io.ccl.agents.voice.analysis.TranscriptSegment;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Maps the predictions of a Hume batch job ({@code GET /v0/batch/jobs/{id}/predictions}, an array
 * of {@code {source, results: {predictions: [{file, models: {language, prosody}}], errors}, error}})
 * onto a {@link SpeechAnalysis}.
 *
 * <ul>
 * <li>Utterances come from the {@code language} model's {@code grouped_predictions} (one group per
 * speaker id; predictions with {@code text} and {@code time: {begin, end}} in seconds), or from the
 * {@code prosody} model's when the language model gave no timed predictions.</li>
 * <li>Sentiment per utterance comes from the language model's {@code sentiment} distribution over
 * levels "1" (negative) to "9" (positive): negative = levels 1–3, neutral = 4–6, positive = 7–9,
 * each the sum of its probabilities, scaled so the three sum to 1. The overall sentiment is left
 * to the analyzer (length-weighted mean).</li>
 * <li>Groups are merged and sorted by start time, as the analyzer requires.</li>
 * </ul>
 *
 * Anything that does not fit — missing members, non-finite or negative times, an end before its
 * start — is {@code MALFORMED_RESPONSE}; a source or file error from the provider is
 * {@code REJECTED}. Messages never quote the response (it holds the transcript).
 */
final class HumePredictions {
    private HumePredictions() {
    }

    static SpeechAnalysis map(JsonNode root) throws SpeechAnalyticsException {
        if (root == null || !root.isArray()) {
            throw malformed("predictions must be a JSON array");
        }
        List<TranscriptSegment> language = new ArrayList<>();
        List<TranscriptSegment> prosody = new ArrayList<>();
        int errors = 0;
        for (JsonNode source : root) {
            if (source.hasNonNull("error")) {
                errors++;
                continue;
            }
            JsonNode results = source.path("results");
            errors += results.path("errors").size();
            for (JsonNode file : results.path("predictions")) {
                JsonNode models = file.path("models");
                collect(models.path("language").path("grouped_predictions"), true, language);
                collect(models.path("prosody").path("grouped_predictions"), false, prosody);
            }
        }
        List<TranscriptSegment> segments = language.isEmpty() ? prosody : language;
        if (segments.isEmpty() && errors > 0) {
            throw new SpeechAnalyticsException(SpeechAnalyticsException.Reason.REJECTED,
                    "the provider reported " + errors + " error(s) and no predictions for the call");
        }
        segments.sort(Comparator.comparingLong(TranscriptSegment::startMs).thenComparingLong(TranscriptSegment::endMs));
        return new SpeechAnalysis(HumeBatchProvider.ID, false, segments, null);
    }

    private static void collect(JsonNode groups, boolean withSentiment, List<TranscriptSegment> out)
            throws SpeechAnalyticsException {
        if (groups.isMissingNode() || groups.isNull()) {
            return;
        }
        if (!groups.isArray()) {
            throw malformed("grouped_predictions must be an array");
        }
        for (JsonNode group : groups) {
            String speaker = group.path("id").isTextual() ? group.get("id").asText() : "unknown";
            for (JsonNode p : group.path("predictions")) {
                JsonNode time = p.path("time");
                if (time.isMissingNode() || time.isNull()) {
                    continue;
                }
                if (!p.path("text").isTextual()) {
                    throw malformed("a prediction has no text");
                }
                long start = millis(time.path("begin"));
                long end = millis(time.path("end"));
                if (end < start) {
                    throw malformed("a prediction ends before it begins");
                }
                Sentiment sentiment = withSentiment ? sentiment(p.path("sentiment")) : null;
                out.add(new TranscriptSegment(speaker, start, end, p.get("text").asText(), sentiment));
            }
        }
    }

    private static long millis(JsonNode seconds) throws SpeechAnalyticsException {
        if (!seconds.isNumber()) {
            throw malformed("a prediction time is not a number");
        }
        double s = seconds.asDouble();
        if (!Double.isFinite(s) || s < 0 || s > 1e7) {
            throw malformed("a prediction time is out of range");
        }
        return Math.round(s * 1000);
    }

    /** Levels 1–3 negative, 4–6 neutral, 7–9 positive; null without a distribution. */
    static Sentiment sentiment(JsonNode levels) throws SpeechAnalyticsException {
        if (levels.isMissingNode() || levels.isNull() || levels.isEmpty()) {
            return null;
        }
        double[] sums = new double[3];
        for (JsonNode l : levels) {
            int level;
            try {
                level = Integer.parseInt(l.path("name").asText());
            } catch (NumberFormatException e) {
                throw malformed("a sentiment level is not 1-9");
            }
            double score = l.path("score").asDouble(Double.NaN);
            if (level < 1 || level > 9 || !Double.isFinite(score) || score < 0) {
                throw malformed("a sentiment level or score is out of range");
            }
            sums[(level - 1) / 3] += score;
        }
        double total = sums[0] + sums[1] + sums[2];
        if (total <= 0) {
            return null;
        }
        return new Sentiment(clamp(sums[2] / total), clamp(sums[1] / total), clamp(sums[0] / total));
    }

    private static double clamp(double v) {
        return Math.max(0, Math.min(1, v));
    }

    private static SpeechAnalyticsException malformed(String message) {
        return new SpeechAnalyticsException(SpeechAnalyticsException.Reason.MALFORMED_RESPONSE, message);
    }
}
