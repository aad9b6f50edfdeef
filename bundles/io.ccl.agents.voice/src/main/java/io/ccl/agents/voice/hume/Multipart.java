package io.ccl.agents.voice.hume;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A {@code multipart/form-data} body (RFC 7578), which the JDK's HTTP client does not build itself:
 * parts separated by a random boundary, each with a {@code Content-Disposition: form-data} header
 * naming the field (and a file name) and a {@code Content-Type}. Field and file names are fixed
 * ASCII tokens chosen by the caller, never user input, so no quoting rules are needed.
 */
final class Multipart {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String boundary;
    private final List<byte[]> chunks = new ArrayList<>();

    Multipart() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        // RFC 2046 §5.1.1: up to 70 characters from a safe set; a random one cannot occur in the data
        // by accident.
        boundary = "ccl-" + HexFormat.of().formatHex(b);
    }

    Multipart part(String name, String fileName, String contentType, byte[] content) {
        if (!name.matches("[A-Za-z0-9_-]+") || (fileName != null && !fileName.matches("[A-Za-z0-9._-]+"))) {
            throw new IllegalArgumentException("field and file names must be plain tokens");
        }
        StringBuilder h = new StringBuilder("--").append(boundary).append("\r\n")
                .append("Content-Disposition: form-data; name=\"").append(name).append('"');
        if (fileName != null) {
            h.append("; filename=\"").append(fileName).append('"');
        }
        h.append("\r\nContent-Type: ").append(contentType).append("\r\n\r\n");
        chunks.add(h.toString().getBytes(StandardCharsets.US_ASCII));
        chunks.add(content);
        chunks.add("\r\n".getBytes(StandardCharsets.US_ASCII));
        return this;
    }

    String contentType() {
        return "multipart/form-data; boundary=" + boundary;
    }

    HttpRequest.BodyPublisher publisher() {
        List<byte[]> all = new ArrayList<>(chunks);
        all.add(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return HttpRequest.BodyPublishers.ofByteArrays(all);
    }

    /** The whole body (tests). */
    byte[] bytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        chunks.forEach(out::writeBytes);
        out.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }
}
