package io.ccl.agents.voice;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;

/**
 * Test calls: WAV files written by the JDK's own {@code javax.sound.sampled} WAVE writer (speech-like
 * bursts over quiet noise), and job inputs in the documented JSON shape.
 */
public final class Calls {
    static final ObjectMapper JSON = new ObjectMapper();
    /** Personal data planted in metadata and transcripts; none may reach a safe view. */
    static final String PHONE = "+39 333 1234567";
    static final String EMAIL = "mario.rossi@example.com";
    static final String IBAN = "IT60X0542811101000000123456";
    static final String CARD = "4111 1111 1111 1111";
    static final String CF = "RSSMRA85T10A562S";
    static final String NAME = "Mario Rossi";

    private Calls() {
    }

    /** A mono 16 kHz 16-bit call of {@code seconds} with a talk burst every other second. */
    public static byte[] wav(int seconds) {
        return wav(seconds, AudioFormat.Encoding.PCM_SIGNED, 16);
    }

    static byte[] wav(int seconds, AudioFormat.Encoding encoding, int bits) {
        float rate = 16000;
        int frames = (int) rate * seconds;
        Random random = new Random(7);
        byte[] pcm = new byte[frames * 2];
        for (int i = 0; i < frames; i++) {
            double t = i / rate;
            boolean talking = ((int) t) % 2 == 0 && t % 1 < 0.8;
            double v = 0.002 * (2 * random.nextDouble() - 1);
            if (talking) {
                double envelope = 0.55 + 0.45 * Math.sin(2 * Math.PI * 4 * t);
                v += 0.3 * envelope * (Math.sin(2 * Math.PI * 200 * t) + 0.5 * Math.sin(2 * Math.PI * 400 * t));
            }
            short s = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, Math.round(v * Short.MAX_VALUE)));
            pcm[2 * i] = (byte) s;
            pcm[2 * i + 1] = (byte) (s >> 8);
        }
        AudioFormat linear = new AudioFormat(rate, 16, 1, true, false);
        try {
            AudioInputStream in = new AudioInputStream(new ByteArrayInputStream(pcm), linear, frames);
            if (!encoding.equals(AudioFormat.Encoding.PCM_SIGNED)) {
                in = AudioSystem.getAudioInputStream(new AudioFormat(encoding, rate, bits, 1, bits / 8, rate, false), in);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            AudioSystem.write(in, AudioFileFormat.Type.WAVE, out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** The job input JSON for {@code wav}. */
    static byte[] input(byte[] wav, String agentType) {
        ObjectNode root = JSON.createObjectNode();
        root.put("audio", Base64.getEncoder().encodeToString(wav));
        ObjectNode meta = root.putObject("metadata");
        meta.put("phone_number", PHONE);
        meta.put("shipment_id", "SHP-2026-000123");
        if (agentType != null) {
            meta.put("agent_type", agentType);
        }
        meta.put("language", "it");
        meta.putArray("names").add(NAME);
        try {
            return JSON.writeValueAsBytes(root);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** Every planted value, and the digits of the numeric ones. */
    static List<String> planted() {
        return List.of(PHONE, "3331234567", "333 1234567", EMAIL, IBAN, "0542811101000000123456", CARD,
                "4111111111111111", CF, "Mario", "Rossi");
    }
}
