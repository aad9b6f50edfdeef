package io.ccl.agents.voice.analysis.wav;

import io.ccl.agents.voice.analysis.AudioFormatException;
import io.ccl.agents.voice.analysis.AudioFormatException.Reason;
import io.ccl.agents.voice.analysis.AudioLimits;
import io.ccl.agents.voice.analysis.PcmFormat;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads WAVE files holding linear PCM and refuses everything else with an
 * {@link AudioFormatException}.
 *
 * <p>References: "Multimedia Programming Interface and Data Specifications 1.0" (IBM and Microsoft,
 * August 1991; "RIFF 1.0" below), ch. 2 "Resource Interchange File Format" for chunks and ch. 3
 * "Waveform Audio File Format" for the {@code fmt } and {@code data} chunks; the
 * {@code WAVEFORMATEX} structure of mmreg.h (adds {@code cbSize}); Microsoft, "Multiple Channel
 * Audio Data and WAVE Files" for {@code WAVEFORMATEXTENSIBLE}.
 *
 * <p>Every size in the file is checked against the bytes really present before it is used, and
 * nothing is allocated from a declared size, so random or hostile input ends in the typed error
 * and nothing else.
 */
public final class WavReader {
    /** WAVE_FORMAT_PCM (RIFF 1.0, ch. 3 "WAVE Format Categories"). */
    static final int FORMAT_PCM = 0x0001;
    /** WAVE_FORMAT_EXTENSIBLE (mmreg.h). */
    static final int FORMAT_EXTENSIBLE = 0xFFFE;
    /**
     * Bytes 4..15 of every KSDATAFORMAT_SUBTYPE GUID derived from a format tag
     * ({@code xxxxxxxx-0000-0010-8000-00aa00389b71}, little-endian fields as stored in the file);
     * bytes 0..3 carry the format tag, 1 for KSDATAFORMAT_SUBTYPE_PCM.
     */
    private static final byte[] SUBTYPE_GUID_TAIL = {0x00, 0x00, 0x10, 0x00, (byte) 0x80, 0x00, 0x00, (byte) 0xAA,
        0x00, 0x38, (byte) 0x9B, 0x71};
    private static final int MIN_RATE = 8_000;
    private static final int MAX_RATE = 48_000;

    private WavReader() {
    }

