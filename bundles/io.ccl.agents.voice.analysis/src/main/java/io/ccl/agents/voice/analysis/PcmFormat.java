package io.ccl.agents.voice.analysis;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * The accepted encoding of a recording: linear PCM, little-endian, interleaved.
 *
 * @param sampleRate frames per second, 8000 to 48000
 * @param channels 1 or 2
 * @param bitsPerSample container size of one sample: 8 (unsigned), 16, 24 or 32 (signed)
 * @param validBitsPerSample significant bits (equal to {@code bitsPerSample} except for
 *        WAVE_FORMAT_EXTENSIBLE files that say otherwise)
 * @param extensible true when the file used WAVE_FORMAT_EXTENSIBLE with the PCM sub-format
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record PcmFormat(int sampleRate, int channels, int bitsPerSample, int validBitsPerSample,
        boolean extensible) {

    /** Bytes of one sample frame (all channels). */
    public int blockAlign() {
        return channels * bitsPerSample / 8;
    }
}
