package io.ccl.agents.voice.analysis.wav;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Builds WAV files for tests, correct ones and deliberately broken ones, byte by byte after the
 * RIFF 1.0 layout (so the reader is checked against the layout, not against itself).
 */
public final class WavWriter {
    /** Bytes 4..15 of KSDATAFORMAT_SUBTYPE_* GUIDs as stored (little-endian fields). */
    private static final byte[] GUID_TAIL = {0x00, 0x00, 0x10, 0x00, (byte) 0x80, 0x00, 0x00, (byte) 0xAA, 0x00, 0x38,
        (byte) 0x9B, 0x71};

    private WavWriter() {
    }

    /** A chunk: id, little-endian size, body, and a zero pad byte when the size is odd. */
    public static byte[] chunk(String id, byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(id.getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(le32(body.length));
        out.writeBytes(body);
        if (body.length % 2 == 1) {
            out.write(0);
        }
        return out.toByteArray();
    }

    /** A RIFF/WAVE file of the given chunks, RIFF size computed. */
    public static byte[] riff(byte[]... chunks) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes("WAVE".getBytes(StandardCharsets.ISO_8859_1));
        for (byte[] c : chunks) {
            body.writeBytes(c);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("RIFF".getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(le32(body.size()));
        out.writeBytes(body.toByteArray());
        return out.toByteArray();
    }

    /** A 16-byte WAVEFORMAT body with consistent block alignment and byte rate. */
    public static byte[] fmt(int tag, int channels, int rate, int bits) {
        int align = channels * bits / 8;
        return fmt(tag, channels, rate, rate * align, align, bits);
    }

    public static byte[] fmt(int tag, int channels, int rate, int avgBytes, int align, int bits) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(le16(tag));
        out.writeBytes(le16(channels));
        out.writeBytes(le32(rate));
        out.writeBytes(le32(avgBytes));
        out.writeBytes(le16(align));
        out.writeBytes(le16(bits));
        return out.toByteArray();
    }

    /** A 40-byte WAVEFORMATEXTENSIBLE body with a sub-format derived from {@code subTag}. */
    public static byte[] fmtExtensible(int channels, int rate, int bits, int validBits, int subTag) {
        byte[] guid = new byte[16];
        System.arraycopy(le32(subTag), 0, guid, 0, 4);
        System.arraycopy(GUID_TAIL, 0, guid, 4, 12);
        return fmtExtensible(channels, rate, bits, validBits, guid, 22);
    }

    public static byte[] fmtExtensible(int channels, int rate, int bits, int validBits, byte[] guid, int cbSize) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(fmt(0xFFFE, channels, rate, bits));
        out.writeBytes(le16(cbSize));
        out.writeBytes(le16(validBits));
        out.writeBytes(le32(channels == 1 ? 0x4 : 0x3));
        out.writeBytes(guid);
        return out.toByteArray();
    }

    /**
     * Interleaved sample codes encoded as {@code bits}-bit PCM (8-bit unsigned with offset 128,
     * wider ones signed little-endian).
     */
    public static byte[] encode(int bits, int[] codes) {
        int bytes = bits / 8;
        byte[] out = new byte[codes.length * bytes];
        for (int i = 0; i < codes.length; i++) {
            int c = bits == 8 ? codes[i] + 128 : codes[i];
            for (int b = 0; b < bytes; b++) {
                out[i * bytes + b] = (byte) (c >> (8 * b));
            }
        }
        return out;
    }

    /** Converts samples in [-1, 1] (values beyond clip) into codes of {@code bits}-bit PCM. */
    public static int[] codes(int bits, double[] samples) {
        long full = 1L << (bits - 1);
        int[] out = new int[samples.length];
        for (int i = 0; i < samples.length; i++) {
            long c = Math.round(samples[i] * full);
            out[i] = (int) Math.max(-full, Math.min(full - 1, c));
        }
        return out;
    }

    /** A canonical PCM WAV: fmt and data chunks only. Stereo input is interleaved. */
    public static byte[] pcm(int rate, int bits, int channels, double[] interleaved) {
        return riff(chunk("fmt ", fmt(1, channels, rate, bits)), chunk("data", encode(bits, codes(bits, interleaved))));
    }

    /** 16-bit mono PCM. */
    public static byte[] pcm16(int rate, double[] samples) {
        return pcm(rate, 16, 1, samples);
    }

    public static byte[] le16(int v) {
        return new byte[] {(byte) v, (byte) (v >> 8)};
    }

    public static byte[] le32(long v) {
        return new byte[] {(byte) v, (byte) (v >> 8), (byte) (v >> 16), (byte) (v >> 24)};
    }
}
