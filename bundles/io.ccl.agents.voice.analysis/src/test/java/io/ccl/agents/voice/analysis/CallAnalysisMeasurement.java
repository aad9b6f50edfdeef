package io.ccl.agents.voice.analysis;

import io.ccl.agents.voice.analysis.wav.Signals;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A plain loop that measures the analysis of a 30-second 16 kHz mono call on one thread. Not a
 * test and not JMH: run it by hand (see the README) and read the numbers as orders of magnitude.
 *
 * <p>Three cases: the audio alone (WAV read + analytics), the offline provider (audio + placeholder
 * transcript + masking + safe view), and a realistic 30-second transcript (about 2,600 characters
 * with personal data) given to the analyser.
 */
public final class CallAnalysisMeasurement {
    private static final int WARMUP = 3_000;
    private static final int RUNS = 3_000;

    private CallAnalysisMeasurement() {
    }

    @FunctionalInterface
    interface Job {
        Object run() throws Exception;
    }

    public static void main(String[] args) throws Exception {
        byte[] call = thirtySecondCall();
        SpeechAnalysis transcript = transcript();
        CallMetadata metadata = new CallMetadata("+39 333 123 4567", "SHP-2026-000123", VoiceAgent.SARA, "it",
                List.of("Mario Rossi", "Laura Bianchi"));
        try (PiiMasker masker = new PiiMasker("measurement-key-0123456789abcdef".getBytes())) {
            CallAnalyzer analyzer = new CallAnalyzer(masker);
            OfflineSpeechAnalyticsProvider offline = new OfflineSpeechAnalyticsProvider();
            System.out.printf(Locale.ROOT, "call: %d bytes, %d ms, %d talk segments; transcript %d chars%n",
                    call.length, analyzer.analyseAudio(call).durationMs(), analyzer.analyseAudio(call).segments().size(),
                    transcript.segments().stream().mapToInt(s -> s.text().length()).sum());
            report("audio only (read + analytics)", () -> analyzer.analyseAudio(call));
            report("offline provider (full analysis)", () -> analyzer.analyse(call, metadata, offline));
            report("given 30 s transcript (full analysis)", () -> analyzer.analyse(call, metadata, transcript));
        }
    }

    private static void report(String name, Job job) throws Exception {
        for (int i = 0; i < WARMUP; i++) {
            job.run();
        }
        long[] nanos = new long[RUNS];
        long start = System.nanoTime();
        for (int i = 0; i < RUNS; i++) {
            long t = System.nanoTime();
            job.run();
            nanos[i] = System.nanoTime() - t;
        }
        double totalSeconds = (System.nanoTime() - start) / 1e9;
        Arrays.sort(nanos);
        System.out.printf(Locale.ROOT, "%-40s mean %7.3f ms  p50 %7.3f ms  p99 %7.3f ms  (%.0f calls/s, %d runs)%n",
                name, totalSeconds * 1000 / RUNS, nanos[RUNS / 2] / 1e6, nanos[RUNS * 99 / 100] / 1e6,
                RUNS / totalSeconds, RUNS);
    }

    /** 30 s: two speakers taking turns, 1.5-4 s utterances, 0.3-1.2 s pauses, background noise at -60 dBFS. */
    static byte[] thirtySecondCall() {
        Signals s = new Signals(16000, 30_000).noise(0.001, 11);
        int t = 300;
        int turn = 0;
        while (t < 29_000) {
            int length = 1500 + (turn * 733) % 2500;
            int end = Math.min(29_500, t + length);
            s.speechLike(t, end, turn % 2 == 0 ? 0.3 : 0.15, turn);
            t = end + 300 + (turn * 397) % 900;
            turn++;
        }
        return s.wav16();
    }

    /** About 30 seconds of spoken Italian (~2,600 characters) with the usual personal data. */
    static SpeechAnalysis transcript() {
        String[] lines = {
            "Buongiorno, sono Sara di Trasporti Veloci, parlo con il signor Mario Rossi?",
            "Sì, sono io. Chiamo per la spedizione SHP-2026-000123, doveva arrivare il 21/11/2026 a Milano.",
            "Certo, vedo la pratica. Il camion è partito alle 14:30 con 33 pallet, circa 24.000 kg.",
            "Perfetto. Può avvisare l'autista di chiamarmi al 333 123 4567 prima dello scarico?",
            "Sì, lo avviso subito. Mi conferma anche un recapito e-mail per la bolla di consegna?",
            "Certo, mario.rossi@example.com, oppure la collega Laura Bianchi, laura.bianchi@example.it.",
            "Grazie. Per il pagamento della fattura da 1.250,00 euro ho l'IBAN IT60 X054 2811 1010 0000 0123 456.",
            "Va bene, ma preferirei pagare con la carta aziendale 4111 1111 1111 1111, è possibile?",
            "Sì, è possibile. Per la fattura mi serve il codice fiscale del referente, per favore.",
            "Il codice fiscale è RSSMRA80A01H501U. Se serve, il fisso dell'ufficio è 02 1234 5678.",
            "Benissimo, ho registrato tutto. Le invio la conferma entro un'ora con il numero di tracciamento.",
            "Grazie mille, molto gentile. Un'ultima cosa: l'autista parla inglese? Il magazziniere è straniero.",
            "Sì, l'autista parla inglese e un po' di tedesco. In caso di problemi chiamate il +44 20 7946 0958.",
            "Perfetto, allora attendo la mail. Buona giornata e grazie ancora per l'assistenza.",
            "Grazie a lei signor Rossi, buona giornata, arrivederci."};
        List<TranscriptSegment> segments = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            Sentiment sentiment = i % 3 == 0 ? new Sentiment(0.6, 0.3, 0.1) : new Sentiment(0.2, 0.7, 0.1);
            segments.add(new TranscriptSegment(i % 2 == 0 ? "agent" : "caller", i * 1900L, i * 1900L + 1800,
                    lines[i] + " " + lines[(i + 7) % lines.length], sentiment));
        }
        return new SpeechAnalysis("measurement", false, segments, null);
    }
}
