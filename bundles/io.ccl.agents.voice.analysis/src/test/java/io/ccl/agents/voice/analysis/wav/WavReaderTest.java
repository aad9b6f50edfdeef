package io.ccl.agents.voice.analysis.wav;

import static io.ccl.agents.voice.analysis.wav.WavWriter.chunk;
import static io.ccl.agents.voice.analysis.wav.WavWriter.encode;
import static io.ccl.agents.voice.analysis.wav.WavWriter.fmt;
import static io.ccl.agents.voice.analysis.wav.WavWriter.fmtExtensible;
import static io.ccl.agents.voice.analysis.wav.WavWriter.le32;
import static io.ccl.agents.voice.analysis.wav.WavWriter.riff;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ccl.agents.voice.analysis.AudioFormatException;
import io.ccl.agents.voice.analysis.AudioFormatException.Reason;
import io.ccl.agents.voice.analysis.AudioLimits;
import io.ccl.agents.voice.analysis.PcmFormat;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class WavReaderTest {
    private static final AudioLimits LIMITS = AudioLimits.DEFAULT;
    /** Codes near both rails and around zero, for every depth. */
    private static final int[] PROBE = {0, 1, -1, 100, -100};

    static Reason reason(byte[] wav) {
        return assertThrows(AudioFormatException.class, () -> WavReader.read(wav, LIMITS)).reason();
    }

    static Stream<Arguments> formats() {
        Stream.Builder<Arguments> b = Stream.builder();
        for (int bits : new int[] {8, 16, 24, 32}) {
            for (int channels : new int[] {1, 2}) {
                for (int rate : new int[] {8000, 11025, 16000, 22050, 44100, 48000}) {
                    b.add(Arguments.of(bits, channels, rate));
                }
            }
        }
        return b.build();
    }

    @ParameterizedTest(name = "{0}-bit {1} ch {2} Hz")
    @MethodSource("formats")
    void readsEveryAcceptedPcmLayoutAndDecodesItsSamples(int bits, int channels, int rate) throws Exception {
        long full = 1L << (bits - 1);
        int[] codes = new int[PROBE.length + 2];
        System.arraycopy(PROBE, 0, codes, 0, PROBE.length);
        codes[PROBE.length] = (int) -full;
        codes[PROBE.length + 1] = (int) (full - 1);
        int[] interleaved = channels == 1 ? codes : interleave(codes);
        byte[] wav = riff(chunk("fmt ", fmt(1, channels, rate, bits)), chunk("data", encode(bits, interleaved)));

        PcmAudio audio = WavReader.read(wav, LIMITS);

        assertEquals(new PcmFormat(rate, channels, bits, bits, false), audio.format());
        assertEquals(codes.length * (channels == 1 ? 1 : 2) / channels, audio.frames());
        for (int i = 0; i < interleaved.length; i++) {
            assertEquals(interleaved[i], audio.code(i), "sample " + i);
        }
        assertEquals(-full, audio.minCode());
        assertEquals(full - 1, audio.maxCode());
    }

    @Test
    void eightBitSamplesAreUnsignedAroundOneHundredTwentyEight() throws Exception {
        byte[] wav = riff(chunk("fmt ", fmt(1, 1, 8000, 8)), chunk("data", new byte[] {(byte) 128, 0, (byte) 255}));
        PcmAudio audio = WavReader.read(wav, LIMITS);
        assertEquals(0, audio.code(0));
        assertEquals(-128, audio.code(1));
        assertEquals(127, audio.code(2));
    }

    @Test
    void readsWaveFormatExtensibleWithThePcmSubFormat() throws Exception {
        byte[] data = encode(24, new int[] {5, -5, 7, -7});
        byte[] wav = riff(chunk("fmt ", fmtExtensible(2, 48000, 24, 20, 1)), chunk("data", data));
        PcmAudio audio = WavReader.read(wav, LIMITS);
        assertEquals(new PcmFormat(48000, 2, 24, 20, true), audio.format());
        assertEquals(2, audio.frames());
        assertEquals(-7, audio.code(3));
    }

    @Test
    void skipsListUnknownAndOddSizedChunksAndHonoursThePadByte() throws Exception {
        byte[] info = chunk("LIST", ("INFOINAM" + "\u0005\u0000\u0000\u0000call\u0000").getBytes(StandardCharsets.ISO_8859_1));
        byte[] odd = chunk("abcd", new byte[] {1, 2, 3});
        byte[] fact = chunk("fact", le32(3));
        byte[] wav = riff(info, chunk("fmt ", fmt(1, 1, 16000, 16)), odd, fact,
                chunk("data", encode(16, new int[] {1, 2, 3})), chunk("JUNK", new byte[5]));
        PcmAudio audio = WavReader.read(wav, LIMITS);
        assertEquals(3, audio.frames());
        assertEquals(3, audio.code(2));
    }

    @Test
    void oddDataChunkWithoutItsPadAtTheVeryEndIsAccepted() throws Exception {
        byte[] wav = riff(chunk("fmt ", fmt(1, 1, 8000, 8)), chunk("data", new byte[] {(byte) 130, (byte) 131, (byte) 132}));
        byte[] unpadded = Arrays.copyOf(wav, wav.length - 1);
        patchRiffSize(unpadded);
        assertEquals(3, WavReader.read(unpadded, LIMITS).frames());
    }

    @Test
    void bytesAfterTheRiffChunkAreIgnored() throws Exception {
        byte[] wav = WavWriter.pcm16(8000, new double[80]);
        byte[] longer = Arrays.copyOf(wav, wav.length + 7);
        assertEquals(80, WavReader.read(longer, LIMITS).frames());
    }

    static Stream<Arguments> refused() {
        byte[] fmt16 = chunk("fmt ", fmt(1, 1, 16000, 16));
        byte[] data = chunk("data", new byte[320]);
        byte[] floatGuid = fmtExtensible(1, 16000, 32, 32, 3);
        byte[] unknownGuid = fmtExtensible(1, 16000, 16, 16, new byte[16], 22);
        return Stream.of(
                Arguments.of("empty input", new byte[0], Reason.NOT_WAV),
                Arguments.of("text", "hello, this is not audio at all".getBytes(StandardCharsets.US_ASCII), Reason.NOT_WAV),
                Arguments.of("AVI form", riffForm("AVI "), Reason.NOT_WAV),
                Arguments.of("MP3 frame header", new byte[] {(byte) 0xFF, (byte) 0xFB, (byte) 0x90, 0x64, 0, 0, 0, 0, 0, 0, 0, 0}, Reason.NOT_WAV),
                Arguments.of("RF64", rename(riff(fmt16, data), "RF64"), Reason.UNSUPPORTED_FORMAT),
                Arguments.of("RIFX big-endian", rename(riff(fmt16, data), "RIFX"), Reason.UNSUPPORTED_FORMAT),
                Arguments.of("IEEE float", riff(chunk("fmt ", fmt(3, 1, 16000, 32)), data), Reason.UNSUPPORTED_FORMAT),
                Arguments.of("A-law", riff(chunk("fmt ", fmt(6, 1, 8000, 8)), data), Reason.UNSUPPORTED_FORMAT),
                Arguments.of("mu-law", riff(chunk("fmt ", fmt(7, 1, 8000, 8)), data), Reason.UNSUPPORTED_FORMAT),
                Arguments.of("MS ADPCM", riff(chunk("fmt ", fmt(2, 1, 8000, 4)), data), Reason.UNSUPPORTED_FORMAT),
                Arguments.of("MPEG Layer 3", riff(chunk("fmt ", fmt(0x55, 1, 8000, 0)), data), Reason.UNSUPPORTED_FORMAT),
                Arguments.of("extensible float", riff(chunk("fmt ", floatGuid), data), Reason.UNSUPPORTED_FORMAT),
                Arguments.of("extensible unknown GUID", riff(chunk("fmt ", unknownGuid), data), Reason.UNSUPPORTED_FORMAT),
                Arguments.of("3 channels", riff(chunk("fmt ", fmt(1, 3, 16000, 16)), data), Reason.UNSUPPORTED_FORMAT),
                Arguments.of("0 channels", riff(chunk("fmt ", fmt(1, 0, 16000, 16)), data), Reason.UNSUPPORTED_FORMAT),
                Arguments.of("12-bit", riff(chunk("fmt ", fmt(1, 1, 16000, 16000 * 2, 2, 12)), data), Reason.UNSUPPORTED_FORMAT),
                Arguments.of("64-bit", riff(chunk("fmt ", fmt(1, 1, 16000, 64)), data), Reason.UNSUPPORTED_FORMAT),
                Arguments.of("7999 Hz", riff(chunk("fmt ", fmt(1, 1, 7999, 16)), data), Reason.UNSUPPORTED_FORMAT),
                Arguments.of("96 kHz", riff(chunk("fmt ", fmt(1, 1, 96000, 16)), data), Reason.UNSUPPORTED_FORMAT),
                Arguments.of("no fmt chunk", riff(data), Reason.MALFORMED),
                Arguments.of("no data chunk", riff(fmt16), Reason.MALFORMED),
                Arguments.of("data before fmt", riff(data, fmt16), Reason.MALFORMED),
                Arguments.of("two fmt chunks", riff(fmt16, fmt16, data), Reason.MALFORMED),
                Arguments.of("two data chunks", riff(fmt16, data, data), Reason.MALFORMED),
                Arguments.of("fmt of 14 bytes", riff(chunk("fmt ", Arrays.copyOf(fmt(1, 1, 16000, 16), 14)), data), Reason.MALFORMED),
                Arguments.of("wrong block align", riff(chunk("fmt ", fmt(1, 1, 16000, 16000 * 4, 4, 16)), data), Reason.MALFORMED),
                Arguments.of("wrong byte rate", riff(chunk("fmt ", fmt(1, 1, 16000, 1234, 2, 16)), data), Reason.MALFORMED),
                Arguments.of("short extensible", riff(chunk("fmt ", Arrays.copyOf(fmtExtensible(1, 16000, 16, 16, 1), 24)), data), Reason.MALFORMED),
                Arguments.of("extensible cbSize 0", riff(chunk("fmt ", fmtExtensible(1, 16000, 16, 16, guidOf(1), 0)), data), Reason.MALFORMED),
                Arguments.of("0 valid bits", riff(chunk("fmt ", fmtExtensible(1, 16000, 16, 0, 1)), data), Reason.MALFORMED),
                Arguments.of("valid bits above container", riff(chunk("fmt ", fmtExtensible(1, 16000, 16, 17, 1)), data), Reason.MALFORMED),
                Arguments.of("partial sample frame", riff(fmt16, chunk("data", new byte[321])), Reason.MALFORMED),
                Arguments.of("RIFF size below 4", withRiffSize(riff(fmt16, data), 2), Reason.MALFORMED),
                Arguments.of("RIFF size beyond the file", withRiffSize(riff(fmt16, data), 0xFFFF_FFF0L), Reason.TRUNCATED),
                Arguments.of("data size of 4 GiB", riff(fmt16, hugeDataHeader()), Reason.TRUNCATED),
                Arguments.of("chunk header cut", riff(fmt16, data, new byte[] {'L', 'I', 'S'}), Reason.TRUNCATED),
                Arguments.of("only RIFF", "RIFF".getBytes(StandardCharsets.US_ASCII), Reason.TRUNCATED),
                Arguments.of("no sample frame", riff(fmt16, chunk("data", new byte[0])), Reason.EMPTY));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void refusesWithTheTypedReason(String what, byte[] wav, Reason expected) {
        assertEquals(expected, reason(wav), what);
    }

    @Test
    void messagesSayWhatWasFound() {
        AudioFormatException e = assertThrows(AudioFormatException.class,
                () -> WavReader.read(riff(chunk("fmt ", fmt(3, 1, 16000, 32)), chunk("data", new byte[4])), LIMITS));
        assertTrue(e.getMessage().contains("0x0003 (IEEE float)"), e.getMessage());
    }

    @Test
    void byteLimitIsCheckedBeforeParsing() {
        AudioLimits small = new AudioLimits(1024, 60_000);
        byte[] wav = WavWriter.pcm16(8000, new double[600]);
        AudioFormatException e = assertThrows(AudioFormatException.class, () -> WavReader.read(wav, small));
        assertEquals(Reason.TOO_LARGE, e.reason());
    }

    @Test
    void durationLimitIsCheckedFromTheHeader() throws Exception {
        AudioLimits oneSecond = new AudioLimits(1 << 20, 1000);
        assertEquals(8000, WavReader.read(WavWriter.pcm16(8000, new double[8000]), oneSecond).frames());
        byte[] longer = WavWriter.pcm16(8000, new double[8008]);
        assertEquals(Reason.TOO_LARGE,
                assertThrows(AudioFormatException.class, () -> WavReader.read(longer, oneSecond)).reason());
    }

    @Test
    void streamsAreReadUpToTheLimitOnly() throws Exception {
        byte[] wav = WavWriter.pcm16(8000, new double[600]);
        AudioLimits exact = new AudioLimits(wav.length, 60_000);
        assertEquals(600, WavReader.read(new ByteArrayInputStream(wav), exact).frames());
        AudioLimits smaller = new AudioLimits(wav.length - 1, 60_000);
        assertEquals(Reason.TOO_LARGE, assertThrows(AudioFormatException.class,
                () -> WavReader.read(new ByteArrayInputStream(wav), smaller)).reason());
    }

    @Test
    void audioIsAViewNotACopy() throws Exception {
        byte[] wav = WavWriter.pcm16(8000, new double[10]);
        PcmAudio audio = WavReader.read(wav, LIMITS);
        wav[wav.length - 2] = 7;
        assertEquals(7, audio.code(9));
        assertFalse(audio.toString().contains("7,"));
    }

    static void patchRiffSize(byte[] wav) {
        System.arraycopy(le32(wav.length - 8), 0, wav, 4, 4);
    }

    private static byte[] withRiffSize(byte[] wav, long size) {
        byte[] copy = wav.clone();
        System.arraycopy(le32(size), 0, copy, 4, 4);
        return copy;
    }

    private static byte[] rename(byte[] wav, String magic) {
        byte[] copy = wav.clone();
        System.arraycopy(magic.getBytes(StandardCharsets.US_ASCII), 0, copy, 0, 4);
        return copy;
    }

    private static byte[] riffForm(String form) {
        byte[] wav = riff(chunk("fmt ", fmt(1, 1, 16000, 16)));
        System.arraycopy(form.getBytes(StandardCharsets.US_ASCII), 0, wav, 8, 4);
        return wav;
    }

    private static byte[] hugeDataHeader() {
        byte[] header = new byte[8 + 16];
        System.arraycopy("data".getBytes(StandardCharsets.US_ASCII), 0, header, 0, 4);
        System.arraycopy(le32(0xFFFF_FFFFL), 0, header, 4, 4);
        return header;
    }

    private static byte[] guidOf(int tag) {
        byte[] full = fmtExtensible(1, 8000, 16, 16, tag);
        return Arrays.copyOfRange(full, 24, 40);
    }

    private static int[] interleave(int[] codes) {
        int[] out = new int[codes.length * 2];
        for (int i = 0; i < codes.length; i++) {
            out[2 * i] = codes[i];
            out[2 * i + 1] = -codes[i] - 1;
        }
        return out;
    }
}
