package io.ccl.cli;

import com.fasterxml.jackson.core.Base64Variants;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;

/**
 * The plaintext of a voice job (see {@code io.ccl.agents.voice}'s README):
 * {@code {"audio": "<standard padded base64 of the WAV file>", "metadata": {...}}}. The metadata
 * file is checked for shape before anything is sent; usage errors name members, never values
 * (metadata holds phone numbers and names).
 */
final class JobInput {
    /**
     * The runtime parses the submission with Jackson, whose default longest string is 20,000,000
     * characters: the {@code input} JWE (base64url of the base64 audio, ~16/9 of the WAV) must fit
     * in it, which is ~11.2 MB of WAV. 10 MiB (5.4 minutes of 16 kHz 16-bit mono) leaves room for
     * the metadata and the JWE header.
     */
    static final int MAX_AUDIO = 10 << 20;
    static final int MAX_METADATA = 64 << 10;
    static final int MAX_NAMES = 16;
    private static final Set<String> STRINGS = Set.of("phone_number", "shipment_id", "agent_type", "language");
    private static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    private static final JsonFactory FACTORY = new JsonFactory();

    private JobInput() {
    }

    /**
     * The job input JSON of {@code audio} (a RIFF/WAVE file) and {@code metadata} (a JSON object
     * with a {@code language}) for agent type {@code agent}. The caller owns the array and should
     * wipe it once sealed.
     *
     * @throws UsageException a file that cannot be read, is too large, is not a WAV file, or
     *     metadata of the wrong shape
     */
    static byte[] build(Path audio, Path metadata, String agent) throws UsageException {
        ObjectNode meta = metadata(metadata, agent);
        byte[] wav = readAudio(audio);
        // Sized so it never grows (growing would leave copies of the plaintext behind).
        WipeableBuffer buffer = new WipeableBuffer(4 * ((wav.length + 2) / 3) + 2 * MAX_METADATA + 64);
        try (JsonGenerator g = FACTORY.createGenerator(buffer)) {
            g.writeStartObject();
            g.writeFieldName("audio");
            // RFC 4648 §4: standard alphabet, padded, no line breaks.
            g.writeBinary(Base64Variants.MIME_NO_LINEFEEDS, wav, 0, wav.length);
            g.writeFieldName("metadata");
            STRICT.writeTree(g, meta);
            g.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException("writing JSON to memory cannot fail", e);
        } finally {
            Arrays.fill(wav, (byte) 0);
        }
        byte[] out = buffer.toByteArray();
        buffer.wipe();
        return out;
    }

    /** Lower-case hex SHA-256. */
    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is mandatory in every JDK", e);
        }
    }

    static ObjectNode metadata(Path file, String agent) throws UsageException {
        byte[] bytes = VerifyCommand.read(file, MAX_METADATA);
        JsonNode node;
        try {
            node = STRICT.readTree(bytes);
        } catch (IOException e) {
            throw new UsageException("--metadata " + file + " is not JSON (or has a duplicate member)");
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
        if (node == null || !node.isObject()) {
            throw new UsageException("--metadata " + file + " must hold a JSON object");
        }
        for (Map.Entry<String, JsonNode> f : node.properties()) {
            String name = f.getKey();
            JsonNode v = f.getValue();
            if (STRINGS.contains(name)) {
                if (!v.isTextual() || v.asText().isBlank()) {
                    throw new UsageException("metadata member '" + name + "' must be a non-empty string");
                }
            } else if ("names".equals(name)) {
                if (!v.isArray() || v.size() > MAX_NAMES) {
                    throw new UsageException("metadata member 'names' must be an array of at most " + MAX_NAMES + " strings");
                }
                for (JsonNode n : v) {
                    if (!n.isTextual() || n.asText().isBlank()) {
                        throw new UsageException("metadata member 'names' must hold non-empty strings");
                    }
                }
            } else {
                throw new UsageException("unknown metadata member '" + name
                        + "' (allowed: phone_number, shipment_id, agent_type, language, names)");
            }
        }
        if (!node.has("language")) {
            throw new UsageException("metadata member 'language' is required (BCP 47, e.g. \"it\")");
        }
        if (node.has("agent_type") && !node.get("agent_type").asText().equals(agent)) {
            throw new UsageException("metadata member 'agent_type' names another agent than --agent");
        }
        return (ObjectNode) node;
    }

    private static byte[] readAudio(Path file) throws UsageException {
        byte[] wav = VerifyCommand.read(file, MAX_AUDIO);
        // RIFF header: "RIFF", 4-byte size, "WAVE" (the agents read PCM WAV only).
        if (wav.length < 12 || !"RIFF".equals(new String(wav, 0, 4, StandardCharsets.US_ASCII))
                || !"WAVE".equals(new String(wav, 8, 4, StandardCharsets.US_ASCII))) {
            Arrays.fill(wav, (byte) 0);
            throw new UsageException("--audio " + file + " is not a WAV (RIFF/WAVE) file");
        }
        return wav;
    }

    /** A byte buffer whose internal array can be zeroed. */
    private static final class WipeableBuffer extends ByteArrayOutputStream {
        WipeableBuffer(int size) {
            super(size);
        }

        void wipe() {
            Arrays.fill(buf, (byte) 0);
        }
    }
}