    /** Reads at most {@code limits.maxBytes()} bytes from a stream, then parses them. */
    public static PcmAudio read(InputStream in, AudioLimits limits) throws IOException, AudioFormatException {
        // readNBytes grows its buffer with the data that really arrives, never from a declared size.
        byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limits.maxBytes() + 1));
        return read(bytes, limits);
    }

    /**
     * Parses a complete WAV file. The returned audio is a view on {@code bytes}: do not change the
     * array while using it.
     */
    public static PcmAudio read(byte[] bytes, AudioLimits limits) throws AudioFormatException {
        if (bytes.length > limits.maxBytes()) {
            throw new AudioFormatException(Reason.TOO_LARGE,
                    "audio is " + bytes.length + " bytes, the limit is " + limits.maxBytes());
        }
        int riffEnd = riffHeader(bytes);
        PcmFormat format = null;
        int dataOffset = -1;
        long dataSize = -1;
        // RIFF 1.0, ch. 2 "Chunks": ckID (4 bytes), ckSize (32-bit little-endian, excludes the
        // header and the pad), ckData, and a zero pad byte when ckSize is odd.
        int pos = 12;
        while (pos < riffEnd) {
            if (riffEnd - pos < 8) {
                throw new AudioFormatException(Reason.TRUNCATED,
                        "chunk header at offset " + pos + " is cut after " + (riffEnd - pos) + " bytes");
            }
            String id = fourCc(bytes, pos);
            long size = u32(bytes, pos + 4);
            int body = pos + 8;
            if (size > riffEnd - body) {
                throw new AudioFormatException(Reason.TRUNCATED, "chunk '" + printable(id) + "' at offset " + pos
                        + " declares " + size + " bytes, only " + (riffEnd - body) + " remain");
            }
            if (id.equals("fmt ")) {
                if (format != null) {
                    throw new AudioFormatException(Reason.MALFORMED, "second 'fmt ' chunk at offset " + pos);
                }
                format = parseFormat(bytes, body, (int) size);
            } else if (id.equals("data")) {
                if (dataOffset >= 0) {
                    throw new AudioFormatException(Reason.MALFORMED, "second 'data' chunk at offset " + pos);
                }
                if (format == null) {
                    // RIFF 1.0, ch. 3: the format chunk must precede the data chunk.
                    throw new AudioFormatException(Reason.MALFORMED, "'data' chunk before the 'fmt ' chunk");
                }
                dataOffset = body;
                dataSize = size;
            }
            // LIST, fact, cue, JUNK, bext and every unknown chunk: skipped (RIFF 1.0, ch. 2: readers
            // ignore chunks they do not know).
            long next = body + size + (size & 1);
            if (next > riffEnd) {
                // Only a missing pad byte after the very last chunk gets here; many writers omit it.
                next = riffEnd;
            }
            pos = (int) next;
        }
        if (format == null) {
            throw new AudioFormatException(Reason.MALFORMED, "no 'fmt ' chunk");
        }
        if (dataOffset < 0) {
            throw new AudioFormatException(Reason.MALFORMED, "no 'data' chunk");
        }
        int align = format.blockAlign();
        if (dataSize % align != 0) {
            throw new AudioFormatException(Reason.MALFORMED,
                    "data size " + dataSize + " is not a multiple of the block alignment " + align);
        }
        long frames = dataSize / align;
        if (frames == 0) {
            throw new AudioFormatException(Reason.EMPTY, "the 'data' chunk holds no sample frame");
        }
        long durationMs = frames * 1000L / format.sampleRate();
        if (durationMs > limits.maxDurationMs()) {
            throw new AudioFormatException(Reason.TOO_LARGE,
                    "audio lasts " + durationMs + " ms, the limit is " + limits.maxDurationMs() + " ms");
        }
        return new PcmAudio(format, bytes, dataOffset, (int) frames);
    }

    /** Checks the RIFF header and returns the end offset of the RIFF chunk. */
    private static int riffHeader(byte[] b) throws AudioFormatException {
        byte[] riff = "RIFF".getBytes(StandardCharsets.US_ASCII);
        byte[] wave = "WAVE".getBytes(StandardCharsets.US_ASCII);
        if (b.length >= 4) {
            String magic = fourCc(b, 0);
            if (magic.equals("RF64") || magic.equals("RIFX") || magic.equals("BW64")) {
                throw new AudioFormatException(Reason.UNSUPPORTED_FORMAT,
                        "'" + magic + "' files are not supported, only little-endian 'RIFF' WAVE files");
            }
        }
        if (b.length == 0 || !prefixMatches(b, 0, riff) || b.length >= 12 && !prefixMatches(b, 8, wave)) {
            throw new AudioFormatException(Reason.NOT_WAV, "not a RIFF/WAVE file");
        }
        if (b.length < 12) {
            throw new AudioFormatException(Reason.TRUNCATED, "RIFF header cut after " + b.length + " bytes");
        }
        long riffSize = u32(b, 4);
        if (riffSize < 4) {
            throw new AudioFormatException(Reason.MALFORMED, "RIFF chunk size " + riffSize + " is below 4");
        }
        if (riffSize > b.length - 8L) {
            throw new AudioFormatException(Reason.TRUNCATED,
                    "RIFF chunk declares " + riffSize + " bytes, only " + (b.length - 8) + " present");
        }
        // Bytes after the RIFF chunk (some writers append tags) are not part of the file.
        return (int) (8 + riffSize);
    }

    /** WAVEFORMATEX / WAVEFORMATEXTENSIBLE (RIFF 1.0, ch. 3 "WAVE Format Chunk"; mmreg.h). */
    private static PcmFormat parseFormat(byte[] b, int at, int size) throws AudioFormatException {
        if (size < 16) {
            throw new AudioFormatException(Reason.MALFORMED, "'fmt ' chunk of " + size + " bytes, at least 16 needed");
        }
        int tag = u16(b, at);
        int channels = u16(b, at + 2);
        long rate = u32(b, at + 4);
        long avgBytes = u32(b, at + 8);
        int align = u16(b, at + 12);
        int bits = u16(b, at + 14);
        int validBits = bits;
        boolean extensible = tag == FORMAT_EXTENSIBLE;
        if (extensible) {
            // WAVEFORMATEXTENSIBLE: cbSize >= 22, then wValidBitsPerSample, dwChannelMask, SubFormat.
            if (size < 40 || u16(b, at + 16) < 22) {
                throw new AudioFormatException(Reason.MALFORMED,
                        "WAVE_FORMAT_EXTENSIBLE 'fmt ' chunk too short (" + size + " bytes, 40 needed)");
            }
            validBits = u16(b, at + 18);
            int subTag = u16(b, at + 24);
            boolean derived = u16(b, at + 26) == 0 && Arrays.equals(b, at + 28, at + 40, SUBTYPE_GUID_TAIL, 0, 12);
            if (!derived) {
                throw new AudioFormatException(Reason.UNSUPPORTED_FORMAT,
                        "WAVE_FORMAT_EXTENSIBLE with an unknown sub-format GUID; only PCM is accepted");
            }
            if (subTag != FORMAT_PCM) {
                throw new AudioFormatException(Reason.UNSUPPORTED_FORMAT,
                        "WAVE_FORMAT_EXTENSIBLE with sub-format " + formatName(subTag) + "; only PCM is accepted");
            }
        } else if (tag != FORMAT_PCM) {
            throw new AudioFormatException(Reason.UNSUPPORTED_FORMAT,
                    "format " + formatName(tag) + "; only PCM (1) and WAVE_FORMAT_EXTENSIBLE/PCM are accepted");
        }
        if (channels < 1 || channels > 2) {
            throw new AudioFormatException(Reason.UNSUPPORTED_FORMAT, channels + " channels; 1 or 2 are accepted");
        }
        if (bits != 8 && bits != 16 && bits != 24 && bits != 32) {
            throw new AudioFormatException(Reason.UNSUPPORTED_FORMAT,
                    bits + " bits per sample; 8, 16, 24 or 32 are accepted");
        }
        if (rate < MIN_RATE || rate > MAX_RATE) {
            throw new AudioFormatException(Reason.UNSUPPORTED_FORMAT,
                    "sample rate " + rate + " Hz; " + MIN_RATE + " to " + MAX_RATE + " Hz are accepted");
        }
        if (validBits < 1 || validBits > bits) {
            throw new AudioFormatException(Reason.MALFORMED,
                    validBits + " valid bits in a " + bits + "-bit container");
        }
        // RIFF 1.0, ch. 3 "PCM Format": nBlockAlign = nChannels * ceil(wBitsPerSample / 8),
        // nAvgBytesPerSec = nSamplesPerSec * nBlockAlign.
        int expectedAlign = channels * bits / 8;
        if (align != expectedAlign) {
            throw new AudioFormatException(Reason.MALFORMED,
                    "block alignment " + align + ", expected " + expectedAlign);
        }
        if (avgBytes != rate * align) {
            throw new AudioFormatException(Reason.MALFORMED,
                    "average bytes per second " + avgBytes + ", expected " + rate * align);
        }
        return new PcmFormat((int) rate, channels, bits, validBits, extensible);
    }

    private static String formatName(int tag) {
        String name;
        switch (tag) {
            case 0x0002: name = "MS ADPCM"; break;
            case 0x0003: name = "IEEE float"; break;
            case 0x0006: name = "A-law"; break;
            case 0x0007: name = "mu-law"; break;
            case 0x0011: name = "IMA ADPCM"; break;
            case 0x0031: name = "GSM 6.10"; break;
            case 0x0050: name = "MPEG"; break;
            case 0x0055: name = "MPEG Layer 3"; break;
            default: name = null;
        }
        String hex = String.format("0x%04X", tag);
        return name == null ? hex : hex + " (" + name + ")";
    }

    private static boolean prefixMatches(byte[] b, int at, byte[] expected) {
        int n = Math.min(expected.length, b.length - at);
        for (int i = 0; i < n; i++) {
            if (b[at + i] != expected[i]) {
                return false;
            }
        }
        return true;
    }

    private static String fourCc(byte[] b, int at) {
        return new String(b, at, 4, StandardCharsets.ISO_8859_1);
    }

    /** A chunk id for a message: non-printable bytes as '?'. */
    private static String printable(String id) {
        StringBuilder s = new StringBuilder(4);
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            s.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return s.toString();
    }

    private static int u16(byte[] b, int at) {
        return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8;
    }

    private static long u32(byte[] b, int at) {
        return (b[at] & 0xffL) | (b[at + 1] & 0xffL) << 8 | (b[at + 2] & 0xffL) << 16 | (b[at + 3] & 0xffL) << 24;
    }
}
