package io.ccl.agents.voice.analysis;

import io.ccl.agents.voice.analysis.audio.AudioAnalyzer;
import io.ccl.agents.voice.analysis.pii.MaskResult;
import io.ccl.agents.voice.analysis.pii.MaskedSpan;
import io.ccl.agents.voice.analysis.pii.Names;
import io.ccl.agents.voice.analysis.wav.PcmAudio;
import io.ccl.agents.voice.analysis.wav.WavReader;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Analyses one call: reads the WAV PCM audio, computes the audio analytics, takes a speech analysis
 * (from a provider, given, or none), masks personal data in the metadata and the transcript, and
 * builds the full result and its safe view.
 *
 * <p>The whole transcript is masked as one text, utterances joined by a space, so that a number
 * split over two utterances is still found; each masked value is then shown in the utterance where
 * it starts.
 *
 * <p><b>Security guarantees.</b> The safe view is built only from masked text, hashes, validated
 * labels and numbers (see {@link SafeView}). Nothing is logged but counts and durations. A
 * provider's answer is checked against the recording and the size limits below before it is used.
 *
 * <p>Immutable and thread-safe.
 */
public final class CallAnalyzer {
    /** Longest transcript preview in the safe view, in UTF-16 characters. */
    public static final int PREVIEW_CHARS = 280;
    /** Most utterances accepted from a provider. */
    public static final int MAX_SEGMENTS = 10_000;
    /** Longest utterance text accepted. */
    public static final int MAX_SEGMENT_CHARS = 20_000;
    /** Longest transcript accepted (all utterances). */
    public static final int MAX_TRANSCRIPT_CHARS = 500_000;
    /** Longest speaker label accepted. */
    public static final int MAX_SPEAKER_CHARS = 64;
    /** How far an utterance may end past the end of the recording (provider rounding). */
    public static final long END_TOLERANCE_MS = 1_000;
    private static final Pattern PROVIDER_ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,31}");
    private static final Logger LOG = LoggerFactory.getLogger(CallAnalyzer.class);

    private final PiiMasker masker;
    private final AudioLimits limits;
    private final AnalysisSettings settings;

    /** An analyser with the default limits and settings. */
    public CallAnalyzer(PiiMasker masker) {
        this(masker, AudioLimits.DEFAULT, AnalysisSettings.DEFAULT);
    }

    public CallAnalyzer(PiiMasker masker, AudioLimits limits, AnalysisSettings settings) {
        this.masker = Objects.requireNonNull(masker, "masker");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** Reads and analyses the audio alone. */
    public AudioAnalytics analyseAudio(byte[] wav) throws AudioFormatException {
        PcmAudio audio = WavReader.read(wav, limits);
        return AudioAnalyzer.analyse(audio, settings);
    }

    /** Analyses a call without transcript or sentiment. */
    public CallAnalysis analyse(byte[] wav, CallMetadata metadata) throws AudioFormatException {
        return combine(metadata, analyseAudio(wav), null);
    }

    /**
     * Analyses a call with a speech analysis obtained elsewhere.
     *
     * @throws SpeechAnalyticsException ({@code MALFORMED_RESPONSE}) when the analysis does not fit
     *         the recording or the limits
     */
    public CallAnalysis analyse(byte[] wav, CallMetadata metadata, SpeechAnalysis speech)
            throws AudioFormatException, SpeechAnalyticsException {
        AudioAnalytics analytics = analyseAudio(wav);
        check(Objects.requireNonNull(speech, "speech"), analytics);
        return combine(metadata, analytics, speech);
    }

    /**
     * Analyses a call, asking the provider for transcript and sentiment once the audio is known to
     * be valid.
     */
    public CallAnalysis analyse(byte[] wav, CallMetadata metadata, SpeechAnalyticsProvider provider)
            throws AudioFormatException, SpeechAnalyticsException {
        AudioAnalytics analytics = analyseAudio(wav);
        SpeechAnalysis speech;
        try {
            speech = provider.analyse(new SpeechRequest(ByteBuffer.wrap(wav), analytics, metadata.language()));
        } catch (IllegalArgumentException | NullPointerException e) {
            // A record invariant broken while the provider built its answer.
            throw new SpeechAnalyticsException(SpeechAnalyticsException.Reason.MALFORMED_RESPONSE,
                    "the provider built an invalid analysis (" + e.getClass().getSimpleName() + ")");
        } catch (RuntimeException e) {
            // The cause is dropped on purpose: its message may quote the transcript.
            throw new SpeechAnalyticsException(SpeechAnalyticsException.Reason.UNAVAILABLE,
                    "the provider failed with " + e.getClass().getName());
        }
        if (speech == null) {
            throw new SpeechAnalyticsException(SpeechAnalyticsException.Reason.MALFORMED_RESPONSE,
                    "the provider returned no analysis");
        }
        check(speech, analytics);
        return combine(metadata, analytics, speech);
    }

    private static void check(SpeechAnalysis speech, AudioAnalytics analytics) throws SpeechAnalyticsException {
        if (!PROVIDER_ID.matcher(speech.provider()).matches()) {
            throw malformed("provider id must match " + PROVIDER_ID.pattern());
        }
        if (speech.segments().size() > MAX_SEGMENTS) {
            throw malformed(speech.segments().size() + " utterances, at most " + MAX_SEGMENTS + " accepted");
        }
        long total = 0;
        long previousStart = 0;
        for (TranscriptSegment s : speech.segments()) {
            if (s.text().length() > MAX_SEGMENT_CHARS || s.speaker().length() > MAX_SPEAKER_CHARS) {
                throw malformed("an utterance or speaker label is too long");
            }
            total += s.text().length() + 1;
            if (total > MAX_TRANSCRIPT_CHARS) {
                throw malformed("the transcript exceeds " + MAX_TRANSCRIPT_CHARS + " characters");
            }
            if (s.endMs() > analytics.durationMs() + END_TOLERANCE_MS) {
                throw malformed("an utterance ends at " + s.endMs() + " ms, the recording at "
                        + analytics.durationMs() + " ms");
            }
            if (s.startMs() < previousStart) {
                throw malformed("utterances are not in time order");
            }
            previousStart = s.startMs();
        }
    }

    private static SpeechAnalyticsException malformed(String message) {
        return new SpeechAnalyticsException(SpeechAnalyticsException.Reason.MALFORMED_RESPONSE, message);
    }

    private CallAnalysis combine(CallMetadata metadata, AudioAnalytics analytics, SpeechAnalysis speech) {
        Objects.requireNonNull(metadata, "metadata");
        Names names = Names.of(metadata.names());
        PiiCounts counts = PiiCounts.NONE;
        String caller = null;
        if (metadata.phoneNumber() != null) {
            caller = masker.phoneToken(metadata.phoneNumber());
            counts = counts.plus(new PiiCounts(1, 0, 0, 0, 0, 0, 0));
        }
        String shipment = null;
        if (metadata.shipmentId() != null) {
            MaskResult r = masker.maskDetailed(metadata.shipmentId(), names);
            shipment = r.text();
            counts = counts.plus(PiiMasker.counts(r));
        }
        List<TranscriptSegment> masked = List.of();
        TranscriptPreview preview = null;
        SentimentSummary sentiment = null;
        if (speech != null) {
            List<TranscriptSegment> segments = speech.segments();
            StringBuilder joined = new StringBuilder();
            int[] starts = new int[segments.size()];
            for (int i = 0; i < segments.size(); i++) {
                starts[i] = joined.length();
                joined.append(segments.get(i).text()).append(' ');
            }
            MaskResult whole = masker.maskDetailed(joined.toString(), names);
            counts = counts.plus(PiiMasker.counts(whole));
            List<TranscriptSegment> out = new ArrayList<>(segments.size());
            SpanCursor cursor = new SpanCursor(joined, whole.spans());
            for (int i = 0; i < segments.size(); i++) {
                TranscriptSegment s = segments.get(i);
                MaskResult speaker = masker.maskDetailed(s.speaker(), names);
                counts = counts.plus(PiiMasker.counts(speaker));
                String text = cursor.slice(starts[i], starts[i] + s.text().length());
                out.add(new TranscriptSegment(speaker.text(), s.startMs(), s.endMs(), text, s.sentiment()));
            }
            masked = List.copyOf(out);
            preview = preview(speech, masked);
            sentiment = Sentiments.summary(speech);
        }
        SafeView view = new SafeView(SafeView.SCHEMA, metadata.agentType(), metadata.language(), shipment, caller,
                preview, sentiment, analytics, counts, new SecurityBlock(null, null, true));
        LOG.debug("call analysed: agent={}, durationMs={}, talkSegments={}, utterances={}, masked={}",
                metadata.agentType().type(), analytics.durationMs(), analytics.segments().size(), masked.size(),
                counts.total());
        return new CallAnalysis(metadata, analytics, speech, masked, view);
    }

    private static TranscriptPreview preview(SpeechAnalysis speech, List<TranscriptSegment> masked) {
        StringBuilder all = new StringBuilder();
        for (TranscriptSegment s : masked) {
            if (all.length() > 0) {
                all.append('\n');
            }
            all.append(s.speaker()).append(": ").append(s.text());
            if (all.length() > PREVIEW_CHARS) {
                break;
            }
        }
        String text = all.toString();
        boolean truncated = text.length() > PREVIEW_CHARS;
        return new TranscriptPreview(speech.provider(), speech.synthetic(), masked.size(),
                truncated ? cut(text) : text, truncated);
    }

    /** At most PREVIEW_CHARS characters ending in '…', at a space when one is near, never inside a surrogate pair. */
    static String cut(String text) {
        int end = PREVIEW_CHARS - 1;
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        for (int i = end; i > end - 40 && i > 0; i--) {
            if (Character.isWhitespace(text.charAt(i))) {
                end = i;
                break;
            }
        }
        return text.substring(0, end).stripTrailing() + "\u2026";
    }

    /**
     * Walks the spans of the whole masked transcript utterance by utterance. A span that runs over
     * an utterance's end shows its replacement in the utterance where it starts and removes the rest
     * from the next ones.
     */
    private static final class SpanCursor {
        private final CharSequence original;
        private final List<MaskedSpan> spans;
        private int first;

        SpanCursor(CharSequence original, List<MaskedSpan> spans) {
            this.original = original;
            this.spans = spans;
        }

        String slice(int from, int to) {
            while (first < spans.size() && spans.get(first).end() <= from) {
                first++;
            }
            StringBuilder out = new StringBuilder(to - from);
            int pos = from;
            for (int k = first; k < spans.size() && spans.get(k).start() < to; k++) {
                MaskedSpan s = spans.get(k);
                if (s.start() >= from) {
                    out.append(original, pos, s.start()).append(s.replacement());
                }
                pos = Math.max(pos, Math.min(s.end(), to));
            }
            if (pos < to) {
                out.append(original, pos, to);
            }
            return out.toString();
        }
    }
}
