package io.ccl.agents.voice.analysis.wav;

import static io.ccl.agents.voice.analysis.wav.WavWriter.chunk;
import static io.ccl.agents.voice.analysis.wav.WavWriter.fmt;
import static io.ccl.agents.voice.analysis.wav.WavWriter.fmtExtensible;
import static io.ccl.agents.voice.analysis.wav.WavWriter.riff;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.ccl.agents.voice.analysis.AnalysisSettings;
import io.ccl.agents.voice.analysis.AudioFormatException;
import io.ccl.agents.voice.analysis.AudioFormatException.Reason;
import io.ccl.agents.voice.analysis.AudioLimits;
import io.ccl.agents.voice.analysis.audio.AudioAnalyzer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Random, mutated and truncated input: the reader either returns audio that the analyser can
 * process, or throws {@link AudioFormatException}; nothing else, ever. Seeds are fixed, so a failure
 * is reproducible.
 */
class WavFuzzTest {
    private static final AudioLimits LIMITS = new AudioLimits(1 << 20, 600_000);

    /** A valid file with the features a hostile edit can hit: LIST before fmt, odd chunk, extensible fmt, chunk after data. */
    private static byte[] rich() {
        double[] tone = new Signals(16000, 250).tone(50, 200, 440, 0.5).samples();
        byte[] data = WavWriter.encode(16, WavWriter.codes(16, tone));
        return riff(chunk("LIST", "INFOISFT\u0003\u0000\u0000\u0000ccl\u0000".getBytes(StandardCharsets.ISO_8859_1)),
                chunk("fmt ", fmtExtensible(1, 16000, 16, 16, 1)), chunk("odd!", new byte[] {9}),
                chunk("data", data), chunk("id3 ", new byte[] {1, 2, 3, 4, 5}));
    }

    private static byte[] plain() {
        return riff(chunk("fmt ", fmt(1, 2, 8000, 8)), chunk("data", new byte[] {1, 2, 3, 4, 5, 6}));
    }

    /** Parses and, when that succeeds, analyses; fails the test on any exception but the typed one. */
    private static Reason outcome(byte[] input) {
        try {
            PcmAudio audio = WavReader.read(input, LIMITS);
            assertNotNull(AudioAnalyzer.analyse(audio, AnalysisSettings.DEFAULT));
            return null;
        } catch (AudioFormatException e) {
            assertNotNull(e.getMessage());
            return e.reason();
        } catch (RuntimeException e) {
            fail("input of " + input.length + " bytes threw " + e, e);
            return null;
        }
    }

    @Test
    void randomBytesOnlyEverGiveTheTypedError() {
        Random random = new Random(20261121);
        for (int i = 0; i < 20_000; i++) {
            byte[] input = new byte[random.nextInt(160)];
            random.nextBytes(input);
            if (i % 2 == 0 && input.length >= 12) {
                // Half of them get a valid RIFF/WAVE header so the chunk walker is reached.
                System.arraycopy("RIFF".getBytes(StandardCharsets.US_ASCII), 0, input, 0, 4);
                System.arraycopy(WavWriter.le32(random.nextBoolean() ? input.length - 8 : random.nextInt()), 0, input, 4, 4);
                System.arraycopy("WAVE".getBytes(StandardCharsets.US_ASCII), 0, input, 8, 4);
            }
            outcome(input);
        }
    }

    @Test
    void randomChunkSoupsOnlyEverGiveTheTypedError() {
        Random random = new Random(42);
        String[] ids = {"fmt ", "data", "LIST", "fact", "JUNK", "xyz\u0000"};
        for (int i = 0; i < 5_000; i++) {
            int n = 1 + random.nextInt(5);
            byte[][] chunks = new byte[n][];
            for (int c = 0; c < n; c++) {
                String id = ids[random.nextInt(ids.length)];
                byte[] body;
                if (id.equals("fmt ") && random.nextBoolean()) {
                    int[] bits = {8, 16, 24, 32, 12, 0};
                    body = fmt(random.nextBoolean() ? 1 : random.nextInt(4), 1 + random.nextInt(3),
                            4000 + random.nextInt(60000), bits[random.nextInt(bits.length)]);
                } else {
                    body = new byte[random.nextInt(48)];
                    random.nextBytes(body);
                }
                chunks[c] = chunk(id, body);
            }
            outcome(riff(chunks));
        }
    }

    @Test
    void singleByteMutationsOfValidFilesOnlyEverGiveAudioOrTheTypedError() {
        Random random = new Random(7);
        for (byte[] valid : new byte[][] {rich(), plain()}) {
            for (int i = 0; i < 10_000; i++) {
                byte[] mutated = valid.clone();
                int flips = 1 + random.nextInt(3);
                for (int f = 0; f < flips; f++) {
                    mutated[random.nextInt(Math.min(mutated.length, 120))] = (byte) random.nextInt(256);
                }
                outcome(mutated);
            }
        }
    }

    @Test
    void everyTruncationOfAValidFileIsRefused() {
        for (byte[] valid : new byte[][] {rich(), plain()}) {
            assertEquals(null, outcome(valid), "the untruncated file is valid");
            for (int length = 0; length < valid.length; length++) {
                Reason reason = outcome(Arrays.copyOf(valid, length));
                if (reason == null) {
                    fail("truncation to " + length + " of " + valid.length + " bytes was accepted");
                }
                Set<Reason> expected = length == 0 ? EnumSet.of(Reason.NOT_WAV) : EnumSet.of(Reason.TRUNCATED);
                assertTrue(expected.contains(reason), length + " bytes: " + reason);
            }
        }
    }

    /**
     * Truncated files whose RIFF size was rewritten to match (a writer that fixed up its header):
     * the chunk walk itself must find the cut. A cut that only removes the pad byte of the last
     * chunk, or falls between two whole chunks after the data, is a valid shorter file.
     */
    @Test
    void everyTruncationWithARewrittenRiffSizeIsRefusedUnlessItEndsBetweenChunks() {
        byte[] valid = rich();
        int dataEnd = indexOf(valid, "id3 ");
        for (int length = 12; length < valid.length; length++) {
            byte[] cut = Arrays.copyOf(valid, length);
            System.arraycopy(WavWriter.le32(length - 8), 0, cut, 4, 4);
            Reason reason = outcome(cut);
            if (length == dataEnd || length == valid.length - 1) {
                // Ends after the data chunk, or lacks only the pad byte of the odd last chunk.
                assertEquals(null, reason, length + " bytes is a complete file");
            } else {
                assertTrue(reason == Reason.TRUNCATED || reason == Reason.MALFORMED,
                        length + " bytes: " + reason);
            }
        }
    }

    private static int indexOf(byte[] haystack, String needle) {
        byte[] n = needle.getBytes(StandardCharsets.ISO_8859_1);
        outer:
        for (int i = 0; i + n.length <= haystack.length; i++) {
            for (int k = 0; k < n.length; k++) {
                if (haystack[i + k] != n[k]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError(needle + " not found");
    }
}
